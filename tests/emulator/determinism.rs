use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, FaultPlan};

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
    let _ = a.send(req(
        http::Method::POST,
        &url("/chat/request"),
        br#"{"request":{}}"#,
    ));
    b.start_chat();
    assert_eq!(a.emu.chat_ids(), b.emu.chat_ids());
}
