//! `Link::next_event` moves the virtual clock to the next event and stops at the deadline.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, AgentStep, Link};
use lp_server_chat::Event;

use crate::support::*;

#[test]
fn events_come_when_they_happen_and_none_after_the_deadline() {
    let mut cfg = config();
    cfg.agent = AgentBehaviour::Scripted(vec![
        AgentStep::Wait(Duration::from_secs(4)),
        AgentStep::Accept,
    ]);
    let t0 = Instant::now();
    let mut link = Link::start(cfg, t0, 2).unwrap();
    link.session.request_chat(t0).unwrap();
    let early = t0 + Duration::from_secs(3);
    let mut before = Vec::new();
    while let Some(event) = link.next_event(early).unwrap() {
        assert!(link.now <= early);
        before.push(event);
    }
    assert!(link.now <= early);
    assert!(
        !before
            .iter()
            .any(|e| matches!(e, Event::AgentJoined { .. })),
        "{before:?}"
    );
    let joined = loop {
        match link.next_event(t0 + Duration::from_secs(30)).unwrap() {
            Some(Event::AgentJoined { .. }) => break link.now,
            Some(_) => {}
            None => panic!("the agent never joined"),
        }
    };
    assert!(joined >= t0 + Duration::from_secs(4), "{:?}", joined - t0);
}
