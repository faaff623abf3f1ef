//! `…/transcriptWithSubjectRequest` (POST + override PUT, `{"transcriptRequest":{…}}`), and the
//! plain transcript request when the chat offers no such link, as LivePerson's SDK does.

use lp_server_chat::wire::TranscriptWithSubjectRequest;
use lp_server_chat::{OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

fn request() -> TranscriptWithSubjectRequest {
    TranscriptWithSubjectRequest {
        email: "jane.doe@example.com".into(),
        timezone_offset: Some(-7_200_000),
        subject: Some("Your chat with Dana".into()),
    }
}

#[test]
fn with_the_link_the_subject_goes_along() {
    let mut h = chatting();
    h.wake();
    let t = h.take(RequestKind::Poll);
    let mut doc = chat_doc(3, json!([]), info("chatting", Some("Dana"), false));
    doc["chat"]["link"]
        .as_array_mut()
        .unwrap()
        .push(json!({"@href": format!("{CHAT}/transcriptWithSubjectRequest"), "@rel": "transcript-with-subject-request"}));
    h.reply(&t, ok(doc));
    let op = h
        .session
        .request_transcript_with_subject(&request(), h.now)
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestTranscriptWithSubject);
    assert_api_put(&t);
    assert_eq!(url(&t), format!("{CHAT}/transcriptWithSubjectRequest"));
    assert_eq!(
        body(&t),
        json!({"transcriptRequest": {"email": "jane.doe@example.com", "timezoneOffset": -7200000, "subject": "Your chat with Dana"}})
    );
    h.reply(&t, ok(json!({})));
    assert_eq!(h.completed(op), Some(&OpResult::Accepted));
}

#[test]
fn without_the_link_the_plain_request_goes_without_the_subject() {
    let mut h = chatting();
    let _ = h
        .session
        .request_transcript_with_subject(&request(), h.now)
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestTranscript);
    assert_eq!(url(&t), format!("{CHAT}/transcriptRequest"));
    assert_eq!(
        body(&t),
        json!({"email": "jane.doe@example.com", "timezoneOffset": -7200000})
    );
}
