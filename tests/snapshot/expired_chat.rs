use std::time::{Duration, Instant};

use lp_server_chat::emulator::Link;
use lp_server_chat::{ChatSession, EndReason, Event, Phase};

use crate::support::*;

#[test]
fn resuming_a_chat_that_expired_meanwhile_reports_not_found() {
    let start = Instant::now();
    let mut link = link(start);
    link.session.request_chat(start).unwrap();
    link.run_until(start + Duration::from_secs(10), |_, _, _| {})
        .unwrap();
    assert_eq!(link.session.phase(), Phase::Live);
    let snapshot = link.session.snapshot();

    // The app stays closed for five minutes: the chat times out on the server.
    let later = link.now + Duration::from_secs(300);
    let resumed = ChatSession::resume(config(), snapshot, later).unwrap();
    let mut link = Link::new(resumed, link.emulator, later);
    let mut ends = Vec::new();
    link.run_until(later + Duration::from_secs(60), |_, _, e| {
        if let Event::ChatEnded { reason } = e {
            ends.push(reason);
        }
    })
    .unwrap();
    assert_eq!(ends, [EndReason::NotFound]);
    assert_eq!(link.session.phase(), Phase::Ended);
}
