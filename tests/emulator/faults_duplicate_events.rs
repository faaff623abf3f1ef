use lp_server_chat::emulator::FaultPlan;

use crate::support::*;

#[test]
fn poll_answers_overlap_earlier_events_but_next_is_right() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().duplicate_events(1.0);
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    h.emu.agent_say(&id, "x", h.now);
    let doc = h.poll(&id, 4);
    let ids: Vec<u64> = chat_events(&doc)
        .iter()
        .map(|e| e["@id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(ids[0] < 4, "{ids:?}");
    assert_eq!(*ids.last().unwrap(), 4);
    assert_eq!(
        link(&doc["chat"]["link"], "next"),
        url(&format!("/chat/{id}?from=5"))
    );
    assert!(h.emu.stats().faults.duplicated >= 1);
    // from=0 cannot overlap anything.
    assert_eq!(chat_events(&h.poll(&id, 0)).len(), 5);
}
