use lp_server_chat::wire::{
    decode, Answer, AnswerValue, ChatRequest, EngagementTags, Id, SurveyAnswers,
};
use serde_json::json;

use crate::to_value;

fn full() -> ChatRequest {
    ChatRequest {
        skill: Some("Care".into()),
        skill_id: Some("661".into()),
        max_wait_time: Some(120),
        visitor_ip: Some("203.0.113.9".into()),
        chat_referrer: Some("app://orders".into()),
        user_agent: Some("DemoApp/4.1".into()),
        visitor_id: Some(Id::from(880011u64)),
        pre_chat_lines: vec!["Tier: silver".into(), "From the orders page".into()],
        survey: Some(SurveyAnswers {
            id: Id::from(61003u64),
            answers: vec![Answer {
                question: Id::from(70011u64),
                value: AnswerValue::One("ORDERS".into()),
            }],
        }),
        engagement_id: Some(Id::from("31")),
        campaign_id: Some(Id::from(32u64)),
        language: Some("fr-FR".into()),
        le_tags: EngagementTags {
            visitor_id: Some("vis-1".into()),
            session_id: Some("ses-1".into()),
            context_id: Some("2".into()),
        },
        interaction_timeout: Some(90),
        participant_id: Some("p-guid".into()),
        conversation_id: Some("c-guid".into()),
        sso_key: Some("very-secret-token".into()),
        service_queue: Some("q1".into()),
        agent: Some("agent.login".into()),
        extra: Default::default(),
    }
}

#[test]
fn full_request_body() {
    assert_eq!(
        to_value(&full()),
        json!({"request": {
            "skill": "Care", "skillId": "661", "maxWaitTime": 120, "visitorIp": "203.0.113.9",
            "chatReferrer": "app://orders", "userAgent": "DemoApp/4.1", "visitorId": 880011,
            "preChatLines": {"line": ["Tier: silver", "From the orders page"]},
            "survey": {"id": 61003, "question": [{"id": 70011, "answer": "ORDERS"}]},
            "engagementId": 31, "campaignId": 32, "language": "fr-FR",
            "LETagVisitorId": "vis-1", "LETagSessionId": "ses-1", "LETagContextId": "2",
            "interactionTimeout": 90, "participantId": "p-guid", "conversationId": "c-guid",
            "ssoKey": "very-secret-token", "serviceQueue": "q1", "agent": "agent.login"
        }})
    );
}

#[test]
fn default_request_is_empty_object() {
    assert_eq!(to_value(&ChatRequest::default()), json!({"request": {}}));
    assert_eq!(ChatRequest::default().to_json(), br#"{"request":{}}"#);
}

#[test]
fn extra_members_are_merged_and_named_members_win() {
    let mut r = ChatRequest {
        skill: Some("Named".into()),
        ..Default::default()
    };
    r.extra.insert("a2aEventId".into(), json!(9));
    r.extra.insert("a2aSourceSiteId".into(), json!(100));
    r.extra.insert("skill".into(), json!("FromExtra"));
    assert_eq!(
        to_value(&r),
        json!({"request": {"skill": "Named", "a2aEventId": 9, "a2aSourceSiteId": 100}})
    );
    let r = ChatRequest {
        extra: [("skill".to_owned(), json!("OnlyExtra"))]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    assert_eq!(to_value(&r), json!({"request": {"skill": "OnlyExtra"}}));
}

#[test]
fn debug_redacts_sso_key() {
    let text = format!("{:?}", full());
    assert!(!text.contains("very-secret-token"), "{text}");
    assert!(text.contains("<redacted>"));
    assert!(format!("{:?}", ChatRequest::default()).contains("sso_key: None"));
}

#[test]
fn decodes_its_own_body_and_keeps_unknown_members() {
    let r = full();
    assert_eq!(decode::<ChatRequest>(&r.to_json()).unwrap(), r);
    let other = decode::<ChatRequest>(
        br#"{"request":{"skill":"S","maxWaitTime":"30","runWithRules":true}}"#,
    )
    .unwrap();
    assert_eq!(other.max_wait_time, Some(30));
    assert_eq!(other.extra.get("runWithRules"), Some(&json!(true)));
}

#[test]
fn missing_request_key_is_an_error() {
    let err = decode::<ChatRequest>(br#"{"skill":"S"}"#).unwrap_err();
    assert_eq!(err.resource, "chat request");
    assert!(err.reason.contains("request"), "{}", err.reason);
}
