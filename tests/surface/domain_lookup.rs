//! Domain API (`conversationVep`): both documented answer shapes, a missing service, and the
//! request itself.

use lp_server_chat::{ChatConfig, Endpoint, Event, RequestKind};
use serde_json::json;

use crate::support::*;

pub const DOMAIN_API: &str = "https://domains.example.test";

pub fn lookup_config() -> ChatConfig {
    ChatConfig::new(
        ACCOUNT,
        Endpoint::Lookup {
            domain_api: DOMAIN_API.into(),
            scheme: "https".into(),
        },
    )
}

fn resolved(h: &Harness) -> Vec<String> {
    h.events
        .iter()
        .filter_map(|e| match e {
            Event::DomainResolved { origin } => Some(origin.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_lookup_asks_for_conversation_vep_without_the_app_key() {
    let mut h = Harness::new(lookup_config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    assert_eq!(h.kinds(), [RequestKind::ResolveDomain]);
    let t = h.take(RequestKind::ResolveDomain);
    assert_eq!(method(&t), "GET");
    assert_eq!(
        url(&t),
        format!("{DOMAIN_API}/api/account/{ACCOUNT}/service/conversationVep/baseURI.json")
    );
    assert_eq!(query(&t), pairs(&[("version", "1.0")]));
    assert_eq!(header(&t, "authorization"), None);
    assert_eq!(header(&t, "accept"), Some("application/json"));
}

#[test]
fn the_single_service_answer_gives_the_origin() {
    let mut h = Harness::new(lookup_config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"service": "conversationVep", "account": ACCOUNT, "baseURI": "va.chat.example.test"})),
    );
    assert_eq!(resolved(&h), ["https://va.chat.example.test"]);
    assert_eq!(h.session.origin(), Some("https://va.chat.example.test"));
    let chat = h.take(RequestKind::RequestChat);
    assert_eq!(
        url(&chat),
        format!("https://va.chat.example.test/api/account/{ACCOUNT}/chat/request")
    );
}

#[test]
fn the_all_services_answer_is_searched_for_conversation_vep() {
    let mut h = Harness::new(lookup_config());
    let op = h.session.check_availability(Default::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"baseURIs": [
            {"service": "msdkgw", "account": ACCOUNT, "baseURI": "va.msdkgw.example.test"},
            {"service": "conversationVep", "account": ACCOUNT, "baseURI": "va.chat.example.test"},
            {"service": "smt", "account": ACCOUNT, "baseURI": "va.smt.example.test"}
        ]})),
    );
    assert_eq!(resolved(&h), ["https://va.chat.example.test"]);
    let t = h.take(RequestKind::Availability);
    assert!(
        url(&t).starts_with("https://va.chat.example.test/"),
        "{}",
        url(&t)
    );
    h.reply(&t, ok(json!({"availability": true})));
    assert!(h.completed(op).is_some());
}

#[test]
fn an_answer_without_the_service_is_a_protocol_error_and_is_retried() {
    let mut h = Harness::new(lookup_config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"baseURIs": [{"service": "smt", "account": ACCOUNT, "baseURI": "va.smt.example.test"}]})),
    );
    assert_eq!(h.protocol_errors(), [RequestKind::ResolveDomain]);
    assert_eq!(h.retries(), [(RequestKind::ResolveDomain, 2, 5)]);
    assert_eq!(h.session.origin(), None);
    h.wake();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"service": "conversationVep", "baseURI": "va.chat.example.test"})),
    );
    assert_eq!(resolved(&h), ["https://va.chat.example.test"]);
}

#[test]
fn a_refused_lookup_fails_the_calls_waiting_for_it() {
    let mut h = Harness::new(lookup_config());
    let op = h
        .session
        .check_estimated_wait_time(Default::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        raw(
            401,
            r#"{"time":1,"message":"Unauthorized","internalCode":10}"#,
        ),
    );
    assert!(
        matches!(
            h.failed(op),
            Some(lp_server_chat::Failure::Refused(lp_server_chat::Refusal {
                status: 401,
                internal_code: Some(10),
                ..
            }))
        ),
        "{:?}",
        h.events
    );
}

#[test]
fn the_origin_is_kept_for_later_calls() {
    let mut h = Harness::new(lookup_config());
    let _ = h.session.check_availability(Default::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"service": "conversationVep", "baseURI": "va.chat.example.test"})),
    );
    let t = h.take(RequestKind::Availability);
    h.reply(&t, ok(json!({"availability": true})));
    h.session.request_chat(h.now).unwrap();
    h.drain();
    assert_eq!(h.kinds(), [RequestKind::RequestChat], "no second lookup");
}
