use lp_server_chat::wire::{decode, encode, Id, QuestionType, Survey, ValidationType};
use serde_json::json;

use crate::bytes;

#[test]
fn pre_chat_survey_with_string_values() {
    let body = bytes(json!({"survey": {
        "id": "61003", "title": "", "header": "A few details first",
        "questions": {"question": [
            {"mandatory": "true", "validationType": "alpha_numeric", "order": "0", "logicId": "1",
             "id": "70011", "type": "Dropdown Box", "label": "Area",
             "entry": [
                 {"checked": "false", "value": "ORDERS", "logic": {"showLogicId": "2"}},
                 {"checked": "true", "value": "OTHER"}
             ]},
            {"mandatory": "false", "validationType": "email", "order": "1", "logicId": "2",
             "id": "70012", "type": "Text Field", "label": "Order email", "lastKnownValue": "me@example.org"}
        ]}
    }}));
    let s = decode::<Survey>(&body).unwrap();
    assert_eq!(s.id, Id::from(61003u64));
    assert_eq!(s.title.as_deref(), Some(""));
    assert_eq!(s.header.as_deref(), Some("A few details first"));
    let q = &s.questions[0];
    assert_eq!(q.kind, QuestionType::Dropdown);
    assert_eq!(q.validation, ValidationType::AlphaNumeric);
    assert_eq!(q.logic_id, Some(Id::from(1u64)));
    assert_eq!(q.order, Some(0));
    assert!(q.mandatory);
    assert_eq!(q.entries[0].value, "ORDERS");
    assert_eq!(q.entries[0].show_logic_ids, [Id::from(2u64)]);
    assert!(q.entries[1].checked);
    let q = &s.questions[1];
    assert_eq!(q.kind, QuestionType::TextField);
    assert_eq!(q.validation, ValidationType::Email);
    assert_eq!(q.last_known_value.as_deref(), Some("me@example.org"));
    assert!(q.entries.is_empty());
}

#[test]
fn offline_survey_with_single_question_object() {
    let body = bytes(
        json!({"survey": {"id": "5005", "header": "Leave a note", "questions": {"question": {
            "mandatory": "true", "order": "0", "validationType": "alpha_numeric",
            "id": "5100", "type": "Text Area", "label": "Your message", "lastKnownValue": ""
        }}}}),
    );
    let s = decode::<Survey>(&body).unwrap();
    assert_eq!(s.questions.len(), 1);
    assert_eq!(s.questions[0].kind, QuestionType::TextArea);
}

#[test]
fn exit_survey_with_typed_values() {
    let body = bytes(
        json!({"survey": {"id": 90001, "title": "", "header": "", "questions": {"question": [
            {"type": "Radio Button (side by side)", "validationType": "numeric", "id": 91, "logicId": 1,
             "order": 0, "mandatory": false, "label": "Score",
             "entry": [{"checked": false, "value": 1, "displayValue": "Poor"}, {"checked": false, "value": 5, "displayValue": "Great"}]},
            {"type": "Checkbox", "validationType": "alphanumeric", "id": 92, "label": "Topics",
             "entry": [{"value": "a"}, {"value": "b"}]},
            {"type": "Radio Button", "id": 93, "label": "Again?"},
            {"type": "Slider", "id": 94, "label": "New control"}
        ]}}}),
    );
    let s = decode::<Survey>(&body).unwrap();
    let q = &s.questions;
    assert_eq!(q[0].kind, QuestionType::RadioSideBySide);
    assert_eq!(q[0].validation, ValidationType::Numeric);
    assert_eq!(q[0].entries[1].value, "5");
    assert_eq!(q[0].entries[1].display_value.as_deref(), Some("Great"));
    assert_eq!(q[1].kind, QuestionType::Checkbox);
    assert_eq!(q[1].validation, ValidationType::AlphaNumeric);
    assert_eq!(q[2].kind, QuestionType::Radio);
    assert_eq!(
        q[2].validation,
        ValidationType::AlphaNumeric,
        "absent validation"
    );
    assert_eq!(q[3].kind, QuestionType::Other("Slider".into()));
    assert_eq!(decode::<Survey>(&encode(&s)).unwrap(), s);
}

#[test]
fn absent_or_null_questions_mean_none() {
    assert!(decode::<Survey>(br#"{"survey":{"id":1}}"#)
        .unwrap()
        .questions
        .is_empty());
    assert!(decode::<Survey>(br#"{"survey":{"id":1,"questions":null}}"#)
        .unwrap()
        .questions
        .is_empty());
    assert!(decode::<Survey>(br#"{"survey":{"id":1,"questions":{}}}"#)
        .unwrap()
        .questions
        .is_empty());
}

#[test]
fn question_type_wire_strings() {
    for (t, s) in [
        (QuestionType::Dropdown, "Dropdown Box"),
        (QuestionType::Checkbox, "Checkbox"),
        (QuestionType::Radio, "Radio Button"),
        (QuestionType::RadioSideBySide, "Radio Button (side by side)"),
        (QuestionType::TextField, "Text Field"),
        (QuestionType::TextArea, "Text Area"),
    ] {
        assert_eq!(t.as_str(), s);
        assert_eq!(QuestionType::from_wire(s), t);
    }
    assert_eq!(ValidationType::AlphaNumeric.as_str(), "alpha_numeric");
}

#[test]
fn survey_without_id_is_an_error() {
    let err = decode::<Survey>(br#"{"survey":{"questions":null}}"#).unwrap_err();
    assert_eq!(err.resource, "survey");
}
