//! The whole rich-content exchange over a `Link`: the agent sends a card, the visitor answers
//! it by one of its choices, every agent line is marked read, the agent's side reads the
//! visitor's answer, and the chat's duration and idle clock reach the application.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, AgentReceipts, Link, MenuChoice};
use lp_server_chat::wire::{LineSource, LineStatusKind, TextType};
use lp_server_chat::{EndReason, Event};

use crate::support::*;

#[test]
fn a_card_answered_by_a_choice_with_every_agent_line_marked_read() {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Menu {
        accept_after: Duration::from_secs(2),
        prompt: "What is it about?".into(),
        choices: vec![
            MenuChoice::new("Billing", "Let me open your invoice."),
            MenuChoice::new("Delivery", "Your parcel left this morning."),
        ],
        reply_after: Duration::from_secs(3),
        typing_for: Duration::from_secs(1),
    };
    cfg.receipts = AgentReceipts::Read {
        after: Duration::from_secs(1),
    };
    let t0 = Instant::now();
    let mut link = Link::start(cfg, t0, 16).unwrap();
    link.session.request_chat(t0).unwrap();

    let (mut card_text, mut labels, mut answer) = (None, Vec::new(), None);
    let (mut agent_lines, mut answer_id, mut agent_read_answer) = (Vec::new(), None, false);
    let mut ended = None;
    while let Some(event) = link.next_event(t0 + Duration::from_secs(60)).unwrap() {
        match event {
            Event::Line { event_id, line, .. } if line.source == LineSource::Agent => {
                agent_lines.push(event_id);
                let _ = link.session.mark_line_read(event_id, link.now).unwrap();
                match line.card() {
                    Some(card) => {
                        assert_eq!(line.text_type, TextType::RichContent);
                        card_text = Some(card.to_text());
                        labels = card.choices.iter().map(|c| c.label.clone()).collect();
                        let pick = card.choices[1].answer().expect("a publishText choice");
                        link.session.send_line(pick, link.now).unwrap();
                    }
                    None => {
                        answer = Some(line.text);
                        link.session.end_chat(link.now).unwrap();
                    }
                }
            }
            Event::LineDelivered { event_id, .. } => answer_id = event_id,
            Event::LineStatus {
                status: LineStatusKind::Read,
                about,
                source: Some(LineSource::Agent),
                ..
            } => agent_read_answer |= about.is_some() && about == answer_id,
            Event::ChatEnded { reason } => ended = Some(reason),
            _ => {}
        }
    }

    assert_eq!(ended, Some(EndReason::Visitor));
    assert_eq!(card_text.as_deref(), Some("What is it about?"));
    assert_eq!(labels, ["Billing", "Delivery"]);
    assert_eq!(answer.as_deref(), Some("Your parcel left this morning."));
    assert!(
        agent_read_answer,
        "the agent's READ of the visitor's answer"
    );
    let chat = link.emulator.chat(&link.emulator.chat_ids()[0]).unwrap();
    assert_eq!(
        chat.lines_from("visitor"),
        ["Delivery"],
        "the choice, as a line"
    );
    let read: Vec<_> = chat
        .receipts_from("visitor")
        .iter()
        .map(|r| (r.line_status(), r.ref_sequence_id()))
        .collect();
    let expected: Vec<_> = agent_lines
        .iter()
        .map(|id| (Some("READ"), Some(*id)))
        .collect();
    assert_eq!(read, expected, "one READ per agent line, the card's first");
    let lasted = link.session.chat_duration().expect("info's duration");
    assert!(lasted >= Duration::from_secs(2), "{lasted:?}");
    assert!(link.session.last_update_ms().is_some(), "info's lastUpdate");
}
