//! `info.lastUpdate`, read against the answer's `Date`, is the server's own idle clock: a server
//! that says its timer restarted 20 s before the read is probed before *that* expiry, not 40 s
//! after the read.

use lp_server_chat::{RequestKind, TransportError};
use serde_json::json;

use crate::support::*;

#[test]
fn probes_follow_the_expiry_the_server_reports() {
    let mut h = chatting();
    h.wake();
    let read_at = h.at();
    let t = h.take(RequestKind::Poll);
    let mut info = info("chatting", Some("Dana"), false);
    info["lastUpdate"] = json!("2026-10-21T09:27:40.000+02:00");
    let body = chat_doc(3, json!([]), info).to_string().into_bytes();
    h.reply(
        &t,
        response(
            200,
            &[
                ("content-type", "application/json"),
                ("Date", "Wed, 21 Oct 2026 07:28:00 GMT"),
            ],
            body,
        ),
    );
    let mut attempts = Vec::new();
    while h.at() - read_at < 25.0 {
        h.wake();
        if h.has(RequestKind::Poll) {
            attempts.push(h.at() - read_at);
            let t = h.take(RequestKind::Poll);
            h.fail(&t, TransportError::not_sent("connection refused"));
        }
    }
    // Idle since 20 s (21 s, counting the second `Date` does not show) before the read: the
    // chat expires 19 s after it.
    let expiry = 40.0 - 20.999;
    for lead in [6.0, 4.0, 2.0] {
        assert!(
            attempts.iter().any(|a| (a - (expiry - lead)).abs() < 1e-3),
            "no probe {lead} s before {expiry} s: {attempts:?}"
        );
    }
}
