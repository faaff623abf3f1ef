use std::time::Duration;

use lp_server_chat::emulator::RecordState;

use crate::support::*;

const END: &str = r#"{"event":{"@type":"state","state":"ended"}}"#;

#[test]
fn visitor_ends_the_chat() {
    let mut h = Harness::default();
    let id = h.chatting();
    let r = h.post(&format!("/chat/{id}/events?v=1"), END);
    assert_eq!(r.status(), 201);
    assert!(header(&r, "location").is_some());
    let ev = chat_events(&h.poll(&id, 4));
    assert_eq!(ev[0]["state"], "ended");
    assert_eq!(h.emu.chat(&id).unwrap().state, RecordState::Ended);
    // Lines after the end are refused.
    assert_error(&h.say(&id, "still there?"), 400, 5);
}

#[test]
fn ending_while_waiting_and_twice() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let first = h.post(&format!("/chat/{id}/events"), END);
    assert_eq!(first.status(), 201);
    let again = h.post(&format!("/chat/{id}/events"), END);
    assert_eq!(again.status(), 201);
    assert_eq!(header(&first, "location"), header(&again, "location"));
    let ended = h
        .emu
        .chat(&id)
        .unwrap()
        .events
        .iter()
        .filter(|e| e.state() == Some("ended"))
        .count();
    assert_eq!(ended, 1);
}

#[test]
fn agent_end_adds_system_message_5() {
    let mut h = Harness::default();
    let id = h.chatting();
    assert!(h.emu.agent_end(&id, h.now));
    assert!(!h.emu.agent_end(&id, h.now));
    let c = h.emu.chat(&id).unwrap();
    let last = c.events.last().unwrap();
    assert_eq!(last.system_message_id(), Some(5));
    assert_eq!(c.events[c.events.len() - 2].state(), Some("ended"));
}

#[test]
fn ended_chat_stays_readable_then_goes() {
    let mut cfg = config();
    cfg.ended_retention = Duration::from_secs(300);
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    h.post(&format!("/chat/{id}/events"), END);
    // Long past the idle timeout: still readable while retained.
    h.secs(200);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["state"], "ended");
    assert_eq!(h.get(&format!("/chat/{id}/exitSurvey")).status(), 200);
    h.secs(101);
    let r = h.get(&format!("/chat/{id}?v=1"));
    let v = assert_error(&r, 404, 12);
    assert_eq!(v["error"]["message"], "Chat session not found");
    assert!(h.emu.chat(&id).unwrap().is_gone());
}

#[test]
fn bad_state_value_is_refused() {
    let mut h = Harness::default();
    let id = h.chatting();
    let r = h.post(
        &format!("/chat/{id}/events"),
        r#"{"event":{"@type":"state","state":"chatting"}}"#,
    );
    assert_eq!(r.status(), 400);
}
