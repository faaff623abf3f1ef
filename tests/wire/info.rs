use lp_server_chat::wire::{decode, encode, ChatState, Id, Info, TypingState};
use serde_json::json;

use crate::bytes;

#[test]
fn full_info_document() {
    let body = bytes(json!({"info": {
        "link": [
            {"href": "https://h/a/5/chat/K9/info", "rel": "self"},
            {"href": "https://h/a/5/chat/K9/info/visitorName", "rel": "visitor-name"}
        ],
        "state": "chatting", "chatSessionKey": "K9", "skillName": "Returns", "skillId": 661,
        "agentName": "Robin", "agentId": 3301, "startTime": "2025-02-03T08:00:00.000-05:00",
        "duration": 12, "lastUpdate": "2025-02-03T08:01:00.000-05:00", "chatTimeout": 40,
        "visitorId": 880011, "agentTyping": "typing", "visitorTyping": "not-typing",
        "visitorName": "Sam", "rtSessionId": 7700112233u64, "engagementId": "31", "campaignId": "32",
        "language": "fr-FR", "participantId": "0b9f7a2c-1111-4a4a-9c9c-222233334444",
        "agentPictureUrl": "https://cdn.example/robin.png"
    }}));
    let i = decode::<Info>(&body).unwrap();
    assert_eq!(
        i.links.get("visitor-name"),
        Some("https://h/a/5/chat/K9/info/visitorName")
    );
    assert_eq!(i.state, Some(ChatState::Chatting));
    assert_eq!(i.skill_name.as_deref(), Some("Returns"));
    assert_eq!(i.agent_name.as_deref(), Some("Robin"));
    assert_eq!(i.agent_id, Some(Id::from(3301u64)));
    assert_eq!(
        i.start_time.as_deref(),
        Some("2025-02-03T08:00:00.000-05:00")
    );
    assert_eq!(
        i.last_update.as_deref(),
        Some("2025-02-03T08:01:00.000-05:00")
    );
    assert_eq!(i.chat_timeout, Some(40));
    assert_eq!(i.agent_typing, Some(TypingState::Typing));
    assert_eq!(i.visitor_typing, Some(TypingState::NotTyping));
    assert_eq!(i.visitor_name.as_deref(), Some("Sam"));
    assert_eq!(i.rt_session_id, Some(Id::from(7700112233u64)));
    assert_eq!(i.language.as_deref(), Some("fr-FR"));
    assert_eq!(
        i.participant_id.as_deref(),
        Some("0b9f7a2c-1111-4a4a-9c9c-222233334444")
    );
    assert_eq!(
        i.agent_picture_url.as_deref(),
        Some("https://cdn.example/robin.png")
    );
    assert_eq!(decode::<Info>(&encode(&i)).unwrap(), i);
}

#[test]
fn empty_info_is_all_none() {
    let i = decode::<Info>(br#"{"info":{}}"#).unwrap();
    assert_eq!(i, Info::default());
}

#[test]
fn numeric_visitor_name_is_text() {
    let i = decode::<Info>(br#"{"info":{"visitorName":2024}}"#).unwrap();
    assert_eq!(i.visitor_name.as_deref(), Some("2024"));
}

#[test]
fn members_every_example_carries() {
    // The chat-resource example of the docs (§ 4.9), `sharkContextId` as a number.
    let body = bytes(json!({"info": {
        "state": "waiting", "chatSessionKey": "{chatId}", "skillName": "Support",
        "skillId": 987654321, "startTime": "2024-03-11T09:15:02.119+00:00", "duration": 0,
        "lastUpdate": "2024-03-11T09:15:02.300+00:00", "chatTimeout": 40,
        "visitorId": 1299900011122233u64, "agentTyping": "not-typing",
        "visitorTyping": "not-typing", "visitorName": "you", "rtSessionId": 4294971234u64,
        "sharkVisitorId": "k3JpQm9sTUaB1xYzW0aQcA", "sharkSessionId": "Zq7Vd2kLRfaP0s9tYbWmEw",
        "sharkContextId": 1, "engagementId": 1234567810u64, "campaignId": 1234567610u64,
        "language": "en-US"
    }}));
    let i = decode::<Info>(&body).unwrap();
    assert_eq!(i.duration, Some(0));
    assert_eq!(
        i.last_update.as_deref(),
        Some("2024-03-11T09:15:02.300+00:00")
    );
    assert_eq!(i.last_update_ms(), Some(1_710_148_502_300));
    assert_eq!(i.shark_visitor_id, Some(Id::from("k3JpQm9sTUaB1xYzW0aQcA")));
    assert_eq!(i.shark_session_id, Some(Id::from("Zq7Vd2kLRfaP0s9tYbWmEw")));
    assert_eq!(i.shark_context_id, Some(Id::from(1u64)));
    assert_eq!(decode::<Info>(&encode(&i)).unwrap(), i);
}

#[test]
fn duration_and_shark_ids_in_the_other_spelling() {
    // The chat-information example of the docs (§ 4.12) sends `sharkContextId` as a string.
    let i = decode::<Info>(&bytes(json!({"info": {
        "duration": "75", "sharkContextId": "1", "sharkVisitorId": 42
    }})))
    .unwrap();
    assert_eq!(i.duration, Some(75));
    assert_eq!(i.shark_context_id.as_ref().map(Id::as_str), Some("1"));
    assert_eq!(i.shark_visitor_id.as_ref().map(Id::as_str), Some("42"));
    assert_eq!(
        decode::<Info>(br#"{"info":{"duration":""}}"#)
            .unwrap()
            .duration,
        None
    );
}
