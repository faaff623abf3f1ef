//! `EmulatorConfig::receipts`: the agent's side sends `line-status` receipts for each visitor
//! line; off by default.

use std::time::Duration;

use lp_server_chat::emulator::AgentReceipts;
use serde_json::{json, Value};

use crate::support::*;

fn with(receipts: AgentReceipts) -> (Harness, String) {
    let mut cfg = config();
    cfg.receipts = receipts;
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    (h, id)
}

/// The `@id` the server gave the posted line, from `Location`.
fn line_id(h: &mut Harness, id: &str, text: &str) -> String {
    let r = h.say(id, text);
    assert_eq!(r.status(), 201);
    header(&r, "location")
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

fn receipts(h: &mut Harness, id: &str) -> Vec<Value> {
    chat_events(&h.poll(id, 0))
        .into_iter()
        .filter(|e| e["@type"] == "line-status")
        .collect()
}

#[test]
fn off_by_default() {
    let mut h = Harness::default();
    let id = h.chatting();
    h.say(&id, "hello");
    h.secs(30);
    assert!(receipts(&mut h, &id).is_empty());
}

#[test]
fn the_agent_reads_each_line_after_the_delay() {
    let (mut h, id) = with(AgentReceipts::Read {
        after: Duration::from_secs(2),
    });
    let first = line_id(&mut h, &id, "one");
    h.secs(1);
    assert!(receipts(&mut h, &id).is_empty());
    h.secs(1);
    let r = receipts(&mut h, &id);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["source"], "agent");
    assert_eq!(r[0]["lineStatus"], "READ");
    assert_eq!(r[0]["refSequenceId"], json!(first));
    assert_eq!(r[0]["metadata"], json!([]));
    assert!(r[0]["@id"].as_str().unwrap().parse::<u64>().is_ok());
    let second = line_id(&mut h, &id, "two");
    h.secs(2);
    let r = receipts(&mut h, &id);
    assert_eq!(r[1]["refSequenceId"], json!(second));
    let c = h.emu.chat(&id).unwrap();
    let about: Vec<_> = c
        .receipts_from("agent")
        .iter()
        .map(|e| e.ref_sequence_id())
        .collect();
    assert_eq!(about, [first.parse().ok(), second.parse().ok()]);
}

#[test]
fn accept_comes_at_once_then_read() {
    let (mut h, id) = with(AgentReceipts::AcceptAndRead {
        after: Duration::from_secs(3),
    });
    let line = line_id(&mut h, &id, "hello");
    let r = receipts(&mut h, &id);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["lineStatus"], "ACCEPT");
    assert_eq!(r[0]["refSequenceId"], json!(line));
    h.secs(3);
    let statuses: Vec<_> = h
        .emu
        .chat(&id)
        .unwrap()
        .receipts_from("agent")
        .iter()
        .map(|e| e.line_status().map(str::to_owned))
        .collect();
    assert_eq!(statuses, [Some("ACCEPT".into()), Some("READ".into())]);
}

#[test]
fn no_receipt_after_the_chat_ended() {
    let (mut h, id) = with(AgentReceipts::Read {
        after: Duration::from_secs(5),
    });
    line_id(&mut h, &id, "bye");
    h.emu.agent_end(&id, h.now);
    h.secs(10);
    assert!(h.emu.chat(&id).unwrap().receipts_from("agent").is_empty());
}
