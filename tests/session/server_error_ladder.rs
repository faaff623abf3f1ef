use std::time::Duration;

use lp_server_chat::{Event, RequestKind, RetryCause, RetryPolicy, RetryTier};

use crate::support::*;

fn retries(events: &[Event]) -> Vec<(u32, Duration, RetryTier)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Retrying {
                attempt,
                after,
                tier,
                cause: RetryCause::ServerError(503),
                ..
            } => Some((*attempt, *after, *tier)),
            _ => None,
        })
        .collect()
}

/// Sends the chat request and answers every attempt with 503, returning the instants (seconds
/// from the start) at which the attempts went.
fn fail_chat_request(h: &mut Harness, times: usize) -> Vec<f64> {
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let mut sent_at = Vec::new();
    for _ in 0..times {
        if !h.has(RequestKind::RequestChat) {
            h.wake();
        }
        let t = h.take(RequestKind::RequestChat);
        sent_at.push(h.at());
        h.reply(&t, error(503, 0, "unavailable"));
    }
    sent_at
}

#[test]
fn without_jitter_5xx_retries_go_after_exactly_5_10_15_s_then_2_4_8_min() {
    let mut cfg = config();
    cfg.retry = RetryPolicy {
        jitter: 0.0,
        ..RetryPolicy::default()
    };
    let mut h = Harness::new(cfg);
    let sent_at = fail_chat_request(&mut h, 7);
    assert_eq!(sent_at, [0.0, 5.0, 15.0, 30.0, 150.0, 390.0, 870.0]);
    let tiers: Vec<_> = retries(&h.events)
        .into_iter()
        .map(|(a, _, t)| (a, t))
        .collect();
    assert_eq!(
        tiers,
        [
            (2, RetryTier::Inner),
            (3, RetryTier::Inner),
            (4, RetryTier::Inner),
            (5, RetryTier::Outer),
            (6, RetryTier::Outer),
            (7, RetryTier::Outer),
        ]
    );
    assert!(matches!(
        h.events.last(),
        Some(Event::ChatEnded {
            reason: lp_server_chat::EndReason::ConnectionLost
        })
    ));
    assert!(
        !h.has(RequestKind::RequestChat),
        "bounded: no eighth attempt"
    );
}

#[test]
fn with_jitter_the_delays_are_a_function_of_the_seed_and_never_shorter() {
    let run = |seed| {
        let mut h = Harness::with_seed(config(), seed);
        fail_chat_request(&mut h, 4);
        retries(&h.events)
    };
    let a = run(11);
    assert_eq!(a, run(11), "same seed, same delays");
    assert_ne!(a, run(12), "another seed, other delays");
    for ((_, after, _), base) in a.iter().zip([5.0, 10.0, 15.0]) {
        let s = after.as_secs_f64();
        assert!(s >= base && s < base * 1.1, "{s} vs {base}");
    }
}

#[test]
fn a_4xx_is_never_retried() {
    let mut h = Harness::new(config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    h.reply(&t, error(401, 10, "Bad captcha"));
    assert!(h.pending.is_empty());
    assert_eq!(h.wait, None);
    assert!(matches!(
        h.events.last(),
        Some(Event::ChatEnded {
            reason: lp_server_chat::EndReason::Refused(lp_server_chat::Refusal {
                status: 401,
                internal_code: Some(10),
                ..
            })
        })
    ));
}
