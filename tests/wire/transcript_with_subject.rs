//! The `transcript-with-subject-request` body (observed-behaviour § 3.4).

use lp_server_chat::wire::{decode, TranscriptRequest, TranscriptWithSubjectRequest};
use serde_json::json;

use crate::{bytes, to_value};

fn full() -> TranscriptWithSubjectRequest {
    TranscriptWithSubjectRequest {
        email: "jane.doe@example.com".into(),
        timezone_offset: Some(-7_200_000),
        subject: Some("Your chat with Example Corp".into()),
    }
}

#[test]
fn wrapped_in_transcript_request() {
    assert_eq!(
        to_value(&full()),
        json!({"transcriptRequest": {
            "email": "jane.doe@example.com", "timezoneOffset": -7200000,
            "subject": "Your chat with Example Corp"
        }})
    );
    assert_eq!(
        decode::<TranscriptWithSubjectRequest>(&full().to_json()).unwrap(),
        full()
    );
}

#[test]
fn optional_members_are_omitted() {
    let r = TranscriptWithSubjectRequest {
        email: "a@b.example".into(),
        timezone_offset: None,
        subject: None,
    };
    assert_eq!(
        to_value(&r),
        json!({"transcriptRequest": {"email": "a@b.example"}})
    );
}

#[test]
fn offset_as_a_string_as_the_sdk_types_it() {
    let r = decode::<TranscriptWithSubjectRequest>(&bytes(json!({"transcriptRequest": {
        "email": "a@b.example", "timezoneOffset": "-18000000", "subject": "S"
    }})))
    .unwrap();
    assert_eq!(r.timezone_offset, Some(-18_000_000));
}

#[test]
fn without_the_envelope_is_an_error() {
    let err = decode::<TranscriptWithSubjectRequest>(br#"{"email":"a@b.example"}"#).unwrap_err();
    assert_eq!(err.resource, "transcript with subject request");
}

#[test]
fn the_fallback_for_the_plain_transcript_link() {
    assert_eq!(
        full().without_subject(),
        TranscriptRequest {
            email: "jane.doe@example.com".into(),
            timezone_offset: Some(-7_200_000),
        }
    );
}
