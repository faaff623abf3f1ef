//! An answer to any request to the chat (a line, not only a read) shows the chat is alive and
//! restarts the keep-alive: the next read goes before the chat can time out.

use std::time::Duration;

use lp_server_chat::{RequestKind, TransportError};

use crate::support::*;

#[test]
fn a_delivered_line_during_failing_reads_brings_the_next_read_within_the_timeout() {
    let mut h = chatting();
    // Reads fail without reaching the server for longer than the chat timeout, so the poll's
    // ladder moves to its outer tier (minutes).
    while h.at() < 60.0 {
        h.wake();
        if h.has(RequestKind::Poll) {
            let t = h.take(RequestKind::Poll);
            h.fail(&t, TransportError::not_sent("network unreachable"));
        }
    }
    // The network is back for a line: the server has it, and its idle timer restarts.
    h.session.send_line("still there?", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, created(&format!("{CHAT}/events/3")));
    let delivered_at = h.now;

    while !h.has(RequestKind::Poll) {
        h.wake();
    }
    let waited = h.now - delivered_at;
    let timeout = h.session.chat_timeout();
    assert!(
        waited < timeout,
        "the next read went {waited:?} after the line, past the {timeout:?} timeout"
    );
    assert!(waited <= Duration::from_secs(30), "{waited:?}");
}
