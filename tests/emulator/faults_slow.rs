use std::time::Duration;

use lp_server_chat::emulator::{Exchange, FaultPlan};

use crate::support::*;

#[test]
fn slow_answers_arrive_later_and_are_applied() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().slow(1.0, Duration::from_secs(12));
    let mut h = Harness::new(cfg);
    let ex = h.send_chat_request();
    match ex {
        Exchange::RespondAfter { response, delay } => {
            assert_eq!(delay, Duration::from_secs(12));
            assert_eq!(response.status(), 201);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.emu.chat_ids().len(), 1);
    assert_eq!(h.emu.stats().faults.slow, 1);
}
