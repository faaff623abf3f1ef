//! `…/exitSurvey`: fetched and submitted (POST + override PUT) after the chat, answers checked
//! first.

use lp_server_chat::survey::AnswerProblem;
use lp_server_chat::wire::{Answer, AnswerValue, Id, Survey, SurveyAnswers};
use lp_server_chat::{Error, Failure, OpResult, RequestKind, SurveyQuery};
use serde_json::json;

use crate::support::*;

fn exit_doc() -> serde_json::Value {
    json!({"survey": {"id": 70315, "title": "", "header": "", "questions": {"question": [
        {"type": "Radio Button", "validationType": "alpha_numeric", "id": 40001, "logicId": 1,
         "order": 0, "mandatory": true, "label": "Was your issue resolved?",
         "entry": [{"checked": false, "value": "yes", "displayValue": "Yes"},
                   {"checked": false, "value": "no", "displayValue": "No"}]},
        {"type": "Checkbox", "validationType": "alpha_numeric", "id": 40003, "logicId": 3,
         "order": 2, "mandatory": false, "label": "Which?",
         "entry": [{"checked": false, "value": "opt-a"}, {"checked": false, "value": "opt-c"}]}
    ]}}})
}

fn exit_survey() -> Survey {
    lp_server_chat::wire::decode(exit_doc().to_string().as_bytes()).unwrap()
}

fn answers() -> SurveyAnswers {
    SurveyAnswers {
        id: Id::from(70315u64),
        answers: vec![
            Answer {
                question: Id::from(40001u64),
                value: AnswerValue::One("yes".into()),
            },
            Answer {
                question: Id::from(40003u64),
                value: AnswerValue::Many(vec!["opt-a".into(), "opt-c".into()]),
            },
        ],
    }
}

#[test]
fn fetching_after_the_chat_ended() {
    let mut h = ended();
    let op = h
        .session
        .fetch_exit_survey(
            SurveyQuery {
                survey_name: Some("Exit".into()),
                ..SurveyQuery::default()
            },
            h.now,
        )
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::ExitSurvey);
    assert_api_get(&t);
    assert_eq!(url(&t), format!("{CHAT}/exitSurvey"));
    assert_eq!(
        query(&t),
        pairs(&[("surveyName", "Exit"), ("v", "1"), ("NC", "true")])
    );
    h.reply(&t, ok(exit_doc()));
    assert_eq!(h.completed(op), Some(&OpResult::Survey(exit_survey())));
}

#[test]
fn submitting_tunnels_put_with_answers_keyed_by_question() {
    let mut h = ended();
    let op = h
        .session
        .submit_exit_survey(&exit_survey(), &answers(), h.now)
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::SubmitExitSurvey);
    assert_api_put(&t);
    assert_eq!(url(&t), format!("{CHAT}/exitSurvey"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(
        body(&t),
        json!({"survey": {"id": 70315, "question": [
            {"id": 40001, "answer": "yes"},
            {"id": 40003, "answer": ["opt-a", "opt-c"]}
        ]}})
    );
    h.reply(&t, raw(200, ""));
    assert_eq!(h.completed(op), Some(&OpResult::Accepted));
}

#[test]
fn invalid_answers_send_nothing() {
    let mut h = ended();
    let mut bad = answers();
    bad.answers[0].value = AnswerValue::Many(vec!["yes".into(), "no".into()]);
    let refused = h.session.submit_exit_survey(&exit_survey(), &bad, h.now);
    assert_eq!(
        refused,
        Err(Error::InvalidAnswers(vec![AnswerProblem::TooManyValues {
            question: Id::from(40001u64),
            count: 2,
        }]))
    );
    h.drain();
    assert!(h.pending.is_empty());
}

#[test]
fn without_a_chat_there_is_no_exit_survey() {
    let mut h = Harness::new(config());
    assert_eq!(
        h.session.fetch_exit_survey(SurveyQuery::default(), h.now),
        Err(Error::NoChat)
    );
    assert_eq!(
        h.session
            .submit_exit_survey(&exit_survey(), &answers(), h.now),
        Err(Error::NoChat)
    );
}

#[test]
fn a_refused_submission_fails_the_call() {
    let mut h = ended();
    let op = h
        .session
        .submit_exit_survey(&exit_survey(), &answers(), h.now)
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::SubmitExitSurvey);
    h.reply(&t, error(404, 12, "Chat session not found"));
    assert!(matches!(
        h.failed(op),
        Some(Failure::Refused(lp_server_chat::Refusal {
            status: 404,
            internal_code: Some(12),
            ..
        }))
    ));
}
