use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, AgentStep::*, RecordState};

use crate::support::*;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn scripted_agent_runs_on_a_timeline() {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Scripted(vec![
        Wait(secs(3)),
        Accept,
        Say("Hello".into()),
        Wait(secs(2)),
        Typing(true),
        Wait(secs(2)),
        SayHtml("<b>Bye</b>".into()),
        End,
    ]);
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    assert_eq!(h.emu.next_wakeup(), Some(h.now + secs(3)));
    h.secs(2);
    assert_eq!(h.emu.chat(&id).unwrap().state, RecordState::Waiting);
    h.secs(1);
    let c = h.emu.chat(&id).unwrap();
    assert_eq!(c.state, RecordState::Chatting);
    assert_eq!(c.lines_from("agent"), ["Hello"]);
    assert!(c.lines_from("system").iter().any(|l| l.contains("Dana")));
    h.secs(2);
    assert!(h.emu.chat(&id).unwrap().agent_typing);
    h.secs(2);
    let c = h.emu.chat(&id).unwrap();
    assert_eq!(c.state, RecordState::Ended);
    assert_eq!(c.lines_from("agent"), ["Hello", "<b>Bye</b>"]);
    assert_eq!(c.events.last().unwrap().system_message_id(), Some(5));
}

#[test]
fn accept_adds_state_and_system_message_3() {
    let mut h = Harness::default();
    let id = h.start_chat();
    assert!(h.emu.agent_accept(&id, h.now));
    assert!(!h.emu.agent_accept(&id, h.now));
    let ev = chat_events(&h.poll(&id, 2));
    assert_eq!(ev[0]["state"], "chatting");
    assert_eq!(ev[1]["text"], "You are now chatting with Dana.");
    assert_eq!(
        h.emu.chat(&id).unwrap().events[3].system_message_id(),
        Some(3)
    );
}

#[test]
fn agent_cannot_speak_before_accepting() {
    let mut h = Harness::default();
    let id = h.start_chat();
    assert!(!h.emu.agent_say(&id, "hi", h.now));
    assert!(!h.emu.agent_say("nope", "hi", h.now));
}

#[test]
fn replying_agent_answers_each_line() {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Replying {
        accept_after: secs(2),
        greeting: "Hi, I'm Dana".into(),
        reply_after: secs(3),
        typing_for: secs(2),
    };
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    h.secs(2);
    assert_eq!(
        h.emu.chat(&id).unwrap().lines_from("agent"),
        ["Hi, I'm Dana"]
    );
    assert_eq!(h.say(&id, "ping").status(), 201);
    h.secs(1);
    assert!(h.emu.chat(&id).unwrap().agent_typing);
    h.secs(2);
    let c = h.emu.chat(&id).unwrap();
    assert_eq!(c.lines_from("agent"), ["Hi, I'm Dana", "You said: ping"]);
    assert!(!c.agent_typing);
}

#[test]
fn absent_agent_never_accepts() {
    let mut h = Harness::default();
    let id = h.start_chat();
    for _ in 0..10 {
        h.secs(20);
        h.poll(&id, 0);
    }
    assert_eq!(h.emu.chat(&id).unwrap().state, RecordState::Waiting);
}

#[test]
fn a2a_transfer_event() {
    let mut h = Harness::default();
    let id = h.chatting();
    assert!(h
        .emu
        .agent_transfer_a2a(&id, "base.liveperson.net", 70648893, "Billing", h.now));
    let ev = chat_events(&h.poll(&id, 4));
    let e = &ev[0];
    assert_eq!(e["@type"], "a2a-transfer");
    assert_eq!(e["domain"], "base.liveperson.net");
    assert_eq!(e["remoteSiteId"], 70648893);
    assert_eq!(e["link"]["@rel"], "a2a-transfer");
    assert_eq!(
        e["link"]["@href"],
        "https://base.liveperson.net/api/account/70648893/chat/request"
    );
    let p = &e["chatRequestParameters"];
    assert_eq!(p["a2aEventId"], 4);
    assert_eq!(p["a2aSourceSiteId"], 12345678);
    assert_eq!(p["skill"], "Billing");
    assert!(p["a2aSourceSessionId"].is_u64());
}

#[test]
fn scripted_steps_dropped_once_the_chat_ended() {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Scripted(vec![Wait(secs(5)), Accept, Say("late".into())]);
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    h.post(
        &format!("/chat/{id}/events"),
        r#"{"event":{"@type":"state","state":"ended"}}"#,
    );
    h.secs(10);
    assert!(h.emu.chat(&id).unwrap().lines_from("agent").is_empty());
}
