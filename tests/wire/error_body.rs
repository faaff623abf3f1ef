use lp_server_chat::wire::{internal_code, ErrorBody};

#[test]
fn wrapped_form() {
    let e = ErrorBody::parse(br#"{"error":{"time":"2024-05-06T07:08:09.010-04:00","message":"Chat session not found","internalCode":12}}"#).unwrap();
    assert_eq!(e.time.as_deref(), Some("2024-05-06T07:08:09.010-04:00"));
    assert_eq!(e.message.as_deref(), Some("Chat session not found"));
    assert_eq!(e.internal_code, Some(internal_code::CHAT_NOT_FOUND));
    assert!(e.has_code(12));
}

#[test]
fn flat_form_with_epoch_time() {
    let e = ErrorBody::parse(
        br#"{"time":1700000000123,"message":"Loading account: 900, vid: abc","internalCode":20}"#,
    )
    .unwrap();
    assert_eq!(e.time.as_deref(), Some("1700000000123"));
    assert_eq!(e.internal_code, Some(internal_code::ACCOUNT_LOADING));
}

#[test]
fn code_as_string_and_missing_members() {
    let e = ErrorBody::parse(br#"{"error":{"internalCode":"27"}}"#).unwrap();
    assert_eq!(e.internal_code, Some(internal_code::MOVE_TO_PRIMARY));
    assert_eq!(e.message, None);
    let e = ErrorBody::parse(br#"{"error":{"message":"x","internalCode":"n/a"}}"#).unwrap();
    assert_eq!(e.internal_code, None);
}

#[test]
fn error_as_plain_string_member() {
    let e = ErrorBody::parse(br#"{"error":"Request timed out"}"#).unwrap();
    assert_eq!(e.message.as_deref(), Some("Request timed out"));
}

#[test]
fn text_body() {
    let e = ErrorBody::parse(b"  oauth_problem=token_rejected&oauth_problem_advice=no\n").unwrap();
    assert_eq!(
        e.message.as_deref(),
        Some("oauth_problem=token_rejected&oauth_problem_advice=no")
    );
    assert_eq!(e.internal_code, None);
    assert_eq!(e.time, None);
}

#[test]
fn long_text_is_capped() {
    let body = "é".repeat(2000);
    let e = ErrorBody::parse(body.as_bytes()).unwrap();
    assert_eq!(e.message.unwrap().chars().count(), 512);
}

#[test]
fn invalid_utf8_text_does_not_panic() {
    assert!(ErrorBody::parse(&[0xff, 0xfe, b'x']).is_some());
}

#[test]
fn empty_body_is_none() {
    assert_eq!(ErrorBody::parse(b""), None);
    assert_eq!(ErrorBody::parse(b"  \r\n"), None);
}

#[test]
fn codes() {
    assert_eq!(internal_code::NOT_IN_CHAT, 5);
    assert_eq!(internal_code::BAD_AUTHORIZATION_OR_CAPTCHA, 10);
    assert_eq!(internal_code::CHAT_NOT_FOUND, 12);
    assert_eq!(internal_code::ACCOUNT_LOADING, 20);
    assert_eq!(internal_code::MOVE_TO_PRIMARY, 27);
}

#[test]
fn encodes_wrapped_form() {
    let e = ErrorBody {
        time: Some("t".into()),
        message: Some("Cannot add line while not in chat".into()),
        internal_code: Some(5),
    };
    let v: serde_json::Value = serde_json::from_slice(&lp_server_chat::wire::encode(&e)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"error": {"time": "t", "message": "Cannot add line while not in chat", "internalCode": 5}})
    );
    assert_eq!(ErrorBody::parse(&lp_server_chat::wire::encode(&e)), Some(e));
}
