//! Ids are written in the spelling they were read or built with, except in members whose
//! documented examples show numbers.

use lp_server_chat::wire::{
    decode, encode, Answer, AnswerValue, AuthRequest, ChatRequest, Id, Info,
    OfflineSurveySubmission, SurveyAnswers,
};
use serde_json::json;

use crate::{bytes, to_value};

#[test]
fn an_id_keeps_the_spelling_it_was_built_with() {
    assert_eq!(to_value(&Id::from("31337")), json!("31337"));
    assert_eq!(to_value(&Id::from(31337u64)), json!(31337));
    assert_eq!(to_value(&Id::from_i64(-1)), json!(-1));
    assert_eq!(to_value(&Id::from(u64::MAX)), json!(u64::MAX));
    assert!(Id::from(7u64).is_number() && !Id::from("7").is_number());
}

#[test]
fn an_id_keeps_the_spelling_it_was_read_with() {
    for spelling in [
        json!("42"),
        json!(42),
        json!(-7),
        json!("-7"),
        json!("k3Jp"),
    ] {
        let id: Id = serde_json::from_value(spelling.clone()).unwrap();
        assert_eq!(to_value(&id), spelling);
    }
    let id: Id = serde_json::from_value(json!(40216.0)).unwrap();
    assert_eq!(to_value(&id), json!(40216));
}

#[test]
fn spelling_does_not_change_identity() {
    assert_eq!(Id::from("42"), Id::from(42u64));
    assert_eq!(Id::from("-1"), Id::from_i64(-1));
    assert_eq!(Id::from_i64(-1).as_u64(), None);
    assert_eq!(Id::from("-0").as_i64(), None);
    assert_eq!(Id::from("042").as_i64(), None);
}

#[test]
fn skill_id_goes_back_as_it_came() {
    for body in [
        &br#"{"request":{"skillId":-1}}"#[..],
        br#"{"request":{"skillId":"661"}}"#,
        br#"{"request":{"skillId":661}}"#,
    ] {
        let r = decode::<ChatRequest>(body).unwrap();
        assert_eq!(r.to_json(), body);
    }
}

#[test]
fn chat_request_ids_documented_as_numbers_are_written_as_numbers() {
    let r = ChatRequest {
        visitor_id: Some(Id::from("1299900011122233")),
        engagement_id: Some(Id::from("1234567810")),
        campaign_id: Some(Id::from("1234567610")),
        survey: Some(SurveyAnswers {
            id: Id::from("51822"),
            answers: vec![Answer {
                question: Id::from("20001"),
                value: AnswerValue::One("BILLING".into()),
            }],
        }),
        ..ChatRequest::default()
    };
    assert_eq!(
        to_value(&r),
        json!({"request": {
            "visitorId": 1299900011122233u64, "engagementId": 1234567810u64,
            "campaignId": 1234567610u64,
            "survey": {"id": 51822, "question": [{"id": 20001, "answer": "BILLING"}]}
        }})
    );
}

#[test]
fn numeric_members_keep_text_that_is_not_a_number() {
    let r = ChatRequest {
        engagement_id: Some(Id::from("007")),
        campaign_id: Some(Id::from("c-1")),
        visitor_id: Some(Id::from("18446744073709551616")),
        ..ChatRequest::default()
    };
    assert_eq!(
        to_value(&r),
        json!({"request": {
            "engagementId": "007", "campaignId": "c-1", "visitorId": "18446744073709551616"
        }})
    );
}

#[test]
fn authentication_and_offline_survey_ids_are_numbers() {
    let auth = AuthRequest {
        auth_chat_conn_id: Some(Id::from("2233445510")),
        sso_key: "k".into(),
        engagement_id: Some(Id::from("1234567810")),
        le_tags: Default::default(),
        redirect_uri: None,
    };
    assert_eq!(
        to_value(&auth),
        json!({"authChatConnId": 2233445510u64, "ssoKey": "k", "engagementId": 1234567810u64})
    );
    let mut offline = OfflineSurveySubmission::new(SurveyAnswers {
        id: Id::from("60410"),
        answers: vec![],
    });
    offline.visitor_id = Some(Id::from("99"));
    assert_eq!(
        to_value(&offline),
        json!({"survey": {"id": 60410, "question": [], "visitorId": 99}})
    );
}

#[test]
fn server_documents_are_written_back_as_read() {
    let src = json!({"info": {
        "link": [{"@href": "https://h/a/5/chat/K9/info", "@rel": "self"}],
        "agentId": "3301", "skillId": 661, "visitorId": 880011, "rtSessionId": "7700112233",
        "engagementId": "31", "campaignId": 32, "sharkContextId": 1, "sharkVisitorId": "v"
    }});
    let info = decode::<Info>(&bytes(src.clone())).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&encode(&info)).unwrap(),
        src
    );
}

#[test]
fn debug_shows_the_spelling() {
    assert_eq!(format!("{:?}", Id::from(42u64)), "Id(42)");
    assert_eq!(format!("{:?}", Id::from("42")), "Id(\"42\")");
}
