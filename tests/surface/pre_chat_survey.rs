//! `GET /chat/preSurvey`: single slash first, the documented `chat//preSurvey` after a 404; the
//! answers travel in the chat request, checked first.

use lp_server_chat::survey::AnswerProblem;
use lp_server_chat::wire::{
    Answer, AnswerValue, ChatRequest, Id, QuestionType, Survey, SurveyAnswers,
};
use lp_server_chat::{Error, Failure, OpResult, RequestKind, SurveyQuery};
use serde_json::json;

use crate::support::*;

fn survey() -> Survey {
    lp_server_chat::wire::decode(survey_doc().to_string().as_bytes()).unwrap()
}

#[test]
fn single_slash_first_with_the_query() {
    let mut h = Harness::new(config());
    let op = h.session.fetch_pre_chat_survey(
        SurveyQuery {
            survey_name: Some("Billing pre-chat".into()),
            skill: Some("Billing".into()),
            visitor_id: Some("1299900011122233".into()),
            ..SurveyQuery::default()
        },
        h.now,
    );
    h.drain();
    let t = h.take(RequestKind::PreChatSurvey);
    assert_api_get(&t);
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat/preSurvey")
    );
    assert_eq!(
        query(&t),
        pairs(&[
            ("surveyName", "Billing pre-chat"),
            ("skill", "Billing"),
            ("visitorId", "1299900011122233"),
            ("v", "1"),
            ("NC", "true")
        ])
    );
    h.reply(&t, ok(survey_doc()));
    match h.completed(op) {
        Some(OpResult::Survey(s)) => {
            assert_eq!(s.id, Id::from(51822u64));
            assert_eq!(s.questions.len(), 2);
            assert_eq!(s.questions[0].kind, QuestionType::Dropdown);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_404_tries_the_documented_double_slash_once() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .fetch_pre_chat_survey(SurveyQuery::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::PreChatSurvey);
    h.reply(
        &t,
        error(404, 28, "null for uri: /api/account/123/chat/preSurvey"),
    );
    assert!(h.failed(op).is_none());
    let t = h.take(RequestKind::PreChatSurvey);
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat//preSurvey")
    );
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    h.reply(&t, ok(survey_doc()));
    assert!(matches!(h.completed(op), Some(OpResult::Survey(_))));
}

#[test]
fn a_404_on_both_spellings_fails_the_call() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .fetch_pre_chat_survey(SurveyQuery::default(), h.now);
    h.drain();
    for _ in 0..2 {
        let t = h.take(RequestKind::PreChatSurvey);
        h.reply(&t, error(404, 28, "null for uri"));
    }
    assert!(matches!(
        h.failed(op),
        Some(Failure::Refused(lp_server_chat::Refusal {
            status: 404,
            ..
        }))
    ));
    assert!(h.pending.is_empty());
}

#[test]
fn checked_answers_go_into_the_chat_request() {
    let mut h = Harness::new(config());
    let answers = SurveyAnswers {
        id: Id::from(51822u64),
        answers: vec![
            Answer {
                question: Id::from(20001u64),
                value: AnswerValue::One("BILLING".into()),
            },
            Answer {
                question: Id::from(20002u64),
                value: AnswerValue::One("jane.doe@example.com".into()),
            },
        ],
    };
    h.session
        .chat_request_mut()
        .unwrap()
        .set_pre_chat_answers(&survey(), answers)
        .unwrap();
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    assert_eq!(
        body(&t)["request"]["survey"],
        json!({"id": 51822, "question": [
            {"id": 20001, "answer": "BILLING"},
            {"id": 20002, "answer": "jane.doe@example.com"}
        ]})
    );
}

#[test]
fn invalid_answers_are_refused_and_leave_the_request_alone() {
    let mut request = ChatRequest::default();
    let answers = SurveyAnswers {
        id: Id::from(51822u64),
        answers: vec![Answer {
            question: Id::from(20001u64),
            value: AnswerValue::One("SHIPPING".into()),
        }],
    };
    let refused = request.set_pre_chat_answers(&survey(), answers);
    assert_eq!(
        refused,
        Err(Error::InvalidAnswers(vec![AnswerProblem::NotAnOption {
            question: Id::from(20001u64),
            value: "SHIPPING".into(),
        }]))
    );
    assert_eq!(request.survey, None);
}
