//! The gateway reading of a 5xx: the backend applied the request, then a gateway gave up and
//! answered 502 or 504 with an HTML page.

use std::time::Duration;

use lp_server_chat::emulator::{FaultPlan, Route};

use crate::support::*;

fn gateway_on_lines(seed: u64) -> Harness {
    let mut cfg = config();
    cfg.seed = seed;
    cfg.faults = FaultPlan::none()
        .gateway_errors(1.0)
        .only(&[Route::EventsPost]);
    Harness::new(cfg)
}

#[test]
fn the_line_is_on_the_server_and_the_client_saw_a_gateway_page() {
    let mut h = gateway_on_lines(1);
    let id = h.chatting();
    h.secs(7);
    let r = h.say(&id, "did it arrive?");
    assert!(matches!(r.status().as_u16(), 502 | 504), "{r:?}");
    assert_eq!(header(&r, "content-type").as_deref(), Some("text/html"));
    let page = text(&r);
    assert!(page.starts_with("<html>"), "{page}");
    assert!(page.contains(r.status().as_str()), "{page}");
    assert!(serde_json::from_slice::<serde_json::Value>(r.body()).is_err());
    let chat = h.emu.chat(&id).unwrap();
    assert_eq!(chat.lines_from("visitor"), ["did it arrive?"]);
    assert_eq!(chat.last_update, h.now);
    assert_eq!(h.emu.stats().faults.gateway_errors, 1);
    // The backend's own answer is what the server produced.
    assert_eq!(h.emu.stats().status_count(201), 2);
}

#[test]
fn a_gateway_error_on_a_chat_request_still_creates_the_chat() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().gateway_errors(1.0);
    let mut h = Harness::new(cfg);
    let r = h.post("/chat/request?v=1", r#"{"request":{}}"#);
    assert!(matches!(r.status().as_u16(), 502 | 504));
    assert!(header(&r, "location").is_none());
    assert_eq!(h.emu.chat_ids().len(), 1);
}

#[test]
fn the_status_is_a_seeded_choice_of_502_and_504() {
    let statuses = |seed| {
        let mut h = gateway_on_lines(seed);
        let id = h.chatting();
        (0..32)
            .map(|_| {
                h.wait(Duration::from_millis(100));
                h.say(&id, "x").status().as_u16()
            })
            .collect::<Vec<_>>()
    };
    let a = statuses(5);
    assert_eq!(a, statuses(5));
    assert!(a.contains(&502) && a.contains(&504), "{a:?}");
    assert!(a.iter().all(|s| *s == 502 || *s == 504), "{a:?}");
}
