use lp_server_chat::wire::{decode, Availability, Survey};
use serde_json::json;

use crate::bytes;

fn one_question(mandatory: serde_json::Value, checked: serde_json::Value) -> Survey {
    let body = bytes(json!({"survey": {"id": 3, "questions": {"question": {
        "id": 4, "type": "Dropdown Box", "label": "L", "mandatory": mandatory,
        "entry": {"value": "v", "checked": checked}
    }}}}));
    decode::<Survey>(&body).expect("decodes")
}

#[test]
fn string_booleans() {
    let s = one_question(json!("true"), json!("false"));
    assert!(s.questions[0].mandatory);
    assert!(!s.questions[0].entries[0].checked);
    let s = one_question(json!("FALSE"), json!("True"));
    assert!(!s.questions[0].mandatory);
    assert!(s.questions[0].entries[0].checked);
}

#[test]
fn real_booleans() {
    let s = one_question(json!(true), json!(true));
    assert!(s.questions[0].mandatory);
    assert!(s.questions[0].entries[0].checked);
}

#[test]
fn null_boolean_is_false() {
    let s = one_question(serde_json::Value::Null, serde_json::Value::Null);
    assert!(!s.questions[0].mandatory);
}

#[test]
fn other_strings_are_rejected() {
    let body = bytes(json!({"survey": {"id": 3, "questions": {"question": {
        "id": 4, "type": "Text Field", "mandatory": "maybe"
    }}}}));
    assert!(decode::<Survey>(&body).is_err());
}

#[test]
fn availability_as_string_boolean() {
    let a = decode::<Availability>(br#"{"availability":"false"}"#).unwrap();
    assert_eq!(a, Availability::Available(false));
}
