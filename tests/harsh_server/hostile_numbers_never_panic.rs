//! Absurd numbers from a snapshot, a configuration or the server are errors or saturated
//! pauses, never an `Instant` or `Duration` overflow.

use std::time::{Duration, Instant};

use lp_server_chat::{
    ChatSession, Error, Phase, RequestKind, RetryPolicy, SnapshotError, TransportError,
};
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

#[test]
fn a_pause_of_forever_leaves_the_clock_room_to_give_up_after_it() {
    // "Never report not-typing by itself": the only deadline while a read is out is centuries
    // away. A host that jumps there must still see reads a second apart and, with the network
    // down, an end.
    let mut config = config();
    config.typing_quiet = Duration::MAX;
    let mut h = Harness::new(config);
    h.start_chat();
    h.poll_with(
        json!([state(0, "chatting")]),
        info("chatting", Some("Dana"), false),
    );
    h.session.set_typing(true, h.now).unwrap();
    h.drain();
    let typing = h.take(RequestKind::SetTyping);
    h.reply(&typing, ok(json!({})));
    h.idle_until(RequestKind::Poll);
    let read = h.take(RequestKind::Poll);
    h.wake();
    assert!(h.at() > 50.0 * 365.0 * 86_400.0, "the far deadline was met");
    let jumped = h.now;
    h.fail(&read, TransportError::not_sent("down"));
    for _ in 0..10_000 {
        if h.session.phase() == Phase::Ended {
            break;
        }
        match h.pending.first().map(|t| t.kind) {
            Some(kind) => {
                let t = h.take(kind);
                h.fail(&t, TransportError::not_sent("down"));
            }
            None => h.wake(),
        }
    }
    assert_eq!(h.session.phase(), Phase::Ended, "the session gave up");
    let reads: Vec<Instant> = h
        .sent
        .iter()
        .filter(|(at, kind, _)| *kind == RequestKind::Poll && *at >= jumped)
        .map(|(at, ..)| *at)
        .collect();
    assert!(reads.len() > 2, "reads went on after the jump");
    let gaps_ok = reads
        .windows(2)
        .all(|w| w[1] - w[0] >= Duration::from_secs(1));
    assert!(gaps_ok, "reads a second apart");
}
