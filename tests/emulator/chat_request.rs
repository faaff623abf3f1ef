use lp_server_chat::emulator::RecordState;
use serde_json::Value;

use crate::support::*;

fn is_chat_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix('H') else {
        return false;
    };
    let Some((digits, rest)) = rest.split_once('-') else {
        return false;
    };
    let Some((hex, tail)) = rest.split_once('K') else {
        return false;
    };
    digits.len() == 19
        && digits.bytes().all(|b| b.is_ascii_digit())
        && hex.len() == 32
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
        && tail.len() == 7
        && tail.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn created_with_location_and_empty_body() {
    let mut h = Harness::default();
    let r = h.post(
        "/chat/request.json?v=1&NC=true",
        r#"{"request":{"skill":"Support"}}"#,
    );
    assert_eq!(r.status(), 201);
    assert!(r.body().is_empty());
    let loc = header(&r, "Location").unwrap();
    let id = loc.rsplit('/').next().unwrap();
    assert!(is_chat_id(id), "{id}");
    assert_eq!(h.emu.chat_ids(), [id.to_owned()]);
    assert_eq!(h.emu.chat(id).unwrap().state, RecordState::Waiting);
}

#[test]
fn first_events_are_waiting_then_routing() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let doc = h.poll(&id, 0);
    let ev = chat_events(&doc);
    assert_eq!(ev[0]["@id"], "0");
    assert_eq!(ev[0]["@type"], "state");
    assert_eq!(ev[0]["state"], "waiting");
    assert_eq!(ev[1]["@type"], "line");
    assert_eq!(ev[1]["source"], "system");
    let sys = match &ev[1]["systemMessageId"] {
        Value::String(s) => s.parse::<u64>().unwrap(),
        Value::Number(n) => n.as_u64().unwrap(),
        other => panic!("{other}"),
    };
    assert_eq!(sys, 4);
}

#[test]
fn pre_chat_lines_come_back_as_system_lines_with_id_zero() {
    let mut h = Harness::default();
    let id = h.start_chat_with(
        r#"{"request":{"preChatLines":{"line":["Customer tier: gold","From billing"]}}}"#,
    );
    let ev = chat_events(&h.poll(&id, 0));
    let pre: Vec<_> = ev.iter().filter(|e| e["systemMessageId"] == 0).collect();
    assert_eq!(pre.len(), 2);
    assert_eq!(pre[0]["text"], "Customer tier: gold");
    assert_eq!(pre[0]["source"], "system");
    assert!(pre[0]["systemMessageId"].is_number());
    // A single line (not in a list) works too.
    let id = h.start_chat_with(r#"{"request":{"preChatLines":{"line":"solo"}}}"#);
    assert_eq!(
        h.emu.chat(&id).unwrap().lines_from("system").last(),
        Some(&"solo")
    );
}

#[test]
fn interaction_timeout_sets_chat_timeout() {
    let mut h = Harness::default();
    let id = h.start_chat_with(r#"{"request":{"interactionTimeout":120}}"#);
    let doc = h.poll(&id, 0);
    assert_eq!(doc["chat"]["info"]["chatTimeout"], 120);
    let id = h.start_chat_with(r#"{"request":{}}"#);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["chatTimeout"], 40);
}

#[test]
fn body_must_be_wrapped_in_request() {
    let mut h = Harness::default();
    let r = h.post("/chat/request?v=1", r#"{"skill":"Support"}"#);
    assert_error(&r, 400, 1);
    let r = h.post("/chat/request?v=1", "");
    assert_error(&r, 400, 1);
    assert!(h.emu.chat_ids().is_empty());
}

#[test]
fn chat_ids_are_distinct() {
    let mut h = Harness::default();
    let a = h.start_chat();
    let b = h.start_chat();
    assert_ne!(a, b);
    assert_eq!(h.emu.chat_ids(), [a, b]);
}
