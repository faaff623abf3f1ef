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
    let e = OutgoingEvent::LineStatus {
        status: LineStatusKind::Read,
        ref_sequence_id: 17,
    };
    assert_eq!(
        to_value(&e),
        json!({"event": {
            "@type": "line-status", "lineStatus": "READ", "refSequenceId": "17", "metadata": []
        }})
    );
}

#[test]
fn decodes_what_it_writes() {
    for e in [
        OutgoingEvent::Line { text: "x".into() },
        OutgoingEvent::End,
        OutgoingEvent::LineStatus {
            status: LineStatusKind::Accept,
            ref_sequence_id: 3,
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
