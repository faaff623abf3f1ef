//! `GET {chat-session-uri}` and its `next` link: the poll that reads events, info and keeps the
//! chat alive.

use lp_server_chat::wire::ChatState;
use lp_server_chat::{EndReason, Event, RequestKind, RetryCause};
use serde_json::json;

use crate::support::*;

#[test]
fn the_first_read_is_the_location_then_the_next_link_with_its_cursor() {
    let mut h = Harness::new(config());
    h.start_chat();
    let t = h.take(RequestKind::Poll);
    assert_api_get(&t);
    assert_eq!(url(&t), CHAT);
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    h.reply(
        &t,
        ok(chat_doc(
            2,
            json!([
                state(0, "waiting"),
                system(1, 4, "Please wait, an agent will join shortly.")
            ]),
            info("waiting", None, false),
        )),
    );
    let seen: Vec<_> = h
        .take_events()
        .into_iter()
        .filter(|e| matches!(e, Event::StateChanged(_) | Event::Line { .. }))
        .collect();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0], Event::StateChanged(ChatState::Waiting));
    assert!(
        matches!(&seen[1], Event::Line { event_id: 1, line, .. } if line.text.starts_with("Please wait"))
    );

    h.wake();
    let t = h.take(RequestKind::Poll);
    assert_eq!(url(&t), CHAT);
    assert_eq!(
        query(&t),
        pairs(&[("from", "2"), ("v", "1"), ("NC", "true")])
    );
}

#[test]
fn a_chat_the_server_no_longer_knows_ends_it() {
    let mut h = chatting();
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, error(404, 12, "Chat session not found"));
    assert!(h.events.contains(&Event::ChatEnded {
        reason: EndReason::NotFound
    }));
}

#[test]
fn a_garbled_read_is_a_protocol_error_and_is_read_again() {
    let mut h = chatting();
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, raw(200, "<html><body>Bad Gateway</body></html>"));
    assert_eq!(h.protocol_errors(), [RequestKind::Poll]);
    let retried = h.events.iter().any(|e| {
        matches!(
            e,
            Event::Retrying {
                kind: RequestKind::Poll,
                cause: RetryCause::MalformedResponse,
                ..
            }
        )
    });
    assert!(retried, "{:?}", h.events);
    h.wake();
    let t = h.take(RequestKind::Poll);
    assert_eq!(
        query(&t),
        pairs(&[("from", "3"), ("v", "1"), ("NC", "true")])
    );
}
