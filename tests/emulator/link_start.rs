//! `Link::start` pairs a session with an emulator from one `EmulatorConfig`: the session talks
//! to the emulator's origin as its account, with no Domain API lookup.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{EmulatorConfig, Link, Route as Served};
use lp_server_chat::{ConfigError, Endpoint, Error, Event};

use crate::support::*;

#[test]
fn the_client_config_names_the_account_and_the_origin() {
    let mut cfg = config();
    cfg.origin = "http://127.0.0.1:8080/".into();
    cfg.account_id = "777".into();
    let client = cfg.client_config();
    assert_eq!(client.account_id, "777");
    assert_eq!(
        client.endpoint,
        Endpoint::BaseUrl("http://127.0.0.1:8080".into())
    );
}

#[test]
fn a_started_link_creates_a_chat_on_its_emulator() {
    let mut cfg = config();
    cfg.account_id = "4242".into();
    cfg.origin = "https://other.emulator.invalid".into();
    let t0 = Instant::now();
    let mut link = Link::start(cfg, t0, 3).unwrap();
    assert_eq!(link.now, t0);
    assert!(link.emulator.chat_ids().is_empty(), "no chat until asked");
    link.session.request_chat(link.now).unwrap();
    let mut created = None;
    while let Some(event) = link.next_event(t0 + Duration::from_secs(5)).unwrap() {
        if let Event::ChatCreated { url } = event {
            created = Some(url);
            break;
        }
    }
    let ids = link.emulator.chat_ids();
    assert_eq!(ids.len(), 1);
    assert_eq!(
        created.as_deref(),
        Some(
            format!(
                "https://other.emulator.invalid/api/account/4242/chat/{}",
                ids[0]
            )
            .as_str()
        )
    );
    let served = &link.emulator.stats().requests;
    assert_eq!(served.get(&Served::Domain), None, "no Domain API lookup");
    assert_eq!(served.get(&Served::ChatRequest), Some(&1));
}

#[test]
fn a_config_the_session_refuses_is_an_error() {
    let cfg = EmulatorConfig {
        origin: "not a url".into(),
        ..EmulatorConfig::default()
    };
    let refused = Link::start(cfg, Instant::now(), 1).err();
    assert_eq!(
        refused,
        Some(Error::InvalidConfig(ConfigError::NotAUrl {
            url: "not a url".into()
        }))
    );
}
