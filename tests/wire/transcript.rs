use lp_server_chat::wire::{decode, TranscriptRequest};
use serde_json::json;

use crate::to_value;

#[test]
fn with_and_without_offset() {
    let t = TranscriptRequest {
        email: "sam@example.org".into(),
        timezone_offset: Some(3_600_000),
    };
    assert_eq!(
        to_value(&t),
        json!({"email": "sam@example.org", "timezoneOffset": 3600000})
    );
    let t = TranscriptRequest {
        email: "sam@example.org".into(),
        timezone_offset: None,
    };
    assert_eq!(to_value(&t), json!({"email": "sam@example.org"}));
    assert_eq!(decode::<TranscriptRequest>(&t.to_json()).unwrap(), t);
}

#[test]
fn offset_as_string() {
    let t =
        decode::<TranscriptRequest>(br#"{"email":"a@b.c","timezoneOffset":"-18000000"}"#).unwrap();
    assert_eq!(t.timezone_offset, Some(-18_000_000));
}
