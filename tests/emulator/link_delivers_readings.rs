//! `Link` hands each reading of a fault to the session as an HTTP stack would: a timeout
//! (`maybe_sent`) after the request's own timeout when no answer comes, the answer itself when
//! one does.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::link::{Exchanged, Outcome};
use lp_server_chat::emulator::{Emulator, FaultPlan, Link, Route as Served};
use lp_server_chat::{ChatConfig, ChatSession, Endpoint, RequestKind};

use crate::support::*;

const TIMEOUT: Duration = Duration::from_secs(7);

/// Runs a session whose chat requests meet `faults`; returns the link and how the first chat
/// request ended.
fn first_chat_request(faults: FaultPlan) -> (Link, Exchanged) {
    let t0 = Instant::now();
    let mut session_config = ChatConfig::new(ACCOUNT, Endpoint::BaseUrl(ORIGIN.into()));
    session_config.request_timeout = TIMEOUT;
    let session = ChatSession::new(session_config, t0, 1).unwrap();
    let mut emulator_config = config();
    emulator_config.faults = faults.only(&[Served::ChatRequest]);
    let mut link = Link::new(session, Emulator::new(emulator_config, t0), t0);
    link.session.request_chat(t0).unwrap();
    link.run_until(t0 + TIMEOUT + Duration::from_secs(1), |_, _, _| {})
        .unwrap();
    let first = link
        .log
        .iter()
        .find(|e| e.kind == RequestKind::RequestChat)
        .cloned()
        .expect("a chat request settled");
    (link, first)
}

#[test]
fn a_dropped_request_times_out_after_its_timeout() {
    let (link, first) = first_chat_request(FaultPlan::none().dropped(1.0));
    assert_eq!(first.outcome, Outcome::Lost);
    assert_eq!(first.settled - first.sent, TIMEOUT);
    assert!(link.emulator.chat_ids().is_empty());
}

#[test]
fn a_late_request_times_out_while_the_server_applies_it() {
    let (link, first) =
        first_chat_request(FaultPlan::none().late_apply(1.0, Duration::from_secs(3)));
    assert_eq!(first.outcome, Outcome::Lost);
    assert_eq!(first.settled - first.sent, TIMEOUT);
    let ids = link.emulator.chat_ids();
    let orphan = link.emulator.chat(&ids[0]).unwrap();
    assert!(orphan.orphan);
    assert_eq!(orphan.started, first.sent + Duration::from_secs(3));
}

#[test]
fn a_gateway_error_arrives_as_that_answer_at_once() {
    let (link, first) = first_chat_request(FaultPlan::none().gateway_errors(1.0));
    assert!(
        matches!(first.outcome, Outcome::Status(502) | Outcome::Status(504)),
        "{first:?}"
    );
    assert_eq!(first.settled, first.sent);
    assert!(
        !link.emulator.chat_ids().is_empty(),
        "the backend applied it"
    );
}

#[test]
fn a_chat_server_error_arrives_as_that_answer_at_once() {
    let (link, first) = first_chat_request(FaultPlan::none().chat_server_errors(1.0));
    assert!(
        matches!(first.outcome, Outcome::Status(500) | Outcome::Status(503)),
        "{first:?}"
    );
    assert_eq!(first.settled, first.sent);
    assert!(link.emulator.chat_ids().is_empty());
}
