//! `Exchange::into_outcome` says what an HTTP stack would report for each exchange, and
//! `Exchange::deliver` hands it to a session in one call.

use std::time::{Duration, Instant};

use http::{Method, Response};
use lp_server_chat::emulator::{Emulator, Exchange, FaultPlan, Route as Served};
use lp_server_chat::{ChatSession, Event, Output, TransportErrorKind};

use crate::support::*;

fn ok() -> Response<Vec<u8>> {
    let mut r = Response::new(b"{}".to_vec());
    *r.status_mut() = http::StatusCode::OK;
    r
}

#[test]
fn each_exchange_reads_as_a_stack_would_report_it() {
    let r = Exchange::Respond(ok()).into_outcome().unwrap();
    assert_eq!(r.body(), b"{}");
    let slow = Exchange::RespondAfter {
        response: ok(),
        delay: Duration::from_secs(3),
    };
    assert_eq!(slow.into_outcome().unwrap().status(), 200);
    let lost = Exchange::Lost.into_outcome().unwrap_err();
    assert_eq!(lost.kind, TransportErrorKind::MaybeSent);
    let unreachable = Exchange::Unreachable.into_outcome().unwrap_err();
    assert_eq!(unreachable.kind, TransportErrorKind::NotSent);
}

/// Runs a session by hand against `emu`, every exchange handed over with `deliver`, until it
/// waits with nothing in flight; returns its events.
fn drive(emu: &mut Emulator, now: Instant) -> Vec<Event> {
    let config = emu.config().client_config();
    let mut session = ChatSession::new(config, now, 9).unwrap();
    session.request_chat(now).unwrap();
    let mut events = Vec::new();
    loop {
        match session.poll_output() {
            Output::Transmit(t) => emu
                .handle(&t.request, now)
                .deliver(&mut session, t.id, now)
                .unwrap(),
            Output::Event(e) => events.push(e),
            Output::Wait(_) => return events,
        }
    }
}

#[test]
fn a_delivered_answer_reaches_the_session() {
    let t0 = Instant::now();
    let mut emu = Emulator::new(config(), t0);
    let events = drive(&mut emu, t0);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::ChatCreated { .. })),
        "{events:?}"
    );
    assert_eq!(emu.chat_ids().len(), 1);
}

#[test]
fn a_delivered_failure_is_retried_by_the_session() {
    let t0 = Instant::now();
    for faults in [
        FaultPlan::none().unreachable(1.0),
        FaultPlan::none().dropped(1.0),
    ] {
        let mut cfg = config();
        cfg.faults = faults.only(&[Served::ChatRequest]);
        let mut emu = Emulator::new(cfg, t0);
        let events = drive(&mut emu, t0);
        assert!(
            events.iter().any(|e| matches!(e, Event::Retrying { .. })),
            "{events:?}"
        );
        assert!(emu.chat_ids().is_empty());
    }
}

#[test]
fn an_unknown_request_id_is_the_sessions_error() {
    let t0 = Instant::now();
    let mut emu = Emulator::new(config(), t0);
    let mut a = ChatSession::new(emu.config().client_config(), t0, 1).unwrap();
    let mut b = ChatSession::new(emu.config().client_config(), t0, 1).unwrap();
    a.request_chat(t0).unwrap();
    let Output::Transmit(t) = a.poll_output() else {
        panic!("a request first")
    };
    let exchange = emu.handle(&req(Method::GET, &url("?v=1"), b""), t0);
    assert!(exchange.deliver(&mut b, t.id, t0).is_err());
}
