//! Incoming `line-status` receipts (observed-behaviour § 3.1) decode to a typed body; one
//! whose members do not fit is kept whole instead of failing the batch.

use lp_server_chat::wire::{
    decode, encode, EventBatch, EventBody, LineSource, LineStatus, LineStatusKind,
};
use serde_json::{json, Value};

use crate::bytes;

fn body_of(event: Value) -> EventBody {
    let batch = decode::<EventBatch>(&bytes(json!({"events": {"event": event}})))
        .unwrap_or_else(|e| panic!("{e}"));
    batch.events.into_iter().next().expect("one event").body
}

fn receipt(event: Value) -> LineStatus {
    match body_of(event) {
        EventBody::LineStatus(ls) => ls,
        other => panic!("not a receipt: {other:?}"),
    }
}

#[test]
fn the_observed_receipt() {
    // #181, verbatim but for the quotes.
    let ls = receipt(json!({
        "@id": "14", "@type": "line-status", "time": "2018-03-19T03:04:27.186-04:00",
        "metadata": [], "source": "visitor", "lineStatus": "ACCEPT", "refSequenceId": "11"
    }));
    assert_eq!(
        ls,
        LineStatus {
            status: LineStatusKind::Accept,
            ref_sequence_id: Some(11),
            source: Some(LineSource::Visitor),
            metadata: vec![],
        }
    );
}

#[test]
fn ref_sequence_id_as_a_number() {
    let ls = receipt(
        json!({"@id": 15, "@type": "line-status", "lineStatus": "READ",
                            "refSequenceId": 11}),
    );
    assert_eq!(ls.status, LineStatusKind::Read);
    assert_eq!(ls.ref_sequence_id, Some(11));
}

#[test]
fn every_status_the_sdk_knows_and_any_other() {
    for (wire, kind) in [
        ("ACCEPT", LineStatusKind::Accept),
        ("READ", LineStatusKind::Read),
        ("ACTION", LineStatusKind::Action),
        ("DELIVERED", LineStatusKind::Other("DELIVERED".into())),
    ] {
        let ls = receipt(
            json!({"@id": "1", "@type": "line-status", "lineStatus": wire,
                                "refSequenceId": "0"}),
        );
        assert_eq!(ls.status, kind);
        assert_eq!(ls.status.as_str(), wire);
    }
}

#[test]
fn metadata_entries_are_kept() {
    let entries = json!([{"type": "ExternalId", "id": "yes-1"}, "tag"]);
    let ls = receipt(
        json!({"@id": "1", "@type": "line-status", "lineStatus": "ACTION",
                            "refSequenceId": "7", "metadata": entries}),
    );
    assert_eq!(Value::Array(ls.metadata), entries);
    let ls = receipt(json!({"@id": "1", "@type": "line-status", "metadata": {"k": "v"}}));
    assert_eq!(ls.metadata, [json!({"k": "v"})]);
    let ls = receipt(json!({"@id": "1", "@type": "line-status", "metadata": null}));
    assert!(ls.metadata.is_empty());
}

#[test]
fn absent_members() {
    let ls = receipt(json!({"@id": "1", "@type": "line-status", "refSequenceId": ""}));
    assert_eq!(ls, LineStatus::default());
    assert_eq!(ls.status, LineStatusKind::Other(String::new()));
}

#[test]
fn members_before_the_type_key() {
    let ls = receipt(
        json!({"lineStatus": "READ", "refSequenceId": "3", "@id": "4",
                            "source": "agent", "@type": "line-status"}),
    );
    assert_eq!(ls.ref_sequence_id, Some(3));
    assert_eq!(ls.source, Some(LineSource::Agent));
}

#[test]
fn a_receipt_that_does_not_fit_is_kept_whole() {
    for odd in [
        json!({"refSequenceId": "eleven"}),
        json!({"refSequenceId": -1}),
        json!({"refSequenceId": 1.5}),
        json!({"refSequenceId": {"id": 11}}),
        json!({"lineStatus": 2}),
        json!({"source": ["visitor"]}),
    ] {
        let mut event = json!({"@id": "14", "@type": "line-status", "time": "t"});
        for (k, v) in odd.as_object().unwrap() {
            event[k] = v.clone();
        }
        match body_of(event.clone()) {
            EventBody::Other { kind, raw } => {
                assert_eq!(kind, "line-status");
                assert_eq!(raw, event);
            }
            other => panic!("{odd}: {other:?}"),
        }
    }
}

#[test]
fn a_receipt_is_written_back_in_the_observed_shape() {
    let src = json!({"events": {"event": [
        {"@id": "14", "@type": "line-status", "time": "2018-03-19T03:04:27.186-04:00",
         "lineStatus": "ACCEPT", "refSequenceId": "11", "source": "visitor", "metadata": []}
    ]}});
    let batch = decode::<EventBatch>(&bytes(src.clone())).unwrap();
    let mut written: Value = serde_json::from_slice(&encode(&batch)).unwrap();
    written["events"].as_object_mut().unwrap().remove("link");
    assert_eq!(written, src);
}
