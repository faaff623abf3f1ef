//! `POST /chat/request`: the body the configured request becomes, and a refusal.

use lp_server_chat::wire::{Id, SurveyAnswers};
use lp_server_chat::{EndReason, Event, KeyPlacement, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn every_configured_field_is_in_the_request_body() {
    let mut config = config();
    config.user_agent = Some("ExampleDesktopApp/2.3".into());
    let r = &mut config.chat_request;
    r.skill = Some("Support".into());
    r.max_wait_time = Some(300);
    r.interaction_timeout = Some(40);
    r.user_agent = Some("ExampleDesktopApp/2.3 (Windows NT 10.0)".into());
    r.chat_referrer = Some("app://settings/help".into());
    r.visitor_ip = Some("203.0.113.25".into());
    r.visitor_id = Some(Id::from(1299900011122233u64));
    r.pre_chat_lines = vec!["Customer tier: gold".into()];
    r.survey = Some(SurveyAnswers {
        id: Id::from(51822u64),
        answers: Vec::new(),
    });
    r.engagement_id = Some(Id::from(1234567810u64));
    r.campaign_id = Some(Id::from("1234567610"));
    r.language = Some("en-US".into());
    r.le_tags.visitor_id = Some("V1".into());
    r.le_tags.session_id = Some("S1".into());
    r.le_tags.context_id = Some("1".into());
    r.participant_id = Some("P1".into());
    r.conversation_id = Some("C1".into());
    r.extra.insert("a2aEventId".into(), json!(467));
    let mut h = Harness::new(config);
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    assert_eq!(method(&t), "POST");
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat/request")
    );
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(header(&t, "authorization"), Some(APP_KEY_HEADER));
    assert_eq!(header(&t, "content-type"), Some("application/json"));
    assert_eq!(header(&t, "user-agent"), Some("ExampleDesktopApp/2.3"));
    assert_eq!(header(&t, "x-http-method-override"), None);
    assert_eq!(
        body(&t),
        json!({"request": {
            "skill": "Support",
            "maxWaitTime": 300,
            "visitorIp": "203.0.113.25",
            "chatReferrer": "app://settings/help",
            "userAgent": "ExampleDesktopApp/2.3 (Windows NT 10.0)",
            "visitorId": 1299900011122233u64,
            "preChatLines": {"line": ["Customer tier: gold"]},
            "survey": {"id": 51822, "question": []},
            "engagementId": 1234567810u64,
            "campaignId": 1234567610u64,
            "language": "en-US",
            "LETagVisitorId": "V1",
            "LETagSessionId": "S1",
            "LETagContextId": "1",
            "interactionTimeout": 40,
            "participantId": "P1",
            "conversationId": "C1",
            "a2aEventId": 467
        }})
    );
    h.reply(&t, created(CHAT));
    assert!(h.events.contains(&Event::ChatCreated { url: CHAT.into() }));
}

#[test]
fn the_key_can_travel_in_the_query_instead() {
    let mut config = config();
    config.key_placement = KeyPlacement::Query;
    let mut h = Harness::new(config);
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    assert_eq!(header(&t, "authorization"), None);
    assert_eq!(
        query(&t),
        pairs(&[
            ("v", "1"),
            ("NC", "true"),
            ("appKey", "721c180b09eb463d9f3191c41762bb68")
        ])
    );
}

#[test]
fn a_refused_request_ends_the_chat_with_the_reason() {
    let mut h = Harness::new(config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    h.reply(&t, error(401, 10, "Bad captcha"));
    assert!(h.events.contains(&Event::ChatEnded {
        reason: EndReason::Refused(lp_server_chat::Refusal {
            status: 401,
            internal_code: Some(10),
            message: Some("Bad captcha".into())
        })
    }));
    assert!(h.retries().is_empty());
}
