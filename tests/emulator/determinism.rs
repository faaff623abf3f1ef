use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, FaultPlan, Route};

use crate::support::*;

fn run(seed: u64) -> (Vec<String>, Vec<u16>, String) {
    let mut cfg = config();
    cfg.seed = seed;
    cfg.faults = FaultPlan::none().server_errors(0.3);
    cfg.agent = AgentBehaviour::Replying {
        accept_after: Duration::from_secs(1),
        greeting: "hi".into(),
        reply_after: Duration::from_secs(1),
        typing_for: Duration::ZERO,
    };
    let mut h = Harness::new(cfg);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = h.post("/chat/request?v=1", r#"{"request":{}}"#);
        statuses.push(r.status().as_u16());
        h.secs(1);
    }
    let ids = h.emu.chat_ids();
    let doc = ids
        .first()
        .map(|id| h.get(&format!("/chat/{id}")))
        .map(|r| text(&r))
        .unwrap_or_default();
    (ids, statuses, doc)
}

#[test]
fn same_seed_same_run() {
    assert_eq!(run(42), run(42));
}

#[test]
fn different_seed_different_ids() {
    let a = run(1).0;
    let b = run(2).0;
    assert!(a.is_empty() || b.is_empty() || a[0] != b[0]);
}

#[test]
fn fault_free_ids_do_not_depend_on_the_fault_plan() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().slow(1.0, Duration::from_secs(1));
    let mut a = Harness::new(cfg);
    let mut b = Harness::default();
    let _ = a.send_chat_request();
    b.start_chat();
    assert_eq!(a.emu.chat_ids(), b.emu.chat_ids());
}

/// What the client saw of each request, and what the server holds after a run under every
/// reading of a failed request.
fn run_readings(seed: u64) -> (Vec<String>, Vec<Vec<String>>, String) {
    let mut cfg = config();
    cfg.seed = seed;
    cfg.faults = FaultPlan::none()
        .chat_server_errors(0.15)
        .gateway_errors(0.15)
        .late_apply_between(0.15, Duration::from_secs(1), Duration::from_secs(9))
        .dropped(0.1)
        .only(&[Route::EventsPost]);
    let mut h = Harness::new(cfg);
    let mut seen = Vec::new();
    let id = h.chatting();
    for n in 0..60 {
        let body = format!(r#"{{"event":{{"@type":"line","text":"{n}"}}}}"#);
        let ex = h.send(req(
            http::Method::POST,
            &url(&format!("/chat/{id}/events")),
            body.as_bytes(),
        ));
        seen.push(match ex.response() {
            Some(r) => r.status().to_string(),
            None => format!("{ex:?}"),
        });
        h.secs(1);
    }
    h.secs(20);
    let lines = h
        .emu
        .chat_ids()
        .iter()
        .filter_map(|id| h.emu.chat(id))
        .map(|c| {
            c.lines_from("visitor")
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
        .collect();
    (seen, lines, format!("{:?}", h.emu.stats()))
}

#[test]
fn every_reading_is_drawn_from_the_seed() {
    let (seen, lines, stats) = run_readings(42);
    assert_eq!((seen.clone(), lines, stats), run_readings(42));
    for outcome in ["Lost", "502", "201"] {
        assert!(
            seen.iter().any(|s| s.contains(outcome)),
            "{outcome}: {seen:?}"
        );
    }
}

/// Every answer, headers and all, of a chat with a menu agent sending receipts, under faults.
fn run_cards_and_receipts(seed: u64) -> Vec<String> {
    use lp_server_chat::emulator::{Activity, AgentReceipts, MenuChoice};
    let mut cfg = config();
    cfg.seed = seed;
    cfg.activity = Activity::WritesOnly;
    cfg.receipts = AgentReceipts::AcceptAndRead {
        after: Duration::from_secs(1),
    };
    cfg.agent = AgentBehaviour::Menu {
        accept_after: Duration::from_secs(1),
        prompt: "Pick".into(),
        choices: vec![MenuChoice::new("A", "a"), MenuChoice::new("B", "b")],
        reply_after: Duration::from_secs(2),
        typing_for: Duration::from_secs(1),
    };
    cfg.faults = FaultPlan::none()
        .server_errors(0.2)
        .rate_limit(0.1, lp_server_chat::emulator::RetryAfterForm::HttpDate(3))
        .only(&[Route::EventsPost, Route::ChatGet]);
    let mut h = Harness::new(cfg);
    let mut seen = Vec::new();
    let mut record = |ex: lp_server_chat::emulator::Exchange| match ex.into_response() {
        Some(r) => seen.push(format!("{} {:?} {}", r.status(), r.headers(), text(&r))),
        None => seen.push("none".into()),
    };
    record(h.send_chat_request());
    let id = h.emu.chat_ids().first().cloned().unwrap_or_default();
    for text in ["B", "A", "?"] {
        h.secs(2);
        let body = format!(r#"{{"event":{{"@type":"line","text":"{text}"}}}}"#);
        record(h.send(req(
            http::Method::POST,
            &url(&format!("/chat/{id}/events")),
            body.as_bytes(),
        )));
        h.secs(3);
        record(h.send(req(http::Method::GET, &url(&format!("/chat/{id}")), b"")));
    }
    seen
}

#[test]
fn cards_receipts_and_headers_follow_the_seed() {
    let a = run_cards_and_receipts(9);
    assert_eq!(a, run_cards_and_receipts(9));
    assert!(a.iter().any(|s| s.contains("rich-content")), "{a:?}");
    assert!(a.iter().any(|s| s.contains("line-status")), "{a:?}");
}
