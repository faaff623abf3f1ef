use lp_server_chat::wire::{decode, ChatRequest, EventBatch, Id, Survey};
use serde_json::json;

use crate::bytes;

fn batch(event: serde_json::Value) -> EventBatch {
    let body = bytes(json!({"events": {"link": [], "event": event}}));
    decode::<EventBatch>(&body).expect("decodes")
}

#[test]
fn event_as_array() {
    let b = batch(json!([
        {"@id": "10", "@type": "state", "state": "chatting"},
        {"@id": "11", "@type": "state", "state": "ended"}
    ]));
    assert_eq!(b.events.iter().map(|e| e.id).collect::<Vec<_>>(), [10, 11]);
}

#[test]
fn event_as_single_object() {
    let b = batch(json!({"@id": "12", "@type": "state", "state": "waiting"}));
    assert_eq!(b.events.len(), 1);
    assert_eq!(b.events[0].id, 12);
}

#[test]
fn event_null_or_absent_is_empty() {
    assert!(batch(serde_json::Value::Null).events.is_empty());
    let body = bytes(json!({"events": {"link": {"@rel": "next", "@href": "https://h/x?from=3"}}}));
    assert!(decode::<EventBatch>(&body).unwrap().events.is_empty());
}

#[test]
fn link_as_single_object() {
    let body = bytes(json!({"events": {"link": {"@rel": "next", "@href": "https://h/e?from=9"}}}));
    let b = decode::<EventBatch>(&body).unwrap();
    assert_eq!(b.links.get("next"), Some("https://h/e?from=9"));
}

#[test]
fn question_entry_and_show_logic_id_as_single_values() {
    let body = bytes(json!({"survey": {
        "id": "7001",
        "questions": {"question": {
            "id": "8001", "type": "Radio Button", "label": "Pick one",
            "entry": {"value": "a", "checked": "true", "logic": {"showLogicId": "4"}}
        }}
    }}));
    let s = decode::<Survey>(&body).unwrap();
    assert_eq!(s.questions.len(), 1);
    assert_eq!(s.questions[0].entries.len(), 1);
    assert_eq!(s.questions[0].entries[0].show_logic_ids, [Id::from(4u64)]);
}

#[test]
fn show_logic_id_as_array_of_mixed_types() {
    let body = bytes(json!({"survey": {
        "id": 1,
        "questions": {"question": [{
            "id": 2, "type": "Checkbox", "label": "x",
            "entry": [{"value": "a", "logic": {"showLogicId": [5, "6"]}}, {"value": "b"}]
        }]}
    }}));
    let s = decode::<Survey>(&body).unwrap();
    let e = &s.questions[0].entries;
    assert_eq!(e[0].show_logic_ids, [Id::from(5u64), Id::from("6")]);
    assert!(e[1].show_logic_ids.is_empty());
}

#[test]
fn pre_chat_line_as_single_string() {
    let body = bytes(json!({"request": {"preChatLines": {"line": "only line"}}}));
    let r = decode::<ChatRequest>(&body).unwrap();
    assert_eq!(r.pre_chat_lines, ["only line"]);
}
