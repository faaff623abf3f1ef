//! Resumes a session from an arbitrary snapshot under an arbitrary configuration, then feeds it
//! a `session_inputs` script and drives it to its end.
//!
//! An input is, front to back: a [`Tuning`] (every duration, count, limit and the jitter of the
//! configuration, each a tagged choice among hostile and ordinary values), the snapshot as JSON
//! (a `u16` length, then the text), a few [`Mutation`]s applied to that JSON's tree before it is
//! deserialised, and the rest as a [`Script`]. The mutations let the fuzzer reach a deep field of
//! a valid snapshot (a cursor, a line id, a timeout) with `u64::MAX` or 0 without having to keep
//! the JSON text valid.
//!
//! `ChatSession::resume` may refuse the snapshot (an `Err` is fine); a panic is a bug. A resumed
//! session is held to every invariant `session_inputs` checks. Line outcomes are checked only
//! when the snapshot's queued line ids are distinct and below its `next_line`: a damaged snapshot
//! can name one line twice, and then "each line ends once" cannot be told apart from the damage.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use lp_server_chat::{ChatConfig, ChatSession, Endpoint, LineId, Snapshot};
use serde_json::Value;

use crate::session_inputs::{self, Bytes, Owed, Script, CHAT, ORIGIN};

/// Most mutations read from one input.
const MAX_MUTATIONS: u8 = 8;
/// Most pauses in one retry tier.
const MAX_PAUSES: u8 = 8;

/// Strings a [`Change::Text`] picks by index.
const TEXTS: &[&str] = &[
    "",
    ORIGIN,
    "https://elsewhere.test",
    "not a url",
    CHAT,
    "+?from=18446744073709551615",
    "+/events",
    "ftp://chat.example.test",
    "https://chat.example.test:99999",
    "live",
    "ended",
    "Reconciling",
    "Next",
];

/// A duration, as a tagged choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dur {
    /// The field's default.
    #[default]
    Default,
    Zero,
    Max,
    /// `u64::MAX` seconds, no nanoseconds.
    MaxSecs,
    OneNano,
    /// Tens of milliseconds, up to about 11 minutes.
    Centis(u16),
    Secs(u32),
    Raw {
        secs: u64,
        nanos: u32,
    },
}

impl Dur {
    fn read(b: &mut Bytes) -> Self {
        match b.u8() % 8 {
            0 => Dur::Default,
            1 => Dur::Zero,
            2 => Dur::Max,
            3 => Dur::MaxSecs,
            4 => Dur::OneNano,
            5 => Dur::Centis(b.u16()),
            6 => Dur::Secs(b.u32()),
            _ => Dur::Raw {
                secs: b.u64(),
                nanos: b.u32() % 1_000_000_000,
            },
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        match self {
            Dur::Default => out.push(0),
            Dur::Zero => out.push(1),
            Dur::Max => out.push(2),
            Dur::MaxSecs => out.push(3),
            Dur::OneNano => out.push(4),
            Dur::Centis(n) => {
                out.push(5);
                out.extend(n.to_le_bytes());
            }
            Dur::Secs(n) => {
                out.push(6);
                out.extend(n.to_le_bytes());
            }
            Dur::Raw { secs, nanos } => {
                out.push(7);
                out.extend(secs.to_le_bytes());
                out.extend(nanos.to_le_bytes());
            }
        }
    }

    fn apply(self, field: &mut Duration) {
        *field = match self {
            Dur::Default => return,
            Dur::Zero => Duration::ZERO,
            Dur::Max => Duration::MAX,
            Dur::MaxSecs => Duration::from_secs(u64::MAX),
            Dur::OneNano => Duration::from_nanos(1),
            Dur::Centis(n) => Duration::from_millis(u64::from(n) * 10),
            Dur::Secs(n) => Duration::from_secs(u64::from(n)),
            Dur::Raw { secs, nanos } => Duration::new(secs, nanos),
        };
    }
}

/// A count, as a tagged choice (taken as `u32` or `usize` by the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Count {
    #[default]
    Default,
    Zero,
    One,
    /// The type's largest value.
    Max,
    Raw(u32),
}

impl Count {
    fn read(b: &mut Bytes) -> Self {
        match b.u8() % 5 {
            0 => Count::Default,
            1 => Count::Zero,
            2 => Count::One,
            3 => Count::Max,
            _ => Count::Raw(b.u32()),
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        match self {
            Count::Default => out.push(0),
            Count::Zero => out.push(1),
            Count::One => out.push(2),
            Count::Max => out.push(3),
            Count::Raw(n) => {
                out.push(4);
                out.extend(n.to_le_bytes());
            }
        }
    }

    fn apply_u32(self, field: &mut u32) {
        *field = match self {
            Count::Default => return,
            Count::Zero => 0,
            Count::One => 1,
            Count::Max => u32::MAX,
            Count::Raw(n) => n,
        };
    }

    fn apply_usize(self, field: &mut usize) {
        *field = match self {
            Count::Default => return,
            Count::Zero => 0,
            Count::One => 1,
            Count::Max => usize::MAX,
            Count::Raw(n) => n as usize,
        };
    }
}

/// The jitter fraction, as a tagged choice.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Jitter {
    #[default]
    Default,
    Nan,
    Inf,
    NegInf,
    MinusOne,
    Zero,
    One,
    Max,
    Bits(u64),
}

impl Jitter {
    fn read(b: &mut Bytes) -> Self {
        match b.u8() % 9 {
            0 => Jitter::Default,
            1 => Jitter::Nan,
            2 => Jitter::Inf,
            3 => Jitter::NegInf,
            4 => Jitter::MinusOne,
            5 => Jitter::Zero,
            6 => Jitter::One,
            7 => Jitter::Max,
            _ => Jitter::Bits(b.u64()),
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        let tag = match self {
            Jitter::Default => 0,
            Jitter::Nan => 1,
            Jitter::Inf => 2,
            Jitter::NegInf => 3,
            Jitter::MinusOne => 4,
            Jitter::Zero => 5,
            Jitter::One => 6,
            Jitter::Max => 7,
            Jitter::Bits(bits) => {
                out.push(8);
                out.extend(bits.to_le_bytes());
                return;
            }
        };
        out.push(tag);
    }

    fn apply(self, field: &mut f64) {
        *field = match self {
            Jitter::Default => return,
            Jitter::Nan => f64::NAN,
            Jitter::Inf => f64::INFINITY,
            Jitter::NegInf => f64::NEG_INFINITY,
            Jitter::MinusOne => -1.0,
            Jitter::Zero => 0.0,
            Jitter::One => 1.0,
            Jitter::Max => f64::MAX,
            Jitter::Bits(bits) => f64::from_bits(bits),
        };
    }
}

/// A retry tier: the default one, or these pauses.
fn read_pauses(b: &mut Bytes) -> Option<Vec<Dur>> {
    match b.u8() % (MAX_PAUSES + 2) {
        0 => None,
        n => Some((1..n).map(|_| Dur::read(b)).collect()),
    }
}

fn write_pauses(pauses: &Option<Vec<Dur>>, out: &mut Vec<u8>) {
    match pauses {
        None => out.push(0),
        Some(list) => {
            let list = &list[..list.len().min(usize::from(MAX_PAUSES))];
            out.push(list.len() as u8 + 1);
            for d in list {
                d.write(out);
            }
        }
    }
}

/// Where the configuration says the service is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// The origin every recorded snapshot was taken on.
    #[default]
    Same,
    /// Another origin than the snapshot's.
    Elsewhere,
    /// A Domain API lookup.
    Lookup,
    /// A known host name.
    Domain,
}

/// Every setting of [`ChatConfig`] that is a duration, a count, a limit or the jitter. All
/// `Default` is [`session_inputs::config`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tuning {
    pub place: Place,
    pub server_error_pauses: Option<Vec<Dur>>,
    pub outer_pauses: Option<Vec<Dur>>,
    pub rate_limit_pause: Dur,
    pub max_retry_after: Dur,
    pub jitter: Jitter,
    pub max_attempts: Count,
    pub max_elapsed: Dur,
    /// waiting, chatting, agent typing, after a visitor line, and for how long.
    pub poll: [Dur; 5],
    pub chat_timeout: Dur,
    pub typing_quiet: Dur,
    pub request_timeout: Dur,
    pub max_body_bytes: Count,
    pub max_events_per_batch: Count,
    pub re_resolve_after: Count,
    /// `chat_request.interaction_timeout`: `Default` leaves it unset.
    pub interaction_timeout: Count,
    /// The keep-alive's probe spacing, its leads before the expiry, and the settle time.
    pub probe_interval: Dur,
    pub expiry_probes: Option<Vec<Dur>>,
    pub settle_time: Dur,
}

impl Tuning {
    fn read(b: &mut Bytes) -> Self {
        Tuning {
            place: match b.u8() % 4 {
                0 => Place::Same,
                1 => Place::Elsewhere,
                2 => Place::Lookup,
                _ => Place::Domain,
            },
            server_error_pauses: read_pauses(b),
            outer_pauses: read_pauses(b),
            rate_limit_pause: Dur::read(b),
            max_retry_after: Dur::read(b),
            jitter: Jitter::read(b),
            max_attempts: Count::read(b),
            max_elapsed: Dur::read(b),
            poll: [(); 5].map(|()| Dur::read(b)),
            chat_timeout: Dur::read(b),
            typing_quiet: Dur::read(b),
            request_timeout: Dur::read(b),
            max_body_bytes: Count::read(b),
            max_events_per_batch: Count::read(b),
            re_resolve_after: Count::read(b),
            interaction_timeout: Count::read(b),
            probe_interval: Dur::read(b),
            expiry_probes: read_pauses(b),
            settle_time: Dur::read(b),
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.push(self.place as u8);
        write_pauses(&self.server_error_pauses, out);
        write_pauses(&self.outer_pauses, out);
        self.rate_limit_pause.write(out);
        self.max_retry_after.write(out);
        self.jitter.write(out);
        self.max_attempts.write(out);
        self.max_elapsed.write(out);
        for d in self.poll {
            d.write(out);
        }
        self.chat_timeout.write(out);
        self.typing_quiet.write(out);
        self.request_timeout.write(out);
        self.max_body_bytes.write(out);
        self.max_events_per_batch.write(out);
        self.re_resolve_after.write(out);
        self.interaction_timeout.write(out);
        self.probe_interval.write(out);
        write_pauses(&self.expiry_probes, out);
        self.settle_time.write(out);
    }

    /// The configuration this tuning describes.
    pub fn config(&self) -> ChatConfig {
        let mut c = session_inputs::config();
        match self.place {
            Place::Same => {}
            Place::Elsewhere => c.endpoint = Endpoint::BaseUrl("https://elsewhere.test".into()),
            Place::Lookup => {
                c.endpoint = Endpoint::Lookup {
                    domain_api: "https://api.example.test".into(),
                    scheme: "https".into(),
                }
            }
            Place::Domain => c.endpoint = Endpoint::Host("chat.example.test".into()),
        }
        let pauses = |tier: &Option<Vec<Dur>>, field: &mut Vec<Duration>| {
            if let Some(list) = tier {
                *field = list
                    .iter()
                    .map(|d| {
                        let mut pause = Duration::from_secs(5);
                        d.apply(&mut pause);
                        pause
                    })
                    .collect();
            }
        };
        pauses(&self.server_error_pauses, &mut c.retry.server_error_pauses);
        pauses(&self.outer_pauses, &mut c.retry.outer_pauses);
        self.rate_limit_pause.apply(&mut c.retry.rate_limit_pause);
        self.max_retry_after.apply(&mut c.retry.max_retry_after);
        self.jitter.apply(&mut c.retry.jitter);
        self.max_attempts.apply_u32(&mut c.retry.max_attempts);
        self.max_elapsed.apply(&mut c.retry.max_elapsed);
        self.probe_interval.apply(&mut c.retry.probe_interval);
        pauses(&self.expiry_probes, &mut c.retry.expiry_probes);
        self.settle_time.apply(&mut c.retry.settle_time);
        let p = &mut c.poll;
        let fields = [
            &mut p.waiting,
            &mut p.chatting,
            &mut p.agent_typing,
            &mut p.after_visitor_line,
            &mut p.after_visitor_line_for,
        ];
        for (d, field) in self.poll.iter().zip(fields) {
            d.apply(field);
        }
        self.chat_timeout.apply(&mut c.chat_timeout);
        self.typing_quiet.apply(&mut c.typing_quiet);
        self.request_timeout.apply(&mut c.request_timeout);
        self.max_body_bytes
            .apply_usize(&mut c.limits.max_body_bytes);
        self.max_events_per_batch
            .apply_usize(&mut c.limits.max_events_per_batch);
        self.re_resolve_after.apply_u32(&mut c.re_resolve_after);
        if self.interaction_timeout != Count::Default {
            let mut secs = 0;
            self.interaction_timeout.apply_u32(&mut secs);
            c.chat_request.interaction_timeout = Some(secs);
        }
        c
    }
}

/// What a mutation puts at its node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Zero,
    One,
    U64Max,
    U32Max,
    Number(u64),
    Null,
    /// One of [`TEXTS`], by index (modulo its length).
    Text(u8),
    /// A boolean flips; an array gets a copy of its last element; anything else is left alone.
    Toggle,
}

/// One change to the snapshot's JSON tree: node `at` (modulo the node count, in document order,
/// the root excluded) becomes `change`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mutation {
    pub at: u16,
    pub change: Change,
}

impl Mutation {
    fn read(b: &mut Bytes) -> Self {
        let at = b.u16();
        let change = match b.u8() % 8 {
            0 => Change::Zero,
            1 => Change::One,
            2 => Change::U64Max,
            3 => Change::U32Max,
            4 => Change::Number(b.u64()),
            5 => Change::Null,
            6 => Change::Text(b.u8()),
            _ => Change::Toggle,
        };
        Mutation { at, change }
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend(self.at.to_le_bytes());
        match self.change {
            Change::Zero => out.push(0),
            Change::One => out.push(1),
            Change::U64Max => out.push(2),
            Change::U32Max => out.push(3),
            Change::Number(n) => {
                out.push(4);
                out.extend(n.to_le_bytes());
            }
            Change::Null => out.push(5),
            Change::Text(i) => out.extend([6, i]),
            Change::Toggle => out.push(7),
        }
    }

    fn apply(&self, doc: &mut Value) {
        let mut nodes = Vec::new();
        pointers(doc, String::new(), &mut nodes);
        if nodes.is_empty() {
            return;
        }
        let at = &nodes[usize::from(self.at) % nodes.len()];
        let Some(node) = doc.pointer_mut(at) else {
            return;
        };
        *node = match self.change {
            Change::Zero => 0.into(),
            Change::One => 1.into(),
            Change::U64Max => u64::MAX.into(),
            Change::U32Max => u64::from(u32::MAX).into(),
            Change::Number(n) => n.into(),
            Change::Null => Value::Null,
            Change::Text(i) => TEXTS[usize::from(i) % TEXTS.len()].into(),
            Change::Toggle => match node.take() {
                Value::Bool(on) => Value::Bool(!on),
                Value::Array(mut items) => {
                    if let Some(last) = items.last().cloned() {
                        items.push(last);
                    }
                    Value::Array(items)
                }
                other => other,
            },
        };
    }
}

/// The JSON pointer of every node under `value`, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return,
    };
    for (key, child) in children {
        let path = format!("{at}/{key}");
        out.push(path.clone());
        pointers(child, path, out);
    }
}

/// A decoded input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Input {
    pub tuning: Tuning,
    /// The snapshot as JSON text (any bytes).
    pub snapshot: Vec<u8>,
    pub mutations: Vec<Mutation>,
    pub script: Script,
}

impl Input {
    /// Decodes an input; every byte string is a valid input.
    pub fn decode(data: &[u8]) -> Self {
        let mut b = Bytes(data);
        let tuning = Tuning::read(&mut b);
        let len = usize::from(b.u16());
        let snapshot = b.bytes(len);
        let mutations = (0..b.u8() % (MAX_MUTATIONS + 1))
            .map(|_| Mutation::read(&mut b))
            .collect();
        Input {
            tuning,
            snapshot,
            mutations,
            script: Script::decode(b.0),
        }
    }

    /// Writes the bytes [`Input::decode`] reads back as this input (a snapshot longer than
    /// `u16::MAX` bytes is cut; mutations past [`MAX_MUTATIONS`] are dropped).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.tuning.write(&mut out);
        let snapshot = &self.snapshot[..self.snapshot.len().min(usize::from(u16::MAX))];
        out.extend((snapshot.len() as u16).to_le_bytes());
        out.extend_from_slice(snapshot);
        let mutations = &self.mutations[..self.mutations.len().min(usize::from(MAX_MUTATIONS))];
        out.push(mutations.len() as u8);
        for m in mutations {
            m.write(&mut out);
        }
        out.extend(self.script.encode());
        out
    }

    /// The snapshot's JSON tree once mutated, if the text is JSON at all.
    pub fn snapshot_tree(&self) -> Option<Value> {
        let mut doc: Value = serde_json::from_slice(&self.snapshot).ok()?;
        for m in &self.mutations {
            m.apply(&mut doc);
        }
        Some(doc)
    }

    /// The input in words, for reading a crash: the configuration it differs in, the snapshot
    /// as resumed, and the script.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "tuning: {:?}", self.tuning);
        match self.snapshot_tree() {
            Some(doc) => {
                let _ = writeln!(out, "snapshot (mutated): {doc}");
            }
            None => {
                let text = String::from_utf8_lossy(&self.snapshot);
                let _ = writeln!(out, "snapshot (not JSON): {text:?}");
            }
        }
        let _ = writeln!(out, "mutations: {:?}", self.mutations);
        for (i, step) in self.script.0.iter().enumerate() {
            let _ = writeln!(out, "step {i}: {}", describe_step(step));
        }
        out
    }
}

/// A step on one line, with a body shown as text.
fn describe_step(step: &session_inputs::Step) -> String {
    match step {
        session_inputs::Step::Respond {
            pick,
            status,
            headers,
            body,
        } => format!(
            "Respond {{ pick: {pick}, status: {status}, headers: {headers:?}, body: {:?} }}",
            String::from_utf8_lossy(body)
        ),
        other => format!("{other:?}"),
    }
}

/// The lines a snapshot's session owes an outcome, if its line ids can be trusted.
fn owed(doc: &Value) -> Owed {
    let next_line = doc["next_line"].as_u64();
    let ids: Option<Vec<u64>> = match &doc["outbox"]["queue"] {
        Value::Array(queue) => queue.iter().map(|l| l["id"].as_u64()).collect(),
        _ => None,
    };
    match (ids, next_line) {
        (Some(ids), Some(next))
            if ids.iter().all(|id| *id < next)
                && ids.iter().collect::<BTreeSet<_>>().len() == ids.len() =>
        {
            Owed::Lines(ids.into_iter().map(LineId).collect())
        }
        _ => Owed::Unknown,
    }
}

/// Runs one input; panics only on a bug.
pub fn run(data: &[u8]) {
    run_input(Input::decode(data));
}

/// Runs one decoded input; panics only on a bug.
pub fn run_input(input: Input) {
    let Some(doc) = input.snapshot_tree() else {
        return;
    };
    let owed = owed(&doc);
    let Ok(snapshot) = serde_json::from_value::<Snapshot>(doc) else {
        return;
    };
    let now = Instant::now();
    let Ok(session) = ChatSession::resume(input.tuning.config(), snapshot, now) else {
        return;
    };
    session_inputs::drive(session, now, owed, input.script);
}

/// The index a [`Mutation`] needs to reach the node at JSON pointer `at` of `doc`, for building
/// seeds by field name.
pub fn node_index(doc: &Value, at: &str) -> Option<u16> {
    let mut nodes = Vec::new();
    pointers(doc, String::new(), &mut nodes);
    let index = nodes.iter().position(|n| n == at)?;
    u16::try_from(index).ok()
}
