//! Mobile and desktop platforms say when connectivity is back: `handle_network_up` ends every
//! retry pause that is not a server's `Retry-After`, so the chat is read at once. A flapping
//! signal cannot make a burst.

use lp_server_chat::{RequestKind, TransportError};

use crate::support::*;

#[test]
fn a_read_waiting_on_the_ladder_goes_at_once() {
    let mut h = chatting();
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.fail(&t, TransportError::not_sent("network unreachable"));
    assert!(!h.has(RequestKind::Poll));
    h.advance(std::time::Duration::from_millis(300));
    h.session.handle_network_up(h.now);
    h.drain();
    assert!(h.has(RequestKind::Poll), "read at once");
    let t = h.take(RequestKind::Poll);
    h.fail(&t, TransportError::not_sent("still down"));
    h.session.handle_network_up(h.now);
    h.drain();
    assert!(
        !h.has(RequestKind::Poll),
        "a second signal within a second is ignored"
    );
}

#[test]
fn a_retry_after_is_not_cut_short() {
    let mut h = chatting();
    h.wake();
    let t = h.take(RequestKind::Poll);
    h.reply(&t, response(429, &[("Retry-After", "20")], Vec::new()));
    h.advance(std::time::Duration::from_secs(2));
    h.session.handle_network_up(h.now);
    h.drain();
    assert!(!h.has(RequestKind::Poll));
}
