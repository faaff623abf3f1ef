//! The edge reading of a 5xx or 429: an edge answered, the request never reached the chat, so
//! it was not applied and the chat's idle timer was not refreshed.

use std::time::Duration;

use lp_server_chat::emulator::{FaultPlan, RetryAfterForm};

use crate::support::*;

/// A chat (timeout 40 s) whose last applied request is at 10 s, then gets only edge answers
/// from 11 s on for far longer than its timeout.
fn starved(faults: FaultPlan) {
    let mut cfg = config();
    cfg.faults = faults;
    let mut h = Harness::new(cfg);
    let t0 = h.now;
    let id = h.chatting();
    h.secs(10);
    assert_eq!(h.get(&format!("/chat/{id}")).status(), 200);
    let applied_at = h.now;
    h.secs(1);
    // Every 3 s until just before the timeout runs out: each answered by the edge.
    while h.now + Duration::from_secs(3) < applied_at + Duration::from_secs(40) {
        let poll = h.get(&format!("/chat/{id}"));
        assert!(
            matches!(poll.status().as_u16(), 429 | 500 | 503),
            "{poll:?}"
        );
        assert!(h.say(&id, "anyone?").status().as_u16() >= 429);
        assert_eq!(h.emu.chat(&id).unwrap().last_update, applied_at);
        h.secs(3);
    }
    assert!(h.emu.chat(&id).unwrap().lines_from("visitor").is_empty());
    assert!(!h.emu.chat(&id).unwrap().is_gone());
    h.wait(applied_at + Duration::from_secs(40) - h.now);
    assert!(
        h.emu.chat(&id).unwrap().is_gone(),
        "expired 40 s after 10 s"
    );
    // Once the edge lets requests through again, the chat is gone.
    h.wait(t0 + Duration::from_secs(200) - h.now);
    assert_error(&h.get(&format!("/chat/{id}")), 404, 12);
    assert_error(&h.say(&id, "hello?"), 404, 12);
}

#[test]
fn a_chat_that_gets_only_edge_5xx_expires_from_its_last_applied_request() {
    starved(
        FaultPlan::none().server_errors_during(Duration::from_secs(11), Duration::from_secs(100)),
    );
}

#[test]
fn a_chat_that_gets_only_429_expires_from_its_last_applied_request() {
    starved(FaultPlan::none().rate_limit_during(
        Duration::from_secs(11),
        Duration::from_secs(100),
        RetryAfterForm::Seconds(1),
    ));
}
