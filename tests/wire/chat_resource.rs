use lp_server_chat::wire::{decode, encode, ChatResource, ChatState, EventBody, TypingState};
use serde_json::json;

use crate::bytes;

fn sample() -> serde_json::Value {
    json!({"chat": {
        "link": [
            {"@href": "https://va.example/api/account/900/chat/H1-abcK2", "@rel": "self"},
            {"@href": "https://va.example/api/account/900/chat/H1-abcK2/events", "@rel": "events"},
            {"@href": "https://va.example/api/account/900/chat/H1-abcK2/info", "@rel": "info"},
            {"@href": "https://va.example/api/account/900/chat/H1-abcK2?from=2", "@rel": "next"},
            {"@href": "https://va.example/api/account/900/chat/H1-abcK2/transcriptRequest", "@rel": "transcript-request"},
            {"@href": "https://va.example/api/account/900/chat/H1-abcK2/exitSurvey", "@rel": "exit-survey"}
        ],
        "events": {
            "link": [
                {"@href": "https://va.example/api/account/900/chat/H1-abcK2/events", "@rel": "self"},
                {"@href": "https://va.example/api/account/900/chat/H1-abcK2/events?from=2", "@rel": "next"}
            ],
            "event": [
                {"@id": "0", "@type": "state", "time": "2025-06-01T12:00:00.000+02:00", "state": "waiting"},
                {"@id": "1", "@type": "line", "time": "2025-06-01T12:00:00.050+02:00", "textType": "plain",
                 "text": "Hang on, connecting you.", "by": "info", "source": "system",
                 "systemMessageId": 4, "subType": "REGULAR"}
            ]
        },
        "info": {
            "link": [{"@href": "https://va.example/api/account/900/chat/H1-abcK2/info", "@rel": "self"}],
            "state": "waiting", "chatSessionKey": "H1-abcK2", "chatTimeout": 40,
            "visitorTyping": "not-typing", "agentTyping": "not-typing", "visitorName": "you"
        }
    }})
}

#[test]
fn decodes_links_events_and_info() {
    let c = decode::<ChatResource>(&bytes(sample())).unwrap();
    assert_eq!(
        c.links.get("next"),
        Some("https://va.example/api/account/900/chat/H1-abcK2?from=2")
    );
    assert_eq!(
        c.events.links.get("next"),
        Some("https://va.example/api/account/900/chat/H1-abcK2/events?from=2")
    );
    assert_eq!(c.events.events.len(), 2);
    assert_eq!(
        c.events.events[0].body,
        EventBody::State(ChatState::Waiting)
    );
    let info = c.info.unwrap();
    assert_eq!(info.state, Some(ChatState::Waiting));
    assert_eq!(info.chat_session_key.as_deref(), Some("H1-abcK2"));
    assert_eq!(info.agent_typing, Some(TypingState::NotTyping));
    assert_eq!(info.agent_name, None);
}

#[test]
fn events_and_info_may_be_absent_or_null() {
    let c = decode::<ChatResource>(br#"{"chat":{"link":{"@href":"https://h/c","@rel":"self"}}}"#)
        .unwrap();
    assert!(c.events.events.is_empty());
    assert!(c.info.is_none());
    let c = decode::<ChatResource>(br#"{"chat":{"events":null,"info":null}}"#).unwrap();
    assert!(c.events.events.is_empty() && c.info.is_none());
}

#[test]
fn encode_round_trips() {
    let c = decode::<ChatResource>(&bytes(sample())).unwrap();
    let again = decode::<ChatResource>(&encode(&c)).unwrap();
    assert_eq!(again, c);
}
