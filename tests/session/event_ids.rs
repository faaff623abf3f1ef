use lp_server_chat::Event;
use serde_json::json;

use crate::support::*;

fn line_ids(events: &[Event]) -> Vec<u64> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Line { event_id: id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

#[test]
fn repeated_and_overlapping_events_reach_the_application_once_in_order() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!([
            line(4, "agent", "b"),
            line(3, "agent", "a"),
            line(4, "agent", "b")
        ]),
        info("chatting", Some("Dana"), false),
    );
    h.wake();
    // The server repeats 3 and 4 alongside 5.
    h.poll_with(
        json!([
            line(3, "agent", "a"),
            line(4, "agent", "b"),
            line(5, "agent", "c")
        ]),
        info("chatting", Some("Dana"), false),
    );
    assert_eq!(line_ids(&h.events), [3, 4, 5]);
    assert_eq!(lines_of(&h.events), ["a", "b", "c"]);
}

#[test]
fn skipped_ids_are_reported_as_a_gap() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!([line(3, "agent", "a"), line(6, "agent", "d")]),
        info("chatting", Some("Dana"), false),
    );
    let events = h.take_events();
    assert!(
        events.contains(&Event::EventsSkipped { from: 4, to: 6 }),
        "{events:?}"
    );
    assert_eq!(line_ids(&events), [3, 6]);
}

#[test]
fn a_single_event_sent_as_an_object_is_read() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!(line(3, "agent", "alone")),
        info("chatting", Some("Dana"), false),
    );
    assert_eq!(lines_of(&h.events), ["alone"]);
}

#[test]
fn the_cursor_never_goes_backwards() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!([line(3, "agent", "a")]),
        info("chatting", Some("Dana"), false),
    );
    h.wake();
    // A stale `next` link pointing before the current one is not followed.
    let t = h.take(lp_server_chat::RequestKind::Poll);
    assert!(t.request.uri().to_string().contains("from=4"));
    h.reply(
        &t,
        ok(chat_doc(
            1,
            json!([]),
            info("chatting", Some("Dana"), false),
        )),
    );
    h.wake();
    let t = h.take(lp_server_chat::RequestKind::Poll);
    assert!(
        t.request.uri().to_string().contains("from=4"),
        "{}",
        t.request.uri()
    );
}

#[test]
fn a_malformed_poll_does_not_advance_the_cursor() {
    let mut h = chatting();
    h.wake();
    let t = h.take(lp_server_chat::RequestKind::Poll);
    let uri = t.request.uri().to_string();
    h.reply(
        &t,
        response(
            200,
            &[],
            b"{\"chat\": {\"events\": {\"event\": [{\"@id\": \"3\"".to_vec(),
        ),
    );
    assert!(h
        .events
        .iter()
        .any(|e| matches!(e, Event::ProtocolError { .. })));
    h.wake();
    let t = h.take(lp_server_chat::RequestKind::Poll);
    assert_eq!(t.request.uri().to_string(), uri, "the same read again");
}
