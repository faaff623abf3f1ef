//! The looked-up origin is forgotten and looked up again after repeated transport failures,
//! while no chat exists.

use lp_server_chat::{AvailabilityQuery, ChatConfig, Event, RequestKind, TransportError};
use serde_json::json;

use crate::domain_lookup::lookup_config;
use crate::support::*;

const FIRST: &str = "https://va.first.example.test";
const SECOND: &str = "https://va.second.example.test";

fn resolve(h: &mut Harness, host: &str) {
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"service": "conversationVep", "baseURI": host})),
    );
}

fn abandoned(h: &Harness) -> Vec<(String, u32)> {
    h.events
        .iter()
        .filter_map(|e| match e {
            Event::OriginAbandoned { origin, failures } => Some((origin.clone(), *failures)),
            _ => None,
        })
        .collect()
}

fn requesting(config: ChatConfig) -> Harness {
    let mut h = Harness::new(config);
    h.session.request_chat(h.now).unwrap();
    h.drain();
    resolve(&mut h, "va.first.example.test");
    h
}

/// Fails the pending chat request `times` times without any HTTP answer.
fn unreachable(h: &mut Harness, times: u32) {
    for _ in 0..times {
        if !h.kinds().contains(&RequestKind::RequestChat) {
            h.wake();
        }
        let t = h.take(RequestKind::RequestChat);
        h.fail(&t, TransportError::not_sent("connection refused"));
    }
}

#[test]
fn three_unanswered_chat_requests_send_the_session_back_to_the_domain_api() {
    let mut h = requesting(lookup_config());
    unreachable(&mut h, 2);
    assert!(abandoned(&h).is_empty());
    unreachable(&mut h, 1);
    assert_eq!(abandoned(&h), [(FIRST.to_owned(), 3)]);
    assert_eq!(h.session.origin(), None);
    assert_eq!(h.kinds(), [RequestKind::ResolveDomain], "looked up at once");
    resolve(&mut h, "va.second.example.test");
    assert_eq!(h.session.origin(), Some(SECOND));
    h.wake();
    let t = h.take(RequestKind::RequestChat);
    assert_eq!(t.attempt, 4, "the retry ladder carries on");
    assert_eq!(
        url(&t),
        format!("{SECOND}/api/account/{ACCOUNT}/chat/request")
    );
    h.reply(
        &t,
        created(&format!("{SECOND}/api/account/{ACCOUNT}/chat/K2")),
    );
    assert!(h.events.contains(&Event::ChatCreated {
        url: format!("{SECOND}/api/account/{ACCOUNT}/chat/K2")
    }));
}

#[test]
fn any_http_answer_breaks_the_run() {
    let mut h = requesting(lookup_config());
    unreachable(&mut h, 2);
    h.wake();
    let t = h.take(RequestKind::RequestChat);
    h.reply(&t, error(503, 27, "Service temporarily unavailable"));
    unreachable(&mut h, 2);
    assert!(abandoned(&h).is_empty(), "{:?}", h.events);
    assert_eq!(h.session.origin(), Some(FIRST));
}

#[test]
fn the_threshold_is_configurable_and_zero_turns_it_off() {
    let mut once = lookup_config();
    once.re_resolve_after = 1;
    let mut h = requesting(once);
    unreachable(&mut h, 1);
    assert_eq!(abandoned(&h), [(FIRST.to_owned(), 1)]);

    let mut never = lookup_config();
    never.re_resolve_after = 0;
    let mut h = requesting(never);
    unreachable(&mut h, 5);
    assert!(abandoned(&h).is_empty());
    assert_eq!(h.session.origin(), Some(FIRST));
}

#[test]
fn pre_chat_calls_count_too() {
    let mut h = Harness::new(lookup_config());
    let op = h
        .session
        .check_availability(AvailabilityQuery::default(), h.now);
    h.drain();
    resolve(&mut h, "va.first.example.test");
    for _ in 0..3 {
        if !h.kinds().contains(&RequestKind::Availability) {
            h.wake();
        }
        let t = h.take(RequestKind::Availability);
        h.fail(&t, TransportError::maybe_sent("timed out"));
    }
    assert_eq!(abandoned(&h), [(FIRST.to_owned(), 3)]);
    resolve(&mut h, "va.second.example.test");
    h.wake();
    let t = h.take(RequestKind::Availability);
    assert!(url(&t).starts_with(SECOND), "{}", url(&t));
    h.reply(&t, ok(json!({"availability": true})));
    assert!(h.completed(op).is_some());
}

#[test]
fn a_live_chat_keeps_its_origin() {
    let mut h = requesting(lookup_config());
    let t = h.take(RequestKind::RequestChat);
    let chat = format!("{FIRST}/api/account/{ACCOUNT}/chat/K1");
    h.reply(&t, created(&chat));
    for _ in 0..5 {
        if !h.kinds().contains(&RequestKind::Poll) {
            h.wake();
        }
        let t = h.take(RequestKind::Poll);
        h.fail(&t, TransportError::not_sent("connection refused"));
    }
    assert!(abandoned(&h).is_empty());
    assert!(!h.kinds().contains(&RequestKind::ResolveDomain));
    assert_eq!(h.session.origin(), Some(FIRST));
}

#[test]
fn a_configured_origin_is_never_looked_up() {
    let mut h = Harness::new(config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    unreachable(&mut h, 4);
    assert!(abandoned(&h).is_empty());
    assert_eq!(h.session.origin(), Some(ORIGIN));
}

#[test]
fn the_app_engagement_host_is_looked_up_again_after_repeated_connection_failures() {
    let mut h = Harness::new(lookup_config());
    let request = lp_server_chat::wire::CreateSessionRequest {
        app_type: lp_server_chat::wire::AppType::External,
        app_details: None,
        consumer_sections: Vec::new(),
        engagement_attributes: Vec::new(),
    };
    let _ = h.session.create_engagement(&request, None, h.now);
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"service": "msdkgw", "baseURI": "va.msdkgw.example.test"})),
    );
    for _ in 0..3 {
        while !h.has(RequestKind::CreateEngagement) {
            h.wake();
        }
        let t = h.take(RequestKind::CreateEngagement);
        h.fail(&t, TransportError::not_sent("connection refused"));
    }
    assert_eq!(
        abandoned(&h),
        [("https://va.msdkgw.example.test".to_owned(), 3)]
    );
    while !h.has(RequestKind::ResolveDomain) {
        h.wake();
    }
    assert!(!h.has(RequestKind::CreateEngagement));
}
