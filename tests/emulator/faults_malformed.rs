use lp_server_chat::emulator::{Exchange, FaultPlan};

use crate::support::*;

#[test]
fn malformed_bodies_do_not_parse_but_keep_a_2xx() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().malformed(1.0);
    let mut h = Harness::new(cfg);
    let id = h.start_chat(); // empty 201 body: left alone
    for _ in 0..8 {
        let ex = h.send(req(http::Method::GET, &url(&format!("/chat/{id}")), b""));
        let Exchange::Respond(r) = ex else { panic!() };
        assert_eq!(r.status(), 200);
        assert!(serde_json::from_slice::<serde_json::Value>(r.body()).is_err());
    }
    assert_eq!(h.emu.stats().faults.malformed, 8);
}
