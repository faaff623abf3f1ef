use std::time::Duration;

use lp_server_chat::emulator::{FaultPlan, Link};
use lp_server_chat::{ChatSession, Event};

use crate::record::*;

#[test]
fn a_chat_resumed_mid_line_by_a_new_process_goes_on_from_its_cursor() {
    let mut r = Recorder::new(FaultPlan::none(), config());
    r.link.session.request_chat(r.link.now).unwrap();
    // The visitor answers the greeting; the process dies right after the line went out, before
    // its answer came back.
    r.run(60.0, &mut |session, now, event| {
        if let Event::Line { line, .. } = event {
            if line.text.starts_with("Hello") {
                session.send_line("Where is my parcel?", now).unwrap();
                return true;
            }
        }
        false
    });
    r.drain(&mut |_, _, _| false);
    let snapshot = r.link.session.snapshot();
    let later = r.link.now + Duration::from_secs(5);
    r.text
        .push_str("--- the process dies; another resumes the snapshot 5 s later ---\n");
    let server = std::mem::replace(&mut r.link.emulator, emulator(FaultPlan::none(), r.start));
    let resumed = ChatSession::resume(config(), snapshot, later).unwrap();
    r.link = Link::new(resumed, server, later);
    r.link.latency = Duration::from_millis(50);
    r.run(90.0, &mut |session, now, event| {
        if let Event::Line { line, .. } = event {
            if line.text.starts_with("You said") {
                session.end_chat(now).unwrap();
            }
        }
        matches!(event, Event::ChatEnded { .. })
    });
    r.check("resume_from_a_snapshot");
}
