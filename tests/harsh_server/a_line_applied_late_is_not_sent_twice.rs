//! A timed-out POST may sit in a queue and be applied after the client gave up. A read that
//! went out too soon after the failure does not count as proof the line is missing: only one
//! sent `settle_time` after it does.

use lp_server_chat::{Event, RequestKind, RetryPolicy, TransportError};
use serde_json::json;

use crate::support::*;

#[test]
fn an_echo_that_appears_two_reads_later_delivers_the_line() {
    let mut h = chatting();
    let id = h.session.send_line("refund please", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    let failed_at = h.at();
    h.fail(&send, TransportError::maybe_sent("timed out"));
    let settle = RetryPolicy::default().settle_time.as_secs_f64();
    // Reads sent before the settle time show nothing yet: the line is still in a queue.
    loop {
        h.idle_until(RequestKind::Poll);
        if h.at() - failed_at >= settle - 1.0 {
            break;
        }
        h.poll_with(json!([]), info("chatting", Some("Dana"), false));
        assert!(
            !h.has(RequestKind::SendLine),
            "sent again before the line could settle"
        );
    }
    h.poll_with(
        json!([line(3, "visitor", "refund please")]),
        info("chatting", Some("Dana"), false),
    );
    assert!(h.events.contains(&Event::LineDelivered {
        line: id,
        event_id: Some(3)
    }));
    for _ in 0..5 {
        assert!(!h.has(RequestKind::SendLine));
        h.idle_until(RequestKind::Poll);
        h.poll_with(json!([]), info("chatting", Some("Dana"), false));
    }
}

#[test]
fn the_line_is_sent_again_only_after_a_read_past_the_settle_time() {
    let mut h = chatting();
    h.session.send_line("refund please", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    let failed_at = h.at();
    h.fail(&send, TransportError::maybe_sent("timed out"));
    let settle = RetryPolicy::default().settle_time.as_secs_f64();
    let mut last_read = 0.0;
    while !h.has(RequestKind::SendLine) {
        if h.has(RequestKind::Poll) {
            last_read = h.at();
            h.poll_with(json!([]), info("chatting", Some("Dana"), false));
        } else {
            h.wake();
        }
    }
    assert!(
        last_read - failed_at >= settle,
        "read at {last_read}, failure at {failed_at}"
    );
}
