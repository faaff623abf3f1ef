//! A request that sat in a queue: not applied when sent (the client times out), applied a
//! delay later, in time order with everything else the server does.

use std::time::Duration;

use http::Method;
use lp_server_chat::emulator::{Exchange, FaultPlan, Route};

use crate::support::*;

fn late_lines(min: Duration, max: Duration) -> Harness {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .late_apply_between(1.0, min, max)
        .only(&[Route::EventsPost]);
    Harness::new(cfg)
}

fn post_line(h: &mut Harness, id: &str, text: &str) -> Exchange {
    let body = serde_json::json!({"event": {"@type": "line", "text": text}}).to_string();
    h.send(req(
        Method::POST,
        &url(&format!("/chat/{id}/events")),
        body.as_bytes(),
    ))
}

/// Visitor lines in the event stream from 0.
fn visitor_lines(h: &mut Harness, id: &str) -> Vec<String> {
    chat_events(&h.poll(id, 0))
        .iter()
        .filter(|e| e["@type"] == "line" && e["source"] == "visitor")
        .map(|e| e["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_line_appears_in_the_stream_only_after_the_delay() {
    let mut h = late_lines(Duration::from_secs(5), Duration::from_secs(5));
    let id = h.chatting();
    let ex = post_line(&mut h, &id, "queued");
    assert!(matches!(ex, Exchange::Lost), "{ex:?}");
    for _ in 0..4 {
        h.secs(1);
        assert!(visitor_lines(&mut h, &id).is_empty());
    }
    h.secs(1);
    assert_eq!(visitor_lines(&mut h, &id), ["queued"]);
    let stats = &h.emu.stats().faults;
    assert_eq!((stats.late_held, stats.late_applied), (1, 1));
}

#[test]
fn applied_late_it_refreshes_the_idle_timer_then() {
    let mut h = late_lines(Duration::from_secs(30), Duration::from_secs(30));
    let id = h.chatting();
    let sent = h.now;
    let _ = post_line(&mut h, &id, "queued");
    assert_eq!(h.emu.next_wakeup(), Some(sent + Duration::from_secs(30)));
    h.secs(30);
    assert_eq!(
        h.emu.chat(&id).unwrap().last_update,
        sent + Duration::from_secs(30)
    );
    // 40 s after the late line, not after the send.
    h.secs(39);
    assert!(!h.emu.chat(&id).unwrap().is_gone());
    h.secs(1);
    assert!(h.emu.chat(&id).unwrap().is_gone());
}

#[test]
fn a_delay_range_is_drawn_and_lines_apply_in_time_order() {
    let mut h = late_lines(Duration::from_secs(2), Duration::from_secs(6));
    let id = h.chatting();
    for n in 0..8 {
        let _ = post_line(&mut h, &id, &n.to_string());
    }
    h.wait(Duration::from_millis(1_999));
    assert!(h.emu.chat(&id).unwrap().lines_from("visitor").is_empty());
    h.wait(Duration::from_millis(4_001));
    let chat = h.emu.chat(&id).unwrap();
    assert_eq!(chat.lines_from("visitor").len(), 8);
    let times: Vec<_> = chat
        .events
        .iter()
        .filter(|e| e.source() == Some("visitor"))
        .map(|e| e.time)
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert!(
        times.first() < times.last(),
        "delays are drawn, not all equal"
    );
}

#[test]
fn a_request_to_a_chat_gone_by_then_is_dropped() {
    let mut h = late_lines(Duration::from_secs(60), Duration::from_secs(60));
    let id = h.chatting();
    let _ = post_line(&mut h, &id, "too late");
    h.secs(45);
    assert!(h.emu.chat(&id).unwrap().is_gone());
    h.secs(20);
    let chat = h.emu.chat(&id).unwrap();
    assert!(chat.lines_from("visitor").is_empty());
    let stats = &h.emu.stats().faults;
    assert_eq!((stats.late_applied, stats.late_dropped), (0, 1));
}

#[test]
fn a_late_chat_request_creates_an_orphan() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .late_apply(1.0, Duration::from_secs(12))
        .only(&[Route::ChatRequest]);
    let mut h = Harness::new(cfg);
    let ex = h.send_chat_request();
    assert!(matches!(ex, Exchange::Lost), "{ex:?}");
    h.secs(11);
    assert!(h.emu.chat_ids().is_empty());
    h.secs(1);
    let ids = h.emu.chat_ids();
    assert_eq!(ids.len(), 1);
    let orphan = h.emu.chat(&ids[0]).unwrap();
    assert!(orphan.orphan);
    assert_eq!(orphan.started, h.now);
    assert_eq!(h.emu.stats().faults.orphans, 1);
    // A chat requested the ordinary way is no orphan.
    let mut plain = Harness::default();
    let id = plain.start_chat();
    assert!(!plain.emu.chat(&id).unwrap().orphan);
}

#[test]
fn a_request_due_with_the_idle_timeout_comes_after_it() {
    let mut h = late_lines(Duration::from_secs(10), Duration::from_secs(10));
    let id = h.start_chat_with(r#"{"request":{"interactionTimeout":10}}"#);
    assert!(h.emu.agent_accept(&id, h.now));
    let _ = post_line(&mut h, &id, "just in time?");
    h.secs(10);
    // As for a request arriving live at that instant, the timeout has already ended the chat.
    assert!(h.emu.chat(&id).unwrap().lines_from("visitor").is_empty());
    assert_eq!(h.emu.stats().faults.late_dropped, 1);
    let mut live = Harness::default();
    let id = live.start_chat_with(r#"{"request":{"interactionTimeout":10}}"#);
    live.secs(10);
    assert_error(&live.say(&id, "just in time?"), 404, 12);
}
