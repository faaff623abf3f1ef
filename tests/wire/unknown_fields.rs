use lp_server_chat::wire::{decode, ChatResource, EventBody, Survey, VisitorTyping};
use serde_json::json;

use crate::bytes;

#[test]
fn unknown_members_are_ignored_everywhere() {
    let body = bytes(json!({
        "chat": {
            "somethingNew": {"deep": [1, 2, {"x": null}]},
            "link": [{"@href": "https://h/c", "@rel": "self", "@title": "ignored"}],
            "events": {
                "extra": true,
                "event": {"@id": "0", "@type": "line", "text": "hi", "channelID": "c-9",
                          "json": {"type": "card"}, "subtype": "X"}
            },
            "info": {"state": "waiting", "duration": 0, "sharkVisitorId": "s", "future": [1]}
        },
        "siblingOfChat": 1
    }));
    let c = decode::<ChatResource>(&body).expect("unknown members ignored");
    assert_eq!(c.links.get("self"), Some("https://h/c"));
    assert!(matches!(&c.events.events[0].body, EventBody::Line(l) if l.text == "hi"));
    assert!(c.info.is_some());
}

#[test]
fn unknown_members_in_surveys_and_small_documents() {
    let body = bytes(json!({"survey": {"id": 1, "surveyKind": "x", "questions": {
        "question": {"id": 2, "type": "Text Field", "hint": "ignored"},
        "paging": 1
    }}}));
    assert_eq!(decode::<Survey>(&body).unwrap().questions.len(), 1);
    let t = decode::<VisitorTyping>(br#"{"visitorTyping":"typing","since":3}"#).unwrap();
    assert_eq!(t.visitor_typing.as_str(), "typing");
}
