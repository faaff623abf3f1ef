//! `GET /chat/availableSlots`: `-1` is unlimited; 5xx climbs the ladder.

use lp_server_chat::wire::AvailableSlots;
use lp_server_chat::{AvailabilityQuery, OpResult, RequestKind, RetryCause};
use serde_json::json;

use crate::support::*;

#[test]
fn the_request_and_an_unlimited_answer() {
    let mut h = Harness::new(config());
    let op = h.session.check_available_slots(
        AvailabilityQuery {
            skills: vec!["Billing".into()],
            ..AvailabilityQuery::default()
        },
        h.now,
    );
    h.drain();
    let t = h.take(RequestKind::AvailableSlots);
    assert_api_get(&t);
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat/availableSlots")
    );
    assert_eq!(
        query(&t),
        pairs(&[("skill", "Billing"), ("v", "1"), ("NC", "true")])
    );
    h.reply(&t, ok(json!({"availableSlots": -1})));
    assert_eq!(
        h.completed(op),
        Some(&OpResult::AvailableSlots(AvailableSlots::Unlimited))
    );
}

#[test]
fn a_count_arrives_as_a_count() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .check_available_slots(AvailabilityQuery::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::AvailableSlots);
    h.reply(&t, ok(json!({"availableSlots": "3"})));
    assert_eq!(
        h.completed(op),
        Some(&OpResult::AvailableSlots(AvailableSlots::Count(3)))
    );
}

#[test]
fn server_errors_are_retried_on_the_ladder_then_answered() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .check_available_slots(AvailabilityQuery::default(), h.now);
    h.drain();
    for status in [503, 500] {
        let t = h.take(RequestKind::AvailableSlots);
        h.reply(&t, error(status, 27, "Service temporarily unavailable"));
        h.wake();
    }
    let t = h.take(RequestKind::AvailableSlots);
    assert_eq!(t.attempt, 3);
    h.reply(&t, ok(json!({"availableSlots": 5})));
    assert_eq!(
        h.retries(),
        [
            (RequestKind::AvailableSlots, 2, 5),
            (RequestKind::AvailableSlots, 3, 10)
        ]
    );
    let causes: Vec<_> = h
        .events
        .iter()
        .filter_map(|e| match e {
            lp_server_chat::Event::Retrying { cause, .. } => Some(*cause),
            _ => None,
        })
        .collect();
    assert_eq!(
        causes,
        [RetryCause::ServerError(503), RetryCause::ServerError(500)]
    );
    assert_eq!(
        h.completed(op),
        Some(&OpResult::AvailableSlots(AvailableSlots::Count(5)))
    );
}
