//! Drives a session against the emulator and writes down everything it does.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, Emulator, EmulatorConfig, FaultPlan, Link};
use lp_server_chat::{ChatConfig, ChatSession, Event, Output};

pub const ACCOUNT: &str = "12345678";
pub const ORIGIN: &str = "https://chat.emulator.invalid";

/// The agent every scenario meets: accepts at 3 s, greets, answers each line 2 s later.
pub fn agent() -> AgentBehaviour {
    AgentBehaviour::Replying {
        accept_after: Duration::from_secs(3),
        greeting: "Hello! How can I help?".into(),
        reply_after: Duration::from_secs(2),
        typing_for: Duration::from_secs(1),
    }
}

pub fn emulator(faults: FaultPlan, start: Instant) -> Emulator {
    Emulator::new(
        EmulatorConfig {
            origin: ORIGIN.into(),
            account_id: ACCOUNT.into(),
            agent: agent(),
            faults,
            seed: 7,
            ..EmulatorConfig::default()
        },
        start,
    )
}

pub fn config() -> ChatConfig {
    ChatConfig::new(ACCOUNT, lp_server_chat::Endpoint::BaseUrl(ORIGIN.into()))
}

/// What the visitor does on an event: returns whether the run should stop here.
pub type Visitor<'a> = dyn FnMut(&mut ChatSession, Instant, &Event) -> bool + 'a;

/// A run being written down.
pub struct Recorder {
    pub link: Link,
    pub start: Instant,
    pub text: String,
}

impl Recorder {
    pub fn new(faults: FaultPlan, config: ChatConfig) -> Self {
        let start = Instant::now();
        let session = ChatSession::new(config, start, 11).expect("valid config");
        let mut link = Link::new(session, emulator(faults, start), start);
        link.latency = Duration::from_millis(50);
        Self {
            link,
            start,
            text: String::new(),
        }
    }

    fn at(&self) -> f64 {
        (self.link.now - self.start).as_secs_f64()
    }

    /// Runs until `until` seconds, or until the visitor says stop, or nothing is left to do.
    pub fn run(&mut self, until: f64, visitor: &mut Visitor<'_>) {
        let deadline = self.start + Duration::from_secs_f64(until);
        loop {
            if self.drain(visitor) {
                return;
            }
            match self.link.next_instant() {
                Some(next) if next <= deadline => self.link.advance_to(next).expect("in flight"),
                _ => return,
            }
        }
    }

    /// Hands everything the session has to give to the emulator and the visitor, writing it
    /// down, without moving the clock. Returns whether the visitor said stop.
    pub fn drain(&mut self, visitor: &mut Visitor<'_>) -> bool {
        loop {
            let output = self.link.session.poll_output();
            let at = self.at();
            match &output {
                Output::Transmit(t) => {
                    let _ = writeln!(
                        self.text,
                        "{at:9.3}  -> {} {} {:?} #{}",
                        t.request.method(),
                        t.request.uri(),
                        t.kind,
                        t.attempt
                    );
                }
                Output::Event(e) => {
                    let _ = writeln!(self.text, "{at:9.3}     {}", show(e));
                }
                Output::Wait(w) => {
                    let until = w.map_or("nothing".to_owned(), |w| {
                        format!("{:.3}", (w - self.start).as_secs_f64())
                    });
                    let _ = writeln!(self.text, "{at:9.3}  .. wait until {until}");
                }
            }
            let waiting = matches!(output, Output::Wait(_));
            if let Some(event) = self.link.handle_output(output) {
                let now = self.link.now;
                if visitor(&mut self.link.session, now, &event) {
                    return true;
                }
            }
            if waiting {
                return false;
            }
        }
    }

    /// Compares with (or, with `GOLDEN_WRITE` set, writes) `tests/golden/{name}.txt`.
    pub fn check(&self, name: &str) {
        let path: PathBuf = [
            env!("CARGO_MANIFEST_DIR"),
            "tests",
            "golden",
            &format!("{name}.txt"),
        ]
        .iter()
        .collect();
        if std::env::var_os("GOLDEN_WRITE").is_some() {
            std::fs::write(&path, &self.text).expect("writable");
            return;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        if golden != self.text {
            let first = golden
                .lines()
                .zip(self.text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| golden.lines().count().min(self.text.lines().count()));
            panic!(
                "{name}: the session's transcript changed at line {}:\n  golden: {:?}\n  now:    {:?}\n(GOLDEN_WRITE=1 rewrites it; explain the change in the commit)",
                first + 1,
                golden.lines().nth(first),
                self.text.lines().nth(first)
            );
        }
    }
}

/// An event in a line of its own words, so that a rename of a field does not read as a change
/// of behaviour.
fn show(e: &Event) -> String {
    match e {
        Event::Line {
            event_id: id, line, ..
        } => {
            format!("line #{id} {:?} {:?}", line.source, line.text)
        }
        Event::Retrying {
            kind,
            cause,
            tier,
            attempt,
            after,
        } => format!(
            "retrying {kind:?} after {cause:?}: attempt {attempt} in {:.3} s ({tier:?})",
            after.as_secs_f64()
        ),
        Event::ChatCreated { url } => format!("chat created {url}"),
        other => format!("{other:?}"),
    }
}

/// The visitor of most scenarios: answers the greeting, ends the chat after the reply.
pub fn polite(line: &'static str) -> impl FnMut(&mut ChatSession, Instant, &Event) -> bool {
    move |session, now, event| {
        if let Event::Line { line: l, .. } = event {
            if l.text.starts_with("Hello") {
                session.send_line(line, now).expect("chat open");
            } else if l.text.starts_with("You said") {
                session.end_chat(now).expect("chat open");
            }
        }
        matches!(event, Event::ChatEnded { .. })
    }
}
