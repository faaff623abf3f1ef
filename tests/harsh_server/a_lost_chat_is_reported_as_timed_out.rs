//! A chat nothing reached for its whole idle timeout is over on the server: a 404 then means it
//! timed out, whichever request hears it, and 5xx answers in between change nothing.

use lp_server_chat::{EndReason, Event, LineFailure, RequestKind, TransportError};

use crate::support::*;

fn ends(h: &Harness) -> Vec<EndReason> {
    h.events
        .iter()
        .filter_map(|e| match e {
            Event::ChatEnded { reason } => Some(reason.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_poll_404_after_a_burst_of_503s_longer_than_the_timeout_is_a_timeout() {
    let mut h = chatting();
    h.answer_polls_until(60.0, |h, t| {
        h.reply(&t, error(503, 27, "Service temporarily unavailable"))
    });
    h.idle_until(RequestKind::Poll);
    let t = h.take(RequestKind::Poll);
    h.reply(&t, error(404, 12, "Chat session not found"));
    assert_eq!(ends(&h), [EndReason::Timeout]);
}

#[test]
fn ending_a_chat_lost_to_an_outage_reports_the_timeout_not_the_visitor() {
    let mut h = chatting();
    h.answer_polls_until(60.0, |h, t| {
        h.fail(&t, TransportError::not_sent("network unreachable"))
    });
    h.session.end_chat(h.now).unwrap();
    h.drain();
    let end = h.take(RequestKind::EndChat);
    h.reply(&end, error(404, 12, "Chat session not found"));
    assert_eq!(ends(&h), [EndReason::Timeout]);
}

#[test]
fn a_line_retried_into_a_lost_chat_fails_with_it_and_the_chat_timed_out() {
    let mut h = chatting();
    let line = h.session.send_line("are you there?", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.fail(&send, TransportError::not_sent("network unreachable"));
    while !h.has(RequestKind::SendLine) || h.at() < 45.0 {
        if h.has(RequestKind::Poll) {
            let t = h.take(RequestKind::Poll);
            h.fail(&t, TransportError::not_sent("network unreachable"));
        }
        if h.has(RequestKind::SendLine) {
            let t = h.take(RequestKind::SendLine);
            h.fail(&t, TransportError::not_sent("network unreachable"));
        }
        h.wake();
    }
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, error(404, 12, "Chat session not found"));
    assert_eq!(ends(&h), [EndReason::Timeout]);
    assert!(
        h.events.iter().any(|e| matches!(
            e,
            Event::LineFailed { line: l, reason: LineFailure::ChatEnded } if *l == line
        )),
        "{:?}",
        h.events
    );
}
