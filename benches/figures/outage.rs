//! Whether a chat survives the server being unreachable for a while, and how soon after the
//! network comes back the application hears from the agent again.
//!
//! The timeline, from the chat request at 0 s: the agent accepts and greets at 5 s, the visitor
//! answers at 12 s, the agent types from 20 s and replies at 25 s. Every request made in
//! `[90 s, 90 s + outage)` fails as a refused connection. The agent says one line in the middle
//! of the outage and another 30 s after it; the run ends 10 minutes after the outage.
//!
//! - survived: the session never reported the chat ended, is still chatting, and the line the
//!   agent said after the outage reached the application;
//! - requests during: requests the client sent inside the outage window;
//! - recovery → line: from the end of the outage to the application showing the next agent line
//!   (the one said during the outage, when the chat survived).

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, FaultPlan};
use lp_server_chat::wire::ChatState;
use lp_server_chat::{ChatConfig, EndReason};

use crate::baseline::{sdk_config, Client};
use crate::setup;
use crate::sim::{Act, Happening, Sim};

/// When the outage starts, after the chat request.
pub const OUTAGE_START: Duration = Duration::from_secs(90);
/// How long each run goes on after the outage: long enough for the slowest retry tier to try again.
pub const RUN_AFTER: Duration = Duration::from_secs(600);
/// The raised idle timeout of the patient variants (seconds, `interactionTimeout`).
pub const RAISED_TIMEOUT: u32 = 180;

/// A client and the chat's idle timeout it asks for.
#[derive(Debug, Clone, Copy)]
pub struct Contender {
    pub client: Client,
    /// `interactionTimeout` of the chat request; `None` leaves the server's 40 s.
    pub interaction_timeout: Option<u32>,
}

impl Contender {
    pub fn label(&self) -> String {
        let timeout = self.interaction_timeout.unwrap_or(40);
        format!("{}, chat timeout {timeout} s", self.client.name())
    }

    fn config(&self, latency: Duration) -> ChatConfig {
        let mut config = match self.client {
            Client::Ours => setup::config(),
            Client::Sdk => sdk_config(latency),
        };
        config.chat_request.interaction_timeout = self.interaction_timeout;
        config
    }
}

pub struct OutageRow {
    pub contender: Contender,
    pub outage: Duration,
    pub survived: bool,
    pub requests_during: usize,
    pub recovery_to_line: Option<Duration>,
    /// How the session reported the end, and when: seconds after the outage started.
    pub ended: Option<(EndReason, f64)>,
    /// Whether the chat still exists on the server at the end of the run.
    pub alive_on_server: bool,
}

pub fn run(contender: Contender, outage: Duration, latency: Duration, seed: u64) -> OutageRow {
    let t0 = Instant::now();
    let faults = FaultPlan::none().outage(OUTAGE_START, outage);
    let server = setup::emulator(AgentBehaviour::Absent, faults, seed, t0);
    let mut sim = Sim::start(contender.config(latency), server, t0, latency, seed);
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
    sim.run_until(back + RUN_AFTER, |_, _| {});

    let seen_after = |at: Instant| {
        sim.seen.iter().find_map(|h| match h {
            Happening::AgentLineSeen { id, at: seen, .. } if sim.said.get(id) == Some(&at) => {
                Some(*seen)
            }
            _ => None,
        })
    };
    let last_line_seen = seen_after(after_at).is_some();
    let recovery_to_line = sim.seen.iter().find_map(|h| match h {
        Happening::AgentLineSeen { at, .. } if *at >= back => Some(*at - back),
        _ => None,
    });
    let chatting = sim.link.session.chat_state() == Some(&ChatState::Chatting);
    OutageRow {
        contender,
        outage,
        survived: sim.ended.is_none() && chatting && last_line_seen,
        requests_during: sim.requests_between(start, back),
        recovery_to_line,
        ended: sim
            .ended
            .clone()
            .zip(sim.ended_at)
            .map(|(reason, at)| (reason, at.saturating_duration_since(start).as_secs_f64())),
        alive_on_server: sim
            .link
            .emulator
            .chat(&setup::only_chat(&sim.link.emulator))
            .is_some_and(|c| c.state == lp_server_chat::emulator::ChatState::Chatting),
    }
}
