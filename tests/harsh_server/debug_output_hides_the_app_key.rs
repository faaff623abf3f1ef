//! Hosts log outputs of the run loop: the `Debug` of a `Transmit` (and of the `Output` that
//! holds it) never shows the app key, in the header or in the query.

use lp_server_chat::{AppKey, ChatSession, KeyPlacement, Output};

use crate::support::*;

const KEY: &str = "0123456789abcdef0123456789abcdef";

fn first_output(placement: KeyPlacement) -> Output {
    let mut config = config();
    config.app_key = AppKey::new(KEY);
    config.key_placement = placement;
    let now = std::time::Instant::now();
    let mut session = ChatSession::new(config, now, 1).unwrap();
    session.request_chat(now).unwrap();
    session.poll_output()
}

#[test]
fn neither_the_header_nor_the_query_key_is_printed() {
    for placement in [KeyPlacement::Header, KeyPlacement::Query] {
        let output = first_output(placement);
        let shown = format!("{output:?} {output:#?}");
        assert!(!shown.contains(KEY), "{placement:?}: {shown}");
        assert!(shown.contains("<redacted>"), "{placement:?}: {shown}");
        assert!(shown.contains("chat/request"), "still useful: {shown}");
    }
}

#[test]
fn the_authorization_header_is_marked_sensitive() {
    let Output::Transmit(t) = first_output(KeyPlacement::Header) else {
        panic!("a request first");
    };
    assert!(t.request.headers()["authorization"].is_sensitive());
}
