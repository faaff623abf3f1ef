use std::time::{Duration, Instant};

use lp_server_chat::{
    ChatSession, Error, Snapshot, SnapshotError, SnapshotMismatch, SNAPSHOT_VERSION,
};
use serde_json::Value;

use crate::support::*;

const FIXTURE: &str = include_str!("v2.json");
/// The first version, still read.
const V1: &str = include_str!("v1.json");

/// A chatting session with one line queued, at a fixed seed, so its snapshot is reproducible.
fn sample() -> Snapshot {
    let start = Instant::now();
    let mut link = link(start);
    link.session.request_chat(start).unwrap();
    link.run_until(start + Duration::from_secs(6), |_, _, _| {})
        .unwrap();
    link.session.set_visitor_name("Jane", link.now).unwrap();
    link.session.send_line("queued", link.now).unwrap();
    link.session.snapshot()
}

#[test]
fn the_json_form_is_frozen_per_version() {
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let now = serde_json::to_value(sample()).unwrap();
    if std::env::var_os("WRITE_SNAPSHOT_FIXTURE").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshot/v2.json");
        std::fs::write(path, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
    }
    assert_eq!(
        fixture["version"], SNAPSHOT_VERSION,
        "a new version needs a new fixture"
    );
    assert_eq!(
        now,
        fixture,
        "the snapshot's JSON changed: bump SNAPSHOT_VERSION, keep reading old versions, and add a fixture.\nnow:\n{}",
        serde_json::to_string_pretty(&now).unwrap()
    );
}

#[test]
fn the_stored_fixture_still_resumes() {
    let snapshot: Snapshot = serde_json::from_str(FIXTURE).unwrap();
    let session = ChatSession::resume(config(), snapshot, Instant::now()).unwrap();
    assert_eq!(session.queued_lines(), 1);
    assert!(session.chat_url().is_some());
}

#[test]
fn a_version_1_snapshot_still_resumes() {
    let snapshot: Snapshot = serde_json::from_str(V1).unwrap();
    assert_eq!(snapshot.version, 1);
    let session = ChatSession::resume(config(), snapshot, Instant::now()).unwrap();
    assert_eq!(session.queued_lines(), 1);
    assert!(session.chat_url().is_some());
}

#[test]
fn no_secret_unless_asked_for() {
    let start = Instant::now();
    let session = ChatSession::new(config(), start, 1).unwrap();
    let plain = serde_json::to_string(&session.snapshot()).unwrap();
    assert!(!plain.contains(lp_server_chat::PUBLIC_APP_KEY));
    let with = serde_json::to_string(&session.snapshot_with_secrets()).unwrap();
    assert!(with.contains(lp_server_chat::PUBLIC_APP_KEY));
}

#[test]
fn an_unknown_version_is_refused() {
    let mut value: Value = serde_json::from_str(FIXTURE).unwrap();
    value["version"] = Value::from(SNAPSHOT_VERSION + 1);
    let snapshot: Snapshot = serde_json::from_value(value).unwrap();
    assert_eq!(
        ChatSession::resume(config(), snapshot, Instant::now()).err(),
        Some(Error::BadSnapshot(SnapshotError::Version {
            found: SNAPSHOT_VERSION + 1,
            oldest: 1,
            newest: SNAPSHOT_VERSION,
        }))
    );
}

#[test]
fn a_tampered_snapshot_is_refused_with_the_reason() {
    let other_chat = format!("{ORIGIN}/api/account/999/chat/X");
    let cases = [
        (
            "origin",
            Value::from("not a url"),
            SnapshotError::Origin {
                origin: "not a url".into(),
                why: "not an http(s) origin".into(),
            },
        ),
        (
            "origin",
            Value::from("https://elsewhere.invalid"),
            SnapshotError::Origin {
                origin: "https://elsewhere.invalid".into(),
                why: format!("the configuration talks to `{ORIGIN}`"),
            },
        ),
        ("next_line", Value::from(0), SnapshotError::LineIds),
        (
            "next_line",
            Value::from(u64::MAX),
            SnapshotError::LineCounter {
                next_line: u64::MAX,
            },
        ),
        (
            "phase",
            Value::from("idle"),
            SnapshotMismatch::LinesWithoutChat.into(),
        ),
        ("chat", Value::Null, SnapshotMismatch::LiveWithoutUrl.into()),
    ];
    for (field, value, reason) in cases {
        let mut doc: Value = serde_json::from_str(FIXTURE).unwrap();
        doc[field] = value.clone();
        let snapshot: Snapshot = serde_json::from_value(doc).unwrap();
        let refused = ChatSession::resume(config(), snapshot, Instant::now()).err();
        assert_eq!(
            refused,
            Some(Error::BadSnapshot(reason)),
            "{field}: {value}"
        );
    }
    let mut doc: Value = serde_json::from_str(FIXTURE).unwrap();
    doc["chat"]["chat"] = Value::from(other_chat.clone());
    let snapshot: Snapshot = serde_json::from_value(doc).unwrap();
    assert_eq!(
        ChatSession::resume(config(), snapshot, Instant::now()).err(),
        Some(Error::BadSnapshot(SnapshotError::OutsideChat {
            url: other_chat
        }))
    );
}
