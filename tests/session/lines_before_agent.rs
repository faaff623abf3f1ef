use lp_server_chat::{Event, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn lines_wait_in_the_outbox_until_an_agent_joins_then_go_in_order() {
    let mut h = Harness::new(config());
    h.start_chat();
    h.poll_with(json!([state(0, "waiting")]), info("waiting", None, false));
    let first = h.session.send_line("first", h.now).unwrap();
    let second = h.session.send_line("second", h.now).unwrap();
    h.drain();
    assert!(!h.has(RequestKind::SendLine), "nothing goes while waiting");
    assert_eq!(h.session.queued_lines(), 2);

    h.wake();
    h.poll_with(
        json!([state(1, "chatting")]),
        info("chatting", Some("Dana"), false),
    );
    let send = h.take(RequestKind::SendLine);
    assert!(
        !h.has(RequestKind::SendLine),
        "one line in flight at a time"
    );
    assert!(String::from_utf8_lossy(send.request.body()).contains("first"));
    h.reply(&send, created(&format!("{CHAT}/events/2")));
    let send = h.take(RequestKind::SendLine);
    assert!(String::from_utf8_lossy(send.request.body()).contains("second"));
    h.reply(&send, created(&format!("{CHAT}/events/3")));

    let delivered: Vec<_> = h
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::LineDelivered { line, .. } => Some(line),
            _ => None,
        })
        .collect();
    assert_eq!(delivered, [first, second]);
}

#[test]
fn a_line_refused_as_not_in_chat_stays_queued_and_goes_once_chatting() {
    let mut h = chatting();
    let id = h.session.send_line("hello", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, error(400, 5, "Cannot add line while not in chat"));
    assert!(
        !h.take_events()
            .iter()
            .any(|e| matches!(e, Event::LineFailed { .. })),
        "not a failure: the line waits"
    );
    assert_eq!(h.session.queued_lines(), 1);

    // The line waits for the server to say it is chatting again.
    h.idle_until(RequestKind::Poll);
    assert!(!h.has(RequestKind::SendLine));
    h.idle_until(RequestKind::SendLine);
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, created(&format!("{CHAT}/events/3")));
    assert!(h.take_events().contains(&Event::LineDelivered {
        line: id,
        event_id: Some(3)
    }));
}
