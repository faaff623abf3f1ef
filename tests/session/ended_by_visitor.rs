use lp_server_chat::{EndReason, Event, LineFailure, Phase, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn ending_sends_queued_lines_first_then_the_end_then_reads_the_rest() {
    let mut h = chatting();
    let bye = h.session.send_line("bye", h.now).unwrap();
    h.session.end_chat(h.now).unwrap();
    h.drain();
    assert!(!h.has(RequestKind::EndChat), "the line goes first");
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, created(&format!("{CHAT}/events/3")));
    let end = h.take(RequestKind::EndChat);
    h.reply(&end, created(&format!("{CHAT}/events/4")));
    h.poll_with(
        json!([
            line(3, "visitor", "bye"),
            line(4, "agent", "Take care"),
            state(5, "ended")
        ]),
        info("ended", Some("Dana"), false),
    );
    let events = h.take_events();
    assert!(events.contains(&Event::LineDelivered {
        line: bye,
        event_id: Some(3)
    }));
    assert_eq!(lines_of(&events), ["bye", "Take care"]);
    assert_eq!(
        events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::Visitor
        })
    );
    assert_eq!(h.session.phase(), Phase::Ended);
}

#[test]
fn ending_while_waiting_fails_queued_lines_at_once() {
    let mut h = Harness::new(config());
    h.start_chat();
    h.poll_with(json!([state(0, "waiting")]), info("waiting", None, false));
    let queued = h.session.send_line("anyone?", h.now).unwrap();
    h.session.end_chat(h.now).unwrap();
    h.drain();
    assert!(h.events.contains(&Event::LineFailed {
        line: queued,
        reason: LineFailure::ChatEnded
    }));
    let end = h.take(RequestKind::EndChat);
    h.reply(&end, created(&format!("{CHAT}/events/1")));
    h.poll_with(json!([state(1, "ended")]), info("ended", None, false));
    assert_eq!(
        h.events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::Visitor
        })
    );
}

#[test]
fn ending_before_the_server_created_the_chat_waits_for_its_location() {
    let mut h = Harness::new(config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let request = h.take(RequestKind::RequestChat);
    h.session.end_chat(h.now).unwrap();
    h.drain();
    assert!(h.pending.is_empty());
    h.reply(&request, created(CHAT));
    let end = h.take(RequestKind::EndChat);
    assert!(end
        .request
        .uri()
        .to_string()
        .starts_with(&format!("{CHAT}/events")));
}

#[test]
fn ending_twice_is_the_callers_mistake() {
    let mut h = chatting();
    h.session.end_chat(h.now).unwrap();
    assert_eq!(
        h.session.end_chat(h.now),
        Err(lp_server_chat::Error::ChatEnded)
    );
}
