//! Whether a chat survives an outage, how soon after it the application hears from the agent
//! again, what an outage costs in requests, and how a chat lost in it is reported.
//!
//! The timeline, from the chat request at 0 s: the agent accepts and greets at 5 s, the visitor
//! answers at 12 s, the agent types from 20 s and replies at 25 s. The outage covers every
//! request made in `[90 s, 90 s + outage)`. The agent says one line in the middle of the outage
//! and another 30 s after it; the run ends 10 minutes after the outage.
//!
//! Two readings of an outage:
//!
//! - harsh: LivePerson's edge answers 5xx before the request reaches the chat
//!   ([`FaultPlan::server_errors_during`]): nothing is applied and the chat's idle timer is not
//!   refreshed, so an answer is no sign of life for the chat;
//! - unreachable: every connection is refused ([`FaultPlan::outage`]).
//!
//! Per run:
//!
//! - survived: the session never reported the chat ended, is still chatting, and the line the
//!   agent said after the outage reached the application;
//! - requests during: requests the client sent inside the outage window;
//! - recovery → line: from the end of the outage to the application showing the next agent line
//!   (the one said during the outage, when the chat survived);
//! - reported: how and when (from the end of the outage) the session reported the chat over.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, FaultPlan};
use lp_server_chat::wire::ChatState;
use lp_server_chat::{ChatConfig, ChatSession, EndReason};

use crate::baseline::{sdk_config, Client};
use crate::setup;
use crate::sim::{Act, Happening, Sim};

/// When the outage starts, after the chat request.
pub const OUTAGE_START: Duration = Duration::from_secs(90);
/// How long each run goes on after the outage: long enough for the slowest retry tier to try again.
pub const RUN_AFTER: Duration = Duration::from_secs(600);
/// The chats' idle timeouts (`interactionTimeout`, seconds); 40 is the server's default.
pub const TIMEOUTS: [u32; 3] = [15, 40, 180];
/// Below the chat timeout by this much, an outage must be survived (the goal's `T − 8 s`).
pub const MARGIN: Duration = Duration::from_secs(8);

/// Whether the host tells the session that the network is back (rows "+ network-up input").
pub const NETWORK_UP_INPUT: bool = true;

/// The connectivity input: the host tells the session, at the end of an unreachable outage, that
/// the network is back.
fn network_up(session: &mut ChatSession, now: Instant) {
    session.handle_network_up(now);
}

/// What an outage looks like to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// 5xx from the edge, the request never reaching the chat.
    Harsh,
    /// Refused connections.
    Unreachable,
}

impl Reading {
    fn faults(self, outage: Duration) -> FaultPlan {
        match self {
            Reading::Harsh => FaultPlan::none().server_errors_during(OUTAGE_START, outage),
            Reading::Unreachable => FaultPlan::none().outage(OUTAGE_START, outage),
        }
    }
}

/// A client, and whether its host reports the network coming back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contender {
    pub client: Client,
    pub network_up: bool,
}

impl Contender {
    pub fn label(&self) -> String {
        if self.network_up {
            format!("{} + network-up input", self.client.name())
        } else {
            self.client.name().to_owned()
        }
    }

    fn config(&self, latency: Duration, timeout: u32) -> ChatConfig {
        let mut config = match self.client {
            Client::Ours => setup::config(),
            Client::Sdk => sdk_config(latency),
        };
        config.chat_request.interaction_timeout = Some(timeout);
        config
    }
}

/// The outages run for a chat timeout of `timeout` seconds: 5 s to twice the timeout, with
/// `T − 8 s` (the longest that must survive) and `T` itself among them.
pub fn lengths(timeout: u32) -> Vec<Duration> {
    let t = u64::from(timeout);
    let margin = MARGIN.as_secs();
    let mut secs = vec![5, 10, t / 2, t.saturating_sub(margin), t, t * 3 / 2, t * 2];
    if t >= 120 {
        // A long timeout leaves a wide gap between 10 s and T / 2.
        secs.extend([30, 60]);
    }
    secs.retain(|s| *s >= 5);
    secs.sort_unstable();
    secs.dedup();
    secs.into_iter().map(Duration::from_secs).collect()
}

/// The most requests sent within any 60 s window of `[start, end)`.
fn busiest_minute(sim: &Sim, start: Instant, end: Instant) -> usize {
    let mut sent: Vec<Instant> = sim
        .link
        .log
        .iter()
        .map(|x| x.sent)
        .filter(|at| *at >= start && *at < end)
        .collect();
    sent.sort();
    let minute = Duration::from_secs(60);
    (0..sent.len())
        .map(|i| {
            sent[i..]
                .iter()
                .take_while(|at| **at < sent[i] + minute)
                .count()
        })
        .max()
        .unwrap_or(0)
}

pub struct OutageRow {
    pub reading: Reading,
    pub contender: Contender,
    /// The chat's idle timeout, seconds.
    pub timeout: u32,
    pub outage: Duration,
    pub survived: bool,
    pub requests_during: usize,
    /// The most requests sent in any 60 s inside the outage: the rate the server sees.
    pub busiest_minute: usize,
    pub recovery_to_line: Option<Duration>,
    /// How the session reported the end, and when: seconds after the outage ended (negative:
    /// during it).
    pub reported: Option<(EndReason, f64)>,
    /// Whether the chat still exists on the server at the end of the run.
    pub alive_on_server: bool,
}

impl OutageRow {
    /// Requests sent per minute of outage.
    pub fn requests_per_minute(&self) -> f64 {
        self.requests_during as f64 * 60.0 / self.outage.as_secs_f64()
    }

    /// Whether the outage is one the goals say must be survived.
    pub fn must_survive(&self) -> bool {
        self.outage + MARGIN <= Duration::from_secs(u64::from(self.timeout))
    }
}

pub fn run(
    reading: Reading,
    contender: Contender,
    timeout: u32,
    outage: Duration,
    latency: Duration,
    seed: u64,
) -> OutageRow {
    let t0 = Instant::now();
    let server = setup::emulator(AgentBehaviour::Absent, reading.faults(outage), seed, t0);
    let config = contender.config(latency, timeout);
    let mut sim = Sim::start(config, server, t0, latency, seed);
    if contender.client == Client::Sdk {
        sim.give_up_after = Some(crate::baseline::FAILURE_TOLERANCE);
    }
    let s = Duration::from_secs;
    let start = t0 + OUTAGE_START;
    let back = start + outage;
    sim.schedule(t0 + s(5), Act::Accept);
    sim.schedule(t0 + s(5), Act::AgentSay("Hello! How can I help?".into()));
    sim.schedule(
        t0 + s(12),
        Act::VisitorSay("My invoice looks wrong.".into()),
    );
    sim.schedule(t0 + s(20), Act::AgentTyping(true));
    sim.schedule(t0 + s(25), Act::AgentSay("Let me look into it.".into()));
    sim.schedule(
        start + outage / 2,
        Act::AgentSay("I found the problem.".into()),
    );
    let after_at = back + s(30);
    sim.schedule(after_at, Act::AgentSay("It is fixed now.".into()));
    sim.run_until(back, |_, _| {});
    if contender.network_up {
        sim.link.advance_to(back).expect("known request");
        network_up(&mut sim.link.session, back);
    }
    sim.run_until(back + RUN_AFTER, |_, _| {});

    let last_line_seen = sim.seen.iter().any(
        |h| matches!(h, Happening::AgentLineSeen { id, .. } if sim.said.get(id) == Some(&after_at)),
    );
    let recovery_to_line = sim.seen.iter().find_map(|h| match h {
        Happening::AgentLineSeen { at, .. } if *at >= back => Some(*at - back),
        _ => None,
    });
    let chatting = sim.link.session.chat_state() == Some(&ChatState::Chatting);
    let since_back = |at: Instant| {
        if at >= back {
            (at - back).as_secs_f64()
        } else {
            -(back - at).as_secs_f64()
        }
    };
    OutageRow {
        reading,
        contender,
        timeout,
        outage,
        survived: sim.ended.is_none() && chatting && last_line_seen,
        requests_during: sim.requests_between(start, back),
        busiest_minute: busiest_minute(&sim, start, back),
        recovery_to_line,
        reported: sim
            .ended
            .clone()
            .zip(sim.ended_at)
            .map(|(reason, at)| (reason, since_back(at))),
        alive_on_server: sim
            .link
            .emulator
            .chat(&setup::only_chat(&sim.link.emulator))
            .is_some_and(|c| c.state == lp_server_chat::emulator::RecordState::Chatting),
    }
}
