use lp_server_chat::{EndReason, Event, LineFailure, RequestKind, TransportError};

use crate::support::*;

#[test]
fn a_tls_failure_of_the_chat_request_ends_the_chat_at_once_without_retrying() {
    let mut h = Harness::new(config());
    let request = h.chat_request();
    h.fail(
        &request,
        TransportError::misconfigured("invalid peer certificate: UnknownIssuer"),
    );
    assert_eq!(h.retries(), []);
    assert!(h.pending.is_empty(), "nothing sent again: {:?}", h.kinds());
    assert!(
        h.events.contains(&Event::ChatEnded {
            reason: EndReason::Misconfigured("invalid peer certificate: UnknownIssuer".into())
        }),
        "{:?}",
        h.events
    );
}

#[test]
fn a_line_the_stack_cannot_send_fails_with_what_the_stack_said() {
    let mut h = chatting();
    let id = h.session.send_line("hello", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.fail(&send, TransportError::misconfigured("unsupported scheme"));
    assert_eq!(h.retries(), []);
    assert!(
        h.events.contains(&Event::LineFailed {
            line: id,
            reason: LineFailure::Misconfigured("unsupported scheme".into())
        }),
        "{:?}",
        h.events
    );
}
