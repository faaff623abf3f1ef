//! `GET /chat/estimatedWaitTime`: seconds and the two sentinels; a garbled body is retried.

use lp_server_chat::wire::EstimatedWaitTime;
use lp_server_chat::{OpResult, RequestKind, WaitTimeQuery};
use serde_json::json;

use crate::support::*;

fn ask(h: &mut Harness, answer: serde_json::Value) -> Option<OpResult> {
    let op = h
        .session
        .check_estimated_wait_time(WaitTimeQuery::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::EstimatedWaitTime);
    h.reply(&t, ok(answer));
    h.completed(op).cloned()
}

#[test]
fn the_request_carries_skill_and_service_queue() {
    let mut h = Harness::new(config());
    let _ = h.session.check_estimated_wait_time(
        WaitTimeQuery {
            skill: Some("Billing".into()),
            service_queue: Some("Gold".into()),
        },
        h.now,
    );
    h.drain();
    let t = h.take(RequestKind::EstimatedWaitTime);
    assert_api_get(&t);
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat/estimatedWaitTime")
    );
    assert_eq!(
        query(&t),
        pairs(&[
            ("skill", "Billing"),
            ("serviceQueue", "Gold"),
            ("v", "1"),
            ("NC", "true")
        ])
    );
}

#[test]
fn seconds_and_sentinels_decode_to_their_meaning() {
    let mut h = Harness::new(config());
    for (wire, meaning) in [
        (json!(45), EstimatedWaitTime::Seconds(45)),
        (json!(0), EstimatedWaitTime::Seconds(0)),
        (json!(-1), EstimatedWaitTime::NoAgentOnline),
        (json!("-2"), EstimatedWaitTime::NotEnoughData),
    ] {
        let result = ask(&mut h, json!({"estimatedWaitTime": wire}));
        assert_eq!(result, Some(OpResult::EstimatedWaitTime(meaning)));
    }
}

#[test]
fn a_garbled_body_is_a_protocol_error_and_is_asked_again() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .check_estimated_wait_time(WaitTimeQuery::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::EstimatedWaitTime);
    h.reply(&t, raw(200, r#"{"estimatedWaitTime": "#));
    assert_eq!(h.protocol_errors(), [RequestKind::EstimatedWaitTime]);
    assert_eq!(h.retries(), [(RequestKind::EstimatedWaitTime, 2, 5)]);
    assert!(h.completed(op).is_none());
    h.wake();
    let t = h.take(RequestKind::EstimatedWaitTime);
    h.reply(&t, ok(json!({"estimatedWaitTime": 12})));
    assert_eq!(
        h.completed(op),
        Some(&OpResult::EstimatedWaitTime(EstimatedWaitTime::Seconds(12)))
    );
}
