//! What every read's `info` says of the chat beyond its state: how long it has lasted and when a
//! request last reached it, by the server's clock.

use std::time::Duration;

use lp_server_chat::RequestKind;
use serde_json::json;

use crate::support::*;

#[test]
fn duration_and_last_update_reach_the_application() {
    let mut h = chatting();
    assert_eq!(h.session.chat_duration(), None);
    h.wake();
    let t = h.take(RequestKind::Poll);
    let mut info = info("chatting", Some("Dana"), false);
    info["duration"] = json!(95);
    info["lastUpdate"] = json!("2024-03-11T09:16:03.877+00:00");
    h.reply(&t, ok(chat_doc(3, json!([]), info)));
    assert_eq!(h.session.chat_duration(), Some(Duration::from_secs(95)));
    // 2024-03-11T09:16:03.877Z
    assert_eq!(h.session.last_update_ms(), Some(1_710_148_563_877));
}

#[test]
fn lines_tell_their_side_without_wire_types() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!([
            line(3, "agent", "Hi"),
            line(4, "visitor", "Hello"),
            system(5, 4, "Queued")
        ]),
        info("chatting", Some("Dana"), false),
    );
    let agent: Vec<_> = h.events.iter().filter_map(|e| e.agent_line()).collect();
    let echo: Vec<_> = h.events.iter().filter_map(|e| e.visitor_echo()).collect();
    let system: Vec<_> = h.events.iter().filter_map(|e| e.system_line()).collect();
    assert_eq!(
        (agent, echo, system),
        (vec!["Hi"], vec!["Hello"], vec!["Queued"])
    );
}
