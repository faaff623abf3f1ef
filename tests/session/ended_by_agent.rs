use lp_server_chat::{EndReason, Event, LineFailure, Phase};
use serde_json::json;

use crate::support::*;

#[test]
fn the_agent_ending_the_chat_ends_it_and_fails_queued_lines() {
    let mut h = chatting();
    // A queued line that the agent's end overtakes.
    h.session.send_line("still there?", h.now).unwrap();
    h.drain();
    let in_flight = h.take(lp_server_chat::RequestKind::SendLine);
    let queued = h.session.send_line("hello?", h.now).unwrap();
    h.wake();
    h.poll_with(
        json!([system(3, 5, "Dana has ended the chat."), state(4, "ended")]),
        info("ended", Some("Dana"), false),
    );
    let events = h.take_events();
    assert_eq!(lines_of(&events), ["Dana has ended the chat."]);
    assert!(events.contains(&Event::LineFailed {
        line: queued,
        reason: LineFailure::ChatEnded
    }));
    assert_eq!(
        events.last(),
        Some(&Event::ChatEnded {
            reason: EndReason::Agent
        })
    );
    assert_eq!(h.session.phase(), Phase::Ended);

    // The line that was on the wire still gets its one outcome.
    h.reply(
        &in_flight,
        error(400, 5, "Cannot add line while not in chat"),
    );
    assert!(matches!(
        h.events.as_slice(),
        [Event::LineFailed {
            reason: LineFailure::ChatEnded,
            ..
        }]
    ));
    assert!(h.session.send_line("late", h.now).is_err());
}
