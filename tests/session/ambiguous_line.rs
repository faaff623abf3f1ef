use lp_server_chat::{Event, LineId, RequestKind, TransportError};
use serde_json::json;

use crate::support::*;

fn outcomes(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::LineDelivered { line, event_id } => {
                Some(format!("{line} delivered as {event_id:?}"))
            }
            Event::LineFailed { line, reason } => Some(format!("{line} failed: {reason:?}")),
            _ => None,
        })
        .collect()
}

/// Sends "order 1182" and loses the response after the server may have applied it.
fn send_and_time_out() -> (Harness, LineId) {
    let mut h = chatting();
    let id = h.session.send_line("order 1182", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.fail(&send, TransportError::maybe_sent("timed out"));
    (h, id)
}

#[test]
fn the_echo_in_the_stream_proves_delivery_and_the_line_is_not_sent_again() {
    let (mut h, id) = send_and_time_out();
    assert!(!h.has(RequestKind::SendLine), "no blind re-send");
    h.idle_until(RequestKind::Poll);
    h.poll_with(
        json!([line(3, "visitor", "order 1182")]),
        info("chatting", Some("Dana"), false),
    );
    assert_eq!(outcomes(&h.events), [format!("{id} delivered as Some(3)")]);
    h.assert_no_line_resent();
}

#[test]
fn without_an_echo_the_line_is_sent_again_after_the_stream_was_read() {
    let (mut h, id) = send_and_time_out();
    while !h.has(RequestKind::Poll) {
        h.wake();
        assert!(
            !h.has(RequestKind::SendLine),
            "not before the stream was read"
        );
    }
    h.idle_until(RequestKind::SendLine);
    let send = h.take(RequestKind::SendLine);
    assert_eq!(send.attempt, 2);
    h.reply(&send, created(&format!("{CHAT}/events/3")));
    assert_eq!(outcomes(&h.events), [format!("{id} delivered as Some(3)")]);
}

#[test]
fn an_echo_read_while_the_post_was_pending_settles_it_at_once() {
    let mut h = chatting();
    let id = h.session.send_line("same text", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.idle_until(RequestKind::Poll);
    h.poll_with(
        json!([line(3, "visitor", "same text")]),
        info("chatting", Some("Dana"), false),
    );
    h.fail(&send, TransportError::maybe_sent("connection reset"));
    assert_eq!(outcomes(&h.events), [format!("{id} delivered as Some(3)")]);
}

#[test]
fn a_line_never_sent_is_retried_without_waiting_for_the_stream() {
    let mut h = chatting();
    let id = h.session.send_line("hi", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.fail(&send, TransportError::not_sent("connection refused"));
    h.idle_until(RequestKind::SendLine);
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, created(&format!("{CHAT}/events/3")));
    assert_eq!(outcomes(&h.events), [format!("{id} delivered as Some(3)")]);
}
