use lp_server_chat::wire::{decode, ChatResource, DecodeError, EventBatch, Info, Survey};

#[test]
fn garbage_names_the_resource() {
    let err = decode::<ChatResource>(b"<html>502 Bad Gateway</html>").unwrap_err();
    assert_eq!(err.resource, "chat resource");
    assert!(
        err.to_string().starts_with("cannot decode chat resource: "),
        "{err}"
    );
}

#[test]
fn wrong_envelope_says_so() {
    let err = decode::<EventBatch>(br#"{"chat":{"events":{}}}"#).unwrap_err();
    assert_eq!(err.resource, "event batch");
    assert!(
        err.reason.contains("missing envelope key `events`"),
        "{}",
        err.reason
    );
}

#[test]
fn non_object_documents() {
    for body in [&b"[]"[..], b"42", b"\"info\"", b"null", b""] {
        let err = decode::<Info>(body).unwrap_err();
        assert_eq!(err.resource, "chat info");
    }
}

#[test]
fn trailing_garbage_is_an_error() {
    assert!(decode::<Info>(br#"{"info":{}} trailing"#).is_err());
}

#[test]
fn envelope_with_wrong_type() {
    for body in [
        &br#"{"survey":"text"}"#[..],
        br#"{"survey":5}"#,
        br#"{"survey":null}"#,
    ] {
        let err = decode::<Survey>(body).unwrap_err();
        assert_eq!(err.resource, "survey");
    }
}

#[test]
fn error_value_is_comparable_and_cloneable() {
    let a = DecodeError {
        resource: "x",
        reason: "y".into(),
    };
    assert_eq!(a.clone(), a);
    assert_eq!(a.to_string(), "cannot decode x: y");
}
