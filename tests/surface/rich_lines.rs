//! `POST …/events` with a rich-content line: the card and its metadata travel with the text,
//! and the line is ordered, retried and reconciled as a plain line is.

use lp_server_chat::wire::{Card, RichLine};
use lp_server_chat::{Error, Event, RequestKind, TransportError};
use serde_json::{json, Value};

use crate::support::*;

fn delivery_card() -> Value {
    json!({"type": "vertical", "elements": [
        {"type": "text", "text": "What is it about?"},
        {"type": "button", "title": "Delivery", "click": {
            "actions": [{"type": "publishText", "text": "Delivery"}],
            "metadata": [{"type": "ExternalId", "id": "choice-1"}]
        }}
    ]})
}

fn delivery_answer() -> RichLine {
    let card = Card::from_json(&delivery_card());
    card.choices[0].rich_answer().expect("a publishText choice")
}

#[test]
fn a_choice_answered_as_rich_content_carries_its_element_and_metadata() {
    let mut h = chatting();
    let id = h.session.send_rich_line(delivery_answer(), h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SendLine);
    assert_eq!(url(&t), format!("{CHAT}/events"));
    assert_eq!(
        body(&t),
        json!({"event": {
            "@type": "line", "text": "Delivery", "textType": "rich-content",
            "json": delivery_card()["elements"][1],
            "metadata": [{"type": "ExternalId", "id": "choice-1"}]
        }})
    );
    h.reply(&t, created(&format!("{CHAT}/events/5")));
    assert!(h.events.contains(&Event::LineDelivered {
        line: id,
        event_id: Some(5)
    }));
}

#[test]
fn a_rich_line_needs_text_to_be_recognised_by() {
    let mut h = chatting();
    let blank = RichLine {
        text: "  ".into(),
        json: delivery_card(),
        metadata: Vec::new(),
    };
    assert_eq!(
        h.session.send_rich_line(blank, h.now),
        Err(Error::EmptyLine)
    );
    h.drain();
    assert!(!h.has(RequestKind::SendLine));
}

#[test]
fn a_lost_rich_line_found_by_its_echo_is_not_sent_again() {
    let mut h = chatting();
    let id = h.session.send_rich_line(delivery_answer(), h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.fail(&send, TransportError::maybe_sent("timed out"));
    h.idle_until(RequestKind::Poll);
    let mut echo = line(3, "visitor", "Delivery");
    echo["textType"] = json!("rich-content");
    echo["json"] = delivery_card()["elements"][1].clone();
    h.poll_with(json!([echo]), info("chatting", Some("Dana"), false));
    assert!(h.events.contains(&Event::LineDelivered {
        line: id,
        event_id: Some(3)
    }));
    h.assert_no_line_resent();
}

#[test]
fn a_queued_rich_line_survives_a_snapshot() {
    let mut h = chatting();
    h.session.send_line("first", h.now).unwrap();
    h.session.send_rich_line(delivery_answer(), h.now).unwrap();
    let snapshot = h.session.snapshot();
    let text = serde_json::to_string(&snapshot).unwrap();
    let snapshot = serde_json::from_str(&text).unwrap();
    h.session = lp_server_chat::ChatSession::resume(config(), snapshot, h.now).unwrap();
    h.pending.clear();
    h.idle_until(RequestKind::SendLine);
    let first = h.take(RequestKind::SendLine);
    assert_eq!(body(&first)["event"]["text"], "first");
    h.reply(&first, created(&format!("{CHAT}/events/3")));
    h.idle_until(RequestKind::SendLine);
    let second = h.take(RequestKind::SendLine);
    assert_eq!(body(&second)["event"]["textType"], "rich-content");
    assert_eq!(
        body(&second)["event"]["json"],
        delivery_card()["elements"][1]
    );
}
