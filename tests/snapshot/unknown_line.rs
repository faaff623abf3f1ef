use std::time::{Duration, Instant};

use lp_server_chat::emulator::Link;
use lp_server_chat::{ChatSession, Event, Output, RequestKind};

use crate::support::*;

/// Brings a chat to `chatting`, then has the session hand out a line request and dies before the
/// response arrives. `applied` says whether the request reached the server.
fn die_with_line_in_flight(applied: bool) -> Link {
    let start = Instant::now();
    let mut link = link(start);
    link.session.request_chat(start).unwrap();
    link.run_until(start + Duration::from_secs(6), |_, _, _| {})
        .unwrap();
    link.session.send_line("are you there?", link.now).unwrap();
    let transmit = loop {
        match link.session.poll_output() {
            Output::Transmit(t) if t.kind == RequestKind::SendLine => break t,
            Output::Transmit(_) | Output::Event(_) => {}
            Output::Wait(_) => panic!("the line should go at once"),
        }
    };
    let snapshot = link.session.snapshot();
    if applied {
        let _lost_response = link.emulator.handle(&transmit.request, link.now);
    }
    let resumed = ChatSession::resume(config(), snapshot, link.now).unwrap();
    Link::new(resumed, link.emulator, link.now)
}

/// Resumes, runs on, and checks the line ended up on the server once and was reported delivered.
fn assert_delivered_once(mut link: Link) {
    let mut events = Vec::new();
    let until = link.now + Duration::from_secs(20);
    link.run_until(until, |_, _, e| events.push(e)).unwrap();
    let delivered = events
        .iter()
        .filter(|e| matches!(e, Event::LineDelivered { .. }))
        .count();
    assert_eq!(delivered, 1, "{events:?}");
    let chat = link.emulator.chat(&link.emulator.chat_ids()[0]).unwrap();
    assert_eq!(chat.lines_from("visitor"), ["are you there?"]);
}

#[test]
fn a_line_that_landed_before_the_restart_is_found_not_sent_again() {
    assert_delivered_once(die_with_line_in_flight(true));
}

#[test]
fn a_line_that_never_landed_is_sent_after_the_restart() {
    assert_delivered_once(die_with_line_in_flight(false));
}
