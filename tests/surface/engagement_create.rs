//! App Engagement Create Session: the host lookup (`msdkgw`, then `smt`), the first and later
//! calls, account loading, and what the answer puts into the chat request.

use lp_server_chat::emulator::{EmulatorConfig, FaultPlan};
use lp_server_chat::wire::{
    AppDetails, AppType, ChatRequest, CreateSessionRequest, CreateSessionResponse,
    EngagementStatus, Id,
};
use lp_server_chat::{
    ChatConfig, EngagementEndpoint, Failure, OpId, OpResult, RequestKind, Transmit, VisitorSession,
};
use serde_json::json;

use crate::domain_lookup::{lookup_config, DOMAIN_API};
use crate::support::*;

pub const ENGAGEMENT: &str = "https://va.msdkgw.example.test";

fn request() -> CreateSessionRequest {
    CreateSessionRequest {
        app_type: AppType::External,
        app_details: Some(AppDetails {
            os: Some("LINUX".into()),
            ..AppDetails::default()
        }),
        consumer_sections: vec!["Billing".into()],
        engagement_attributes: Vec::new(),
    }
}

pub fn at_engagement_host() -> ChatConfig {
    let mut config = config();
    config.engagement_endpoint = EngagementEndpoint::BaseUrl(ENGAGEMENT.into());
    config
}

/// The visitor and session a first call's answer hands out, for the calls after it.
pub fn visitor() -> VisitorSession {
    VisitorSession {
        visitor_id: "k3JpQm9sTUaB1xYzW0aQcA".into(),
        session_id: "Zq7Vd2kLRfaP0s9tYbWmEw".into(),
    }
}

/// Checks that `t` goes to the resource of `visitor()`, in its session.
#[track_caller]
pub fn assert_addressed_to_the_visitor(t: &Transmit) {
    assert_eq!(
        url(t),
        format!(
            "{ENGAGEMENT}/api/account/{ACCOUNT}/app/engagement/visitors/k3JpQm9sTUaB1xYzW0aQcA"
        )
    );
    assert_eq!(
        query(t),
        pairs(&[("v", "1.0"), ("sid", "Zq7Vd2kLRfaP0s9tYbWmEw")])
    );
}

fn available() -> serde_json::Value {
    json!({
        "status": "Available",
        "sessionId": "Zq7Vd2kLRfaP0s9tYbWmEw",
        "visitorId": "k3JpQm9sTUaB1xYzW0aQcA",
        "pageId": "5829301144",
        "engagementDetails": {
            "campaignId": "1234567610", "engagementId": "1234567810", "contextId": "1",
            "windowId": "1234567910", "language": "en-US", "engagementRevision": 12,
            "validForSeconds": 900, "skillId": 987654321, "skillName": "Support",
            "connectorId": "2233445510"
        }
    })
}

fn engagement_of(result: Option<&OpResult>) -> &CreateSessionResponse {
    match result {
        Some(OpResult::Engagement(e)) => e,
        other => panic!("expected an engagement, got {other:?}"),
    }
}

/// Asks for a first-time engagement and takes the request it sends.
fn create(h: &mut Harness) -> (OpId, Transmit) {
    let op = h.session.create_engagement(&request(), None, h.now);
    h.drain();
    (op, h.take(RequestKind::CreateEngagement))
}

#[test]
fn the_first_call_has_no_visitor_and_no_app_key() {
    let mut h = Harness::new(at_engagement_host());
    let (op, t) = create(&mut h);
    assert_eq!(method(&t), "POST");
    assert_eq!(
        url(&t),
        format!("{ENGAGEMENT}/api/account/{ACCOUNT}/app/engagement/visitors/")
    );
    assert_eq!(query(&t), pairs(&[("v", "1.0")]));
    assert_eq!(header(&t, "authorization"), None);
    assert_eq!(header(&t, "content-type"), Some("application/json"));
    assert_eq!(header(&t, "accept"), Some("application/json"));
    assert_eq!(
        body(&t),
        json!({"appType": "EXTERNAL", "appDetails": {"os": "LINUX"}, "consumerSections": ["Billing"]})
    );
    h.reply(&t, ok(available()));
    let e = engagement_of(h.completed(op));
    assert_eq!(e.status, EngagementStatus::Available);
    assert_eq!(e.visitor_id, "k3JpQm9sTUaB1xYzW0aQcA");
    let details = e.engagement_details.as_ref().unwrap();
    assert_eq!(details.engagement_id, Some(Id::from(1234567810u64)));
    assert_eq!(details.connector_id, Some(Id::from(2233445510u64)));
}

#[test]
fn later_calls_carry_the_visitor_and_the_session() {
    let mut h = Harness::new(at_engagement_host());
    let op = h
        .session
        .create_engagement(&request(), Some(&visitor()), h.now);
    h.drain();
    let t = h.take(RequestKind::CreateEngagement);
    assert_addressed_to_the_visitor(&t);
    h.reply(
        &t,
        ok(
            json!({"status": "NotAvailable", "sessionId": "Zq7Vd2kLRfaP0s9tYbWmEw",
                  "visitorId": "k3JpQm9sTUaB1xYzW0aQcA", "pageId": "5829301144"}),
        ),
    );
    let e = engagement_of(h.completed(op));
    assert_eq!(e.status, EngagementStatus::NotAvailable);
    assert_eq!(e.visitor_session(), visitor());
}

#[test]
fn the_host_is_looked_up_as_msdkgw_and_kept() {
    let mut h = Harness::new(lookup_config());
    let first = h.session.create_engagement(&request(), None, h.now);
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    assert_eq!(
        url(&t),
        format!("{DOMAIN_API}/api/account/{ACCOUNT}/service/msdkgw/baseURI.json")
    );
    assert_eq!(header(&t, "authorization"), None);
    h.reply(
        &t,
        ok(json!({"service": "msdkgw", "account": ACCOUNT, "baseURI": "va.msdkgw.example.test"})),
    );
    let t = h.take(RequestKind::CreateEngagement);
    assert_eq!(
        url(&t),
        format!("{ENGAGEMENT}/api/account/{ACCOUNT}/app/engagement/visitors/")
    );
    h.reply(&t, ok(available()));
    assert!(h.completed(first).is_some());
    // The Server Chat host was never needed, so never looked up.
    assert_eq!(h.session.origin(), None);
    let _ = h.session.create_engagement(&request(), None, h.now);
    h.drain();
    assert_eq!(
        h.kinds(),
        [RequestKind::CreateEngagement],
        "no second lookup"
    );
}

#[test]
fn smt_is_asked_when_msdkgw_is_unknown() {
    let mut h = Harness::new(lookup_config());
    let op = h.session.create_engagement(&request(), None, h.now);
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(&t, error(404, 28, "Service msdkgw not found"));
    let t = h.take(RequestKind::ResolveDomain);
    assert_eq!(
        url(&t),
        format!("{DOMAIN_API}/api/account/{ACCOUNT}/service/smt/baseURI.json")
    );
    h.reply(
        &t,
        ok(json!({"service": "smt", "baseURI": "va.smt.example.test"})),
    );
    let t = h.take(RequestKind::CreateEngagement);
    assert!(url(&t).starts_with("https://va.smt.example.test/api/account/"));
    h.reply(&t, ok(available()));
    assert!(h.completed(op).is_some());
}

#[test]
fn a_service_list_without_msdkgw_falls_back_to_smt() {
    let mut h = Harness::new(lookup_config());
    let _ = h.session.create_engagement(&request(), None, h.now);
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"baseURIs": [
            {"service": "conversationVep", "baseURI": "va.chat.example.test"},
            {"service": "smt", "baseURI": "va.smt.example.test"}
        ]})),
    );
    let t = h.take(RequestKind::CreateEngagement);
    assert!(
        url(&t).starts_with("https://va.smt.example.test/"),
        "{}",
        url(&t)
    );
}

#[test]
fn account_loading_is_retried_with_the_announced_visitor() {
    let mut h = Harness::new(at_engagement_host());
    let (op, t) = create(&mut h);
    h.reply(
        &t,
        raw(
            500,
            r#"{"time":1499263964605,"message":"Loading account: 123, vid: Lv5kQ0aZTbWq","internalCode":20}"#,
        ),
    );
    assert_eq!(h.retries(), [(RequestKind::CreateEngagement, 2, 5)]);
    h.wake();
    let t = h.take(RequestKind::CreateEngagement);
    assert_eq!(t.attempt, 2);
    assert_eq!(
        url(&t),
        format!("{ENGAGEMENT}/api/account/{ACCOUNT}/app/engagement/visitors/Lv5kQ0aZTbWq")
    );
    h.reply(&t, ok(available()));
    assert!(h.completed(op).is_some());
}

#[test]
fn account_loading_against_the_emulator_ends_in_a_session() {
    let emulator = EmulatorConfig {
        faults: FaultPlan::none().account_loading(1),
        ..EmulatorConfig::default()
    };
    let mut link = emulated(emulator, |_| {});
    let op = link.session.create_engagement(&request(), None, link.now);
    let events = run(&mut link, std::time::Duration::from_secs(120));
    let e = match result_of(&events, op) {
        Some(OpResult::Engagement(e)) => e,
        other => panic!("{other:?} in {events:?}"),
    };
    assert_eq!(link.emulator.stats().faults.account_loading, 1);
    assert!(!e.visitor_id.is_empty());
    let kinds: Vec<_> = link.log.iter().map(|x| x.kind).collect();
    assert_eq!(
        kinds,
        [RequestKind::CreateEngagement, RequestKind::CreateEngagement]
    );
}

#[test]
fn a_bad_request_fails_the_call_without_retry() {
    let mut h = Harness::new(at_engagement_host());
    let (op, t) = create(&mut h);
    h.reply(
        &t,
        raw(
            400,
            r#"{"time":1,"message":"Validation error","internalCode":1}"#,
        ),
    );
    assert_eq!(
        h.failed(op),
        Some(&Failure::Refused(lp_server_chat::Refusal {
            status: 400,
            internal_code: Some(1),
            message: Some("Validation error".into())
        }))
    );
    assert!(h.retries().is_empty());
}

#[test]
fn a_garbled_answer_is_a_protocol_error_and_is_retried() {
    let mut h = Harness::new(at_engagement_host());
    let (op, t) = create(&mut h);
    h.reply(&t, raw(200, "<html>gateway</html>"));
    assert_eq!(h.protocol_errors(), [RequestKind::CreateEngagement]);
    assert_eq!(h.retries(), [(RequestKind::CreateEngagement, 2, 5)]);
    h.wake();
    let t = h.take(RequestKind::CreateEngagement);
    h.reply(&t, ok(available()));
    assert!(h.completed(op).is_some());
}

#[test]
fn the_answer_fills_the_chat_request() {
    let engagement: CreateSessionResponse =
        lp_server_chat::wire::decode(available().to_string().as_bytes()).unwrap();
    let mut request = ChatRequest::default();
    request.apply_engagement(&engagement);
    let body: serde_json::Value = serde_json::from_slice(&request.to_json()).unwrap();
    assert_eq!(
        body,
        json!({"request": {
            "skill": "Support",
            "skillId": "987654321",
            "engagementId": 1234567810u64,
            "campaignId": 1234567610u64,
            "language": "en-US",
            "LETagVisitorId": "k3JpQm9sTUaB1xYzW0aQcA",
            "LETagSessionId": "Zq7Vd2kLRfaP0s9tYbWmEw",
            "LETagContextId": "1"
        }})
    );
    // A skill the application chose is kept.
    let mut chosen = ChatRequest {
        skill: Some("Sales".into()),
        ..ChatRequest::default()
    };
    chosen.apply_engagement(&engagement);
    assert_eq!(chosen.skill.as_deref(), Some("Sales"));
    assert_eq!(chosen.skill_id, None);
}

#[test]
fn the_answer_goes_into_the_session_chat_request() {
    let mut h = Harness::new(at_engagement_host());
    let (op, t) = create(&mut h);
    h.reply(&t, ok(available()));
    let engagement = engagement_of(h.completed(op)).clone();
    h.session
        .chat_request_mut()
        .unwrap()
        .apply_engagement(&engagement);
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    let sent = body(&t);
    assert_eq!(sent["request"]["LETagVisitorId"], "k3JpQm9sTUaB1xYzW0aQcA");
    assert_eq!(sent["request"]["engagementId"], 1234567810u64);
    assert!(
        h.session.chat_request_mut().is_err(),
        "too late once requested"
    );
}
