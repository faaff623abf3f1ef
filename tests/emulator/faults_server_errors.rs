use std::time::Duration;

use http::Method;
use lp_server_chat::emulator::{FaultPlan, Route};

use crate::support::*;

#[test]
fn burst_of_5xx_is_not_applied() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().server_error_burst(1, 2);
    let mut h = Harness::new(cfg);
    assert_eq!(h.get("/chat/availability").status(), 200); // request 0
    for _ in 0..2 {
        let r = h.post("/chat/request", r#"{"request":{}}"#);
        assert!(r.status().is_server_error());
        let v = json(&r);
        let code = v["error"]["internalCode"].as_i64().unwrap();
        assert!(code == 27 || code == 28, "{v}");
    }
    assert!(h.emu.chat_ids().is_empty(), "a 5xx must not create a chat");
    h.start_chat();
    assert_eq!(h.emu.stats().faults.server_errors, 2);
}

#[test]
fn window_of_5xx() {
    let mut cfg = config();
    cfg.faults =
        FaultPlan::none().server_errors_during(Duration::from_secs(10), Duration::from_secs(5));
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    h.secs(10);
    assert!(h.get(&format!("/chat/{id}")).status().is_server_error());
    h.secs(4);
    assert!(h.get(&format!("/chat/{id}")).status().is_server_error());
    h.secs(1);
    assert_eq!(h.get(&format!("/chat/{id}")).status(), 200);
}

#[test]
fn probability_and_scope() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .server_errors(1.0)
        .only(&[Route::EventsGet]);
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    assert_eq!(h.get(&format!("/chat/{id}")).status(), 200);
    assert!(h
        .get(&format!("/chat/{id}/events"))
        .status()
        .is_server_error());
}

#[test]
fn engagement_5xx_uses_the_flat_form() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().server_errors(1.0);
    let mut h = Harness::new(cfg);
    let u = format!("{ORIGIN}/api/account/{ACCOUNT}/app/engagement/visitors/?v=1.0");
    let r = h.call(bare(Method::POST, &u, br#"{"appType":"EXTERNAL"}"#));
    assert_eq!(r.status(), 503);
    assert!(json(&r)["time"].is_u64());
}
