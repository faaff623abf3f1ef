use lp_server_chat::{Event, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn a_next_link_to_another_host_is_refused_and_the_key_stays_home() {
    let mut h = chatting();
    h.wake();
    let t = h.take(RequestKind::Poll);
    let mut doc = chat_doc(3, json!([]), info("chatting", Some("Dana"), false));
    doc["chat"]["link"][3]["@href"] =
        json!("https://collector.example.org/api/account/123/chat/H1-abcK1?from=3");
    h.reply(&t, ok(doc.clone()));
    assert!(h.events.iter().any(|e| matches!(
        e,
        Event::ForeignLinkRefused { rel, href } if rel == "next" && href.contains("collector.example.org")
    )));
    for _ in 0..3 {
        h.wake();
        let t = h.take(RequestKind::Poll);
        assert_eq!(t.request.uri().host(), Some("chat.example.test"));
        // The server keeps sending the foreign link.
        h.reply(&t, ok(doc.clone()));
    }
    let reports = h
        .events
        .iter()
        .filter(|e| matches!(e, Event::ForeignLinkRefused { .. }))
        .count();
    assert_eq!(reports, 1, "a server repeating the link is reported once");
    assert!(h
        .sent
        .iter()
        .all(|(_, _, uri)| uri.starts_with("https://chat.example.test/")));
}

#[test]
fn a_location_on_another_host_ends_the_chat_before_anything_is_sent_there() {
    let mut h = Harness::new(config());
    let t = h.chat_request();
    h.reply(
        &t,
        created("https://collector.example.org/api/account/123/chat/X"),
    );
    assert!(h
        .events
        .iter()
        .any(|e| matches!(e, Event::ForeignLinkRefused { .. })));
    assert!(matches!(h.events.last(), Some(Event::ChatEnded { .. })));
    assert!(h.pending.is_empty());
}
