//! `GET /chat/offlineSurvey` and its submission (`POST` + `X-HTTP-Method-Override: PUT`), with
//! the answers checked before anything is sent.

use lp_server_chat::emulator::EmulatorConfig;
use lp_server_chat::survey::AnswerProblem;
use lp_server_chat::wire::{
    Answer, AnswerValue, CreateSessionResponse, Id, OfflineSurveySubmission, Survey, SurveyAnswers,
};
use lp_server_chat::{Error, Failure, OpResult, RequestKind, SurveyQuery};
use serde_json::json;

use crate::support::*;

fn offline_doc() -> serde_json::Value {
    json!({"survey": {"id": "60410", "title": "", "header": "Leave us a message",
    "questions": {"question": {
        "mandatory": "true", "order": "0", "validationType": "alpha_numeric", "logicId": "3",
        "id": "30077", "type": "Text Area", "label": "How can we help?", "lastKnownValue": ""
    }}}})
}

fn offline_survey() -> Survey {
    lp_server_chat::wire::decode(offline_doc().to_string().as_bytes()).unwrap()
}

fn submission(text: &str) -> OfflineSurveySubmission {
    let mut s = OfflineSurveySubmission::new(SurveyAnswers {
        id: Id::from(60410u64),
        answers: vec![Answer {
            question: Id::from(30077u64),
            value: AnswerValue::One(text.into()),
        }],
    });
    s.skill = Some("Support".into());
    s
}

#[test]
fn fetching_sends_the_query_and_reads_a_single_question() {
    let mut h = Harness::new(config());
    let op = h.session.fetch_offline_survey(
        SurveyQuery {
            skill: Some("Support".into()),
            visitor_profile: Some("gold".into()),
            ..SurveyQuery::default()
        },
        h.now,
    );
    h.drain();
    let t = h.take(RequestKind::OfflineSurvey);
    assert_api_get(&t);
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat/offlineSurvey")
    );
    assert_eq!(
        query(&t),
        pairs(&[
            ("skill", "Support"),
            ("visitorProfile", "gold"),
            ("v", "1"),
            ("NC", "true")
        ])
    );
    h.reply(&t, ok(offline_doc()));
    match h.completed(op) {
        Some(OpResult::Survey(s)) => assert_eq!(s, &offline_survey()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn submitting_tunnels_put_and_nests_everything_in_survey() {
    let mut h = Harness::new(config());
    let mut answers = submission("Please call me back tomorrow");
    let engagement: CreateSessionResponse = serde_json::from_value(json!({
        "status": "Available", "sessionId": "S1", "visitorId": "V1",
        "engagementDetails": {"contextId": "1"}
    }))
    .unwrap();
    answers.apply_engagement(&engagement);
    let op = h
        .session
        .submit_offline_survey(&offline_survey(), &answers, h.now)
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::SubmitOfflineSurvey);
    assert_api_put(&t);
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat/offlineSurvey")
    );
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(
        body(&t),
        json!({"survey": {
            "id": 60410,
            "question": [{"id": 30077, "answer": "Please call me back tomorrow"}],
            "skill": "Support",
            "LETagVisitorId": "V1",
            "LETagSessionId": "S1",
            "LETagContextId": "1"
        }})
    );
    h.reply(&t, raw(200, ""));
    assert_eq!(h.completed(op), Some(&OpResult::Accepted));
}

#[test]
fn invalid_answers_send_nothing() {
    let mut h = Harness::new(config());
    let refused = h
        .session
        .submit_offline_survey(&offline_survey(), &submission("   "), h.now);
    assert_eq!(
        refused,
        Err(Error::InvalidAnswers(vec![AnswerProblem::Unanswered {
            question: Id::from(30077u64),
            label: "How can we help?".into(),
        }]))
    );
    h.drain();
    assert!(h.pending.is_empty());
}

#[test]
fn a_refused_submission_fails_the_call() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .submit_offline_survey(&offline_survey(), &submission("Hello"), h.now)
        .unwrap();
    h.drain();
    let t = h.take(RequestKind::SubmitOfflineSurvey);
    h.reply(&t, error(400, 1, "Expected a survey object"));
    assert!(matches!(
        h.failed(op),
        Some(Failure::Refused(lp_server_chat::Refusal {
            status: 400,
            ..
        }))
    ));
}

#[test]
fn the_emulator_records_the_submitted_survey() {
    let mut link = emulated(EmulatorConfig::default(), |_| {});
    let fetch = link
        .session
        .fetch_offline_survey(SurveyQuery::default(), link.now);
    let events = run(&mut link, std::time::Duration::from_secs(5));
    let Some(OpResult::Survey(survey)) = result_of(&events, fetch).cloned() else {
        panic!("{events:?}");
    };
    let answers: Vec<_> = survey
        .questions
        .iter()
        .map(|q| Answer {
            question: q.id.clone(),
            value: AnswerValue::One(match q.entries.first() {
                Some(entry) => entry.value.clone(),
                None => "someone@example.com".into(),
            }),
        })
        .collect();
    let submission = OfflineSurveySubmission::new(SurveyAnswers {
        id: survey.id.clone(),
        answers,
    });
    let op = link
        .session
        .submit_offline_survey(&survey, &submission, link.now)
        .unwrap();
    let events = run(&mut link, std::time::Duration::from_secs(5));
    assert_eq!(result_of(&events, op), Some(&OpResult::Accepted));
    let recorded = link.emulator.offline_surveys();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0]["id"].to_string(), survey.id.to_string());
}
