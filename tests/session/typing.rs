use std::time::Duration;

use lp_server_chat::{Event, RequestKind};
use serde_json::json;

use crate::support::*;

fn typing_bodies(h: &mut Harness) -> Vec<String> {
    let mut bodies = Vec::new();
    while h.has(RequestKind::SetTyping) {
        let t = h.take(RequestKind::SetTyping);
        assert_eq!(t.request.headers()["x-http-method-override"], "PUT");
        bodies.push(String::from_utf8(t.request.body().clone()).unwrap());
        h.reply(&t, response(200, &[], vec![]));
    }
    bodies
}

#[test]
fn only_transitions_are_sent_and_repeats_coalesce() {
    let mut h = chatting();
    h.session.set_typing(false, h.now).unwrap();
    h.drain();
    assert!(
        !h.has(RequestKind::SetTyping),
        "the server starts at not-typing"
    );
    for _ in 0..5 {
        h.session.set_typing(true, h.now).unwrap();
    }
    h.drain();
    let t = h.take(RequestKind::SetTyping);
    // While that one is in flight, more keystrokes change nothing.
    h.session.set_typing(true, h.now).unwrap();
    h.drain();
    assert!(!h.has(RequestKind::SetTyping));
    h.reply(&t, response(200, &[], vec![]));
    assert!(!h.has(RequestKind::SetTyping));
    assert!(String::from_utf8_lossy(t.request.body()).contains("\"typing\""));
}

#[test]
fn typing_lapses_to_not_typing_by_itself() {
    let mut h = chatting();
    h.session.set_typing(true, h.now).unwrap();
    h.drain();
    assert_eq!(typing_bodies(&mut h), [r#"{"visitorTyping":"typing"}"#]);
    h.advance(Duration::from_secs(6));
    while h.has(RequestKind::Poll) {
        h.poll_with(json!([]), info("chatting", Some("Dana"), false));
    }
    assert_eq!(typing_bodies(&mut h), [r#"{"visitorTyping":"not-typing"}"#]);
}

#[test]
fn typing_never_holds_up_a_line() {
    let mut h = chatting();
    h.session.set_typing(true, h.now).unwrap();
    h.drain();
    let _typing_in_flight = h.take(RequestKind::SetTyping);
    h.session.send_line("go", h.now).unwrap();
    h.drain();
    assert!(h.has(RequestKind::SendLine));
}

#[test]
fn agent_typing_is_reported_on_change_only() {
    let mut h = chatting();
    for typing in [true, true, false, false, true] {
        h.wake();
        h.poll_with(json!([]), info("chatting", Some("Dana"), typing));
    }
    let changes: Vec<_> = h
        .events
        .iter()
        .filter_map(|e| match e {
            Event::AgentTyping(t) => Some(*t),
            _ => None,
        })
        .collect();
    assert_eq!(changes, [true, false, true]);
}
