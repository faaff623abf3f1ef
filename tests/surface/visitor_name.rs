//! `…/info/visitorName`: read (GET) and set (POST + override PUT).

use lp_server_chat::{Event, Failure, OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn reading_the_name() {
    let mut h = chatting();
    let op = h.session.fetch_visitor_name(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::GetVisitorName);
    assert_api_get(&t);
    assert_eq!(url(&t), format!("{CHAT}/info/visitorName"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    h.reply(&t, ok(json!({"visitorName": "You"})));
    assert_eq!(h.completed(op), Some(&OpResult::VisitorName("You".into())));
}

#[test]
fn setting_the_name_tunnels_put() {
    let mut h = chatting();
    h.session.set_visitor_name("Jane", h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SetVisitorName);
    assert_api_put(&t);
    assert_eq!(url(&t), format!("{CHAT}/info/visitorName"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(body(&t), json!({"visitorName": "Jane"}));
    h.reply(&t, raw(201, ""));
    assert!(h.events.contains(&Event::VisitorNameSet("Jane".into())));
}

#[test]
fn a_refused_name_is_reported() {
    let mut h = chatting();
    h.session.set_visitor_name("Jane", h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SetVisitorName);
    h.reply(&t, error(400, 1, "Expected visitorName"));
    assert!(h.events.contains(&Event::RequestFailed {
        kind: RequestKind::SetVisitorName,
        failure: Failure::Refused(lp_server_chat::Refusal {
            status: 400,
            internal_code: Some(1),
            message: Some("Expected visitorName".into())
        })
    }));
}
