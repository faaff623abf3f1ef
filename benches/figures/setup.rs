//! What every figure starts from: the emulated service, a session configured for it, and a way to
//! bring that session to a chat in progress.

use std::time::Instant;

use lp_server_chat::emulator::{
    AgentBehaviour, AgentStep, Emulator, EmulatorConfig, Exchange, FaultPlan, Link,
};
use lp_server_chat::wire::ChatState;
use lp_server_chat::{ChatConfig, ChatSession, Endpoint, Output, TransportError};

/// Where the emulator claims to live; the session is pointed straight at it (no domain lookup).
pub const ORIGIN: &str = "https://chat.emulator.invalid";

/// A session configuration with every setting at its default.
pub fn config() -> ChatConfig {
    ChatConfig::new("12345678", Endpoint::BaseUrl(ORIGIN.into()))
}

/// An emulator with this agent and these faults, created at `now`.
pub fn emulator(agent: AgentBehaviour, faults: FaultPlan, seed: u64, now: Instant) -> Emulator {
    Emulator::new(
        EmulatorConfig {
            origin: ORIGIN.into(),
            agent,
            faults,
            seed,
            ..EmulatorConfig::default()
        },
        now,
    )
}

/// An agent that takes every chat the moment it is requested.
pub fn accepting_agent() -> AgentBehaviour {
    AgentBehaviour::Scripted(vec![AgentStep::Accept])
}

fn at_rest_chatting(session: &ChatSession) -> bool {
    session.chat_state() == Some(&ChatState::Chatting) && session.in_flight() == 0
}

/// A session and its own emulator, driven directly (no latency) until the chat is in progress and
/// every event read so far has been drained. Returns the clock at that point.
pub fn chatting_pair(
    config: impl Into<std::sync::Arc<ChatConfig>>,
    seed: u64,
) -> (ChatSession, Emulator, Instant) {
    let mut now = Instant::now();
    let mut server = emulator(accepting_agent(), FaultPlan::none(), seed, now);
    let mut session = ChatSession::new(config, now, seed).expect("valid config");
    session.request_chat(now).expect("idle session");
    loop {
        match session.poll_output() {
            Output::Transmit(t) => {
                let result = match server.handle(&t.request, now) {
                    Exchange::Respond(r) | Exchange::RespondAfter { response: r, .. } => {
                        session.handle_response(t.id, r, now)
                    }
                    Exchange::Lost => session.handle_transport_error(
                        t.id,
                        TransportError::maybe_sent("lost"),
                        now,
                    ),
                    Exchange::Unreachable => session.handle_transport_error(
                        t.id,
                        TransportError::not_sent("refused"),
                        now,
                    ),
                };
                result.expect("known request");
            }
            Output::Event(_) => {}
            Output::Wait(at) => {
                if at_rest_chatting(&session) {
                    return (session, server, now);
                }
                now = at.expect("a chat in progress always has a next poll");
                server.advance(now);
                session.handle_timeout(now);
            }
        }
    }
}

/// A [`Link`] whose chat is in progress, with every event read so far drained.
pub fn chatting_link(config: impl Into<std::sync::Arc<ChatConfig>>, seed: u64) -> Link {
    let now = Instant::now();
    let server = emulator(accepting_agent(), FaultPlan::none(), seed, now);
    let mut session = ChatSession::new(config, now, seed).expect("valid config");
    session.request_chat(now).expect("idle session");
    let mut link = Link::new(session, server, now);
    loop {
        while link.poll_event().is_some() {}
        if at_rest_chatting(&link.session) && link.in_transit() == 0 {
            return link;
        }
        assert!(link.step().expect("known request"), "the chat stalled");
    }
}

/// The id of the one chat an emulator holds.
pub fn only_chat(server: &Emulator) -> String {
    server
        .chat_ids()
        .into_iter()
        .next()
        .expect("a chat was requested")
}
