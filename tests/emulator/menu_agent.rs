//! The menu agent the card tests talk to: a card of two choices as its greeting, and a prompt
//! answer to the pick.

use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, MenuChoice};

pub fn menu() -> AgentBehaviour {
    AgentBehaviour::Menu {
        accept_after: Duration::from_secs(2),
        prompt: "What is it about?".into(),
        choices: vec![
            MenuChoice::new("Billing", "Let me open your invoice."),
            MenuChoice::new("Tech", "Have you tried turning it off and on?"),
        ],
        reply_after: Duration::from_secs(1),
        typing_for: Duration::ZERO,
    }
}
