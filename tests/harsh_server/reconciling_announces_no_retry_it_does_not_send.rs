//! While a maybe-sent line is being checked against the stream, no `Retrying` is announced: the
//! retry is announced when the stream shows it did not land, and never if it did.

use lp_server_chat::{Event, RequestKind, TransportError};
use serde_json::json;

use crate::support::*;

fn line_retries(h: &Harness) -> usize {
    h.retries()
        .iter()
        .filter(|(kind, ..)| *kind == RequestKind::SendLine)
        .count()
}

#[test]
fn a_line_found_in_the_stream_was_never_announced_as_retried() {
    let mut h = chatting();
    let id = h.session.send_line("hello", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.fail(&send, TransportError::maybe_sent("reset after sending"));
    assert_eq!(line_retries(&h), 0);
    h.idle_until(RequestKind::Poll);
    h.poll_with(
        json!([line(3, "visitor", "hello")]),
        info("chatting", Some("Dana"), false),
    );
    assert!(h.events.contains(&Event::LineDelivered {
        line: id,
        event_id: Some(3)
    }));
    assert_eq!(line_retries(&h), 0);
}

#[test]
fn a_line_missing_from_the_stream_is_announced_once_and_then_sent() {
    let mut h = chatting();
    h.session.send_line("hello", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.fail(&send, TransportError::maybe_sent("timed out"));
    while !h.has(RequestKind::SendLine) {
        assert_eq!(line_retries(&h), 0, "announced before the stream was read");
        if h.has(RequestKind::Poll) {
            h.poll_with(json!([]), info("chatting", Some("Dana"), false));
        } else {
            h.wake();
        }
    }
    assert_eq!(line_retries(&h), 1);
    assert_eq!(h.take(RequestKind::SendLine).attempt, 2);
}
