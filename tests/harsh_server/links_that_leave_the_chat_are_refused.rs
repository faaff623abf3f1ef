//! A same-origin link whose path leaves the chat (`{chat}/../../999/chat/OTHER`) is not
//! followed: links are pinned to the chat's own path, and a chat-request `Location` to the
//! account's chats.

use lp_server_chat::{EndReason, Event, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn a_next_link_that_climbs_out_of_the_chat_is_refused_and_the_chat_is_read_on() {
    let mut h = chatting();
    h.wake();
    let t = h.take(RequestKind::Poll);
    let mut doc = chat_doc(
        4,
        json!([line(3, "agent", "hi")]),
        info("chatting", Some("Dana"), false),
    );
    doc["chat"]["link"][3]["@href"] = json!(format!("{CHAT}/../../999/chat/OTHER?from=4"));
    h.reply(&t, ok(doc));
    assert!(h
        .events
        .iter()
        .any(|e| matches!(e, Event::ForeignLinkRefused { rel, .. } if rel == "next")));
    h.wake();
    let next = h.take(RequestKind::Poll);
    let uri = next.request.uri().to_string();
    assert!(uri.starts_with(&format!("{CHAT}?")), "{uri}");
    assert!(uri.contains("from=4"), "read on from the cursor: {uri}");
    assert!(!uri.contains("OTHER"));
}

#[test]
fn a_location_outside_the_accounts_chats_ends_the_request() {
    let mut h = Harness::new(config());
    let t = h.chat_request();
    h.reply(
        &t,
        created("https://chat.example.test/api/account/999/chat/H1-abcK1"),
    );
    assert!(h.events.iter().any(|e| matches!(
        e,
        Event::ChatEnded {
            reason: EndReason::ProtocolError(_)
        }
    )));
    assert!(h.pending.is_empty());
}
