//! Reading a rich-content card: its texts and its choices, and answering a choice. Shapes the
//! reader does not know yield what they can, never an error.

use lp_server_chat::wire::{ActionKind, Card, ElementKind, OutgoingEvent};
use serde_json::{json, Value};

fn feedback_card() -> Value {
    json!({"type": "vertical", "elements": [
        {"type": "image", "url": "https://cdn.example/logo.png", "tooltip": "Logo"},
        {"type": "text", "text": "Was this helpful?", "tooltip": "question"},
        {"type": "horizontal", "elements": [
            {"type": "button", "title": "Yes", "tooltip": "yes",
             "click": {"actions": [{"type": "publishText", "text": "Yes, thanks"}],
                       "metadata": [{"type": "ExternalId", "id": "yes-1"}]}},
            {"type": "button", "title": "No",
             "click": {"actions": [{"type": "publishText", "text": "No"}]}}
        ]},
        {"type": "button", "title": "Help centre",
         "click": {"actions": [{"type": "link", "name": "open", "uri": "https://help.example"}]}}
    ]})
}

#[test]
fn texts_and_choices_in_document_order() {
    let card = Card::from_json(&feedback_card());
    assert_eq!(card.root.kind, ElementKind::Vertical);
    assert_eq!(card.texts(), ["Was this helpful?"]);
    assert_eq!(card.to_text(), "Was this helpful?");
    let labels: Vec<_> = card.choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Yes", "No", "Help centre"]);
    assert_eq!(card.choices[0].text.as_deref(), Some("Yes, thanks"));
    assert_eq!(
        card.choices[0].metadata,
        [json!({"type": "ExternalId", "id": "yes-1"})]
    );
    assert_eq!(card.choices[2].text, None);
    assert_eq!(
        card.choices[2].link.as_deref(),
        Some("https://help.example")
    );
    let image = &card.root.elements[0];
    assert_eq!(image.kind, ElementKind::Image);
    assert_eq!(image.url.as_deref(), Some("https://cdn.example/logo.png"));
    let yes = &card.root.elements[2].elements[0];
    let action = &yes.click.as_ref().unwrap().actions[0];
    assert_eq!(action.kind, ActionKind::PublishText);
}

#[test]
fn answering_a_choice_says_its_text() {
    let card = Card::from_json(&feedback_card());
    assert_eq!(card.choices[0].answer(), Some("Yes, thanks"));
    assert_eq!(card.choices[2].answer(), None, "a link publishes nothing");
}

#[test]
fn the_rich_answer_carries_the_element_and_its_metadata() {
    let card = Card::from_json(&feedback_card());
    let answer = card.choices[0].rich_answer().expect("publishes text");
    let body: Value = serde_json::from_slice(&OutgoingEvent::from(answer).to_json()).unwrap();
    assert_eq!(
        body,
        json!({"event": {
            "@type": "line", "text": "Yes, thanks", "textType": "rich-content",
            "json": feedback_card()["elements"][2]["elements"][0],
            "metadata": [{"type": "ExternalId", "id": "yes-1"}]
        }})
    );
    assert_eq!(card.choices[2].rich_answer(), None);
}

#[test]
fn a_carousel_of_cards() {
    let card = Card::from_json(&json!({"type": "carousel", "padding": 10, "elements": [
        {"type": "vertical", "elements": [
            {"type": "text", "text": "Plan A"},
            {"type": "button", "title": "Choose A",
             "click": {"actions": [{"type": "publishText", "text": "A"}]}}]},
        {"type": "vertical", "elements": [
            {"type": "text", "text": "Plan B"},
            {"type": "button", "title": "Choose B",
             "click": {"actions": [{"type": "publishText", "text": "B"}]}}]}
    ]}));
    assert_eq!(card.root.kind, ElementKind::Carousel);
    assert_eq!(card.to_text(), "Plan A\nPlan B");
    let answers: Vec<_> = card.choices.iter().filter_map(|c| c.text.clone()).collect();
    assert_eq!(answers, ["A", "B"]);
}

#[test]
fn quick_replies_are_choices() {
    let card = Card::from_json(&json!({
        "quickReplies": {"type": "quickReplies", "itemsPerRow": 8, "replies": [
            {"type": "button", "tooltip": "Billing",
             "click": {"actions": [{"type": "publishText", "text": "Billing"}],
                       "metadata": {"type": "ExternalId", "id": "q1"}}}
        ]},
        "message": "Pick a topic"
    }));
    assert_eq!(card.choices.len(), 1);
    assert_eq!(card.choices[0].label, "Billing");
    assert_eq!(
        card.choices[0].metadata,
        [json!({"type": "ExternalId", "id": "q1"})]
    );
}

#[test]
fn any_element_whose_click_publishes_text_is_a_choice() {
    let card = Card::from_json(&json!({"type": "vertical", "elements": [
        {"type": "image", "url": "u", "click": {"actions": [{"type": "publishText", "text": "Picture"}]}},
        {"type": "image", "url": "v", "click": {"actions": [{"type": "link", "uri": "w"}]}}
    ]}));
    assert_eq!(card.choices.len(), 1);
    assert_eq!(card.choices[0].label, "Picture");
}

#[test]
fn label_falls_back_to_text_then_tooltip() {
    let card = Card::from_json(&json!([
        {"type": "button", "click": {"actions": [{"type": "publishText", "text": "said"}]}},
        {"type": "button", "tooltip": "tip"},
        {"type": "button"}
    ]));
    let labels: Vec<_> = card.choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["said", "tip", ""]);
}

#[test]
fn a_card_sent_as_a_json_string() {
    let card = Card::from_json(&Value::String(feedback_card().to_string()));
    assert_eq!(card.texts(), ["Was this helpful?"]);
    assert_eq!(card.choices.len(), 3);
    let plain = Card::from_json(&json!("just words"));
    assert_eq!(plain.texts(), ["just words"]);
}

#[test]
fn unknown_shapes_yield_what_they_can() {
    let card = Card::from_json(&json!({"type": "hologram", "elements": [
        {"type": "text", "text": 42},
        {"type": "sparkle", "text": "not a text element"},
        "loose words",
        null, 7, true,
        {"type": "button", "title": "Go", "click": {"actions": [
            "not an action", {"text": "no type"}, {"type": "publishText", "text": "Go!"}
        ]}},
        {"type": "button", "title": "Odd", "click": "not an object"},
        {"elements": {"type": "text", "text": "a lone child"}}
    ]}));
    assert_eq!(card.root.kind, ElementKind::Other("hologram".into()));
    assert_eq!(card.texts(), ["42", "loose words", "a lone child"]);
    assert_eq!(card.choices.len(), 2);
    assert_eq!(card.choices[0].text.as_deref(), Some("Go!"));
    assert_eq!(card.choices[1].label, "Odd");
    assert_eq!(card.choices[1].answer(), None);
}

#[test]
fn scalars_and_empty_values_read_as_empty_cards() {
    for v in [json!(null), json!(3), json!({}), json!([]), json!(false)] {
        let card = Card::from_json(&v);
        assert!(card.texts().is_empty() && card.choices.is_empty(), "{v}");
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let mut v = json!({"type": "text", "text": "bottom"});
    for _ in 0..200 {
        v = json!({"type": "vertical", "elements": [v]});
    }
    let card = Card::from_json(&v);
    assert!(card.texts().is_empty(), "too deep to be read");
    let mut v = json!({"type": "text", "text": "reachable"});
    for _ in 0..10 {
        v = json!({"type": "vertical", "elements": [v]});
    }
    assert_eq!(Card::from_json(&v).texts(), ["reachable"]);
}
