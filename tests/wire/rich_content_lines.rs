//! Rich-content lines (observed-behaviour § 3.2) keep their card (`json`) and `metadata`.

use lp_server_chat::wire::{decode, encode, EventBatch, EventBody, Line, TextType};
use serde_json::{json, Value};

use crate::bytes;

fn line(event: Value) -> Line {
    let batch = decode::<EventBatch>(&bytes(json!({"events": {"event": [event]}})))
        .unwrap_or_else(|e| panic!("{e}"));
    match batch.events.into_iter().next().map(|e| e.body) {
        Some(EventBody::Line(l)) => l,
        other => panic!("not a line: {other:?}"),
    }
}

fn card() -> Value {
    json!({"type": "vertical", "elements": [
        {"type": "text", "text": "Was this helpful?"},
        {"type": "button", "title": "Yes",
         "click": {"actions": [{"type": "publishText", "text": "Yes"}],
                   "metadata": [{"type": "ExternalId", "id": "yes-1"}]}}
    ]})
}

#[test]
fn card_and_metadata_are_kept() {
    let l = line(json!({
        "@id": "7", "@type": "line", "time": "2024-03-11T09:17:00.000+00:00",
        "textType": "rich-content", "json": card(), "metadata": [], "by": "Dana",
        "source": "agent", "subType": "REGULAR"
    }));
    assert_eq!(l.text_type, TextType::RichContent);
    assert_eq!(l.text, "");
    assert_eq!(l.json.as_deref(), Some(&card()));
    assert!(l.metadata.is_empty());
    assert_eq!(l.card().expect("a card").texts(), ["Was this helpful?"]);
}

#[test]
fn metadata_in_every_spelling() {
    let entry = json!({"type": "ExternalId", "id": "m-1"});
    let l = line(json!({"@id": "1", "@type": "line", "metadata": [entry.clone(), 3]}));
    assert_eq!(l.metadata, [entry.clone(), json!(3)]);
    let l = line(json!({"@id": "1", "@type": "line", "metadata": entry.clone()}));
    assert_eq!(l.metadata, [entry]);
    let l = line(json!({"@id": "1", "@type": "line", "metadata": null}));
    assert!(l.metadata.is_empty());
}

#[test]
fn members_before_the_type_key() {
    let l = line(
        json!({"json": card(), "metadata": [1], "textType": "rich-content",
                        "@id": "2", "@type": "line"}),
    );
    assert_eq!(l.json.as_deref(), Some(&card()));
    assert_eq!(l.metadata, [json!(1)]);
}

#[test]
fn any_json_value_is_kept() {
    for json in [json!("a string card"), json!([1, 2]), json!(0), json!({})] {
        let l = line(
            json!({"@id": "1", "@type": "line", "textType": "rich-content",
                            "json": json.clone()}),
        );
        assert_eq!(l.json.as_deref(), Some(&json));
    }
    let l = line(json!({"@id": "1", "@type": "line", "json": null}));
    assert_eq!(l.json, None);
}

#[test]
fn unknown_text_types_are_kept() {
    let l = line(json!({"@id": "1", "@type": "line", "textType": "markdown", "text": "*x*"}));
    assert_eq!(l.text_type, TextType::Other("markdown".into()));
    assert_eq!(TextType::RichContent.as_str(), "rich-content");
}

#[test]
fn written_back_as_received() {
    let src = json!({"events": {"link": [], "event": [
        {"@id": "7", "@type": "line", "text": "", "textType": "rich-content", "by": "Dana",
         "source": "agent", "json": card(), "metadata": []},
        {"@id": "8", "@type": "line", "text": "plain", "textType": "plain", "source": "agent"}
    ]}});
    let batch = decode::<EventBatch>(&bytes(src.clone())).unwrap();
    let written: Value = serde_json::from_slice(&encode(&batch)).unwrap();
    assert_eq!(written, src);
}
