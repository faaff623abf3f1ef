use lp_server_chat::wire::{ChatState, LineSource};
use lp_server_chat::{EndReason, Event, Phase, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn a_whole_chat_from_request_to_end() {
    let mut h = Harness::new(config());
    h.session.request_chat(h.now).unwrap();
    h.drain();

    let request = h.take(RequestKind::RequestChat);
    assert_eq!(request.request.method(), "POST");
    assert_eq!(
        request.request.uri().to_string(),
        "https://chat.example.test/api/account/123/chat/request?v=1&NC=true"
    );
    let body: serde_json::Value = serde_json::from_slice(request.request.body()).unwrap();
    assert!(
        body.get("request").is_some(),
        "body is wrapped in `request`: {body}"
    );
    h.reply(&request, created(CHAT));
    assert_eq!(
        h.take_events(),
        vec![Event::ChatCreated { url: CHAT.into() }]
    );
    assert_eq!(h.session.phase(), Phase::Live);

    // The first read is the chat resource itself.
    let poll = h.take(RequestKind::Poll);
    assert_eq!(
        poll.request.uri().to_string(),
        format!("{CHAT}?v=1&NC=true")
    );
    h.pending.push(poll);
    h.poll_with(
        json!([state(0, "waiting"), system(1, 4, "Routing your chat.")]),
        info("waiting", None, false),
    );
    let events = h.take_events();
    assert_eq!(events[0], Event::StateChanged(ChatState::Waiting));
    assert_eq!(lines_of(&events), ["Routing your chat."]);

    // The next read follows the server's `next` link.
    h.wake();
    let poll = h.take(RequestKind::Poll);
    assert_eq!(
        poll.request.uri().to_string(),
        format!("{CHAT}?from=2&v=1&NC=true")
    );
    h.pending.push(poll);
    h.poll_with(
        json!([
            state(2, "chatting"),
            line(3, "agent", "Hello! How can I help?")
        ]),
        info("chatting", Some("Dana"), false),
    );
    let events = h.take_events();
    assert!(events.contains(&Event::StateChanged(ChatState::Chatting)));
    assert!(events.contains(&Event::AgentJoined {
        name: Some("Dana".into())
    }));
    assert_eq!(lines_of(&events), ["Hello! How can I help?"]);

    let id = h.session.send_line("My invoice is wrong", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    assert_eq!(
        send.request.uri().to_string(),
        format!("{CHAT}/events?v=1&NC=true")
    );
    let body: serde_json::Value = serde_json::from_slice(send.request.body()).unwrap();
    assert_eq!(
        body,
        json!({"event": {"@type": "line", "text": "My invoice is wrong"}})
    );
    h.reply(&send, created(&format!("{CHAT}/events/4")));
    assert_eq!(
        h.take_events(),
        vec![Event::LineDelivered {
            line: id,
            event_id: Some(4)
        }]
    );

    h.wake();
    h.poll_with(
        json!([
            line(4, "visitor", "My invoice is wrong"),
            line(5, "agent", "Let me check.")
        ]),
        info("chatting", Some("Dana"), false),
    );
    let events = h.take_events();
    let sources: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Line { line, .. } => Some(line.source.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sources, [LineSource::Visitor, LineSource::Agent]);

    h.session.end_chat(h.now).unwrap();
    h.drain();
    let end = h.take(RequestKind::EndChat);
    let body: serde_json::Value = serde_json::from_slice(end.request.body()).unwrap();
    assert_eq!(body, json!({"event": {"@type": "state", "state": "ended"}}));
    h.reply(&end, created(&format!("{CHAT}/events/6")));
    h.poll_with(
        json!([state(6, "ended")]),
        info("ended", Some("Dana"), false),
    );
    let events = h.take_events();
    assert_eq!(
        events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::Visitor
        })
    );
    assert_eq!(h.session.phase(), Phase::Ended);
    assert_eq!(h.wait, None, "nothing left to do");
    assert!(h.pending.is_empty());
}
