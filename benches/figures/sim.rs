//! A chat between simulated people over a simulated network: a [`Link`] (session and emulator on
//! a virtual clock, fixed response latency) plus a timeline of what the agent and the visitor do.
//! The figures that care about policy (requests, delays, outages) run on it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{Emulator, Link};
use lp_server_chat::wire::LineSource;
use lp_server_chat::{ChatConfig, ChatSession, EndReason, Event, RequestKind};

/// Something a person does at a given instant.
#[derive(Debug, Clone)]
pub enum Act {
    Accept,
    AgentTyping(bool),
    AgentSay(String),
    VisitorSay(String),
}

/// What the simulation reports to whoever drives the people.
#[derive(Debug, Clone)]
pub enum Happening {
    /// The application saw an agent line (server event `id`) at `at`, `delay` after the agent
    /// said it.
    AgentLineSeen {
        id: u64,
        at: Instant,
        delay: Duration,
    },
    /// A visitor line landed on the server at `at`.
    VisitorLineLanded { at: Instant },
    /// The session reported the end of the chat (see [`Sim::ended`]).
    Ended,
}

pub struct Sim {
    pub link: Link,
    chat: Option<String>,
    /// Pending acts, in time order (equal times keep their scheduling order).
    agenda: Vec<(Instant, Act)>,
    /// Server event id of each agent line → when the agent said it.
    pub said: HashMap<u64, Instant>,
    /// Every agent line the application saw.
    pub seen: Vec<Happening>,
    pub ended: Option<EndReason>,
    pub ended_at: Option<Instant>,
    /// Server events already scanned for visitor lines.
    scanned: usize,
    /// Model LivePerson's SDK, which declares the chat lost after this many failed polls in a
    /// row (`failureTolerance`) instead of retrying on.
    pub give_up_after: Option<u32>,
    stopped: bool,
}

impl Sim {
    /// Requests a chat at `t0` on `emulator` (created at `t0`); responses take `latency`.
    pub fn start(
        config: ChatConfig,
        emulator: Emulator,
        t0: Instant,
        latency: Duration,
        seed: u64,
    ) -> Sim {
        let mut session = ChatSession::new(config, t0, seed).expect("valid config");
        session.request_chat(t0).expect("idle session");
        let mut link = Link::new(session, emulator, t0);
        link.latency = latency;
        Sim {
            link,
            chat: None,
            agenda: Vec::new(),
            said: HashMap::new(),
            seen: Vec::new(),
            ended: None,
            ended_at: None,
            scanned: 0,
            give_up_after: None,
            stopped: false,
        }
    }

    pub fn schedule(&mut self, at: Instant, act: Act) {
        let pos = self.agenda.partition_point(|(t, _)| *t <= at);
        self.agenda.insert(pos, (at, act));
    }

    fn act(&mut self, act: Act) {
        let now = self.link.now;
        let Some(chat) = self.chat.clone() else {
            return;
        };
        let server = &mut self.link.emulator;
        match act {
            Act::Accept => {
                server.agent_accept(&chat, now);
            }
            Act::AgentTyping(on) => {
                server.agent_typing(&chat, on, now);
            }
            Act::AgentSay(text) => {
                if server.agent_say(&chat, &text, now) {
                    let id = server
                        .chat(&chat)
                        .and_then(|c| c.events.last())
                        .map(|e| e.id);
                    if let Some(id) = id {
                        self.said.insert(id, now);
                    }
                }
            }
            Act::VisitorSay(text) => {
                // A chat that already ended refuses the line; the visitor just gives up.
                let _ = self.link.session.send_line(text, now);
            }
        }
    }

    fn collect(&mut self) -> Vec<Happening> {
        let mut out = Vec::new();
        while let Some(event) = self.link.poll_event() {
            let now = self.link.now;
            match event {
                Event::Line {
                    event_id: id, line, ..
                } if line.source == LineSource::Agent => {
                    if let Some(said) = self.said.get(&id) {
                        let seen = Happening::AgentLineSeen {
                            id,
                            at: now,
                            delay: now - *said,
                        };
                        self.seen.push(seen.clone());
                        out.push(seen);
                    }
                }
                Event::ChatEnded { reason } => {
                    self.ended = Some(reason);
                    self.ended_at = Some(now);
                    out.push(Happening::Ended);
                }
                Event::Retrying {
                    kind: RequestKind::Poll,
                    attempt,
                    ..
                } if self
                    .give_up_after
                    .is_some_and(|tolerance| attempt > tolerance + 1) =>
                {
                    // The SDK's `notfound`: it stops, whatever the server would say.
                    self.ended = Some(EndReason::ConnectionLost);
                    self.ended_at = Some(now);
                    self.stopped = true;
                    out.push(Happening::Ended);
                }
                _ => {}
            }
        }
        if self.chat.is_none() {
            self.chat = self.link.emulator.chat_ids().into_iter().next();
        }
        if let Some(record) = self.chat.as_ref().and_then(|c| self.link.emulator.chat(c)) {
            for e in &record.events[self.scanned..] {
                if e.event_type == "line" && e.source() == Some("visitor") {
                    out.push(Happening::VisitorLineLanded { at: e.time });
                }
            }
            self.scanned = record.events.len();
        }
        out
    }

    /// Runs until `end` (or until nothing is left to happen), handing every happening to `react`,
    /// which may schedule more acts.
    pub fn run_until(&mut self, end: Instant, mut react: impl FnMut(&mut Sim, Happening)) {
        loop {
            for happening in self.collect() {
                react(self, happening);
            }
            if self.stopped {
                return;
            }
            let act_at = self.agenda.first().map(|(t, _)| *t);
            let next = [self.link.next_instant(), act_at]
                .into_iter()
                .flatten()
                .min();
            let Some(next) = next.filter(|t| *t <= end) else {
                return;
            };
            self.link.advance_to(next).expect("known request");
            if act_at == Some(next) {
                let (_, act) = self.agenda.remove(0);
                self.act(act);
            }
        }
    }

    /// Requests the session sent from `from` (inclusive) to `to` (exclusive) whose outcome has
    /// reached it (run past `to` + the request timeout to have them all).
    pub fn requests_between(&self, from: Instant, to: Instant) -> usize {
        self.link
            .log
            .iter()
            .filter(|x| x.sent >= from && x.sent < to)
            .count()
    }

    /// Every request the session sent so far (each reaches the emulator the moment it is sent).
    pub fn requests(&self) -> u64 {
        self.link.emulator.stats().total_requests
    }
}
