//! CPU per poll: a chat-resource response carrying 1, 10 or 100 new events, processed through the
//! session (`handle_response` + draining `poll_output` to `Wait`), against a generic
//! `serde_json::Value` parse of the very same bytes.
//!
//! The bodies are the emulator's own answer to a poll, cloned with advancing event ids and `next`
//! links so that every body brings new events (a repeated id would be dropped as a duplicate and
//! cost less). Each round resumes a fresh session from one snapshot taken in the chatting state and
//! feeds it the whole set in order. Only `handle_response` and the drain are timed; producing the
//! next poll request (`handle_timeout` + `poll_output`) and building the `http::Response` are not.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderMap, Response};
use lp_server_chat::emulator::Exchange;
use lp_server_chat::{wire, ChatConfig, ChatSession, Event, Output, RequestId, Snapshot};
use serde_json::Value;

use crate::setup;

/// Bytes processed and the time it took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rate {
    pub bytes: u64,
    pub time: Duration,
}

impl Rate {
    /// Megabytes (10^6 bytes) per second.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / self.time.as_secs_f64() / 1e6
    }
}

/// The figures for one batch size.
pub struct DecodeRow {
    pub events: usize,
    pub body_bytes: usize,
    pub bodies_per_round: usize,
    /// Through the session.
    pub session: Rate,
    /// `serde_json::from_slice::<Value>`.
    pub value: Rate,
    /// `wire::decode::<ChatResource>` alone: the session's typed decode without the rest.
    pub typed: Rate,
}

/// Agent lines of typical length, cycled.
const LINES: [&str; 6] = [
    "Thanks for waiting! I can see your account now.",
    "The invoice from March included a one-off installation fee of 49.90, which is why it is higher than usual.",
    "Could you confirm the last four digits of the card on file?",
    "Done: I have applied a credit of 12.50 to your next bill.",
    "Is there anything else I can help you with today?",
    "You will get a confirmation email within the next few minutes. Have a great day!",
];

/// The emulator's poll answer, ready to be cloned with other event ids.
struct Template {
    config: Arc<ChatConfig>,
    snapshot: Snapshot,
    now: Instant,
    base: u64,
    headers: HeaderMap,
    body: Value,
}

fn template(events: usize) -> Template {
    let config = Arc::new(setup::config());
    let (session, mut server, now) = setup::chatting_pair(config.clone(), 7);
    let snapshot = session.snapshot();
    let chat = setup::only_chat(&server);
    let base = server.chat(&chat).expect("chat").events.len() as u64;
    for j in 0..events {
        server.agent_say(&chat, LINES[j % LINES.len()], now);
    }
    // The exact poll a resumed session makes, answered by the emulator.
    let mut probe = ChatSession::resume(config.clone(), snapshot.clone(), now).expect("resume");
    let Output::Transmit(poll) = probe.poll_output() else {
        panic!("a resumed chat polls first");
    };
    let Exchange::Respond(response) = server.handle(&poll.request, now) else {
        panic!("no faults planned");
    };
    let body: Value = serde_json::from_slice(response.body()).expect("emulator JSON");
    Template {
        config,
        snapshot,
        now,
        base,
        headers: response.headers().clone(),
        body,
    }
}

/// Points a `next` href at `from`.
fn next_from(href: &str, from: u64) -> String {
    match href.split_once("from=") {
        Some((head, _)) => format!("{head}from={from}"),
        None => format!("{href}?from={from}"),
    }
}

fn retarget_next(links: &mut Value, from: u64) {
    for link in links.as_array_mut().into_iter().flatten() {
        if link["@rel"] == "next" {
            let href = next_from(link["@href"].as_str().unwrap_or_default(), from);
            link["@href"] = Value::from(href);
        }
    }
}

/// The template's body with event ids `start..start + n` and `next` links past them.
fn body_from(t: &Template, start: u64, n: usize) -> Vec<u8> {
    let mut v = t.body.clone();
    match &mut v["chat"]["events"]["event"] {
        Value::Array(list) => {
            assert_eq!(list.len(), n);
            for (j, e) in list.iter_mut().enumerate() {
                e["@id"] = Value::from((start + j as u64).to_string());
            }
        }
        single @ Value::Object(_) => single["@id"] = Value::from(start.to_string()),
        other => panic!("unexpected events: {other}"),
    }
    let next = start + n as u64;
    retarget_next(&mut v["chat"]["link"], next);
    retarget_next(&mut v["chat"]["events"]["link"], next);
    serde_json::to_vec(&v).expect("serialisable")
}

fn next_poll(session: &mut ChatSession) -> RequestId {
    match session.poll_output() {
        Output::Transmit(t) => t.id,
        other => panic!("expected the next poll, got {other:?}"),
    }
}

fn response(body: Vec<u8>, headers: &HeaderMap) -> Response<Vec<u8>> {
    let mut r = Response::new(body);
    *r.headers_mut() = headers.clone();
    r
}

/// One round through a fresh session: returns the time spent in `handle_response` + drain.
fn session_round(t: &Template, bodies: &[Vec<u8>], lines: usize) -> Duration {
    let mut now = t.now;
    let mut session =
        ChatSession::resume(t.config.clone(), t.snapshot.clone(), now).expect("resume");
    let mut id = next_poll(&mut session);
    let responses: Vec<_> = bodies
        .iter()
        .map(|b| response(b.clone(), &t.headers))
        .collect();
    let mut spent = Duration::ZERO;
    for r in responses {
        let started = Instant::now();
        session.handle_response(id, r, now).expect("known request");
        let mut seen = 0;
        let wake = loop {
            match session.poll_output() {
                Output::Event(e) => {
                    seen += usize::from(matches!(e, Event::Line { .. }));
                    black_box(e);
                }
                Output::Wait(at) => break black_box(at),
                Output::Transmit(t) => panic!("nothing is due right after a poll: {t:?}"),
            }
        };
        spent += started.elapsed();
        // Every body must bring new lines, or the session would have skipped work.
        assert_eq!(seen, lines, "every event of every body is new");
        // The next poll is due when the session says, whatever the poll policy.
        now = wake.unwrap_or(now + Duration::from_secs(3));
        session.handle_timeout(now);
        id = next_poll(&mut session);
    }
    spent
}

fn value_round(bodies: &[Vec<u8>]) -> Duration {
    let mut spent = Duration::ZERO;
    for body in bodies {
        let started = Instant::now();
        let v: Value = serde_json::from_slice(black_box(body)).expect("valid JSON");
        drop(black_box(v));
        spent += started.elapsed();
    }
    spent
}

fn typed_round(bodies: &[Vec<u8>]) -> Duration {
    let mut spent = Duration::ZERO;
    for body in bodies {
        let started = Instant::now();
        let chat = wire::decode::<wire::ChatResource>(black_box(body)).expect("valid chat");
        drop(black_box(chat));
        spent += started.elapsed();
    }
    spent
}

/// Measures one batch size, alternating the three methods round by round until each has been
/// timed for at least `budget`.
pub fn measure(events: usize, budget: Duration) -> DecodeRow {
    let t = template(events);
    let probe = body_from(&t, t.base, events);
    let count = (4_000_000 / probe.len()).clamp(64, 4096);
    let bodies: Vec<Vec<u8>> = (0..count)
        .map(|k| body_from(&t, t.base + (k * events) as u64, events))
        .collect();
    let round_bytes: u64 = bodies.iter().map(|b| b.len() as u64).sum();

    // Warm caches and the allocator once, untimed.
    session_round(&t, &bodies, events);
    value_round(&bodies);
    typed_round(&bodies);

    let (mut session, mut value, mut typed) = (Rate::default(), Rate::default(), Rate::default());
    while session.time < budget || value.time < budget || typed.time < budget {
        for (rate, time) in [
            (&mut session, session_round(&t, &bodies, events)),
            (&mut value, value_round(&bodies)),
            (&mut typed, typed_round(&bodies)),
        ] {
            rate.bytes += round_bytes;
            rate.time += time;
        }
    }
    DecodeRow {
        events,
        body_bytes: probe.len(),
        bodies_per_round: count,
        session,
        value,
        typed,
    }
}
