use lp_server_chat::wire::ChatState;
use lp_server_chat::Event;
use serde_json::json;

use crate::support::*;

fn presence(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::StateChanged(s) => Some(format!("state {}", s.as_str())),
            Event::AgentJoined { name } => Some(format!("joined {name:?}")),
            Event::AgentLeft => Some("left".into()),
            Event::Line { line, .. } => Some(format!("line {}", line.text)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_agent_is_announced_before_their_first_line() {
    let mut h = Harness::new(config());
    h.start_chat();
    h.poll_with(
        json!([
            state(0, "waiting"),
            state(1, "chatting"),
            line(2, "agent", "Hi!")
        ]),
        info("chatting", Some("Dana"), false),
    );
    assert_eq!(
        presence(&h.events),
        [
            "state waiting",
            "state chatting",
            "joined Some(\"Dana\")",
            "line Hi!"
        ]
    );
}

#[test]
fn a_requeue_is_the_agent_leaving_and_a_new_agent_joins_by_name() {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!([
            state(3, "waiting"),
            system(4, 23, "Your chat was requeued.")
        ]),
        info("waiting", None, false),
    );
    h.wake();
    h.poll_with(
        json!([state(5, "chatting")]),
        info("chatting", Some("Sam"), false),
    );
    h.wake();
    h.poll_with(json!([]), info("chatting", Some("Sam"), false));
    assert_eq!(
        presence(&h.events),
        [
            "state waiting",
            "left",
            "line Your chat was requeued.",
            "state chatting",
            "joined Some(\"Sam\")"
        ]
    );
    assert_eq!(h.session.chat_state(), Some(&ChatState::Chatting));
}

#[test]
fn a_transfer_to_another_agent_while_chatting_announces_the_new_name() {
    let mut h = chatting();
    h.wake();
    h.poll_with(json!([]), info("chatting", Some("Sam"), false));
    assert_eq!(presence(&h.events), ["joined Some(\"Sam\")"]);
}
