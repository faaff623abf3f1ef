use std::time::Duration;

use lp_server_chat::{EndReason, Event, RequestKind, TransportError};

use crate::support::*;

#[test]
fn a_404_with_code_12_after_a_long_silence_is_a_timeout() {
    let mut h = chatting();
    // The network drops everything for longer than the chat timeout.
    h.answer_polls_until(60.0, |h, t| {
        h.fail(&t, TransportError::not_sent("network unreachable"))
    });
    h.idle_until(RequestKind::Poll);
    let t = h.take(RequestKind::Poll);
    h.reply(&t, error(404, 12, "Chat session not found"));
    assert_eq!(
        h.events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::Timeout
        })
    );
}

#[test]
fn a_404_with_code_12_on_a_fresh_chat_is_not_found() {
    let mut h = chatting();
    h.advance(Duration::from_secs(1));
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, error(404, 12, "Chat session not found"));
    assert_eq!(
        h.events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::NotFound
        })
    );
    assert_eq!(h.wait, None);
}

#[test]
fn the_server_disconnecting_an_idle_chat_is_a_timeout() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        serde_json::json!([
            system(3, 6, "The chat was disconnected."),
            state(4, "ended")
        ]),
        info("ended", Some("Dana"), false),
    );
    assert_eq!(
        h.events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::Timeout
        })
    );
}
