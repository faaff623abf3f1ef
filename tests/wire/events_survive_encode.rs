//! An event batch that decodes decodes again, unchanged, once encoded: whatever the spelling
//! of its header (`@id` number or string, `@type` or `type`) and whatever its type.

use lp_server_chat::wire::{decode, encode, EventBatch};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Members events carry, known to some type or to none.
const MEMBERS: &[&str] = &[
    "state",
    "text",
    "textType",
    "by",
    "source",
    "systemMessageId",
    "subType",
    "json",
    "metadata",
    "lineStatus",
    "refSequenceId",
    "domain",
    "remoteSiteId",
    "chatRequestParameters",
    "link",
    "skill",
    "a2aEventId",
    "channelID",
    "info",
    "type",
    "@type",
];

const KINDS: &[&str] = &[
    "state",
    "line",
    "url",
    "line-status",
    "a2a-transfer",
    "mystery",
];

fn member_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (0u64..20).prop_map(Value::from),
        (-3i64..0).prop_map(Value::from),
        prop::sample::select(&["ended", "ACCEPT", "11", "", "visitor", "rich-content", "x"][..])
            .prop_map(Value::from),
        Just(json!([])),
        Just(json!([{"type": "ExternalId", "id": "a"}])),
        Just(json!({"type": "vertical", "elements": [{"type": "text", "text": "t"}]})),
        Just(json!({"@href": "https://h/x", "@rel": "a2a-transfer"})),
    ]
}

fn event() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            (0u64..50).prop_map(Value::from),
            (0u64..50).prop_map(|n| json!(n.to_string()))
        ],
        prop::sample::select(&["@type", "type"][..]),
        prop::sample::select(KINDS),
        prop::option::of(Just("2024-03-11T09:15:02.300+00:00")),
        prop::collection::vec((prop::sample::select(MEMBERS), member_value()), 0..6),
    )
        .prop_map(|(id, type_key, kind, time, members)| {
            let mut m = Map::new();
            // Members first, so that some precede the header keys in the document.
            for (k, v) in members {
                m.insert(k.to_owned(), v);
            }
            m.insert("@id".to_owned(), id);
            m.insert(type_key.to_owned(), Value::from(kind));
            if let Some(time) = time {
                m.insert("time".to_owned(), Value::from(time));
            }
            Value::Object(m)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn what_decodes_survives_encode(events in prop::collection::vec(event(), 1..4)) {
        let body = serde_json::to_vec(&json!({"events": {"event": events}})).unwrap();
        if let Ok(batch) = decode::<EventBatch>(&body) {
            let written = encode(&batch);
            prop_assert_eq!(decode::<EventBatch>(&written), Ok(batch),
                "{}", String::from_utf8_lossy(&written));
        }
    }
}

#[test]
fn kept_raw_events_keep_their_header_spelling() {
    for event in [
        json!({"@id": 30, "@type": "mystery", "k": [1]}),
        json!({"@id": "31", "type": "mystery"}),
        json!({"@id": 32, "type": "url", "url": "https://example.com/p"}),
        json!({"@id": 33, "@type": "line-status", "refSequenceId": "eleven"}),
        json!({"type": "first", "@type": "second", "@id": "34"}),
    ] {
        let body = serde_json::to_vec(&json!({"events": {"event": [event.clone()]}})).unwrap();
        let batch = decode::<EventBatch>(&body).unwrap();
        let written: Value = serde_json::from_slice(&encode(&batch)).unwrap();
        assert_eq!(written["events"]["event"][0], event);
        assert_eq!(decode::<EventBatch>(&encode(&batch)).unwrap(), batch);
    }
}

#[test]
fn a_type_key_before_an_at_type_key() {
    let body = br#"{"events":{"event":{"type":"first","@type":"second","@id":7}}}"#;
    let batch = decode::<EventBatch>(body).unwrap();
    assert_eq!(batch.events[0].body.kind(), "first");
    assert_eq!(decode::<EventBatch>(&encode(&batch)).unwrap(), batch);
}
