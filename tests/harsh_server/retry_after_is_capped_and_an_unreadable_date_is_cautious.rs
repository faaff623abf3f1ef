//! `Retry-After` is honoured up to `RetryPolicy::max_retry_after` (120 s by default); an HTTP
//! date that cannot be read against a `Date` header climbs the 5xx ladder instead of taking the
//! one-second floor.

use lp_server_chat::{RequestKind, RetryPolicy};

use crate::support::*;

fn line_retry_after(headers: &[(&str, &str)]) -> u64 {
    let mut h = chatting();
    h.session.send_line("hi", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, response(429, headers, Vec::new()));
    let retries = h.retries();
    assert_eq!(retries.len(), 1, "{retries:?}");
    retries[0].2
}

#[test]
fn ten_minutes_asked_are_held_to_the_cap() {
    let cap = RetryPolicy::default().max_retry_after.as_secs();
    let waited = line_retry_after(&[("Retry-After", "600")]);
    assert!((cap..cap + cap / 10 + 1).contains(&waited), "{waited}");
}

#[test]
fn a_date_without_a_date_header_waits_like_a_server_error() {
    let waited = line_retry_after(&[("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")]);
    let first = RetryPolicy::default().server_error_pauses[0].as_secs();
    assert_eq!(waited, first);
}

#[test]
fn a_date_read_against_the_date_header_is_honoured() {
    let waited = line_retry_after(&[
        ("Retry-After", "Wed, 21 Oct 2026 07:28:30 GMT"),
        ("Date", "Wed, 21 Oct 2026 07:28:00 GMT"),
    ]);
    assert!((30..34).contains(&waited), "{waited}");
}

#[test]
fn no_header_takes_livepersons_floor() {
    assert_eq!(line_retry_after(&[]), 1);
}
