//! A visitor's rich-content line is kept as posted: its text, the card under `json` and its
//! `metadata` (always an array), and it is echoed with `source: visitor`; a menu agent answers
//! the choice its text names.

use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, MenuChoice};
use serde_json::json;

use crate::support::*;

#[test]
fn a_rich_line_is_echoed_with_its_card_and_metadata() {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Menu {
        accept_after: Duration::ZERO,
        prompt: "What is it about?".into(),
        choices: vec![MenuChoice::new(
            "Delivery",
            "Your parcel left this morning.",
        )],
        reply_after: Duration::from_secs(1),
        typing_for: Duration::ZERO,
    };
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    h.secs(1);
    let button = json!({"type": "button", "title": "Delivery"});
    let line = json!({"event": {"@type": "line", "text": "Delivery", "textType": "rich-content",
        "json": button, "metadata": {"type": "ExternalId", "id": "choice-1"}}});
    let r = h.post(&format!("/chat/{id}/events?v=1&NC=true"), &line.to_string());
    assert_eq!(r.status(), 201, "{}", text(&r));
    h.secs(2);

    let events = chat_events(&h.poll(&id, 0));
    let echo = events
        .iter()
        .find(|e| e["source"] == "visitor" && e["@type"] == "line")
        .expect("the echo");
    assert_eq!(echo["text"], "Delivery");
    assert_eq!(echo["textType"], "rich-content");
    assert_eq!(echo["json"], button);
    assert_eq!(
        echo["metadata"],
        json!([{"type": "ExternalId", "id": "choice-1"}])
    );
    let last = events.last().unwrap();
    assert_eq!(last["source"], "agent");
    assert_eq!(last["text"], "Your parcel left this morning.");
}

#[test]
fn a_card_without_text_is_taken_and_a_plain_line_without_text_is_not() {
    let mut h = Harness::default();
    let id = h.chatting();
    let card = json!({"event": {"@type": "line", "textType": "rich-content",
        "json": {"type": "text", "text": "hi"}}});
    let r = h.post(&format!("/chat/{id}/events"), &card.to_string());
    assert_eq!(r.status(), 201, "{}", text(&r));
    let echo = chat_events(&h.poll(&id, 0)).last().cloned().unwrap();
    assert_eq!(echo["json"], json!({"type": "text", "text": "hi"}));
    assert_eq!(echo.get("text"), None);
    assert_eq!(echo["metadata"], json!([]));

    let plain = json!({"event": {"@type": "line", "textType": "plain"}});
    let r = h.post(&format!("/chat/{id}/events"), &plain.to_string());
    assert_eq!(r.status(), 400);
}
