use lp_server_chat::emulator::{Exchange, FaultPlan, Route};

use crate::support::*;

#[test]
fn lost_response_still_applies_the_request() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .lose_responses(1.0)
        .only(&[Route::EventsPost]);
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    let body = br#"{"event":{"@type":"line","text":"did it arrive?"}}"#;
    let ex = h.send(req(
        http::Method::POST,
        &url(&format!("/chat/{id}/events")),
        body,
    ));
    assert!(matches!(ex, Exchange::Lost), "{ex:?}");
    assert_eq!(
        h.emu.chat(&id).unwrap().lines_from("visitor"),
        ["did it arrive?"]
    );
    assert_eq!(h.emu.stats().faults.lost, 1);
    // A naive retry duplicates the line, as on the real service.
    let _ = h.send(req(
        http::Method::POST,
        &url(&format!("/chat/{id}/events")),
        body,
    ));
    assert_eq!(h.emu.chat(&id).unwrap().lines_from("visitor").len(), 2);
}

#[test]
fn lost_chat_request_creates_a_chat() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().lose_responses(1.0);
    let mut h = Harness::new(cfg);
    let ex = h.send_chat_request();
    assert!(matches!(ex, Exchange::Lost));
    assert_eq!(h.emu.chat_ids().len(), 1);
}
