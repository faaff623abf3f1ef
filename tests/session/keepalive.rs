use lp_server_chat::{EndReason, Event, RequestKind, RetryPolicy, TransportError};

use crate::support::*;

/// Gaps between consecutive requests to the chat, in seconds.
fn gaps(h: &Harness) -> Vec<f64> {
    let times: Vec<_> = h
        .sent
        .iter()
        .filter(|(_, kind, _)| *kind != RequestKind::RequestChat)
        .map(|(at, _, _)| (*at - h.start).as_secs_f64())
        .collect();
    times.windows(2).map(|w| w[1] - w[0]).collect()
}

#[test]
fn a_server_outage_never_stretches_the_gap_between_requests_to_the_chat_timeout() {
    let mut h = chatting();
    // Ten minutes of 503s: the inner ladder (5, 10, 15 s) runs out and the outer tier (minutes)
    // takes over, but while the chat may be alive the keep-alive caps every pause.
    h.answer_polls_until(600.0, |h, t| h.reply(&t, error(503, 0, "maintenance")));
    let gaps = gaps(&h);
    assert!(gaps.len() >= 5, "{gaps:?}");
    let limit = h.session.chat_timeout().as_secs_f64();
    assert!(
        gaps.iter().all(|g| *g < limit),
        "a gap reached {limit}s: {gaps:?}"
    );
}

#[test]
fn once_the_chat_cannot_be_alive_any_more_it_is_checked_every_probe_interval_then_given_up() {
    let mut h = chatting();
    h.answer_polls_until(1800.0, |h, t| {
        h.fail(&t, TransportError::not_sent("network unreachable"))
    });
    let gaps = gaps(&h);
    let probe = RetryPolicy::default().probe_interval.as_secs_f64();
    assert!(gaps.iter().all(|g| *g <= probe + 1e-6), "{gaps:?}");
    // Nothing ever left, so the chat surely timed out on the server; the session stops
    // checking once `max_elapsed` has passed since the first failure.
    let ended_at = h.at();
    assert!(
        h.events.contains(&Event::ChatEnded {
            reason: EndReason::Timeout
        }),
        "{:?}",
        h.events.last()
    );
    let bound = RetryPolicy::default().max_elapsed.as_secs_f64();
    assert!(
        (bound..bound + 2.0 * probe).contains(&ended_at),
        "ended at {ended_at} s"
    );
}

#[test]
fn an_idle_chat_is_read_well_within_its_timeout() {
    let mut h = chatting();
    for _ in 0..20 {
        h.wake();
        h.poll_with(serde_json::json!([]), info("chatting", Some("Dana"), false));
    }
    let gaps = gaps(&h);
    assert!(gaps.iter().all(|g| *g <= 30.0), "{gaps:?}");
}
