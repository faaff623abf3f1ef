//! Runs a scenario: a session wired to the emulator by `Link`, on a virtual clock that jumps to
//! the next thing that happens (the session's deadline, a response, the agent, a visitor
//! command). Everything the session does is recorded for the invariants.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::link::Exchanged;
use lp_server_chat::emulator::{ChatRecord, Emulator, EmulatorConfig, FaultCounts, Link};
use lp_server_chat::wire::RichLine;
use lp_server_chat::{
    ChatConfig, ChatSession, Endpoint, Event, LineId, Output, RequestKind, RetryPolicy,
};

use crate::scenario::{Command, Scenario};

/// How long after the visitor leaves the session may take to be over: the whole retry ladder
/// (20 minutes at most) and then some.
pub const GRACE: Duration = Duration::from_secs(40 * 60);
/// How long after the run the server is let apply requests it held back.
const LATE_APPLY_HORIZON: Duration = Duration::from_secs(60);
/// Outputs a single drain may produce before the run counts as a runaway.
const MAX_OUTPUTS_PER_DRAIN: usize = 10_000;

pub const ACCOUNT: &str = "12345678";
pub const ORIGIN: &str = "https://chat.emulator.invalid";

/// A request as the session handed it out.
#[derive(Debug, Clone)]
pub struct Sent {
    pub at: Instant,
    pub kind: RequestKind,
    pub attempt: u32,
}

/// Everything observed in one run.
pub struct Trace {
    pub start: Instant,
    pub retry: RetryPolicy,
    pub chat_timeout: Duration,
    pub sent: Vec<Sent>,
    /// Every `Wait`: the `now` the session had last been given, and the deadline.
    pub waits: Vec<(Instant, Option<Instant>)>,
    pub events: Vec<(Instant, Event)>,
    /// Lines the session accepted, with their text.
    pub lines: Vec<(LineId, String)>,
    /// Every settled request, from the link.
    pub log: Vec<Exchanged>,
    /// When the session said `ChatEnded`.
    pub ended: Option<Instant>,
    /// Requests still unanswered when the run stopped.
    pub in_transit: usize,
    /// A drain that never reached `Wait`.
    pub runaway: bool,
    /// The chat the session talked to, as the server has it.
    pub chat: Option<ChatRecord>,
    /// Every chat the server created for this visitor, orphans included, in creation order.
    pub chats: Vec<ChatRecord>,
    /// What the server's fault plan did.
    pub faults: FaultCounts,
}

impl Trace {
    /// Seconds since the start, for messages.
    pub fn at(&self, t: Instant) -> f64 {
        (t - self.start).as_secs_f64()
    }

    /// Requests, answers and events in time order, one a line (at most `max` lines).
    pub fn transcript(&self, max: usize) -> String {
        let mut lines: Vec<(Instant, u8, String)> = Vec::new();
        for s in &self.sent {
            lines.push((s.at, 0, format!("-> {:?} (attempt {})", s.kind, s.attempt)));
        }
        for e in &self.log {
            let sent = self.at(e.sent);
            lines.push((
                e.settled,
                1,
                format!("<- {:?} {:?} (sent {sent:.3} s)", e.kind, e.outcome),
            ));
        }
        for (at, e) in &self.events {
            lines.push((*at, 2, format!("   {e:?}")));
        }
        lines.sort_by_key(|(at, order, _)| (*at, *order));
        let total = lines.len();
        let mut out: Vec<String> = lines
            .into_iter()
            .take(max)
            .map(|(at, _, line)| format!("{:9.3} {line}", self.at(at)))
            .collect();
        if total > max {
            out.push(format!("... {} more", total - max));
        }
        out.join("\n")
    }
}

pub fn run(scenario: &Scenario) -> Trace {
    let start = Instant::now();
    let emulator = Emulator::new(
        EmulatorConfig {
            origin: ORIGIN.into(),
            account_id: ACCOUNT.into(),
            agent: scenario.agent.behaviour(),
            faults: scenario.fault_plan(),
            seed: scenario.seed,
            ..EmulatorConfig::default()
        },
        start,
    );
    let config = ChatConfig::new(ACCOUNT, Endpoint::BaseUrl(ORIGIN.into()));
    let mut trace = Trace {
        start,
        retry: config.retry.clone(),
        chat_timeout: emulator.config().chat_timeout,
        sent: Vec::new(),
        waits: Vec::new(),
        events: Vec::new(),
        lines: Vec::new(),
        log: Vec::new(),
        ended: None,
        in_transit: 0,
        runaway: false,
        chat: None,
        chats: Vec::new(),
        faults: FaultCounts::default(),
    };
    let session = ChatSession::new(config, start, scenario.seed).expect("valid config");
    let mut link = Link::new(session, emulator, start);
    link.latency = Duration::from_millis(scenario.latency_ms);
    link.session.request_chat(start).expect("a fresh session");

    let leave = start + Duration::from_millis(scenario.leave_at_ms());
    let horizon = leave + GRACE;
    let mut commands = scenario.commands.iter().peekable();
    let mut left = false;
    let mut chat_url = None;
    loop {
        if !drain(&mut link, &mut trace, &mut chat_url) {
            break;
        }
        if trace.ended.is_some() && link.in_transit() == 0 {
            break;
        }
        let command_at = match commands.peek() {
            Some(c) => Some(start + Duration::from_millis(c.at_ms)),
            None if !left => Some(leave),
            None => None,
        };
        let next = [link.next_instant(), command_at]
            .into_iter()
            .flatten()
            .min();
        let Some(next) = next.filter(|at| *at <= horizon) else {
            break;
        };
        link.advance_to(next)
            .expect("the link reports only requests in flight");
        if command_at.is_some_and(|at| at <= link.now) {
            let now = link.now;
            let s = &mut link.session;
            match commands.next() {
                Some(timed) => match &timed.command {
                    Command::SendLine(text) => {
                        if let Ok(id) = s.send_line(text.clone(), now) {
                            trace.lines.push((id, text.clone()));
                        }
                    }
                    Command::SendRichLine(text) => {
                        let line = RichLine {
                            text: text.clone(),
                            json: serde_json::json!({"type": "button", "title": text}),
                            metadata: Vec::new(),
                        };
                        if let Ok(id) = s.send_rich_line(line, now) {
                            trace.lines.push((id, text.clone()));
                        }
                    }
                    Command::SetTyping(on) => drop(s.set_typing(*on, now)),
                    Command::SetVisitorName(name) => drop(s.set_visitor_name(name.clone(), now)),
                    Command::EndChat => drop(s.end_chat(now)),
                },
                None => {
                    left = true;
                    drop(s.end_chat(now));
                }
            }
        }
    }
    trace.log = std::mem::take(&mut link.log);
    trace.in_transit = link.in_transit();
    // Requests the server holds to apply late land after the session is done, too.
    link.emulator.advance(link.now + LATE_APPLY_HORIZON);
    trace.chats = link
        .emulator
        .chat_ids()
        .iter()
        .filter_map(|id| link.emulator.chat(id).cloned())
        .collect();
    trace.faults = link.emulator.stats().faults.clone();
    trace.chat = chat_url
        .as_deref()
        .and_then(|url: &str| url.rsplit('/').next())
        .and_then(|id| link.emulator.chat(id))
        .cloned();
    trace
}

/// Runs the session's outputs until it waits, recording each. False on a runaway.
fn drain(link: &mut Link, trace: &mut Trace, chat_url: &mut Option<String>) -> bool {
    for _ in 0..MAX_OUTPUTS_PER_DRAIN {
        let output = link.session.poll_output();
        let waiting = matches!(output, Output::Wait(_));
        match &output {
            Output::Transmit(t) => trace.sent.push(Sent {
                at: link.now,
                kind: t.kind,
                attempt: t.attempt,
            }),
            Output::Wait(at) => trace.waits.push((link.now, *at)),
            Output::Event(_) => {}
        }
        if let Some(event) = link.handle_output(output) {
            match &event {
                Event::ChatCreated { url } => *chat_url = Some(url.clone()),
                Event::ChatEnded { .. } => trace.ended = trace.ended.or(Some(link.now)),
                _ => {}
            }
            trace.events.push((link.now, event));
        }
        if waiting {
            return true;
        }
    }
    trace.runaway = true;
    false
}
