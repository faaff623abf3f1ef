//! A line whose send may have landed, when the chat ends before the stream shows whether it
//! did, is reported `Unconfirmed` (never "not delivered"), whatever ended the chat.

use lp_server_chat::{
    EndReason, Event, LineFailure, LineId, RequestKind, RetryPolicy, Transmit, TransportError,
};
use serde_json::json;

use crate::support::*;

/// A chatting session that retries nothing, with the line "ok" handed out and not yet answered.
fn line_on_the_wire() -> (Harness, LineId, Transmit) {
    let mut config = config();
    config.retry = RetryPolicy::never();
    let mut h = Harness::new(config);
    h.start_chat();
    h.poll_with(
        json!([state(0, "chatting")]),
        info("chatting", Some("Dana"), false),
    );
    let id = h.session.send_line("ok", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    (h, id, send)
}

#[test]
fn a_lost_line_is_unconfirmed_when_the_chat_ends_before_a_read() {
    let (mut h, id, send) = line_on_the_wire();
    h.fail(&send, TransportError::maybe_sent("timed out"));
    h.session.end_chat(h.now).unwrap();
    h.drain();
    // The read that would settle the line (once the server could no longer apply it) fails,
    // and the policy allows no retry.
    h.wake();
    let read = h.take(RequestKind::Poll);
    h.reply(&read, error(503, 27, "Service temporarily unavailable"));

    let events = h.take_events();
    assert!(
        events.contains(&Event::LineFailed {
            line: id,
            reason: LineFailure::Unconfirmed
        }),
        "{events:?}"
    );
    assert_eq!(
        events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::Visitor
        })
    );
}

#[test]
fn an_echo_read_before_the_end_delivers_the_line_instead() {
    let (mut h, id, send) = line_on_the_wire();
    // A read sent before the failure shows the echo and ends the chat.
    h.wake();
    let read = h.take(RequestKind::Poll);
    h.fail(&send, TransportError::maybe_sent("timed out"));
    let body = chat_doc(
        3,
        json!([line(1, "visitor", "ok"), state(2, "ended")]),
        info("ended", None, false),
    );
    h.reply(&read, ok(body));

    let events = h.take_events();
    assert!(
        events.contains(&Event::LineDelivered {
            line: id,
            event_id: Some(1)
        }),
        "{events:?}"
    );
}
