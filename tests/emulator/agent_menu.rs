//! `AgentBehaviour::Menu`: the agent greets with a card of choices and answers the visitor's
//! pick, which comes back as a plain line with the button's text.

use lp_server_chat::emulator::choice_card;

use crate::menu_agent::menu;
use crate::support::*;

fn started() -> (Harness, String) {
    let mut cfg = config();
    cfg.agent = menu();
    let mut h = Harness::new(cfg);
    let id = h.start_chat();
    h.secs(2);
    (h, id)
}

#[test]
fn greets_with_a_card_of_the_choices() {
    let (mut h, id) = started();
    let c = h.emu.chat(&id).unwrap();
    assert_eq!(c.state.as_str(), "chatting");
    assert_eq!(
        c.cards_from("agent"),
        [&choice_card("What is it about?", &["Billing", "Tech"])]
    );
    assert!(c.lines_from("agent").is_empty(), "the card is the greeting");
    let last = chat_events(&h.poll(&id, 0)).pop().unwrap();
    assert_eq!(last["textType"], "rich-content");
}

#[test]
fn answers_the_picked_choice() {
    let (mut h, id) = started();
    assert_eq!(h.say(&id, "Tech").status(), 201);
    h.secs(1);
    assert_eq!(
        h.emu.chat(&id).unwrap().lines_from("agent"),
        ["Have you tried turning it off and on?"]
    );
    assert_eq!(h.say(&id, "Billing").status(), 201);
    h.secs(1);
    assert_eq!(
        h.emu.chat(&id).unwrap().lines_from("agent")[1],
        "Let me open your invoice."
    );
}

#[test]
fn any_other_line_is_echoed() {
    let (mut h, id) = started();
    h.say(&id, "billing");
    h.secs(1);
    assert_eq!(
        h.emu.chat(&id).unwrap().lines_from("agent"),
        ["You said: billing"]
    );
}
