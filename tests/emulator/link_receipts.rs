//! Over a `Link`, the agent's receipts reach the session as `LineStatus` events about its own
//! lines, and the session's `mark_line_read` lands (and comes back) as a visitor receipt on
//! the agent's line.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, AgentReceipts, Link};
use lp_server_chat::wire::{LineSource, LineStatusKind};
use lp_server_chat::Event;

use crate::support::*;

#[test]
fn receipts_travel_both_ways() {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Replying {
        accept_after: Duration::from_secs(1),
        greeting: "Hi".into(),
        reply_after: Duration::from_secs(5),
        typing_for: Duration::ZERO,
    };
    cfg.receipts = AgentReceipts::AcceptAndRead {
        after: Duration::from_secs(2),
    };
    let t0 = Instant::now();
    let mut link = Link::start(cfg, t0, 4).unwrap();
    link.session.request_chat(t0).unwrap();
    let (mut greeting, mut mine, mut receipts) = (None, None, Vec::new());
    while let Some(event) = link.next_event(t0 + Duration::from_secs(20)).unwrap() {
        match event {
            Event::Line {
                event_id: id, line, ..
            } if line.source == LineSource::Agent && greeting.is_none() => {
                greeting = Some(id);
                let _ = link.session.mark_line_read(id, link.now).unwrap();
                link.session.send_line("Hello", link.now).unwrap();
            }
            Event::LineDelivered { event_id, .. } => mine = event_id,
            Event::LineStatus {
                status,
                about,
                source,
                ..
            } => receipts.push((status, about, source)),
            _ => {}
        }
    }
    let mine = mine.expect("the line's event id");
    let agent = Some(LineSource::Agent);
    let visitor = Some(LineSource::Visitor);
    let from = |who: &Option<LineSource>| -> Vec<_> {
        receipts
            .iter()
            .filter(|(_, _, s)| s == who)
            .map(|(status, about, _)| (status.clone(), *about))
            .collect()
    };
    assert_eq!(
        from(&agent),
        [
            (LineStatusKind::Accept, Some(mine)),
            (LineStatusKind::Read, Some(mine))
        ]
    );
    // The stream echoes the session's own receipt too, as it echoes its lines.
    assert_eq!(from(&visitor), [(LineStatusKind::Read, greeting)]);
    let chat = link.emulator.chat(&link.emulator.chat_ids()[0]).unwrap();
    let from_visitor = chat.receipts_from("visitor");
    assert_eq!(from_visitor.len(), 1);
    assert_eq!(from_visitor[0].line_status(), Some("READ"));
    assert_eq!(from_visitor[0].ref_sequence_id(), greeting);
}
