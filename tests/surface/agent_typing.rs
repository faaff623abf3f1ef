//! `GET …/info/agentTyping`, including the `unknown` value only this resource documents.

use lp_server_chat::wire::TypingState;
use lp_server_chat::{OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn reading_the_agent_typing_state() {
    let mut h = chatting();
    let mut answers = Vec::new();
    for wire in ["typing", "not-typing", "unknown"] {
        let op = h.session.fetch_agent_typing(h.now).unwrap();
        h.drain();
        let t = h.take(RequestKind::GetAgentTyping);
        assert_api_get(&t);
        assert_eq!(url(&t), format!("{CHAT}/info/agentTyping"));
        assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
        h.reply(&t, ok(json!({"agentTyping": wire})));
        answers.push(h.completed(op).cloned());
    }
    assert_eq!(
        answers,
        [
            Some(OpResult::AgentTyping(TypingState::Typing)),
            Some(OpResult::AgentTyping(TypingState::NotTyping)),
            Some(OpResult::AgentTyping(TypingState::Unknown)),
        ]
    );
}

#[test]
fn a_server_error_is_retried_then_answered() {
    let mut h = chatting();
    let op = h.session.fetch_agent_typing(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::GetAgentTyping);
    h.reply(&t, error(500, 28, "null for uri"));
    assert_eq!(h.retries(), [(RequestKind::GetAgentTyping, 2, 5)]);
    h.idle_until(RequestKind::GetAgentTyping);
    let t = h.take(RequestKind::GetAgentTyping);
    h.reply(&t, ok(json!({"agentTyping": "typing"})));
    assert_eq!(
        h.completed(op),
        Some(&OpResult::AgentTyping(TypingState::Typing))
    );
}
