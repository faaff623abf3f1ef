//! `line-status` on `…/events`: the visitor marks the agent's lines read and reports an action
//! on a card; the agent's side's receipts of the visitor's lines arrive as events.

use lp_server_chat::wire::{LineSource, LineStatusKind};
use lp_server_chat::{Error, Event, OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn marking_a_line_read_posts_a_read_receipt_for_it() {
    let mut h = chatting();
    let op = h.session.mark_line_read(4, h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SendLineStatus);
    assert_eq!(method(&t), "POST");
    assert_eq!(url(&t), format!("{CHAT}/events"));
    assert_eq!(
        body(&t),
        json!({"event": {"@type": "line-status", "lineStatus": "READ", "refSequenceId": "4", "metadata": []}})
    );
    h.reply(&t, created(&format!("{CHAT}/events/5")));
    assert_eq!(h.completed(op), Some(&OpResult::Accepted));
}

#[test]
fn an_action_on_a_card_carries_the_clicked_metadata() {
    let mut h = chatting();
    let metadata = vec![json!({"type": "ExternalId", "id": "yes-1"})];
    let _ = h.session.report_line_action(4, metadata, h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::SendLineStatus);
    assert_eq!(
        body(&t)["event"],
        json!({"@type": "line-status", "lineStatus": "ACTION", "refSequenceId": "4", "metadata": [{"type": "ExternalId", "id": "yes-1"}]})
    );
}

#[test]
fn the_agents_receipts_arrive_as_events() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!([{"@id": "3", "@type": "line-status", "time": "2024-03-11T09:15:40.011+00:00",
                "lineStatus": "READ", "refSequenceId": "2", "metadata": [], "source": "agent"}]),
        info("chatting", Some("Dana"), false),
    );
    assert!(h.events.contains(&Event::LineStatus {
        event_id: 3,
        status: LineStatusKind::Read,
        about: Some(2),
        source: Some(LineSource::Agent),
    }));
}

#[test]
fn without_a_chat_there_is_nothing_to_mark() {
    let mut h = Harness::new(config());
    assert_eq!(h.session.mark_line_read(1, h.now), Err(Error::NoChat));
}
