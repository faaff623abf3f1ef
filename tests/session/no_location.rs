use lp_server_chat::{EndReason, Event, RequestKind};

use crate::support::*;

#[test]
fn a_chat_request_success_without_location_is_a_protocol_error_not_a_hang() {
    let mut h = Harness::new(config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    h.reply(&t, response(201, &[], Vec::new()));
    assert!(matches!(
        h.events.last(),
        Some(Event::ChatEnded {
            reason: EndReason::ProtocolError(_)
        })
    ));
    assert_eq!(h.wait, None);
}

#[test]
fn the_location_header_is_found_whatever_its_case() {
    let mut h = Harness::new(config());
    h.session.request_chat(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestChat);
    h.reply(&t, response(201, &[("location", CHAT)], Vec::new()));
    assert_eq!(h.events, vec![Event::ChatCreated { url: CHAT.into() }]);
    assert!(h.has(RequestKind::Poll));
}
