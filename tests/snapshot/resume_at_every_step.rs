use std::time::{Duration, Instant};

use lp_server_chat::emulator::Link;
use lp_server_chat::{ChatSession, LineId, Phase, Snapshot};

use crate::support::*;

/// Runs the scripted chat, handing it to a brand-new session (through a JSON snapshot) after
/// `cut` waits. Returns what the application saw and the finished link.
fn run(cut: Option<usize>) -> (Seen, Link) {
    let start = Instant::now();
    let mut link = link(start);
    link.session.request_chat(start).unwrap();
    let mut seen = Seen::default();
    let mut waits = 0;
    let deadline = start + Duration::from_secs(300);
    loop {
        while let Some(event) = link.poll_event() {
            visitor(&mut link.session, link.now, &event, &mut seen);
        }
        if Some(waits) == cut && link.session.phase() != Phase::Requesting {
            let json = serde_json::to_string(&link.session.snapshot()).unwrap();
            let snapshot: Snapshot = serde_json::from_str(&json).unwrap();
            // The old process dies with whatever it had on the wire.
            let resumed = ChatSession::resume(config(), snapshot, link.now).unwrap();
            link = Link::new(resumed, link.emulator, link.now);
        }
        waits += 1;
        match link.next_instant() {
            Some(at) if at <= deadline && seen.ended == 0 => link.advance_to(at).unwrap(),
            _ => break,
        }
    }
    (seen, link)
}

#[test]
fn a_chat_resumed_at_any_point_shows_every_event_once_and_delivers_every_line_once() {
    let (reference, _) = run(None);
    assert_eq!(reference.ended, 1);
    let steps = 40;
    for cut in 0..steps {
        let (seen, link) = run(Some(cut));
        let chat_id = link.emulator.chat_ids().pop().expect("one chat");
        let chat = link.emulator.chat(&chat_id).unwrap();
        let server_lines: Vec<u64> = chat
            .events
            .iter()
            .filter(|e| e.event_type == "line")
            .map(|e| e.id)
            .collect();
        assert_eq!(
            seen.line_ids, server_lines,
            "cut at wait {cut}: lines seen once each, in order"
        );
        assert_eq!(
            chat.lines_from("visitor"),
            ["first", "second"],
            "cut at wait {cut}: each line once on the server"
        );
        assert_eq!(seen.delivered, [LineId(0), LineId(1)], "cut at wait {cut}");
        assert!(
            seen.failed.is_empty(),
            "cut at wait {cut}: {:?}",
            seen.failed
        );
        assert_eq!(seen.ended, 1, "cut at wait {cut}");
        assert_eq!(
            link.emulator.chat_ids().len(),
            1,
            "cut at wait {cut}: no second chat"
        );
    }
}
