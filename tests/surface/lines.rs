//! `POST …/events` with a line: the body, the event id from `Location`, and a refusal.

use lp_server_chat::{Event, LineFailure, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn a_line_is_one_line_event_and_its_location_names_the_event() {
    let mut h = chatting();
    let id = h
        .session
        .send_line("Can you check order 1182?", h.now)
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::SendLine);
    assert_eq!(method(&t), "POST");
    assert_eq!(url(&t), format!("{CHAT}/events"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(header(&t, "authorization"), Some(APP_KEY_HEADER));
    assert_eq!(header(&t, "content-type"), Some("application/json"));
    assert_eq!(header(&t, "x-http-method-override"), None);
    assert_eq!(
        body(&t),
        json!({"event": {"@type": "line", "text": "Can you check order 1182?"}})
    );
    h.reply(&t, created(&format!("{CHAT}/events/3")));
    assert!(h.events.contains(&Event::LineDelivered {
        line: id,
        event_id: Some(3)
    }));
}

#[test]
fn a_refused_line_fails_with_the_server_reason() {
    let mut h = chatting();
    let id = h.session.send_line("<b>hi</b>", h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SendLine);
    h.reply(&t, error(400, 1, "Bad request"));
    assert!(h.events.contains(&Event::LineFailed {
        line: id,
        reason: LineFailure::Refused(lp_server_chat::Refusal {
            status: 400,
            internal_code: Some(1),
            message: Some("Bad request".into())
        })
    }));
}
