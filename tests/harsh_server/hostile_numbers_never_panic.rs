//! Absurd numbers from a snapshot, a configuration or the server are errors or saturated
//! pauses, never an `Instant` or `Duration` overflow.

use std::time::Duration;

use lp_server_chat::{ChatSession, Error, RequestKind, RetryPolicy, SnapshotError};
use serde_json::json;

use crate::support::*;

fn snapshot_with(field: &str, value: serde_json::Value) -> lp_server_chat::Snapshot {
    let h = chatting();
    let mut json = serde_json::to_value(h.session.snapshot()).unwrap();
    json[field] = value;
    serde_json::from_value(json).unwrap()
}

#[test]
fn a_snapshot_with_an_impossible_chat_timeout_is_refused() {
    let snapshot = snapshot_with("chat_timeout_secs", json!(u64::MAX));
    let resumed = ChatSession::resume(config(), snapshot, std::time::Instant::now());
    assert_eq!(
        resumed.err(),
        Some(Error::BadSnapshot(SnapshotError::ChatTimeout {
            secs: u64::MAX
        }))
    );
}

#[test]
fn a_snapshot_with_a_huge_chat_timeout_survives_a_503() {
    let snapshot = snapshot_with("chat_timeout_secs", json!(24 * 3600));
    let now = std::time::Instant::now();
    let mut h = Harness::new(config());
    h.session = ChatSession::resume(config(), snapshot, now).unwrap();
    h.now = now;
    h.drain();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, error(503, 27, "Service temporarily unavailable"));
    assert!(h.wait.is_some());
}

#[test]
fn an_unbounded_retry_after_under_an_unbounded_cap_saturates() {
    let mut config = config();
    config.retry = RetryPolicy {
        max_retry_after: Duration::MAX,
        jitter: f64::NAN,
        ..RetryPolicy::default()
    };
    let mut h = Harness::new(config);
    h.start_chat();
    h.poll_with(
        json!([state(0, "chatting")]),
        info("chatting", Some("Dana"), false),
    );
    h.session.send_line("hi", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.reply(
        &send,
        response(429, &[("Retry-After", "18446744073709551615")], Vec::new()),
    );
    assert_eq!(h.retries().len(), 1);
}
