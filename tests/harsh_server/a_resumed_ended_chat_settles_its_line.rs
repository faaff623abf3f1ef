//! A snapshot taken after the chat ended while a line's POST was unanswered: the resumed
//! session owes that line an outcome, and gives it at once.

use lp_server_chat::{ChatSession, Event, LineFailure, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn the_line_on_the_wire_when_the_chat_ended_is_unconfirmed_after_resume() {
    let mut h = chatting();
    let id = h.session.send_line("still here", h.now).unwrap();
    h.drain();
    let _unanswered = h.take(RequestKind::SendLine);
    h.idle_until(RequestKind::Poll);
    h.poll_with(
        json!([state(3, "ended")]),
        info("ended", Some("Dana"), false),
    );
    let snapshot = h.session.snapshot();

    let mut resumed = ChatSession::resume(config(), snapshot, h.now).unwrap();
    let mut events = Vec::new();
    while let lp_server_chat::Output::Event(e) = resumed.poll_output() {
        events.push(e);
    }
    assert!(
        events.contains(&Event::LineFailed {
            line: id,
            reason: LineFailure::Unconfirmed
        }),
        "{events:?}"
    );
    assert_eq!(resumed.queued_lines(), 0);
}
