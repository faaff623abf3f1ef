//! A 502 or 504 may come from a gateway that gave up after the backend added the line. The line
//! is sent again only if the stream, read after the failure has settled, shows it is not there.

use lp_server_chat::{Event, LineId, RequestKind};
use serde_json::json;

use crate::support::*;

fn gateway(status: u16) -> http::Response<Vec<u8>> {
    response(
        status,
        &[("content-type", "text/html")],
        b"<html><body><h1>504 Gateway Time-out</h1></body></html>".to_vec(),
    )
}

fn sent_and_refused_by_the_gateway(status: u16) -> (Harness, LineId) {
    let mut h = chatting();
    let id = h.session.send_line("order 1182", h.now).unwrap();
    h.drain();
    let send = h.take(RequestKind::SendLine);
    h.reply(&send, gateway(status));
    (h, id)
}

#[test]
fn its_echo_in_the_stream_delivers_it_without_a_second_post() {
    for status in [502, 504] {
        let (mut h, id) = sent_and_refused_by_the_gateway(status);
        h.idle_until(RequestKind::Poll);
        h.poll_with(
            json!([line(3, "visitor", "order 1182")]),
            info("chatting", Some("Dana"), false),
        );
        assert!(h.events.contains(&Event::LineDelivered {
            line: id,
            event_id: Some(3)
        }));
        for _ in 0..10 {
            assert!(!h.has(RequestKind::SendLine), "sent twice after a {status}");
            h.idle_until(RequestKind::Poll);
            h.poll_with(json!([]), info("chatting", Some("Dana"), false));
        }
    }
}

#[test]
fn without_an_echo_it_is_sent_once_more() {
    let (mut h, id) = sent_and_refused_by_the_gateway(502);
    h.idle_until(RequestKind::SendLine);
    let send = h.take(RequestKind::SendLine);
    assert_eq!(send.attempt, 2);
    h.reply(&send, created(&format!("{CHAT}/events/3")));
    assert!(h.events.contains(&Event::LineDelivered {
        line: id,
        event_id: Some(3)
    }));
}
