//! A server that keeps sending a `next` link the session refuses (another host) is read from
//! the session's own cursor rather than from the start every time, and the refusal is reported
//! once, not on every read.

use lp_server_chat::{Event, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn reads_go_on_from_the_cursor_and_the_warning_is_given_once() {
    let mut h = chatting();
    for id in 3..8u64 {
        h.wake();
        let t = h.take(RequestKind::Poll);
        let uri = t.request.uri().to_string();
        if id > 3 {
            assert!(uri.contains(&format!("from={id}")), "read {id}: {uri}");
        }
        let mut doc = chat_doc(
            id + 1,
            json!([line(id, "agent", &format!("line {id}"))]),
            info("chatting", Some("Dana"), false),
        );
        doc["chat"]["link"][3]["@href"] = json!(format!(
            "https://elsewhere.example.test/chat?from={}",
            id + 1
        ));
        h.reply(&t, ok(doc));
    }
    let warnings = h
        .events
        .iter()
        .filter(|e| matches!(e, Event::ForeignLinkRefused { rel, .. } if rel == "next"))
        .count();
    assert_eq!(warnings, 1);
    assert_eq!(
        lines_of(&h.events),
        ["line 3", "line 4", "line 5", "line 6", "line 7"]
    );
}
