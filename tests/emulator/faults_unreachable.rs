use lp_server_chat::emulator::{Exchange, FaultPlan};

use crate::support::*;

#[test]
fn unreachable_applies_nothing() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().unreachable(1.0);
    let mut h = Harness::new(cfg);
    let ex = h.send_chat_request();
    assert!(matches!(ex, Exchange::Unreachable));
    assert!(ex.response().is_none());
    assert!(h.emu.chat_ids().is_empty());
    assert_eq!(h.emu.stats().faults.unreachable, 1);
    assert_eq!(h.emu.stats().total_requests, 1);
}

#[test]
fn partial_probability_is_seeded() {
    let outcomes = |seed| {
        let mut cfg = config();
        cfg.seed = seed;
        cfg.faults = FaultPlan::none().unreachable(0.5);
        let mut h = Harness::new(cfg);
        (0..64)
            .map(|_| {
                matches!(
                    h.send(req(http::Method::GET, &url("/chat/availability"), b"")),
                    Exchange::Unreachable
                )
            })
            .collect::<Vec<_>>()
    };
    let a = outcomes(9);
    assert_eq!(a, outcomes(9));
    let hits = a.iter().filter(|x| **x).count();
    assert!((10..54).contains(&hits), "{hits}");
}
