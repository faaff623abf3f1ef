use lp_server_chat::wire::{
    decode, Answer, AnswerValue, ExitSurveySubmission, Id, OfflineSurveySubmission, SurveyAnswers,
};
use serde_json::json;

use crate::{bytes, to_value};

fn answers() -> SurveyAnswers {
    SurveyAnswers {
        id: Id::from(4400u64),
        answers: vec![
            Answer {
                question: Id::from(4401u64),
                value: AnswerValue::One("yes".into()),
            },
            Answer {
                question: Id::from("q-2"),
                value: AnswerValue::Many(vec!["red".into(), "blue".into()]),
            },
        ],
    }
}

#[test]
fn answers_shape() {
    assert_eq!(
        to_value(&answers()),
        json!({"id": 4400, "question": [
            {"id": 4401, "answer": "yes"},
            {"id": "q-2", "answer": ["red", "blue"]}
        ]})
    );
}

#[test]
fn single_answer_is_still_an_array() {
    let a = SurveyAnswers {
        id: Id::from(1u64),
        answers: vec![Answer {
            question: Id::from(2u64),
            value: AnswerValue::One("x".into()),
        }],
    };
    assert_eq!(
        to_value(&a),
        json!({"id": 1, "question": [{"id": 2, "answer": "x"}]})
    );
}

#[test]
fn exit_survey_submission_body() {
    let sub = ExitSurveySubmission(answers());
    let expected = json!({"survey": {"id": 4400, "question": [
        {"id": 4401, "answer": "yes"}, {"id": "q-2", "answer": ["red", "blue"]}
    ]}});
    assert_eq!(to_value(&sub), expected);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&sub.to_json()).unwrap(),
        expected
    );
    assert_eq!(decode::<ExitSurveySubmission>(&sub.to_json()).unwrap(), sub);
}

#[test]
fn decode_single_question_object_and_value_key() {
    let body = bytes(json!({"survey": {"id": "12", "question": {"id": "13", "value": "later"}}}));
    let sub = decode::<ExitSurveySubmission>(&body).unwrap();
    assert_eq!(
        sub.0.answers,
        [Answer {
            question: Id::from(13u64),
            value: AnswerValue::One("later".into())
        }]
    );
}

#[test]
fn offline_submission_puts_visitor_fields_inside_survey() {
    let mut sub = OfflineSurveySubmission::new(answers());
    sub.skill = Some("Care".into());
    sub.visitor_id = Some(Id::from(99001u64));
    sub.visitor_ip = Some("198.51.100.7".into());
    sub.chat_refferer = Some("app://help".into());
    sub.user_agent = Some("DemoApp/1.0".into());
    sub.le_tags.visitor_id = Some("vis-abc".into());
    sub.le_tags.session_id = Some("ses-def".into());
    sub.le_tags.context_id = Some("3".into());
    let expected = json!({"survey": {
        "id": 4400,
        "question": [{"id": 4401, "answer": "yes"}, {"id": "q-2", "answer": ["red", "blue"]}],
        "skill": "Care", "visitorId": 99001, "visitorIp": "198.51.100.7",
        "chatRefferer": "app://help", "userAgent": "DemoApp/1.0",
        "LETagVisitorId": "vis-abc", "LETagSessionId": "ses-def", "LETagContextId": "3"
    }});
    assert_eq!(to_value(&sub), expected);
    assert_eq!(
        decode::<OfflineSurveySubmission>(&sub.to_json()).unwrap(),
        sub
    );
}

#[test]
fn offline_submission_omits_absent_fields() {
    let sub = OfflineSurveySubmission::new(SurveyAnswers {
        id: Id::from(5u64),
        answers: vec![],
    });
    assert_eq!(to_value(&sub), json!({"survey": {"id": 5, "question": []}}));
}
