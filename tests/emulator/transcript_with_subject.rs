//! `…/transcriptWithSubjectRequest` takes LivePerson's SDK's body,
//! `{"transcriptRequest":{"email","timezoneOffset","subject"}}`, and records it; the plain
//! `…/transcriptRequest` takes `{"email","timezoneOffset"}`. Each refuses the other's shape.

use serde_json::json;

use crate::support::*;

#[test]
fn the_documented_body_is_accepted_and_recorded() {
    let mut h = Harness::default();
    let id = h.chatting();
    let body = json!({"transcriptRequest": {
        "email": "jane@example.com", "timezoneOffset": -7200000, "subject": "Our chat"
    }});
    let r = h.put(
        &format!("/chat/{id}/transcriptWithSubjectRequest.json?v=1&NC=true"),
        &body.to_string(),
    );
    assert_eq!(r.status(), 200);
    assert_eq!(json(&r), json!({"email": "jane@example.com"}));
    assert_eq!(h.emu.chat(&id).unwrap().transcript_requests, [body]);
}

#[test]
fn also_after_the_chat_ended() {
    let mut h = Harness::default();
    let id = h.chatting();
    h.emu.agent_end(&id, h.now);
    h.secs(30);
    let body = json!({"transcriptRequest": {"email": "a@b.example", "subject": "S"}});
    let r = h.put(
        &format!("/chat/{id}/transcriptWithSubjectRequest"),
        &body.to_string(),
    );
    assert_eq!(r.status(), 200);
}

#[test]
fn each_url_refuses_the_other_shape_and_bad_members() {
    let mut h = Harness::default();
    let id = h.chatting();
    let subject_url = format!("/chat/{id}/transcriptWithSubjectRequest");
    let plain_url = format!("/chat/{id}/transcriptRequest");
    for (url, body) in [
        (
            &subject_url,
            json!({"email": "a@b.example", "subject": "S"}),
        ),
        (
            &plain_url,
            json!({"transcriptRequest": {"email": "a@b.example"}}),
        ),
        (
            &subject_url,
            json!({"transcriptRequest": {"email": "a@b.example", "subject": 5}}),
        ),
        (
            &subject_url,
            json!({"transcriptRequest": {"email": "a@b.example", "timezoneOffset": "x"}}),
        ),
        (&subject_url, json!({"transcriptRequest": {"subject": "S"}})),
    ] {
        let r = h.put(url, &body.to_string());
        assert_error(&r, 400, 1);
    }
    assert!(h.emu.chat(&id).unwrap().transcript_requests.is_empty());
    let fine = json!({"transcriptRequest": {"email": "a@b.example", "timezoneOffset": "-3600000"}});
    assert_eq!(h.put(&subject_url, &fine.to_string()).status(), 200);
}
