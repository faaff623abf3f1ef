//! A request lost on the way: never applied, the chat's idle timer not refreshed, and the
//! client sees a timeout rather than a refused connection.

use std::time::Duration;

use http::Method;
use lp_server_chat::emulator::{Exchange, FaultPlan, Route};

use crate::support::*;

#[test]
fn a_dropped_line_is_not_applied_and_the_client_times_out() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().dropped(1.0).only(&[Route::EventsPost]);
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    let before = h.emu.chat(&id).unwrap().last_update;
    h.secs(5);
    let body = br#"{"event":{"@type":"line","text":"hello?"}}"#;
    let ex = h.send(req(Method::POST, &url(&format!("/chat/{id}/events")), body));
    assert!(matches!(ex, Exchange::Lost), "{ex:?}");
    let chat = h.emu.chat(&id).unwrap();
    assert!(chat.lines_from("visitor").is_empty());
    assert_eq!(chat.last_update, before);
    assert_eq!(h.emu.stats().faults.dropped, 1);
    assert_eq!(h.emu.stats().faults.unreachable, 0);
}

#[test]
fn a_dropped_chat_request_creates_no_chat() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().dropped(1.0);
    let mut h = Harness::new(cfg);
    let ex = h.send_chat_request();
    assert!(matches!(ex, Exchange::Lost), "{ex:?}");
    h.secs(100);
    assert!(h.emu.chat_ids().is_empty());
}

#[test]
fn a_chat_that_gets_only_dropped_requests_expires() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().dropped_during(Duration::from_secs(1), Duration::from_secs(60));
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    for _ in 0..6 {
        h.secs(9);
        let ex = h.send(req(Method::GET, &url(&format!("/chat/{id}")), b""));
        assert!(matches!(ex, Exchange::Lost), "{ex:?}");
    }
    assert!(h.emu.chat(&id).unwrap().is_gone());
    h.secs(20);
    assert_error(&h.get(&format!("/chat/{id}")), 404, 12);
}
