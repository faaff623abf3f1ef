//! A 429's `Retry-After` is honoured. When the pause it asks of a live chat's read would
//! outlast the chat's idle expiry, a single probe goes just before the expiry, so the pause
//! alone never costs the chat; a second 429 is then honoured in full. A later failure that may
//! have restarted the idle timer (a 5xx from the chat service) moves the expiry, and earns the
//! probe before that one.

use std::time::Duration;

use lp_server_chat::{RequestKind, RetryPolicy};
use serde_json::json;

use crate::support::*;

fn throttled(seconds: u64) -> http::Response<Vec<u8>> {
    let retry_after = seconds.to_string();
    response(429, &[("Retry-After", retry_after.as_str())], Vec::new())
}

/// A chatting session whose last good read was sent at the returned time.
fn confirmed_chat() -> (Harness, f64) {
    let mut h = chatting();
    h.wake();
    let at = h.at();
    let t = h.take(RequestKind::Poll);
    h.reply(
        &t,
        ok(chat_doc(
            3,
            json!([]),
            info("chatting", Some("Dana"), false),
        )),
    );
    (h, at)
}

fn next_read_at(h: &mut Harness) -> f64 {
    while !h.has(RequestKind::Poll) {
        h.wake();
    }
    h.at()
}

#[test]
fn a_pause_shorter_than_the_chat_has_left_is_honoured_to_the_second() {
    let (mut h, _) = confirmed_chat();
    h.wake();
    let asked_at = h.at();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, throttled(20));
    let gap = next_read_at(&mut h) - asked_at;
    assert!((20.0..22.0).contains(&gap), "read again after {gap} s");
}

#[test]
fn a_pause_past_the_expiry_yields_one_probe_then_is_honoured() {
    let (mut h, confirmed) = confirmed_chat();
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, throttled(60));
    let probe = next_read_at(&mut h) - confirmed;
    let first_lead = RetryPolicy::default().expiry_probes[0].as_secs_f64();
    assert!(
        (probe - (40.0 - first_lead)).abs() < 1e-6,
        "probe at {probe} s"
    );
    let asked_at = h.at();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, throttled(60));
    let gap = next_read_at(&mut h) - asked_at;
    assert!(gap >= 60.0, "the second Retry-After was cut to {gap} s");
}

#[test]
fn a_failure_that_may_have_restarted_the_timer_earns_one_probe_before_its_expiry() {
    let (mut h, confirmed) = confirmed_chat();
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, throttled(120));
    assert!(next_read_at(&mut h) - confirmed < 40.0, "the first probe");
    let t = h.take(RequestKind::Poll);
    h.reply(&t, throttled(120));
    h.advance(Duration::from_secs(10));
    h.session.send_line("still there?", h.now).unwrap();
    h.drain();
    let touched_at = h.at();
    let line = h.take(RequestKind::SendLine);
    h.reply(&line, error(503, 0, "Service Unavailable"));
    let probe = next_read_at(&mut h) - touched_at;
    let first_lead = RetryPolicy::default().expiry_probes[0].as_secs_f64();
    assert!(
        (probe - (40.0 - first_lead)).abs() < 1e-6,
        "read {probe} s after the line's 503"
    );
    let t = h.take(RequestKind::Poll);
    h.reply(&t, throttled(120));
    let asked_at = h.at();
    let gap = next_read_at(&mut h) - asked_at;
    assert!(
        gap >= 60.0,
        "a third Retry-After for the same expiry was cut to {gap} s"
    );
}
