//! A long window of edge 503s: while the chat may be alive the session keeps probing it (never
//! more than 12 requests a minute), and once the window ends it learns the chat's fate at once.
//! It does not give up after a count of attempts: the server's idle timer is the bound.

use lp_server_chat::emulator::FaultPlan;
use lp_server_chat::EndReason;

use crate::emulated::{secs, Chat};

#[test]
fn ten_minutes_of_503s_are_probed_gently_and_the_timeout_is_known_when_they_end() {
    let (start, length) = (30.0, 600.0);
    let mut chat = Chat::new(
        40,
        FaultPlan::none().server_errors_during(secs(start), secs(length)),
    );
    chat.run_to(start + length + 30.0);
    let during = chat.requests_between(start, start + length);
    let per_minute = during as f64 / (length / 60.0);
    assert!(per_minute <= 12.0, "{per_minute:.1} requests a minute");
    let (at, reason) = chat.ended().expect("ended");
    assert_eq!(reason, EndReason::Timeout);
    assert!(
        at >= start + length && at < start + length + 10.0,
        "ended at {at:.1} s, the window ended at {} s",
        start + length
    );
}

#[test]
fn a_window_as_long_as_the_timeout_at_180_s_is_survived_when_it_ends_just_in_time() {
    let (start, length) = (30.0, 170.0);
    let mut chat = Chat::new(
        180,
        FaultPlan::none().server_errors_during(secs(start), secs(length)),
    );
    chat.run_to(start + length + 30.0);
    assert_eq!(chat.ended(), None);
    assert!(chat.alive_on_server());
}
