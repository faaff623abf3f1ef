//! Over a `Link`, the session reads the emulated agent's card as a rich-content line with its
//! choices, and the visitor's pick (the choice's text as a line) gets the menu's answer.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::Link;
use lp_server_chat::wire::{LineSource, TextType};
use lp_server_chat::Event;

use crate::menu_agent::menu;
use crate::support::*;

#[test]
fn the_session_sees_the_card_and_the_answer_to_its_pick() {
    let mut cfg = config();
    cfg.agent = menu();
    let t0 = Instant::now();
    let mut link = Link::start(cfg, t0, 11).unwrap();
    link.session.request_chat(t0).unwrap();
    let (mut labels, mut answers) = (Vec::new(), Vec::new());
    while let Some(event) = link.next_event(t0 + Duration::from_secs(30)).unwrap() {
        let Event::Line { line, .. } = event else {
            continue;
        };
        if line.source != LineSource::Agent {
            continue;
        }
        match line.card() {
            Some(card) => {
                assert_eq!(line.text_type, TextType::RichContent);
                labels = card.choices.iter().map(|c| c.label.clone()).collect();
                let pick = card.choices[1].text.clone().expect("a publishText");
                link.session.send_line(pick, link.now).unwrap();
            }
            None => answers.push(line.text),
        }
    }
    assert_eq!(labels, ["Billing", "Tech"]);
    assert_eq!(answers, ["Have you tried turning it off and on?"]);
}
