use std::time::Duration;

use crate::support::*;

#[test]
fn idle_chat_ends_and_is_gone() {
    let mut h = Harness::default();
    let id = h.start_chat();
    assert_eq!(h.emu.next_wakeup(), Some(h.now + Duration::from_secs(40)));
    h.secs(39);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["state"], "waiting");
    h.secs(39);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["state"], "waiting");
    h.secs(41);
    assert_error(&h.get(&format!("/chat/{id}")), 404, 12);
    assert_error(&h.get(&format!("/chat/{id}/info")), 404, 12);
    assert_error(&h.say(&id, "x"), 404, 12);
    let c = h.emu.chat(&id).unwrap();
    assert_eq!(c.events.iter().rev().nth(1).unwrap().state(), Some("ended"));
    assert_eq!(h.emu.next_wakeup(), None);
}

#[test]
fn every_chat_url_refreshes_the_timer() {
    let mut h = Harness::default();
    let id = h.chatting();
    for path in [
        "/info",
        "/info/agentTyping",
        "/exitSurvey",
        "/info/visitorName",
    ] {
        h.secs(30);
        assert_eq!(h.get(&format!("/chat/{id}{path}")).status(), 200, "{path}");
    }
    h.secs(30);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["state"], "chatting");
}

#[test]
fn interaction_timeout_is_honoured() {
    let mut h = Harness::default();
    let id = h.start_chat_with(r#"{"request":{"interactionTimeout":"5"}}"#);
    h.secs(6);
    assert_error(&h.get(&format!("/chat/{id}")), 404, 12);
}

#[test]
fn expire_drops_a_chat_now() {
    let mut h = Harness::default();
    let id = h.chatting();
    assert!(h.emu.expire(&id));
    assert!(!h.emu.expire(&id));
    assert!(!h.emu.expire("nope"));
    assert_error(&h.get(&format!("/chat/{id}/events")), 404, 12);
}

#[test]
fn unknown_chat_is_not_found() {
    let mut h = Harness::default();
    assert_error(
        &h.get("/chat/H1234567890123456789-0123456789abcdef0123456789abcdefK1234567"),
        404,
        12,
    );
}

#[test]
fn unrepresentable_deadlines_never_come() {
    use lp_server_chat::emulator::{AgentBehaviour, AgentStep};
    let mut cfg = config();
    cfg.chat_timeout = Duration::MAX;
    cfg.ended_retention = Duration::MAX;
    cfg.agent = AgentBehaviour::Scripted(vec![AgentStep::Wait(Duration::MAX), AgentStep::Accept]);
    let mut h = Harness::new(cfg);
    let id = h.start_chat_with(r#"{"request":{}}"#);
    assert_eq!(h.emu.next_wakeup(), None);
    h.secs(1_000_000);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["state"], "waiting");
    h.post(
        &format!("/chat/{id}/events"),
        r#"{"event":{"@type":"state","state":"ended"}}"#,
    );
    h.secs(1_000_000);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["state"], "ended");
}
