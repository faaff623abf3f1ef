//! The API has no idempotency key: a chat request whose answer was lost may have created a chat
//! nobody will read. The session asks again only once that chat would have timed out, so the
//! agents never have two chats from one visitor in their queue at the same time.

use lp_server_chat::emulator::{Fault, FaultPlan, Trigger};
use lp_server_chat::{Event, RequestKind, RetryPolicy, TransportError};

use crate::emulated::Chat;
use crate::support::*;

#[test]
fn the_second_chat_is_created_only_after_the_unread_one_is_gone() {
    // The first request (the chat request) is applied, and its answer lost.
    let faults = FaultPlan::none().rule(
        Fault::LoseResponse,
        Trigger::Requests { first: 0, count: 1 },
    );
    let mut chat = Chat::new(40, faults);
    chat.run_to(120.0);
    let ids = chat.link.emulator.chat_ids();
    assert_eq!(ids.len(), 2, "one orphan, one chat");
    let orphan = chat.link.emulator.chat(&ids[0]).unwrap();
    let second = chat.link.emulator.chat(&ids[1]).unwrap();
    let gone = orphan.gone_at.expect("the orphan timed out");
    assert!(
        second.started >= gone,
        "both chats were in the queue at once"
    );
    assert!(chat.chatting());
}

#[test]
fn the_wait_is_announced_and_a_refused_connection_is_retried_on_the_ladder() {
    let mut h = Harness::new(config());
    let t = h.chat_request();
    h.fail(&t, TransportError::maybe_sent("timed out"));
    let policy = RetryPolicy::default();
    let orphan = 40 + policy.settle_time.as_secs();
    assert_eq!(h.retries(), [(RequestKind::RequestChat, 2, orphan)]);

    let mut h = Harness::new(config());
    let t = h.chat_request();
    h.fail(&t, TransportError::not_sent("connection refused"));
    assert_eq!(h.retries(), [(RequestKind::RequestChat, 2, 5)]);
    assert!(!h
        .events
        .iter()
        .any(|e| matches!(e, Event::ChatEnded { .. })));
}
