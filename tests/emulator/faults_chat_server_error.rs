//! The lenient reading of a 5xx: the chat service failed after it touched the chat, so the
//! chat's idle timer was refreshed but the request was not applied.

use std::time::Duration;

use lp_server_chat::emulator::{FaultPlan, Route};

use crate::support::*;

#[test]
fn a_5xx_from_the_chat_refreshes_its_timer_but_adds_no_line() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .chat_server_errors_during(Duration::from_secs(5), Duration::from_secs(200));
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    h.secs(5);
    // Far past the 40 s timeout, with a request every 30 s that is answered 5xx.
    for n in 0..6 {
        let r = h.say(&id, &format!("line {n}"));
        assert!(r.status().is_server_error(), "{r:?}");
        let code = json(&r)["error"]["internalCode"].as_i64();
        assert!(matches!(code, Some(27) | Some(28)), "{}", text(&r));
        assert_eq!(h.emu.chat(&id).unwrap().last_update, h.now);
        h.secs(30);
    }
    let chat = h.emu.chat(&id).unwrap();
    assert!(!chat.is_gone(), "the 5xx answers kept the chat alive");
    assert!(
        chat.lines_from("visitor").is_empty(),
        "{:?}",
        chat.lines_from("visitor")
    );
    assert_eq!(h.emu.stats().faults.chat_server_errors, 6);
    assert_eq!(h.emu.stats().faults.chat_server_errors_touched, 6);
}

#[test]
fn a_5xx_from_the_chat_service_creates_no_chat() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .chat_server_errors(1.0)
        .only(&[Route::ChatRequest]);
    let mut h = Harness::new(cfg);
    let r = h.post("/chat/request?v=1", r#"{"request":{}}"#);
    assert!(r.status().is_server_error());
    assert!(h.emu.chat_ids().is_empty());
    assert_eq!(h.emu.stats().faults.chat_server_errors_touched, 0);
}

#[test]
fn a_request_without_credentials_touches_no_chat() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .chat_server_errors(1.0)
        .only(&[Route::ChatGet]);
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    let started = h.emu.chat(&id).unwrap().last_update;
    h.secs(10);
    let r = h.call(bare(http::Method::GET, &url(&format!("/chat/{id}")), b""));
    assert!(r.status().is_server_error());
    assert_eq!(h.emu.chat(&id).unwrap().last_update, started);
}
