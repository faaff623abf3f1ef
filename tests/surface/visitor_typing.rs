//! `…/info/visitorTyping`: read (GET) and set (POST + override PUT).

use lp_server_chat::wire::TypingState;
use lp_server_chat::{Event, Failure, OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn reading_the_visitor_typing_state() {
    let mut h = chatting();
    let op = h.session.fetch_visitor_typing(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::GetVisitorTyping);
    assert_api_get(&t);
    assert_eq!(url(&t), format!("{CHAT}/info/visitorTyping"));
    h.reply(&t, ok(json!({"visitorTyping": "not-typing"})));
    assert_eq!(
        h.completed(op),
        Some(&OpResult::VisitorTyping(TypingState::NotTyping))
    );
}

#[test]
fn setting_typing_tunnels_put() {
    let mut h = chatting();
    h.session.set_typing(true, h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SetTyping);
    assert_api_put(&t);
    assert_eq!(url(&t), format!("{CHAT}/info/visitorTyping"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(body(&t), json!({"visitorTyping": "typing"}));
}

#[test]
fn a_refused_typing_state_is_reported() {
    let mut h = chatting();
    h.session.set_typing(true, h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SetTyping);
    h.reply(
        &t,
        error(400, 5, "Cannot set visitor's typing status. Chat was ended"),
    );
    assert!(h.events.contains(&Event::RequestFailed {
        kind: RequestKind::SetTyping,
        failure: Failure::Refused(lp_server_chat::Refusal {
            status: 400,
            internal_code: Some(5),
            message: Some("Cannot set visitor's typing status. Chat was ended".into())
        })
    }));
}
