//! A generated chat: what the agent does, which faults the server injects, what the visitor does
//! and when. Its `Debug` reads as a script, so a shrunk failure is its own reproduction.

use std::fmt;
use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, AgentStep, FaultPlan, RetryAfterForm};
use proptest::prelude::*;

/// One whole chat to simulate.
#[derive(Clone)]
pub struct Scenario {
    /// Seeds the session's jitter and the emulator's ids and fault draws.
    pub seed: u64,
    pub agent: Agent,
    /// Time every response takes to come back, in milliseconds.
    pub latency_ms: u64,
    pub faults: Vec<Fault>,
    /// The visitor's commands, in time order.
    pub commands: Vec<Timed>,
    /// When the visitor leaves (`end_chat`), in milliseconds, unless a command comes later.
    pub leave_at_ms: u64,
}

#[derive(Clone, Debug)]
pub enum Agent {
    /// Never accepts: only the visitor (or a timeout) ends the chat.
    Absent,
    /// Accepts, greets, and answers every line.
    Replying {
        accept_after_s: u64,
        reply_after_s: u64,
    },
    /// Accepts, greets, then ends the chat.
    Ends {
        accept_after_s: u64,
        end_after_s: u64,
    },
}

/// One rule of the server's fault plan. Percentages are per request. Each is one reading of what
/// a failed request means on the real service (see `lp_server_chat::emulator::Fault`).
#[derive(Clone, Debug)]
pub enum Fault {
    /// Edge 5xx: not applied, the chat's idle timer not refreshed.
    ServerErrors(u8),
    ServerErrorBurst {
        first: u64,
        count: u64,
    },
    RateLimit(u8, RetryAfter),
    LoseResponses(u8),
    Unreachable(u8),
    Slow(u8, u64),
    DuplicateEvents(u8),
    Malformed(u8),
    /// The client's network is down: connections refused.
    Outage {
        start_s: u64,
        for_s: u64,
    },
    /// A window of edge 5xx: the harsh reading of an outage.
    EdgeOutage {
        start_s: u64,
        for_s: u64,
    },
    /// 5xx from the chat service itself: the idle timer refreshed, nothing applied.
    ChatServerErrors(u8),
    /// 502/504 with an HTML page from a gateway, after the backend applied the request.
    GatewayErrors(u8),
    /// The request times out for the client and is applied this many milliseconds later.
    LateApply(u8, u64),
    /// The request never arrives, and the client times out.
    Dropped(u8),
}

#[derive(Clone, Copy, Debug)]
pub enum RetryAfter {
    Seconds(u64),
    HttpDate(u64),
    Absent,
}

/// A visitor command at a point in virtual time (milliseconds from the start).
#[derive(Clone)]
pub struct Timed {
    pub at_ms: u64,
    pub command: Command,
}

#[derive(Clone, Debug)]
pub enum Command {
    SendLine(String),
    /// A rich-content line with this text, as a choice answered with its card would be.
    SendRichLine(String),
    SetTyping(bool),
    SetVisitorName(String),
    EndChat,
}

impl Agent {
    pub fn behaviour(&self) -> AgentBehaviour {
        match *self {
            Agent::Absent => AgentBehaviour::Absent,
            Agent::Replying {
                accept_after_s,
                reply_after_s,
            } => AgentBehaviour::Replying {
                accept_after: secs(accept_after_s),
                greeting: "Hello! How can I help?".into(),
                reply_after: secs(reply_after_s),
                typing_for: Duration::from_millis(800),
            },
            Agent::Ends {
                accept_after_s,
                end_after_s,
            } => AgentBehaviour::Scripted(vec![
                AgentStep::Wait(secs(accept_after_s)),
                AgentStep::Accept,
                AgentStep::Say("Hi, this is Dana.".into()),
                AgentStep::Wait(secs(end_after_s)),
                AgentStep::Say("Goodbye.".into()),
                AgentStep::End,
            ]),
        }
    }
}

impl Fault {
    fn add_to(&self, plan: FaultPlan) -> FaultPlan {
        let p = |pct: u8| f64::from(pct) / 100.0;
        match *self {
            Fault::ServerErrors(pct) => plan.server_errors(p(pct)),
            Fault::ServerErrorBurst { first, count } => plan.server_error_burst(first, count),
            Fault::RateLimit(pct, form) => plan.rate_limit(p(pct), form.form()),
            Fault::LoseResponses(pct) => plan.lose_responses(p(pct)),
            Fault::Unreachable(pct) => plan.unreachable(p(pct)),
            Fault::Slow(pct, ms) => plan.slow(p(pct), Duration::from_millis(ms)),
            Fault::DuplicateEvents(pct) => plan.duplicate_events(p(pct)),
            Fault::Malformed(pct) => plan.malformed(p(pct)),
            Fault::Outage { start_s, for_s } => plan.outage(secs(start_s), secs(for_s)),
            Fault::EdgeOutage { start_s, for_s } => {
                plan.server_errors_during(secs(start_s), secs(for_s))
            }
            Fault::ChatServerErrors(pct) => plan.chat_server_errors(p(pct)),
            Fault::GatewayErrors(pct) => plan.gateway_errors(p(pct)),
            Fault::LateApply(pct, ms) => plan.late_apply(p(pct), Duration::from_millis(ms)),
            Fault::Dropped(pct) => plan.dropped(p(pct)),
        }
    }
}

impl RetryAfter {
    fn form(self) -> RetryAfterForm {
        match self {
            RetryAfter::Seconds(n) => RetryAfterForm::Seconds(n),
            RetryAfter::HttpDate(n) => RetryAfterForm::HttpDate(n),
            RetryAfter::Absent => RetryAfterForm::Absent,
        }
    }

    /// What the server asks for, if it asks.
    pub fn asked(self) -> Option<Duration> {
        match self {
            RetryAfter::Seconds(n) | RetryAfter::HttpDate(n) => Some(secs(n)),
            RetryAfter::Absent => None,
        }
    }
}

impl Scenario {
    /// When the visitor leaves: at `leave_at_ms`, or after the last command.
    pub fn leave_at_ms(&self) -> u64 {
        let last = self.commands.last().map_or(0, |c| c.at_ms);
        self.leave_at_ms.max(last)
    }

    pub fn fault_plan(&self) -> FaultPlan {
        self.faults
            .iter()
            .fold(FaultPlan::none(), |plan, f| f.add_to(plan))
    }

    /// The shortest pause any 429 of this scenario asks for (zero when one asks for none).
    pub fn least_retry_after(&self) -> Duration {
        self.faults
            .iter()
            .filter_map(|f| match f {
                Fault::RateLimit(_, form) => Some(form.asked().unwrap_or_default()),
                _ => None,
            })
            .min()
            .unwrap_or_default()
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

impl fmt::Debug for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "scenario (seed {:#x}, latency {} ms):",
            self.seed, self.latency_ms
        )?;
        writeln!(f, "  agent: {:?}", self.agent)?;
        if self.faults.is_empty() {
            writeln!(f, "  faults: none")?;
        }
        for fault in &self.faults {
            writeln!(f, "  fault: {fault:?}")?;
        }
        writeln!(f, "  at 0.000 s: request_chat")?;
        for c in &self.commands {
            writeln!(f, "  at {:.3} s: {:?}", c.at_ms as f64 / 1000.0, c.command)?;
        }
        write!(
            f,
            "  at {:.3} s: leave (end_chat)",
            self.leave_at_ms() as f64 / 1000.0
        )
    }
}

impl fmt::Debug for Timed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} s: {:?}", self.at_ms as f64 / 1000.0, self.command)
    }
}

fn pct() -> impl Strategy<Value = u8> {
    1u8..=30
}

fn fault() -> impl Strategy<Value = Fault> {
    let retry_after = prop_oneof![
        (0u64..8).prop_map(RetryAfter::Seconds),
        (0u64..8).prop_map(RetryAfter::HttpDate),
        (100u64..400).prop_map(RetryAfter::Seconds),
        Just(RetryAfter::Absent),
    ];
    prop_oneof![
        pct().prop_map(Fault::ServerErrors),
        (0u64..40, 1u64..30).prop_map(|(first, count)| Fault::ServerErrorBurst { first, count }),
        (pct(), retry_after).prop_map(|(p, r)| Fault::RateLimit(p, r)),
        pct().prop_map(Fault::LoseResponses),
        pct().prop_map(Fault::Unreachable),
        (pct(), 100u64..15_000).prop_map(|(p, ms)| Fault::Slow(p, ms)),
        pct().prop_map(Fault::DuplicateEvents),
        pct().prop_map(Fault::Malformed),
        (0u64..90, 1u64..90).prop_map(|(start_s, for_s)| Fault::Outage { start_s, for_s }),
        (0u64..90, 1u64..90).prop_map(|(start_s, for_s)| Fault::EdgeOutage { start_s, for_s }),
        pct().prop_map(Fault::ChatServerErrors),
        pct().prop_map(Fault::GatewayErrors),
        // Applied at most `request_timeout + settle_time` (16 s) after it was sent: later than
        // that, a line could show twice (the README's residual risk).
        (pct(), 0u64..15_000).prop_map(|(p, ms)| Fault::LateApply(p, ms)),
        pct().prop_map(Fault::Dropped),
    ]
}

fn agent() -> impl Strategy<Value = Agent> {
    prop_oneof![
        1 => Just(Agent::Absent),
        3 => (0u64..20, 1u64..6).prop_map(|(accept_after_s, reply_after_s)| Agent::Replying {
            accept_after_s,
            reply_after_s
        }),
        2 => (0u64..20, 1u64..60).prop_map(|(accept_after_s, end_after_s)| Agent::Ends {
            accept_after_s,
            end_after_s
        }),
    ]
}

fn command() -> impl Strategy<Value = Command> {
    // A few texts repeat on purpose: echoes of equal lines must not be mixed up.
    let text = prop_oneof![
        Just("ok".to_owned()),
        Just("hi".to_owned()),
        (0u32..1000).prop_map(|n| format!("line {n}")),
    ];
    prop_oneof![
        5 => text.clone().prop_map(Command::SendLine),
        1 => text.prop_map(Command::SendRichLine),
        2 => any::<bool>().prop_map(Command::SetTyping),
        1 => "[a-z]{1,8}".prop_map(Command::SetVisitorName),
        1 => Just(Command::EndChat),
    ]
}

/// Short chats (at most a few minutes of virtual time) under zero to three kinds of fault.
pub fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        agent(),
        0u64..400,
        proptest::collection::vec(fault(), 0..4),
        proptest::collection::vec((0u64..90_000, command()), 0..8),
        20_000u64..150_000,
    )
        .prop_map(|(seed, agent, latency_ms, faults, commands, leave_at_ms)| {
            let mut commands: Vec<Timed> = commands
                .into_iter()
                .map(|(at_ms, command)| Timed { at_ms, command })
                .collect();
            commands.sort_by_key(|c| c.at_ms);
            Scenario {
                seed,
                agent,
                latency_ms,
                faults,
                commands,
                leave_at_ms,
            }
        })
}
