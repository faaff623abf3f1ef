//! The Domain API decides where the app key and any `ssoKey` go, so it is asked over https
//! (plain http only to this machine, or when the configuration says so), and LivePerson's own
//! Domain API may name only LivePerson's hosts.

use lp_server_chat::{
    ChatConfig, ChatSession, ConfigError, EndReason, Endpoint, Error, Event, RequestKind,
};
use serde_json::json;

use crate::support::*;

fn lookup(domain_api: &str, scheme: &str) -> ChatConfig {
    ChatConfig::new(
        "123",
        Endpoint::Lookup {
            domain_api: domain_api.into(),
            scheme: scheme.into(),
        },
    )
}

fn new(config: ChatConfig) -> Result<ChatSession, Error> {
    ChatSession::new(config, std::time::Instant::now(), 1)
}

#[test]
fn plain_http_is_refused_unless_local_or_allowed() {
    let refused = |config| new(config).err();
    assert_eq!(
        refused(lookup("http://api.liveperson.net", "https")),
        Some(Error::InvalidConfig(ConfigError::PlainHttp {
            url: "http://api.liveperson.net".into()
        }))
    );
    assert_eq!(
        refused(lookup("https://api.liveperson.net", "http")),
        Some(Error::InvalidConfig(ConfigError::PlainHttpLookup {
            domain_api: "https://api.liveperson.net".into()
        }))
    );
    assert_eq!(
        refused(ChatConfig::new(
            "123",
            Endpoint::BaseUrl("http://proxy.example.test".into())
        )),
        Some(Error::InvalidConfig(ConfigError::PlainHttp {
            url: "http://proxy.example.test".into()
        }))
    );
    assert!(new(lookup("http://127.0.0.1:8080", "http")).is_ok());
    assert!(new(ChatConfig::new(
        "123",
        Endpoint::BaseUrl("http://localhost:9".into())
    ))
    .is_ok());
    let mut allowed = lookup("http://api.example.test", "http");
    allowed.allow_plain_http = true;
    assert!(new(allowed).is_ok());
}

fn resolve(domain_api: &str, host: &str) -> Harness {
    let mut h = Harness::new(lookup(domain_api, "https"));
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::ResolveDomain);
    h.reply(
        &t,
        ok(json!({"service": "conversationVep", "account": "123", "baseURI": host})),
    );
    h
}

#[test]
fn livepersons_domain_api_naming_another_host_ends_the_chat_before_anything_is_sent() {
    let h = resolve("https://api.liveperson.net", "chat.attacker.example");
    assert!(h.pending.is_empty(), "{:?}", h.kinds());
    assert!(h.events.iter().any(|e| matches!(
        e,
        Event::ChatEnded {
            reason: EndReason::ProtocolError(_)
        }
    )));
    assert!(!h
        .events
        .iter()
        .any(|e| matches!(e, Event::DomainResolved { .. })));
}

#[test]
fn livepersons_hosts_and_other_domain_apis_are_followed() {
    let h = resolve("https://api.liveperson.net", "va.convep.liveperson.net");
    assert!(h.has(RequestKind::RequestChat));
    let h = resolve("https://domains.example.test", "chat.example.test");
    assert!(h.has(RequestKind::RequestChat));
}
