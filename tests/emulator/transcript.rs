use serde_json::json;

use crate::support::*;

#[test]
fn transcript_request_echoes_email_and_is_recorded() {
    let mut h = Harness::default();
    let id = h.chatting();
    h.emu.agent_end(&id, h.now);
    let body = json!({"email": "jane@example.com", "timezoneOffset": -7200000});
    let r = h.put(
        &format!("/chat/{id}/transcriptRequest?v=1"),
        &body.to_string(),
    );
    assert_eq!(r.status(), 200);
    assert_eq!(json(&r), json!({"email": "jane@example.com"}));
    assert_eq!(h.emu.chat(&id).unwrap().transcript_requests, [body]);
}

#[test]
fn transcript_with_subject_and_bad_email() {
    let mut h = Harness::default();
    let id = h.chatting();
    let body = json!({"transcriptRequest": {"email": "a@b.c", "subject": "Our chat"}});
    let r = h.put(
        &format!("/chat/{id}/transcriptWithSubjectRequest"),
        &body.to_string(),
    );
    assert_eq!(r.status(), 200);
    let r = h.put(
        &format!("/chat/{id}/transcriptRequest"),
        r#"{"email":"nope"}"#,
    );
    assert_error(&r, 400, 1);
    assert_eq!(h.emu.chat(&id).unwrap().transcript_requests.len(), 1);
}
