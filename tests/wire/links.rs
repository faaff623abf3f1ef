use lp_server_chat::wire::{decode, ChatResource, Hyperlink, Info, Links};
use serde_json::json;

use crate::{bytes, to_value};

#[test]
fn lookup_is_by_rel_not_position() {
    let body = bytes(json!({"chat": {"link": [
        {"@href": "https://h/a/1/chat/K/exitSurvey", "@rel": "exit-survey"},
        {"@href": "https://h/a/1/chat/K?from=4", "@rel": "next"},
        {"@href": "https://h/a/1/chat/K/events", "@rel": "events"}
    ]}}));
    let c = decode::<ChatResource>(&body).unwrap();
    assert_eq!(c.links.get("events"), Some("https://h/a/1/chat/K/events"));
    assert_eq!(c.links.get("next"), Some("https://h/a/1/chat/K?from=4"));
    assert_eq!(c.links.get("custom-variables"), None);
    assert_eq!(c.links.iter().count(), 3);
}

#[test]
fn keys_without_at_sign() {
    let body = bytes(json!({"info": {"link": [
        {"href": "https://h/i/visitorTyping", "rel": "visitor-typing"},
        {"rel": "agent-typing", "href": "https://h/i/agentTyping"}
    ]}}));
    let i = decode::<Info>(&body).unwrap();
    assert_eq!(
        i.links.get("visitor-typing"),
        Some("https://h/i/visitorTyping")
    );
    assert_eq!(i.links.get("agent-typing"), Some("https://h/i/agentTyping"));
}

#[test]
fn first_spelling_wins_when_both_present() {
    let l: Hyperlink =
        serde_json::from_value(json!({"@href": "a", "href": "b", "rel": "r"})).unwrap();
    assert_eq!(l.href, "a");
}

#[test]
fn link_without_href_or_rel_is_an_error() {
    assert!(serde_json::from_value::<Hyperlink>(json!({"@rel": "next"})).is_err());
    assert!(serde_json::from_value::<Hyperlink>(json!({"@href": "https://h"})).is_err());
}

#[test]
fn default_is_empty() {
    let l = Links::default();
    assert!(l.is_empty());
    assert_eq!(l.get("self"), None);
}

#[test]
fn serializes_with_at_keys() {
    let l = Links(vec![Hyperlink {
        rel: "self".into(),
        href: "https://h/x".into(),
    }]);
    assert_eq!(
        to_value(&l),
        json!([{"@href": "https://h/x", "@rel": "self"}])
    );
}

#[test]
fn malformed_href_is_kept_verbatim() {
    let body = bytes(
        json!({"info": {"link": {"@href": "https:/host/a/visitorName", "@rel": "visitor-name"}}}),
    );
    let i = decode::<Info>(&body).unwrap();
    assert_eq!(
        i.links.get("visitor-name"),
        Some("https:/host/a/visitorName")
    );
}
