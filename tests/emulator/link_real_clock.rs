//! A `Link` on a clock it does not choose: the host moves it to "the present" at its own
//! ticks (late, early, never on the link's deadlines), as a real loop with
//! `advance_to(Instant::now())` does. The chat runs as on a virtual clock.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, Link};
use lp_server_chat::wire::LineSource;
use lp_server_chat::Event;

use crate::support::*;

/// A chat driven at `tick` intervals: the visitor answers the greeting and ends after the
/// reply. Returns the agent lines heard and whether the end was seen.
fn chat_at_ticks(tick: Duration) -> (Vec<String>, bool) {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Replying {
        accept_after: Duration::from_secs(3),
        greeting: "Hello".into(),
        reply_after: Duration::from_secs(2),
        typing_for: Duration::from_millis(500),
    };
    let t0 = Instant::now();
    let mut link = Link::start(cfg, t0, 5).unwrap();
    link.latency = Duration::from_millis(120);
    link.session.request_chat(link.now).unwrap();
    let (mut heard, mut ended) = (Vec::new(), false);
    let mut clock = t0;
    while clock < t0 + Duration::from_secs(120) && !ended {
        clock += tick;
        link.advance_to(clock).unwrap();
        assert_eq!(link.now, clock);
        while let Some(event) = link.poll_event() {
            match event {
                Event::Line { line, .. } if line.source == LineSource::Agent => {
                    if heard.is_empty() {
                        link.session.send_line("A question", link.now).unwrap();
                    } else {
                        link.session.end_chat(link.now).unwrap();
                    }
                    heard.push(line.text);
                }
                Event::ChatEnded { .. } => ended = true,
                _ => {}
            }
        }
    }
    (heard, ended)
}

#[test]
fn ticks_that_miss_every_deadline_still_run_the_chat() {
    for tick in [
        Duration::from_millis(10),
        Duration::from_millis(333),
        Duration::from_millis(2_900),
    ] {
        let (heard, ended) = chat_at_ticks(tick);
        assert_eq!(heard, ["Hello", "You said: A question"], "tick {tick:?}");
        assert!(ended, "tick {tick:?}");
    }
}
