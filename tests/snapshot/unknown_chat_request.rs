//! A chat request whose fate was unknown when the snapshot was taken may have created a chat:
//! the resumed session asks again only once that chat would have timed out on the server, as
//! the session that sent it would have; one that surely never left goes at once.

use std::time::{Duration, Instant};

use lp_server_chat::{
    ChatSession, EndReason, Event, Output, RequestKind, Snapshot, TransportError,
};

use crate::support::*;

/// Drains; the kinds handed out, the events, and the deadline.
fn drain(session: &mut ChatSession) -> (Vec<RequestKind>, Vec<Event>, Option<Instant>) {
    let (mut kinds, mut events) = (Vec::new(), Vec::new());
    loop {
        match session.poll_output() {
            Output::Transmit(t) => kinds.push(t.kind),
            Output::Event(e) => events.push(e),
            Output::Wait(at) => return (kinds, events, at),
        }
    }
}

/// A fresh session that has just asked for a chat; the request is not handed out yet.
fn requesting(t0: Instant) -> ChatSession {
    let mut session = ChatSession::new(config(), t0, 1).unwrap();
    session.request_chat(t0).unwrap();
    session
}

/// Hands out the chat request, fails it with `error`, and drains what the session says next.
fn fail_the_request(session: &mut ChatSession, error: TransportError, now: Instant) {
    let request = match session.poll_output() {
        Output::Transmit(t) => t,
        other => panic!("{other:?}"),
    };
    session
        .handle_transport_error(request.id, error, now)
        .unwrap();
    drain(session);
}

/// `session` resumed at `now` from its snapshot, sent through JSON as a store would keep it.
fn resume(session: &ChatSession, now: Instant) -> ChatSession {
    let json = serde_json::to_string(&session.snapshot()).unwrap();
    let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
    ChatSession::resume(config(), snapshot, now).unwrap()
}

/// The idle timeout of the chat request (40 s) and the settle time (6 s).
const ORPHAN_LIFETIME: Duration = Duration::from_secs(46);

#[test]
fn a_request_on_the_wire_is_asked_again_only_after_its_chat_would_have_timed_out() {
    let t0 = Instant::now();
    let mut session = requesting(t0);
    let (sent, _, _) = drain(&mut session);
    assert_eq!(sent, [RequestKind::RequestChat]);

    let later = t0 + Duration::from_secs(2);
    let mut resumed = resume(&session, later);
    let (sent, _, wake) = drain(&mut resumed);
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(wake, Some(later + ORPHAN_LIFETIME));
    resumed.handle_timeout(later + ORPHAN_LIFETIME - Duration::from_secs(1));
    assert!(drain(&mut resumed).0.is_empty(), "not before");
    resumed.handle_timeout(later + ORPHAN_LIFETIME);
    assert_eq!(drain(&mut resumed).0, [RequestKind::RequestChat]);
}

#[test]
fn a_request_lost_after_it_may_have_been_applied_still_waits_after_resume() {
    let t0 = Instant::now();
    let mut session = requesting(t0);
    fail_the_request(&mut session, TransportError::maybe_sent("timed out"), t0);
    let mut resumed = resume(&session, t0);
    let (sent, _, wake) = drain(&mut resumed);
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(wake, Some(t0 + ORPHAN_LIFETIME));
}

#[test]
fn a_request_that_never_left_goes_at_once() {
    let t0 = Instant::now();
    let mut session = requesting(t0);
    fail_the_request(&mut session, TransportError::not_sent("refused"), t0);
    let mut resumed = resume(&session, t0);
    assert_eq!(drain(&mut resumed).0, [RequestKind::RequestChat]);
}

#[test]
fn a_visitor_who_left_while_the_request_was_on_the_wire_is_not_asked_for_again() {
    let t0 = Instant::now();
    let mut session = requesting(t0);
    drain(&mut session);
    session.end_chat(t0).unwrap();
    drain(&mut session);
    let mut resumed = resume(&session, t0);
    let (sent, events, _) = drain(&mut resumed);
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(
        events,
        [Event::ChatEnded {
            reason: EndReason::Visitor
        }]
    );
}
