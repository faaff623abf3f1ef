//! `POST …/events` with `state: ended`: the body, the confirming read, and retries.

use lp_server_chat::{EndReason, Event, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn ending_posts_the_state_event_then_reads_once_more() {
    let mut h = chatting();
    h.session.end_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::EndChat);
    assert_eq!(method(&t), "POST");
    assert_eq!(url(&t), format!("{CHAT}/events"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(header(&t, "x-http-method-override"), None);
    assert_eq!(
        body(&t),
        json!({"event": {"@type": "state", "state": "ended"}})
    );
    h.reply(&t, created(&format!("{CHAT}/events/3")));
    h.poll_with(
        json!([state(3, "ended")]),
        info("ended", Some("Dana"), false),
    );
    assert!(h.events.contains(&Event::ChatEnded {
        reason: EndReason::Visitor
    }));
}

#[test]
fn a_server_error_on_ending_is_retried() {
    let mut h = chatting();
    h.session.end_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::EndChat);
    h.reply(&t, error(503, 27, "Service temporarily unavailable"));
    assert_eq!(h.retries(), [(RequestKind::EndChat, 2, 5)]);
    h.idle_until(RequestKind::EndChat);
    let t = h.take(RequestKind::EndChat);
    assert_eq!(t.attempt, 2);
}
