use lp_server_chat::wire::{decode, LineStatusKind, OutgoingEvent};
use serde_json::json;

use crate::to_value;

#[test]
fn line() {
    let e = OutgoingEvent::Line {
        text: "Is order 5521 shipped?".into(),
    };
    assert_eq!(
        to_value(&e),
        json!({"event": {"@type": "line", "text": "Is order 5521 shipped?"}})
    );
}

#[test]
fn end() {
    assert_eq!(
        to_value(&OutgoingEvent::End),
        json!({"event": {"@type": "state", "state": "ended"}})
    );
}

#[test]
fn line_status_receipt() {
    let e = OutgoingEvent::line_status(LineStatusKind::Read, 17);
    assert_eq!(
        to_value(&e),
        json!({"event": {
            "@type": "line-status", "lineStatus": "READ", "refSequenceId": "17", "metadata": []
        }})
    );
}

#[test]
fn line_status_receipt_with_metadata() {
    let e = OutgoingEvent::LineStatus {
        status: LineStatusKind::Action,
        ref_sequence_id: 4,
        metadata: vec![json!({"type": "ExternalId", "id": "yes-1"})],
    };
    assert_eq!(
        to_value(&e),
        json!({"event": {
            "@type": "line-status", "lineStatus": "ACTION", "refSequenceId": "4",
            "metadata": [{"type": "ExternalId", "id": "yes-1"}]
        }})
    );
}

#[test]
fn rich_content_line_as_the_sdk_posts_it() {
    let card = json!({"type": "vertical", "elements": [{"type": "text", "text": "Hi"}]});
    let e = OutgoingEvent::RichContent {
        text: None,
        json: card.clone(),
        metadata: vec![],
    };
    assert_eq!(
        to_value(&e),
        json!({"event": {
            "@type": "line", "textType": "rich-content", "json": card, "metadata": []
        }})
    );
    let e = OutgoingEvent::RichContent {
        text: Some("Hi".into()),
        json: card.clone(),
        metadata: vec![json!({"type": "ExternalId", "id": "x"})],
    };
    assert_eq!(
        to_value(&e),
        json!({"event": {
            "@type": "line", "text": "Hi", "textType": "rich-content", "json": card,
            "metadata": [{"type": "ExternalId", "id": "x"}]
        }})
    );
}

#[test]
fn decodes_posted_receipts_and_rich_lines_in_other_spellings() {
    let e = decode::<OutgoingEvent>(
        br#"{"event":{"@type":"line-status","lineStatus":"READ","refSequenceId":9,"metadata":{"k":1}}}"#,
    )
    .unwrap();
    assert_eq!(
        e,
        OutgoingEvent::LineStatus {
            status: LineStatusKind::Read,
            ref_sequence_id: 9,
            metadata: vec![json!({"k": 1})],
        }
    );
    // A line with `json` is rich content even without `textType`.
    let e =
        decode::<OutgoingEvent>(br#"{"event":{"@type":"line","json":{"type":"text"}}}"#).unwrap();
    assert_eq!(
        e,
        OutgoingEvent::RichContent {
            text: None,
            json: json!({"type": "text"}),
            metadata: vec![],
        }
    );
}

#[test]
fn decodes_what_it_writes() {
    for e in [
        OutgoingEvent::Line { text: "x".into() },
        OutgoingEvent::End,
        OutgoingEvent::line_status(LineStatusKind::Accept, 3),
        OutgoingEvent::LineStatus {
            status: LineStatusKind::Other("SEEN".into()),
            ref_sequence_id: 0,
            metadata: vec![json!([1]), json!(null)],
        },
        OutgoingEvent::RichContent {
            text: Some("t".into()),
            json: json!({"type": "button"}),
            metadata: vec![json!({"type": "ExternalId", "id": "1"})],
        },
    ] {
        assert_eq!(decode::<OutgoingEvent>(&e.to_json()).unwrap(), e);
    }
}

#[test]
fn rejects_unsupported_posts() {
    assert!(decode::<OutgoingEvent>(br#"{"event":{"@type":"state","state":"chatting"}}"#).is_err());
    assert!(decode::<OutgoingEvent>(br#"{"event":{"@type":"url"}}"#).is_err());
    assert!(decode::<OutgoingEvent>(br#"{"event":{"text":"no type"}}"#).is_err());
}
