//! Feeds a session an arbitrary script of commands, responses (any status, headers and body) and
//! transport failures, decoded from raw bytes, then drives it to its end.
//!
//! [`drive`] runs a script on a session made elsewhere (the `session_resume` target resumes one).
//!
//! Checked on every run: nothing panics, no `Wait` deadline lies before the last `now`, never
//! more than one poll or one line in flight, every `LineId` ends exactly once (once the
//! remaining requests have been failed until the session is over), and a line whose request was
//! answered 2xx is never reported failed (except `Unconfirmed`).
//!
//! The byte format is decoded here by hand (not with `arbitrary`) so that the fuzz targets and
//! the corpus test on stable read every file the same way. [`Script::encode`] writes it, for
//! building seed inputs.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use lp_server_chat::{
    AvailabilityQuery, ChatConfig, ChatSession, Endpoint, Event, LineFailure, LineId, Output,
    Phase, RequestId, RequestKind, Transmit, TransportError,
};

/// The origin the session talks to.
pub const ORIGIN: &str = "https://chat.example.test";
/// A chat URL on that origin.
pub const CHAT: &str = "https://chat.example.test/api/account/123/chat/H1-abcK1";

/// Header values a script picks by index; the last choice is free text.
const VALUES: &[&str] = &[
    CHAT,
    "https://chat.example.test/api/account/123/chat/H1-abcK1/events/7",
    "https://elsewhere.test/api/account/123/chat/H1",
    "1",
    "120",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "application/json",
];
const NAMES: &[&str] = &["location", "retry-after", "date", "content-type", "x-other"];

/// Longest line or name a script holds, in bytes.
const SHORT: u8 = 23;
/// Most steps read from one input, so each run stays short.
const MAX_STEPS: usize = 200;

/// One thing that happens to the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `request_chat`.
    RequestChat,
    /// `send_line`.
    SendLine(String),
    /// `set_typing`.
    SetTyping(bool),
    /// `set_visitor_name`.
    SetName(String),
    /// `end_chat`.
    EndChat,
    /// A one-shot availability check.
    CheckAvailability,
    /// Time passes (milliseconds), then `handle_timeout`.
    Advance(u32),
    /// Jump to the session's deadline, if it has one.
    Wake,
    /// Answer the pending request at `pick % pending`.
    Respond {
        /// Which pending request.
        pick: u8,
        /// Any status from 100 to 599.
        status: u16,
        /// Header name and value.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Fail the pending request at `pick % pending`.
    Fail {
        /// Which pending request.
        pick: u8,
        /// Whether it may have reached the server.
        maybe_sent: bool,
    },
}

/// A decoded input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script(pub Vec<Step>);

/// Reads bytes front to back; past the end every read is zero or empty.
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    pub fn u8(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | u64::from(self.u32()) << 32
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let len = len.min(self.0.len());
        let (taken, rest) = self.0.split_at(len);
        self.0 = rest;
        taken.to_vec()
    }

    /// A length byte (taken modulo `max + 1`), then that many bytes as lossy UTF-8.
    pub fn text(&mut self, max: u8) -> String {
        let len = usize::from(self.u8()) % (usize::from(max) + 1);
        String::from_utf8_lossy(&self.bytes(len)).into_owned()
    }
}

impl Script {
    /// Decodes a script; every byte string is a valid script.
    pub fn decode(data: &[u8]) -> Self {
        let mut b = Bytes(data);
        let mut steps = Vec::new();
        while !b.0.is_empty() && steps.len() < MAX_STEPS {
            let step = match b.u8() % 10 {
                0 => Step::RequestChat,
                1 => Step::SendLine(b.text(SHORT)),
                2 => Step::SetTyping(b.u8() & 1 == 1),
                3 => Step::SetName(b.text(SHORT)),
                4 => Step::EndChat,
                5 => Step::CheckAvailability,
                6 => Step::Advance(u32::from(b.u16()) * 10),
                7 => Step::Wake,
                8 => {
                    let pick = b.u8();
                    let status = 100 + b.u16() % 500;
                    let headers = (0..b.u8() % 4)
                        .map(|_| {
                            let name = NAMES[usize::from(b.u8()) % NAMES.len()].to_owned();
                            let at = usize::from(b.u8()) % (VALUES.len() + 1);
                            let value = VALUES
                                .get(at)
                                .map_or_else(|| b.text(u8::MAX), |v| v.to_string());
                            (name, value)
                        })
                        .collect();
                    let len = usize::from(b.u16());
                    Step::Respond {
                        pick,
                        status,
                        headers,
                        body: b.bytes(len),
                    }
                }
                _ => Step::Fail {
                    pick: b.u8(),
                    maybe_sent: b.u8() & 1 == 1,
                },
            };
            steps.push(step);
        }
        Script(steps)
    }

    /// Writes the bytes [`Script::decode`] reads back as this script (texts and bodies that are
    /// too long are cut; header values not in the table are written as free text).
    pub fn encode(&self) -> Vec<u8> {
        fn text(out: &mut Vec<u8>, s: &str, max: u8) {
            let bytes = &s.as_bytes()[..s.len().min(usize::from(max))];
            out.push(bytes.len() as u8);
            out.extend_from_slice(bytes);
        }
        let mut out = Vec::new();
        for step in &self.0 {
            match step {
                Step::RequestChat => out.push(0),
                Step::SendLine(s) => {
                    out.push(1);
                    text(&mut out, s, SHORT);
                }
                Step::SetTyping(on) => out.extend([2, u8::from(*on)]),
                Step::SetName(s) => {
                    out.push(3);
                    text(&mut out, s, SHORT);
                }
                Step::EndChat => out.push(4),
                Step::CheckAvailability => out.push(5),
                Step::Advance(ms) => {
                    out.push(6);
                    out.extend(((ms / 10).min(u32::from(u16::MAX)) as u16).to_le_bytes());
                }
                Step::Wake => out.push(7),
                Step::Respond {
                    pick,
                    status,
                    headers,
                    body,
                } => {
                    out.extend([8, *pick]);
                    out.extend((status.saturating_sub(100) % 500).to_le_bytes());
                    out.push(headers.len().min(3) as u8);
                    for (name, value) in headers.iter().take(3) {
                        out.push(NAMES.iter().position(|n| n == name).unwrap_or(4) as u8);
                        match VALUES.iter().position(|v| v == value) {
                            Some(at) => out.push(at as u8),
                            None => {
                                out.push(VALUES.len() as u8);
                                text(&mut out, value, u8::MAX);
                            }
                        }
                    }
                    let body = &body[..body.len().min(usize::from(u16::MAX))];
                    out.extend((body.len() as u16).to_le_bytes());
                    out.extend_from_slice(body);
                }
                Step::Fail { pick, maybe_sent } => out.extend([9, *pick, u8::from(*maybe_sent)]),
            }
        }
        out
    }
}

/// The session under test and what the harness has seen of it.
struct Run {
    session: ChatSession,
    now: Instant,
    pending: Vec<Transmit>,
    lines: Vec<LineId>,
    ended: BTreeMap<LineId, u32>,
    /// Which line each line request carries: the oldest one not yet ended when it went out.
    line_sends: BTreeMap<RequestId, LineId>,
    /// Lines whose request got a 2xx: the server has them.
    accepted: BTreeSet<LineId>,
    /// Lines reported failed for sure (not `Unconfirmed`).
    failed: BTreeSet<LineId>,
    /// Whether line ids are known to be unique, so that each can be held to one outcome.
    check_lines: bool,
}

impl Run {
    /// Drains the session, checking the invariants of every output.
    fn drain(&mut self) -> Option<Instant> {
        loop {
            match self.session.poll_output() {
                Output::Transmit(t) => {
                    for kind in [RequestKind::Poll, RequestKind::SendLine] {
                        let busy = self.pending.iter().any(|p| p.kind == kind);
                        assert!(!(busy && t.kind == kind), "two {kind:?} in flight");
                    }
                    if t.kind == RequestKind::SendLine {
                        if let Some(line) = self.lines.iter().find(|l| !self.ended.contains_key(l))
                        {
                            self.line_sends.insert(t.id, *line);
                        }
                    }
                    self.pending.push(t);
                }
                Output::Event(Event::LineDelivered { line, .. }) => self.line_ended(line),
                Output::Event(Event::LineFailed { line, reason }) => {
                    if reason != LineFailure::Unconfirmed && self.check_lines {
                        assert!(
                            !self.accepted.contains(&line),
                            "{line} was accepted by the server but reported failed"
                        );
                        self.failed.insert(line);
                    }
                    self.line_ended(line);
                }
                Output::Event(_) => {}
                Output::Wait(at) => {
                    if let Some(at) = at {
                        assert!(at >= self.now, "deadline before the last now");
                    }
                    return at;
                }
            }
        }
    }

    fn line_ended(&mut self, line: LineId) {
        if !self.check_lines {
            return;
        }
        assert!(self.lines.contains(&line), "{line} was never sent");
        *self.ended.entry(line).or_default() += 1;
        assert_eq!(self.ended[&line], 1, "{line} ended twice");
    }

    fn take(&mut self, pick: u8) -> Option<Transmit> {
        if self.pending.is_empty() {
            return None;
        }
        let at = usize::from(pick) % self.pending.len();
        Some(self.pending.remove(at))
    }

    fn apply(&mut self, step: Step, wait: Option<Instant>) {
        let now = self.now;
        let s = &mut self.session;
        match step {
            Step::RequestChat => {
                let _ = s.request_chat(now);
            }
            Step::SendLine(text) => {
                if let Ok(id) = s.send_line(text, now) {
                    self.lines.push(id);
                }
            }
            Step::SetTyping(on) => {
                let _ = s.set_typing(on, now);
            }
            Step::SetName(name) => {
                let _ = s.set_visitor_name(name, now);
            }
            Step::EndChat => {
                let _ = s.end_chat(now);
            }
            Step::CheckAvailability => {
                let _ = s.check_availability(AvailabilityQuery::default(), now);
            }
            Step::Advance(ms) => {
                // A session configured with huge durations can bring the clock near the end of
                // `Instant`'s range; the harness must not be what overflows.
                if let Some(later) = self.now.checked_add(Duration::from_millis(u64::from(ms))) {
                    self.now = later;
                }
                self.session.handle_timeout(self.now);
            }
            Step::Wake => {
                if let Some(at) = wait {
                    self.now = self.now.max(at);
                    self.session.handle_timeout(self.now);
                }
            }
            Step::Respond {
                pick,
                status,
                headers,
                body,
            } => {
                let Some(t) = self.take(pick) else { return };
                let mut response = http::Response::builder().status(status);
                for (name, value) in headers {
                    response = response.header(name, value);
                }
                // Header values the http crate refuses are dropped with the whole response.
                let response = response
                    .body(body)
                    .unwrap_or_else(|_| http::Response::new(Vec::new()));
                if let Some(line) = self.line_sends.get(&t.id).filter(|_| self.check_lines) {
                    if response.status().is_success() {
                        assert!(
                            !self.failed.contains(line),
                            "{line} was reported failed but the server accepted it"
                        );
                        self.accepted.insert(*line);
                    }
                }
                self.session
                    .handle_response(t.id, response, now)
                    .expect("the request was in flight");
            }
            Step::Fail { pick, maybe_sent } => {
                let Some(t) = self.take(pick) else { return };
                let error = if maybe_sent {
                    TransportError::maybe_sent("timed out")
                } else {
                    TransportError::not_sent("refused")
                };
                self.session
                    .handle_transport_error(t.id, error, now)
                    .expect("the request was in flight");
            }
        }
    }

    /// Ends the chat and fails every request until nothing is left to do.
    fn finish(&mut self, mut wait: Option<Instant>) {
        let _ = self.session.end_chat(self.now);
        wait = self.drain().or(wait);
        // The retry ladder allows a dozen attempts per operation: this is far beyond it. A live
        // chat's reads are bounded by its idle timer instead (a day at most), which the clock
        // jumps past once the ladder has had its turn.
        for round in 0..10_000 {
            if let Some(t) = self.pending.pop() {
                self.session
                    .handle_transport_error(t.id, TransportError::not_sent("down"), self.now)
                    .expect("the request was in flight");
            } else if let Some(at) = wait {
                let leap = if round > 1_000 {
                    self.now.checked_add(std::time::Duration::from_secs(3600))
                } else {
                    None
                };
                self.now = self.now.max(at).max(leap.unwrap_or(at));
                self.session.handle_timeout(self.now);
            } else {
                break;
            }
            wait = self.drain();
        }
        assert!(
            self.pending.is_empty() && wait.is_none(),
            "the session never settled: {:?}",
            self.session
        );
        let phase = self.session.phase();
        assert!(
            matches!(phase, Phase::Idle | Phase::Ended),
            "not over: {phase:?}"
        );
        if self.check_lines {
            for line in &self.lines {
                assert_eq!(self.ended.get(line), Some(&1), "{line} never ended");
            }
        }
    }
}

/// The session's configuration in every run.
pub fn config() -> ChatConfig {
    let mut config = ChatConfig::new("123", Endpoint::BaseUrl(ORIGIN.into()));
    // A short ladder keeps each run fast; the shape of the ladder is the same.
    config.retry.max_attempts = 4;
    config
}

/// Runs one input; panics only on a broken invariant.
pub fn run(data: &[u8]) {
    run_script(Script::decode(data));
}

/// Runs one script; panics only on a broken invariant.
pub fn run_script(script: Script) {
    let now = Instant::now();
    let session = ChatSession::new(config(), now, 1).expect("valid config");
    drive(session, now, Owed::Lines(Vec::new()), script);
}

/// The lines a session already owes an outcome when the script starts.
pub enum Owed {
    /// These, in the order the session will send them (a resumed snapshot's queue).
    Lines(Vec<LineId>),
    /// Not known to be distinct (a damaged snapshot): line outcomes are not checked.
    Unknown,
}

/// Runs `script` on a session created or resumed at `now`, then drives it to its end; panics only
/// on a broken invariant.
pub fn drive(session: ChatSession, now: Instant, owed: Owed, script: Script) {
    let (lines, check_lines) = match owed {
        Owed::Lines(lines) => (lines, true),
        Owed::Unknown => (Vec::new(), false),
    };
    let mut run = Run {
        session,
        now,
        pending: Vec::new(),
        lines,
        ended: BTreeMap::new(),
        line_sends: BTreeMap::new(),
        accepted: BTreeSet::new(),
        failed: BTreeSet::new(),
        check_lines,
    };
    let mut wait = run.drain();
    for step in script.0 {
        run.apply(step, wait);
        wait = run.drain();
    }
    run.finish(wait);
}
