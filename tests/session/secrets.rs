use lp_server_chat::{AppKey, ChatSession, KeyPlacement, RequestKind};

use crate::support::*;

const KEY: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn debug_of_config_and_session_never_shows_the_app_key() {
    let mut cfg = config();
    cfg.app_key = AppKey::new(KEY);
    let shown = format!("{cfg:?}");
    assert!(!shown.contains(KEY), "{shown}");
    let session = ChatSession::new(cfg, std::time::Instant::now(), 1).unwrap();
    let shown = format!("{session:?} {session:#?}");
    assert!(!shown.contains(KEY), "{shown}");
}

#[test]
fn the_key_travels_as_documented_header_or_as_query_when_asked() {
    let mut cfg = config();
    cfg.app_key = AppKey::new(KEY);
    let mut h = Harness::new(cfg.clone());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    assert_eq!(
        t.request.headers()["authorization"],
        format!("LivePerson appKey={KEY}")
    );
    assert!(!t.request.uri().to_string().contains(KEY));

    cfg.key_placement = KeyPlacement::Query;
    let mut h = Harness::new(cfg);
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    assert!(t.request.headers().get("authorization").is_none());
    assert!(t
        .request
        .uri()
        .to_string()
        .contains(&format!("appKey={KEY}")));
}

#[test]
fn the_domain_lookup_carries_no_key() {
    let mut cfg = lp_server_chat::ChatConfig::new(
        "123",
        lp_server_chat::Endpoint::Lookup {
            domain_api: "https://api.example.test".into(),
            scheme: "https".into(),
        },
    );
    cfg.app_key = AppKey::new(KEY);
    let mut h = Harness::new(cfg);
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    assert_eq!(
        t.request.uri().to_string(),
        "https://api.example.test/api/account/123/service/conversationVep/baseURI.json?version=1.0"
    );
    assert!(t.request.headers().get("authorization").is_none());
    h.reply(
        &t,
        ok(serde_json::json!({"service": "conversationVep", "account": "123", "baseURI": "va.example.test"})),
    );
    let t = h.take(RequestKind::RequestChat);
    assert_eq!(t.request.uri().host(), Some("va.example.test"));
}
