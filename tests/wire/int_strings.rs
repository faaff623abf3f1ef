use lp_server_chat::wire::{decode, EventBatch, EventBody, Info, Survey};
use serde_json::json;

use crate::bytes;

#[test]
fn chat_timeout_as_number_or_string() {
    let a = decode::<Info>(&bytes(json!({"info": {"chatTimeout": 55}}))).unwrap();
    let b = decode::<Info>(&bytes(json!({"info": {"chatTimeout": "55"}}))).unwrap();
    assert_eq!(a.chat_timeout, Some(55));
    assert_eq!(a, b);
}

#[test]
fn order_as_string() {
    let body = bytes(json!({"survey": {"id": "1", "questions": {"question": [
        {"id": "2", "type": "Text Area", "order": "3"},
        {"id": "5", "type": "Text Area", "order": 4}
    ]}}}));
    let s = decode::<Survey>(&body).unwrap();
    assert_eq!(s.questions[0].order, Some(3));
    assert_eq!(s.questions[1].order, Some(4));
}

#[test]
fn ref_sequence_id_as_string() {
    let body = bytes(json!({"events": {"event": {
        "@id": "21", "@type": "line-status", "lineStatus": "READ", "refSequenceId": "19"
    }}}));
    let b = decode::<EventBatch>(&body).unwrap();
    match &b.events[0].body {
        EventBody::LineStatus(ls) => assert_eq!(ls.ref_sequence_id, Some(19)),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn non_numeric_string_is_an_error() {
    assert!(decode::<Info>(&bytes(json!({"info": {"chatTimeout": "forty"}}))).is_err());
}

#[test]
fn out_of_range_is_an_error() {
    assert!(decode::<Info>(&bytes(json!({"info": {"chatTimeout": -1}}))).is_err());
    assert!(decode::<Info>(&bytes(json!({"info": {"chatTimeout": 5_000_000_000u64}}))).is_err());
}

#[test]
fn empty_string_means_absent() {
    let i = decode::<Info>(&bytes(json!({"info": {"chatTimeout": ""}}))).unwrap();
    assert_eq!(i.chat_timeout, None);
}
