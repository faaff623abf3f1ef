//! `POST /conversation.json`: the flat body, both documented answers (200 + ids, 201 +
//! Location), and the step into the chat.

use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig, VisitorAuthForm};
use lp_server_chat::wire::{AuthRequest, AuthResponse, CreateSessionResponse};
use lp_server_chat::{
    Authentication, ChatConfig, Endpoint, Error, Event, Failure, OpResult, Phase, RequestKind,
    UrlProblem,
};
use serde_json::json;

use crate::support::*;

fn auth_request() -> AuthRequest {
    let engagement: CreateSessionResponse = serde_json::from_value(json!({
        "status": "Available", "sessionId": "S1", "visitorId": "V1",
        "engagementDetails": {"engagementId": "1234567810", "contextId": "1", "connectorId": "2233445510"}
    }))
    .unwrap();
    let mut request =
        AuthRequest::for_engagement("eyJhbGciOiJSUzI1NiJ9.payload.signature", &engagement);
    request.redirect_uri = Some("https://app.example.com/oauth/callback".into());
    request
}

fn authentication_of(events: &[Event], op: lp_server_chat::OpId) -> Authentication {
    match result_of(events, op) {
        Some(OpResult::Authenticated(a)) => a.clone(),
        other => panic!("{other:?} in {events:?}"),
    }
}

#[test]
fn the_request_is_flat_and_carries_the_engagement() {
    let mut h = Harness::new(config());
    let _ = h.session.authenticate(&auth_request(), h.now);
    h.drain();
    let t = h.take(RequestKind::Authenticate);
    assert_eq!(method(&t), "POST");
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/conversation.json")
    );
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(header(&t, "authorization"), Some(APP_KEY_HEADER));
    assert_eq!(header(&t, "x-http-method-override"), None);
    assert_eq!(
        body(&t),
        json!({
            "authChatConnId": 2233445510u64,
            "ssoKey": "eyJhbGciOiJSUzI1NiJ9.payload.signature",
            "engagementId": 1234567810u64,
            "LETagContextId": "1",
            "LETagSessionId": "S1",
            "LETagVisitorId": "V1",
            "redirectUri": "https://app.example.com/oauth/callback"
        })
    );
}

#[test]
fn the_older_answer_gives_ids_that_go_into_the_chat_request() {
    let mut link = emulated(
        EmulatorConfig {
            visitor_auth_form: VisitorAuthForm::JsonBody,
            ..EmulatorConfig::default()
        },
        |_| {},
    );
    let op = link.session.authenticate(&auth_request(), link.now);
    let events = run(&mut link, Duration::from_secs(5));
    let auth = authentication_of(&events, op);
    assert_eq!(auth.location, None);
    let ids = auth.ids.expect("ids in the body");
    assert!(!ids.participant_id.is_empty() && !ids.conversation_id.is_empty());

    link.session
        .chat_request_mut()
        .unwrap()
        .apply_authentication(&ids);
    link.session.request_chat(link.now).unwrap();
    run(&mut link, Duration::from_secs(5));
    let chat = link.emulator.chat_ids().pop().expect("a chat was created");
    let sent = &link.emulator.chat(&chat).unwrap().request;
    assert_eq!(sent["participantId"], ids.participant_id.as_str());
    assert_eq!(sent["conversationId"], ids.conversation_id.as_str());
}

#[test]
fn the_newer_answer_names_a_chat_that_the_session_joins() {
    let mut link = emulated(
        EmulatorConfig {
            visitor_auth_form: VisitorAuthForm::CreatedWithLocation,
            agent: AgentBehaviour::Replying {
                accept_after: Duration::from_secs(2),
                greeting: "Hello, authenticated visitor".into(),
                reply_after: Duration::from_secs(1),
                typing_for: Duration::ZERO,
            },
            ..EmulatorConfig::default()
        },
        |_| {},
    );
    let op = link.session.authenticate(&auth_request(), link.now);
    let events = run(&mut link, Duration::from_secs(5));
    let auth = authentication_of(&events, op);
    assert_eq!(auth.ids, None);
    let location = auth.location.expect("a Location");
    let chat = link
        .emulator
        .chat_ids()
        .pop()
        .expect("the server created a chat");
    assert!(location.ends_with(&chat), "{location} names {chat}");

    link.session.join_chat(&location, link.now).unwrap();
    assert_eq!(link.session.phase(), Phase::Live);
    let events = run(&mut link, Duration::from_secs(10));
    assert!(events.contains(&Event::ChatCreated {
        url: location.clone()
    }));
    let greeted = events.iter().any(
        |e| matches!(e, Event::Line { line, .. } if line.text == "Hello, authenticated visitor"),
    );
    assert!(greeted, "{events:?}");
    assert_eq!(
        link.emulator.chat_ids().len(),
        1,
        "no second chat was requested"
    );
}

#[test]
fn joining_refuses_a_url_off_the_origin() {
    let mut h = Harness::new(config());
    let refused = h.session.join_chat(
        "https://elsewhere.example.org/api/account/123/chat/X",
        h.now,
    );
    assert_eq!(
        refused,
        Err(Error::UnusableUrl {
            url: "https://elsewhere.example.org/api/account/123/chat/X".into(),
            reason: UrlProblem::OtherOrigin,
        })
    );
    for (url, reason) in [
        (
            "https://chat.example.test/api/account/999/chat/X",
            UrlProblem::OutsideChats,
        ),
        (
            "https://chat.example.test/api/account/123/chat/",
            UrlProblem::OutsideChats,
        ),
        ("mailto:visitor@example.com", UrlProblem::NotAUrl),
    ] {
        let refused = h.session.join_chat(url, h.now);
        let url = url.to_owned();
        assert_eq!(refused, Err(Error::UnusableUrl { url, reason }));
    }
    assert_eq!(h.session.phase(), Phase::Idle);
    h.start_chat();
    assert_eq!(
        h.session.join_chat(CHAT, h.now),
        Err(Error::ChatAlreadyRequested)
    );
}

#[test]
fn joining_before_the_domain_api_answers_is_refused() {
    let lookup = ChatConfig::new(
        ACCOUNT,
        Endpoint::Lookup {
            domain_api: "https://api.example.test".into(),
            scheme: "https".into(),
        },
    );
    let mut h = Harness::new(lookup);
    assert_eq!(
        h.session.join_chat(CHAT, h.now),
        Err(Error::UnusableUrl {
            url: CHAT.into(),
            reason: UrlProblem::OriginUnknown,
        })
    );
    assert_eq!(h.session.phase(), Phase::Idle);
}

#[test]
fn an_answer_with_neither_form_is_a_protocol_error() {
    let mut h = Harness::new(config());
    let op = h.session.authenticate(&auth_request(), h.now);
    h.drain();
    let t = h.take(RequestKind::Authenticate);
    h.reply(&t, raw(201, ""));
    assert_eq!(h.protocol_errors(), [RequestKind::Authenticate]);
    h.wake();
    let t = h.take(RequestKind::Authenticate);
    h.reply(&t, ok(json!({"participantId": "P", "conversationId": "C"})));
    assert_eq!(
        h.completed(op),
        Some(&OpResult::Authenticated(Authentication {
            ids: Some(AuthResponse {
                participant_id: "P".into(),
                conversation_id: "C".into()
            }),
            location: None
        }))
    );
}

#[test]
fn a_rejected_sso_key_fails_the_call() {
    let mut h = Harness::new(config());
    let op = h.session.authenticate(&auth_request(), h.now);
    h.drain();
    let t = h.take(RequestKind::Authenticate);
    h.reply(
        &t,
        error(
            401,
            5,
            "Bad authorization request. general_problem=unknown_authorization_type",
        ),
    );
    assert!(matches!(
        h.failed(op),
        Some(Failure::Refused(lp_server_chat::Refusal {
            status: 401,
            internal_code: Some(5),
            ..
        }))
    ));
}
