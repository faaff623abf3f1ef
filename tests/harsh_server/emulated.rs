//! Whole chats against the emulator on a virtual clock, for the readings that need a server
//! with an idle timer of its own.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{
    AgentBehaviour, AgentStep, Emulator, EmulatorConfig, FaultPlan, Link,
};
use lp_server_chat::{ChatConfig, ChatSession, EndReason, Endpoint, Event, Phase};

pub const ACCOUNT: &str = "12345678";
pub const ORIGIN: &str = "https://chat.emulator.invalid";

/// A chat whose agent accepts at 2 s and greets; `timeout` is the chat's `interactionTimeout`.
pub struct Chat {
    pub link: Link,
    pub start: Instant,
    /// Every event the application saw, with its virtual time in seconds.
    pub seen: Vec<(f64, Event)>,
}

impl Chat {
    pub fn new(timeout: u32, faults: FaultPlan) -> Self {
        let start = Instant::now();
        let emulator = Emulator::new(
            EmulatorConfig {
                origin: ORIGIN.into(),
                account_id: ACCOUNT.into(),
                agent: AgentBehaviour::Scripted(vec![
                    AgentStep::Wait(Duration::from_secs(2)),
                    AgentStep::Accept,
                    AgentStep::Say("Hello, I am Dana.".into()),
                ]),
                faults,
                ..EmulatorConfig::default()
            },
            start,
        );
        let mut config = ChatConfig::new(ACCOUNT, Endpoint::BaseUrl(ORIGIN.into()));
        config.chat_request.interaction_timeout = Some(timeout);
        let mut session = ChatSession::new(config, start, 11).expect("valid config");
        session.request_chat(start).expect("idle session");
        Self {
            link: Link::new(session, emulator, start),
            start,
            seen: Vec::new(),
        }
    }

    /// Runs until `secs` on the virtual clock.
    pub fn run_to(&mut self, secs: f64) {
        let deadline = self.start + Duration::from_secs_f64(secs);
        let start = self.start;
        let seen = &mut self.seen;
        self.link
            .run_until(deadline, |_, now, event| {
                seen.push(((now - start).as_secs_f64(), event));
            })
            .expect("the link only reports requests in flight");
        self.link.advance_to(deadline).expect("requests in flight");
    }

    pub fn chat_id(&self) -> String {
        self.link.emulator.chat_ids()[0].clone()
    }

    /// The agent says `text` now.
    pub fn agent_says(&mut self, text: &str) -> bool {
        let id = self.chat_id();
        let now = self.link.now;
        self.link.emulator.agent_say(&id, text, now)
    }

    /// When the application saw the agent line `text`, in seconds.
    pub fn shown_at(&self, text: &str) -> Option<f64> {
        self.seen.iter().find_map(|(at, e)| match e {
            Event::Line { line, .. } if line.text == text => Some(*at),
            _ => None,
        })
    }

    /// How the chat ended for the application, and when.
    pub fn ended(&self) -> Option<(f64, EndReason)> {
        self.seen.iter().find_map(|(at, e)| match e {
            Event::ChatEnded { reason } => Some((*at, reason.clone())),
            _ => None,
        })
    }

    pub fn alive_on_server(&self) -> bool {
        self.link
            .emulator
            .chat(&self.chat_id())
            .is_some_and(|c| !c.is_gone())
    }

    pub fn chatting(&self) -> bool {
        self.link.session.phase() == Phase::Live
    }

    /// Requests sent in `[from, to)` seconds.
    pub fn requests_between(&self, from: f64, to: f64) -> usize {
        self.link
            .log
            .iter()
            .map(|e| (e.sent - self.start).as_secs_f64())
            .filter(|at| (from..to).contains(at))
            .count()
    }
}

pub fn secs(n: f64) -> Duration {
    Duration::from_secs_f64(n)
}
