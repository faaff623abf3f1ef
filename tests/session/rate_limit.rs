use std::time::Duration;

use lp_server_chat::{Event, RequestKind, RetryCause, RetryPolicy};

use crate::support::*;

fn retry_delay_after(response: http::Response<Vec<u8>>) -> Duration {
    let mut cfg = config();
    cfg.retry = RetryPolicy {
        jitter: 0.0,
        ..RetryPolicy::default()
    };
    let mut h = Harness::new(cfg);
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    h.reply(&t, response);
    let after = h
        .events
        .iter()
        .find_map(|e| match e {
            Event::Retrying {
                cause: RetryCause::RateLimited,
                after,
                ..
            } => Some(*after),
            _ => None,
        })
        .expect("a retry is announced");
    // And the retry really goes then, not before.
    h.advance(after - Duration::from_millis(1));
    assert!(!h.has(RequestKind::RequestChat));
    h.advance(Duration::from_millis(1));
    assert!(h.has(RequestKind::RequestChat));
    after
}

#[test]
fn a_429_without_retry_after_waits_one_second() {
    assert_eq!(
        retry_delay_after(response(429, &[], vec![])),
        Duration::from_secs(1)
    );
}

#[test]
fn retry_after_in_seconds_is_honoured() {
    assert_eq!(
        retry_delay_after(response(429, &[("Retry-After", "7")], vec![])),
        Duration::from_secs(7)
    );
}

#[test]
fn retry_after_as_an_http_date_is_read_against_the_response_date() {
    let response = response(
        429,
        &[
            ("Date", "Mon, 11 Mar 2024 09:15:00 GMT"),
            ("Retry-After", "Mon, 11 Mar 2024 09:15:12 GMT"),
        ],
        vec![],
    );
    assert_eq!(retry_delay_after(response), Duration::from_secs(12));
}

#[test]
fn a_retry_after_shorter_than_a_second_is_held_to_one_second() {
    assert_eq!(
        retry_delay_after(response(429, &[("Retry-After", "0")], vec![])),
        Duration::from_secs(1)
    );
}
