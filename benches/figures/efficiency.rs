//! Requests per chat-minute and how late agent lines reach the application, for a realistic
//! 10-minute chat, our default policy against the SDK's fixed 2 s cadence.
//!
//! The people (seeded per chat, the same seeds for both clients):
//! - the agent accepts 5–15 s after the request, types 2–5 s, then greets;
//! - after each visitor line lands on the server, the agent replies 5–60 s later, showing
//!   "typing" for the last 2–8 s of that wait;
//! - 2–10 s after the application shows an agent line, the visitor answers.
//!
//! Requests are everything the client sent during the 10 minutes (chat request, polls, lines).
//! The delay of an agent line runs from the agent saying it (the server event's time) to the
//! session handing the application its `Event::Line`, both on the virtual clock.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, FaultPlan, Route};

use crate::baseline::Client;
use crate::rng::Rng;
use crate::setup;
use crate::sim::{Act, Happening, Sim};

/// How long each simulated chat lasts.
pub const CHAT: Duration = Duration::from_secs(600);

const AGENT: [&str; 5] = [
    "Let me check that for you.",
    "I can see the charge on your account from March 3rd.",
    "That fee was applied in error; I have refunded it.",
    "Is there anything else I can help you with?",
    "You will see the refund within 3 to 5 business days.",
];

/// The aggregate of many chats run by one client.
pub struct PolicyRun {
    pub client: Client,
    pub chats: usize,
    pub requests: u64,
    pub polls: u64,
    /// Every agent line's delay, all chats pooled.
    pub delays: Vec<Duration>,
}

impl PolicyRun {
    pub fn chat_minutes(&self) -> f64 {
        self.chats as f64 * CHAT.as_secs_f64() / 60.0
    }

    pub fn requests_per_minute(&self) -> f64 {
        self.requests as f64 / self.chat_minutes()
    }

    pub fn polls_per_minute(&self) -> f64 {
        self.polls as f64 / self.chat_minutes()
    }

    pub fn mean_delay(&self) -> Duration {
        self.delays.iter().sum::<Duration>() / self.delays.len().max(1) as u32
    }

    /// The 95th percentile (nearest rank).
    pub fn p95_delay(&self) -> Duration {
        let mut sorted = self.delays.clone();
        sorted.sort();
        let rank = (sorted.len() * 95).div_ceil(100).max(1);
        sorted.get(rank - 1).copied().unwrap_or_default()
    }
}

fn one_chat(client: Client, seed: u64, latency: Duration, run: &mut PolicyRun) {
    let t0 = Instant::now();
    let server = setup::emulator(AgentBehaviour::Absent, FaultPlan::none(), seed, t0);
    let mut sim = Sim::start(client.config(latency), server, t0, latency, seed);
    let mut people = Rng::with_state(seed);
    let accept = t0 + people.millis(5_000, 15_000);
    sim.schedule(accept, Act::Accept);
    sim.schedule(accept, Act::AgentTyping(true));
    sim.schedule(
        accept + people.millis(2_000, 5_000),
        Act::AgentSay("Hi, I'm Dana. How can I help you today?".into()),
    );
    let mut turn = 0;
    sim.run_until(t0 + CHAT, |sim, happening| match happening {
        Happening::VisitorLineLanded { at } => {
            let reply = at + people.millis(5_000, 60_000);
            let typing = reply
                .checked_sub(people.millis(2_000, 8_000))
                .map_or(at, |t| t.max(at));
            sim.schedule(typing, Act::AgentTyping(true));
            sim.schedule(
                reply,
                Act::AgentSay(AGENT[people.below(AGENT.len())].into()),
            );
        }
        Happening::AgentLineSeen { at, .. } => {
            turn += 1;
            sim.schedule(
                at + people.millis(2_000, 10_000),
                Act::VisitorSay(format!("Visitor answer number {turn}.")),
            );
        }
        Happening::Ended => {}
    });
    run.requests += sim.requests();
    run.polls += sim.link.emulator.stats().count(Route::ChatGet);
    run.delays.extend(sim.seen.iter().filter_map(|h| match h {
        Happening::AgentLineSeen { delay, .. } => Some(*delay),
        _ => None,
    }));
    assert!(
        sim.ended.is_none(),
        "{}: the chat ended early: {:?}",
        client.name(),
        sim.ended
    );
}

/// Runs `chats` chats (seeds `1..=chats`) with `client`.
pub fn run(client: Client, chats: usize, latency: Duration) -> PolicyRun {
    let mut run = PolicyRun {
        client,
        chats,
        requests: 0,
        polls: 0,
        delays: Vec::new(),
    };
    for seed in 1..=chats as u64 {
        one_chat(client, seed, latency, &mut run);
    }
    run
}
