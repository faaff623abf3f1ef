//! `GET …/info`: the request, the document (links without `@`), and the calls that need a chat.

use lp_server_chat::wire::{ChatState, Id, TypingState};
use lp_server_chat::{Error, Failure, OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn the_info_document_is_read_from_the_info_link() {
    let mut h = chatting();
    let op = h.session.fetch_chat_info(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::GetInfo);
    assert_api_get(&t);
    assert_eq!(url(&t), format!("{CHAT}/info"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    h.reply(
        &t,
        ok(json!({"info": {
            "link": [
                {"href": format!("{CHAT}/info"), "rel": "self"},
                {"href": format!("{CHAT}/info/visitorName"), "rel": "visitor-name"}
            ],
            "state": "chatting", "chatSessionKey": "H1-abcK1", "agentName": "Dana",
            "agentId": 112233410, "chatTimeout": "40", "visitorId": 1299900011122233u64,
            "agentTyping": "typing", "visitorTyping": "not-typing", "visitorName": "Jane",
            "engagementId": "1234567810", "participantId": "3f0c2a9e"
        }})),
    );
    let Some(OpResult::Info(info)) = h.completed(op) else {
        panic!("{:?}", h.events);
    };
    assert_eq!(info.state, Some(ChatState::Chatting));
    assert_eq!(info.agent_name.as_deref(), Some("Dana"));
    assert_eq!(info.chat_timeout, Some(40));
    assert_eq!(info.agent_typing, Some(TypingState::Typing));
    assert_eq!(info.engagement_id, Some(Id::from(1234567810u64)));
    assert_eq!(info.participant_id.as_deref(), Some("3f0c2a9e"));
    assert_eq!(
        info.links.get("visitor-name"),
        Some(format!("{CHAT}/info/visitorName").as_str())
    );
}

#[test]
fn chat_calls_need_a_chat() {
    let mut h = Harness::new(config());
    assert_eq!(h.session.fetch_chat_info(h.now), Err(Error::NoChat));
    assert_eq!(h.session.fetch_visitor_name(h.now), Err(Error::NoChat));
    assert_eq!(h.session.fetch_visitor_typing(h.now), Err(Error::NoChat));
    assert_eq!(h.session.fetch_agent_typing(h.now), Err(Error::NoChat));
    h.drain();
    assert!(h.pending.is_empty());
}

#[test]
fn a_refused_read_fails_the_call() {
    let mut h = chatting();
    let op = h.session.fetch_chat_info(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::GetInfo);
    h.reply(&t, error(404, 12, "Chat session not found"));
    assert_eq!(
        h.failed(op),
        Some(&Failure::Refused(lp_server_chat::Refusal {
            status: 404,
            internal_code: Some(12),
            message: Some("Chat session not found".into())
        }))
    );
}
