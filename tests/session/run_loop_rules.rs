//! The run loop's rules as the crate docs state them: commands may pile up before a drain,
//! `handle_timeout` may come early or with an instant from the past, each request is answered
//! once, and at most one request per kind of work is on the wire.

use std::time::Duration;

use lp_server_chat::{Error, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn commands_given_together_go_in_order_and_the_latest_name_wins() {
    let mut h = chatting();
    for text in ["one", "two", "three"] {
        h.session.send_line(text, h.now).unwrap();
    }
    h.session.set_visitor_name("Sam", h.now).unwrap();
    h.session.set_visitor_name("Samantha", h.now).unwrap();
    h.drain();
    let names: Vec<_> = h
        .pending
        .iter()
        .filter(|t| t.kind == RequestKind::SetVisitorName)
        .map(|t| body(t)["visitorName"].clone())
        .collect();
    assert_eq!(names, [json!("Samantha")]);
    let mut sent = Vec::new();
    for event_id in 3.. {
        if !h.has(RequestKind::SendLine) {
            break;
        }
        let t = h.take(RequestKind::SendLine);
        assert!(!h.has(RequestKind::SendLine), "one line on the wire");
        sent.push(body(&t)["event"]["text"].clone());
        h.reply(&t, created(&format!("{CHAT}/events/{event_id}")));
    }
    assert_eq!(sent, [json!("one"), json!("two"), json!("three")]);
}

#[test]
fn an_early_or_repeated_timeout_sends_nothing_and_keeps_the_deadline() {
    let mut h = chatting();
    let deadline = h.wait.expect("a deadline");
    let before = h.sent.len();
    for early in [
        Duration::ZERO,
        Duration::from_millis(10),
        Duration::from_millis(500),
    ] {
        h.session.handle_timeout(h.now + early);
        h.drain();
        assert_eq!(h.sent.len(), before, "nothing was due");
        assert_eq!(h.wait, Some(deadline));
    }
}

#[test]
fn an_instant_from_the_past_is_read_as_the_latest_one_seen() {
    let mut h = chatting();
    let deadline = h.wait.expect("a deadline");
    h.session.handle_timeout(h.start);
    h.drain();
    assert_eq!(h.wait, Some(deadline), "time did not go back");
    h.wake();
    assert!(h.has(RequestKind::Poll), "the poll still goes when due");
}

#[test]
fn a_second_answer_to_one_request_is_refused_and_changes_nothing() {
    let mut h = chatting();
    h.session.send_line("hello", h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SendLine);
    h.reply(&t, created(&format!("{CHAT}/events/3")));
    let events = h.events.len();
    let again = h
        .session
        .handle_response(t.id, created(&format!("{CHAT}/events/9")), h.now);
    assert_eq!(again, Err(Error::UnknownRequest(t.id)));
    h.drain();
    assert_eq!(h.events.len(), events, "no second outcome");
}

#[test]
fn one_request_per_kind_of_work_is_in_flight() {
    let mut h = chatting();
    h.session.send_line("a", h.now).unwrap();
    h.session.send_line("b", h.now).unwrap();
    h.session.set_typing(true, h.now).unwrap();
    h.session.set_visitor_name("Sam", h.now).unwrap();
    let _ = h.session.fetch_chat_info(h.now).unwrap();
    let _ = h.session.fetch_chat_info(h.now).unwrap();
    h.wake();
    let mut kinds = h.kinds();
    kinds.sort_by_key(|k| format!("{k:?}"));
    let calls = kinds.iter().filter(|k| **k == RequestKind::GetInfo).count();
    assert_eq!(calls, 2, "one per one-shot call");
    kinds.retain(|k| *k != RequestKind::GetInfo);
    let mut unique = kinds.clone();
    unique.dedup();
    assert_eq!(kinds, unique, "{kinds:?}");
    assert_eq!(h.session.in_flight(), h.pending.len());
}
