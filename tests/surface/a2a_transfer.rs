//! The `a2a-transfer` event and the follow-up chat it asks for on the target account.

use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig};
use lp_server_chat::wire::{A2aTransfer, ChatRequest, EngagementTags, Id};
use lp_server_chat::{ChatConfig, Endpoint, Event};
use serde_json::json;

use crate::support::*;

fn base() -> ChatConfig {
    let mut config = config();
    config.chat_request = ChatRequest {
        skill: Some("Support".into()),
        user_agent: Some("ExampleDesktopApp/2.3".into()),
        language: Some("en-US".into()),
        engagement_id: Some(Id::from(1234567810u64)),
        le_tags: EngagementTags {
            visitor_id: Some("V1".into()),
            ..EngagementTags::default()
        },
        participant_id: Some("P1".into()),
        ..ChatRequest::default()
    };
    config
}

#[test]
fn the_emulated_transfer_yields_a_chat_on_the_target_account() {
    let mut link = emulated(
        EmulatorConfig {
            agent: AgentBehaviour::Replying {
                accept_after: Duration::from_secs(1),
                greeting: "Hi".into(),
                reply_after: Duration::from_secs(1),
                typing_for: Duration::ZERO,
            },
            ..EmulatorConfig::default()
        },
        |c| c.chat_request = base().chat_request,
    );
    link.session.request_chat(link.now).unwrap();
    let events = run(&mut link, Duration::from_secs(5));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::AgentJoined { .. })),
        "{events:?}"
    );
    let chat = link.emulator.chat_ids().pop().unwrap();
    let now = link.now;
    assert!(link.emulator.agent_transfer_a2a(
        &chat,
        "va.other.example.test",
        87654321,
        "Billing",
        now
    ));
    let events = run(&mut link, Duration::from_secs(5));
    let transfer = events
        .iter()
        .find_map(|e| match e {
            Event::Transferred { transfer, .. } => Some(transfer.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no transfer in {events:?}"));

    let follow = transfer.follow_up(&base()).expect("a target account");
    assert_eq!(follow.account_id, "87654321");
    assert_eq!(
        follow.endpoint,
        Endpoint::Host("va.other.example.test".into())
    );
    let body: serde_json::Value = serde_json::from_slice(&follow.chat_request.to_json()).unwrap();
    let source_site: u64 = link.emulator.config().account_id.parse().unwrap();
    let request = &body["request"];
    assert_eq!(request["skill"], "Billing");
    assert_eq!(request["a2aSourceSiteId"], source_site);
    assert!(request["a2aEventId"].is_u64(), "{body}");
    assert!(request["a2aSourceSessionId"].is_u64(), "{body}");
    assert_eq!(request["userAgent"], "ExampleDesktopApp/2.3");
    assert_eq!(request["language"], "en-US");
    for dropped in ["engagementId", "LETagVisitorId", "participantId"] {
        assert!(request.get(dropped).is_none(), "{dropped} kept in {body}");
    }
    // Everything else of the base configuration carries over.
    assert_eq!(follow.retry, base().retry);
    assert_eq!(follow.app_key, base().app_key);
}

fn transfer(domain: Option<&str>, site: Option<u64>, link: Option<&str>) -> A2aTransfer {
    A2aTransfer {
        domain: domain.map(str::to_owned),
        remote_site_id: site.map(Id::from),
        chat_request_parameters:
            json!({"a2aEventId": 9, "a2aSourceSessionId": 4455667, "a2aSourceSiteId": 123})
                .as_object()
                .unwrap()
                .clone(),
        link: link.map(str::to_owned),
        skill: Some("Billing".into()),
    }
}

#[test]
fn without_a_domain_the_link_says_where_to_go() {
    let t = transfer(
        None,
        None,
        Some("https://va.target.example.test:8443/api/account/87654321/chat/request"),
    );
    let follow = t.follow_up(&base()).unwrap();
    assert_eq!(follow.account_id, "87654321");
    assert_eq!(
        follow.endpoint,
        Endpoint::BaseUrl("https://va.target.example.test:8443".into())
    );
    // The top-level skill fills in for parameters that lack one.
    assert_eq!(follow.chat_request.skill.as_deref(), Some("Billing"));
}

#[test]
fn without_any_target_there_is_no_follow_up() {
    assert_eq!(
        transfer(Some("va.target.example.test"), None, None).follow_up(&base()),
        None
    );
    let follow = transfer(None, Some(87654321), None)
        .follow_up(&base())
        .unwrap();
    assert_eq!(follow.endpoint, base().endpoint, "the base endpoint stays");
}
