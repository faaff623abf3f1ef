use lp_server_chat::wire::{decode, AgentTyping, TypingState, VisitorName, VisitorTyping};
use serde_json::json;

use crate::to_value;

#[test]
fn agent_typing_values() {
    let t = |s: &str| {
        decode::<AgentTyping>(format!(r#"{{"agentTyping":"{s}"}}"#).as_bytes())
            .unwrap()
            .agent_typing
    };
    assert_eq!(t("typing"), TypingState::Typing);
    assert_eq!(t("not-typing"), TypingState::NotTyping);
    assert_eq!(t("unknown"), TypingState::Unknown);
    assert_eq!(t("thinking"), TypingState::Unknown);
}

#[test]
fn visitor_typing_both_directions() {
    let v = VisitorTyping {
        visitor_typing: TypingState::Typing,
    };
    assert_eq!(to_value(&v), json!({"visitorTyping": "typing"}));
    let v = VisitorTyping {
        visitor_typing: TypingState::NotTyping,
    };
    assert_eq!(to_value(&v), json!({"visitorTyping": "not-typing"}));
    assert_eq!(
        decode::<VisitorTyping>(br#"{"visitorTyping":"not-typing"}"#).unwrap(),
        v
    );
}

#[test]
fn visitor_name_both_directions() {
    let n = VisitorName {
        visitor_name: "Alex".into(),
    };
    assert_eq!(to_value(&n), json!({"visitorName": "Alex"}));
    assert_eq!(
        decode::<VisitorName>(br#"{"visitorName":"Alex"}"#).unwrap(),
        n
    );
}

#[test]
fn missing_member_is_an_error() {
    let err = decode::<VisitorName>(b"{}").unwrap_err();
    assert_eq!(err.resource, "visitor name");
    assert!(decode::<AgentTyping>(br#"{"agentTyping":1}"#).is_err());
}
