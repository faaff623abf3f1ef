//! An event id the stream cannot hold (`u64::MAX`, or far past the read's own `next` link) is
//! dropped with a protocol error: it is not delivered again on every read, and it does not move
//! the cursor past the events that follow.

use lp_server_chat::{Event, RequestKind};
use serde_json::json;

use crate::support::*;

fn read(h: &mut Harness, next: u64, events: serde_json::Value) {
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.reply(
        &t,
        ok(chat_doc(
            next,
            events,
            info("chatting", Some("Dana"), false),
        )),
    );
}

#[test]
fn the_largest_id_is_never_delivered() {
    let mut h = chatting();
    for _ in 0..3 {
        read(
            &mut h,
            4,
            json!([line(3, "agent", "real"), line(u64::MAX, "agent", "bogus")]),
        );
    }
    assert_eq!(lines_of(&h.events), ["real"]);
}

#[test]
fn a_huge_id_does_not_hide_the_events_after_it() {
    let mut h = chatting();
    read(
        &mut h,
        4,
        json!([line(3, "agent", "one"), line(1 << 50, "agent", "bogus")]),
    );
    read(&mut h, 5, json!([line(4, "agent", "two")]));
    assert_eq!(lines_of(&h.events), ["one", "two"]);
    assert!(h.protocol_errors().contains(&RequestKind::Poll));
    assert!(!h
        .events
        .iter()
        .any(|e| matches!(e, Event::EventsSkipped { .. })));
}
