use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, Emulator, EmulatorConfig, Link};
use lp_server_chat::{ChatConfig, ChatSession, Endpoint, Event, LineId};

pub const ACCOUNT: &str = "12345678";
pub const ORIGIN: &str = "https://chat.emulator.invalid";

pub fn config() -> ChatConfig {
    ChatConfig::new(ACCOUNT, Endpoint::BaseUrl(ORIGIN.into()))
}

pub fn emulator(now: Instant) -> Emulator {
    Emulator::new(
        EmulatorConfig {
            agent: AgentBehaviour::Replying {
                accept_after: Duration::from_secs(3),
                greeting: "Hello, I am Dana.".into(),
                reply_after: Duration::from_secs(2),
                typing_for: Duration::from_secs(1),
            },
            seed: 3,
            ..EmulatorConfig::default()
        },
        now,
    )
}

pub fn link(now: Instant) -> Link {
    let session = ChatSession::new(config(), now, 5).unwrap();
    Link::new(session, emulator(now), now)
}

/// What the application saw, across every session that carried the chat.
#[derive(Debug, Default)]
pub struct Seen {
    pub line_ids: Vec<u64>,
    pub delivered: Vec<LineId>,
    pub failed: Vec<LineId>,
    pub ended: usize,
}

/// The visitor: answers the greeting with two lines and ends the chat after the reply to the
/// second. Returns whether the chat is over.
pub fn visitor(session: &mut ChatSession, now: Instant, event: &Event, seen: &mut Seen) {
    match event {
        Event::Line {
            event_id: id, line, ..
        } => {
            seen.line_ids.push(*id);
            if line.text.starts_with("Hello") {
                session.send_line("first", now).unwrap();
                session.send_line("second", now).unwrap();
            } else if line.text == "You said: second" {
                session.end_chat(now).unwrap();
            }
        }
        Event::LineDelivered { line, .. } => seen.delivered.push(*line),
        Event::LineFailed { line, .. } => seen.failed.push(*line),
        Event::ChatEnded { .. } => seen.ended += 1,
        _ => {}
    }
}
