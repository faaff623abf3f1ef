//! The agent sends a rich-content card: a `line` with `textType: rich-content`, the card under
//! `json`, `metadata: []` and no `text`.

use std::time::Duration;

use lp_server_chat::emulator::{choice_card, AgentBehaviour, AgentStep};
use serde_json::{json, Value};

use crate::support::*;

fn card() -> Value {
    json!({"type": "vertical", "elements": [
        {"type": "text", "text": "Pick one"},
        {"type": "button", "title": "Billing", "click": {
            "actions": [{"type": "publishText", "text": "Billing"}],
            "metadata": [{"type": "ExternalId", "id": "b"}]
        }}
    ]})
}

fn last_event(h: &mut Harness, id: &str) -> Value {
    chat_events(&h.poll(id, 0)).pop().expect("an event")
}

#[test]
fn a_card_is_a_rich_content_line_without_text() {
    let mut h = Harness::default();
    let id = h.chatting();
    assert!(h.emu.agent_card(&id, card(), h.now));
    let e = last_event(&mut h, &id);
    assert_eq!(e["@type"], "line");
    assert_eq!(e["textType"], "rich-content");
    assert_eq!(e["json"], card());
    assert_eq!(e["metadata"], json!([]));
    assert_eq!(e["source"], "agent");
    assert_eq!(e["by"], "Dana");
    assert_eq!(e.get("text"), None, "no fallback text: {e}");
    let c = h.emu.chat(&id).unwrap();
    assert_eq!(c.cards_from("agent"), [&card()]);
    assert!(c.lines_from("agent").is_empty());
}

#[test]
fn a_card_needs_a_chatting_chat() {
    let mut h = Harness::default();
    let id = h.start_chat();
    assert!(!h.emu.agent_card(&id, card(), h.now));
    assert!(!h.emu.agent_card("nope", card(), h.now));
    assert!(h.emu.chat(&id).unwrap().cards_from("agent").is_empty());
}

#[test]
fn a_scripted_card_arrives_on_time() {
    let mut cfg = config();
    let buttons = choice_card("How can we help?", &["Billing", "Tech"]);
    cfg.agent = AgentBehaviour::Scripted(vec![
        AgentStep::Accept,
        AgentStep::Wait(Duration::from_secs(2)),
        AgentStep::Card(buttons.clone()),
    ]);
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    h.secs(1);
    assert!(h.emu.chat(&id).unwrap().cards_from("agent").is_empty());
    h.secs(1);
    assert_eq!(h.emu.chat(&id).unwrap().cards_from("agent"), [&buttons]);
    assert_eq!(last_event(&mut h, &id)["textType"], "rich-content");
}

#[test]
fn a_choice_card_has_a_text_then_publish_text_buttons() {
    let c = choice_card("Pick", &["A", "B"]);
    assert_eq!(c["type"], "vertical");
    let elements = c["elements"].as_array().unwrap();
    assert_eq!(elements[0], json!({"type": "text", "text": "Pick"}));
    for (n, title) in ["A", "B"].iter().enumerate() {
        let b = &elements[n + 1];
        assert_eq!(b["type"], "button");
        assert_eq!(b["title"], *title);
        assert_eq!(
            b["click"]["actions"],
            json!([{"type": "publishText", "text": title}])
        );
        assert_eq!(
            b["click"]["metadata"],
            json!([{"type": "ExternalId", "id": format!("choice-{}", n + 1)}])
        );
    }
    assert_eq!(elements.len(), 3);
}
