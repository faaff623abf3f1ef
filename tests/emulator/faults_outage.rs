use std::time::Duration;

use lp_server_chat::emulator::{Exchange, FaultPlan};

use crate::support::*;

#[test]
fn outage_window_is_unreachable_and_the_chat_can_time_out() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().outage(Duration::from_secs(10), Duration::from_secs(60));
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    h.secs(10);
    for _ in 0..5 {
        let ex = h.send(req(http::Method::GET, &url(&format!("/chat/{id}")), b""));
        assert!(matches!(ex, Exchange::Unreachable));
        h.secs(10);
    }
    assert!(
        h.emu.chat(&id).unwrap().is_gone(),
        "idle past the timeout during the outage"
    );
    h.secs(20);
    assert_error(&h.get(&format!("/chat/{id}")), 404, 12);
}
