//! A request that never left confirms nothing: after connection failures the keep-alive still
//! counts from the last request that reached the chat, and probes just before that expiry.

use lp_server_chat::{RequestKind, RetryPolicy, TransportError};
use serde_json::json;

use crate::support::*;

/// A poll's answer with no events: the chat goes on, unchanged.
fn nothing_new() -> http::Response<Vec<u8>> {
    ok(chat_doc(
        3,
        json!([]),
        info("chatting", Some("Dana"), false),
    ))
}

/// A live chat whose poll was just answered, and the time of that poll: the last request known
/// to have reached the chat.
fn confirmed_by_a_poll() -> (Harness, f64) {
    let mut h = chatting();
    h.wake();
    let confirmed = h.at();
    let last = h.take(RequestKind::Poll);
    h.reply(&last, nothing_new());
    (h, confirmed)
}

#[test]
fn connect_failures_leave_the_expiry_where_the_last_answer_put_it() {
    let (mut h, confirmed) = confirmed_by_a_poll();
    let mut attempts = Vec::new();
    loop {
        h.wake();
        if h.at() - confirmed >= 40.0 {
            break;
        }
        if h.has(RequestKind::Poll) {
            attempts.push(h.at() - confirmed);
            let t = h.take(RequestKind::Poll);
            h.fail(&t, TransportError::not_sent("connection refused"));
        }
    }
    let policy = RetryPolicy::default();
    for lead in &policy.expiry_probes {
        let at = 40.0 - lead.as_secs_f64();
        assert!(
            attempts.iter().any(|a| (a - at).abs() < 1e-6),
            "no probe {lead:?} before the expiry: {attempts:?}"
        );
    }
    let gaps: Vec<f64> = attempts.windows(2).map(|w| w[1] - w[0]).collect();
    let probe = policy.probe_interval.as_secs_f64();
    assert!(gaps.iter().all(|g| *g <= probe + 1e-6), "{attempts:?}");
}

#[test]
fn the_network_back_two_seconds_before_the_expiry_still_saves_the_chat() {
    let (mut h, confirmed) = confirmed_by_a_poll();
    loop {
        h.wake();
        if !h.has(RequestKind::Poll) {
            continue;
        }
        let t = h.take(RequestKind::Poll);
        if h.at() - confirmed < 37.5 {
            h.fail(&t, TransportError::not_sent("connection refused"));
        } else {
            assert!(
                h.at() - confirmed < 40.0,
                "first read after 37.5 s at {}",
                h.at()
            );
            h.reply(&t, nothing_new());
            break;
        }
    }
    assert!(h.session.phase() == lp_server_chat::Phase::Live);
}
