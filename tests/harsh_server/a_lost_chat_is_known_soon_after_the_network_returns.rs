//! After an outage longer than the chat's idle timeout, the session finds out as soon as the
//! network answers: it keeps checking every `probe_interval` past the expiry, instead of
//! waiting minutes on the outer retry tier.

use lp_server_chat::emulator::FaultPlan;
use lp_server_chat::EndReason;

use crate::emulated::{secs, Chat};

#[test]
fn a_chat_lost_in_a_60_s_outage_is_reported_timed_out_within_10_s_of_its_end() {
    for (start, length) in [(30.0, 60.0), (31.3, 120.0), (32.6, 300.0)] {
        let mut chat = Chat::new(40, FaultPlan::none().outage(secs(start), secs(length)));
        chat.run_to(start + length + 60.0);
        let (at, reason) = chat.ended().expect("the session said the chat ended");
        assert_eq!(reason, EndReason::Timeout, "outage {length} s");
        let back = start + length;
        assert!(
            (back..back + 10.0).contains(&at),
            "outage {length} s: reported {:.1} s after the network returned",
            at - back
        );
    }
}

#[test]
fn with_a_180_s_timeout_a_line_said_in_a_60_s_outage_shows_within_10_s_of_its_end() {
    let (start, length) = (30.0, 60.0);
    let mut chat = Chat::new(180, FaultPlan::none().outage(secs(start), secs(length)));
    chat.run_to(start + 20.0);
    assert!(chat.agent_says("Sorry for the wait."));
    chat.run_to(start + length + 30.0);
    let shown = chat.shown_at("Sorry for the wait.").expect("shown");
    let back = start + length;
    assert!(
        shown - back <= 10.0,
        "shown {:.1} s after recovery",
        shown - back
    );
    assert_eq!(chat.ended(), None);
}
