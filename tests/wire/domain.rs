use lp_server_chat::wire::{decode, encode, DomainResponse};
use serde_json::json;

use crate::bytes;

#[test]
fn single_service_form() {
    let body = bytes(
        json!({"service": "conversationVep", "account": "900", "baseURI": "chat.example.net"}),
    );
    let d = decode::<DomainResponse>(&body).unwrap();
    assert_eq!(d.base_uri("conversationVep"), Some("chat.example.net"));
    assert_eq!(d.base_uri("msdkgw"), None);
}

#[test]
fn list_form() {
    let body = bytes(json!({"baseURIs": [
        {"service": "msdkgw", "account": "900", "baseURI": "eng.example.net"},
        {"service": "conversationVep", "account": 900, "baseURI": "chat.example.net"},
        {"service": "smt", "account": "900", "baseURI": "smt.example.net"}
    ]}));
    let d = decode::<DomainResponse>(&body).unwrap();
    assert_eq!(d.base_uri("conversationVep"), Some("chat.example.net"));
    assert_eq!(d.base_uri("smt"), Some("smt.example.net"));
    assert_eq!(d.base_uri("acCdnDomain"), None);
    assert_eq!(d.entries[1].account.as_deref(), Some("900"));
    assert_eq!(decode::<DomainResponse>(&encode(&d)).unwrap(), d);
}

#[test]
fn single_form_without_service_matches_any() {
    let d = decode::<DomainResponse>(br#"{"baseURI":"only.example.net"}"#).unwrap();
    assert_eq!(d.base_uri("conversationVep"), Some("only.example.net"));
}

#[test]
fn neither_form_is_an_error() {
    let err = decode::<DomainResponse>(br#"{"service":"x"}"#).unwrap_err();
    assert_eq!(err.resource, "domain response");
}
