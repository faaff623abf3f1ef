//! The fuzz harnesses, run over their seed corpus (`fuzz/corpus/<target>/*`) as ordinary tests.
//!
//! The seeds are recorded from whole chats against the emulator: `cargo test --test fuzz_corpus
//! -- --ignored write_seed_corpus` writes them again. `FUZZ_DESCRIBE=<file>... cargo test --test
//! fuzz_corpus -- --ignored describe_resume_inputs` prints `session_resume` inputs (crashes
//! included) in words.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{
    AgentBehaviour, AgentStep, Emulator, EmulatorConfig, Exchange, FaultPlan, RetryAfterForm,
    Route as ServerKind,
};
use lp_server_chat::wire::{ChatState, LineSource};
use lp_server_chat::{ChatSession, Event, Output, Phase, RequestKind, Snapshot, Transmit};

#[path = "../fuzz/harness/session_inputs.rs"]
mod session_inputs;
#[path = "../fuzz/harness/session_resume.rs"]
mod session_resume;
#[path = "../fuzz/harness/wire_decode.rs"]
mod wire_decode;

use session_inputs::{Script, Step, ORIGIN};
use session_resume::{Change, Count, Dur, Input, Jitter, Mutation, Place, Tuning};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable corpus").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `harness` on every file of `target`'s corpus, naming the file it fails on.
fn replay(target: &str, at_least: usize, harness: fn(&[u8])) {
    let files = corpus(target);
    assert!(files.len() >= at_least, "the seed corpus is missing");
    for file in files {
        let data = std::fs::read(&file).expect("readable");
        if std::panic::catch_unwind(|| harness(&data)).is_err() {
            panic!("{} breaks the harness (its panic is above)", file.display());
        }
    }
}

#[test]
fn every_wire_document_in_the_corpus_decodes_without_panicking() {
    replay("wire_decode", 5, wire_decode::run);
}

#[test]
fn every_session_script_in_the_corpus_keeps_the_session_invariants() {
    replay("session_inputs", 3, session_inputs::run);
}

#[test]
fn every_resume_input_in_the_corpus_keeps_the_session_invariants() {
    replay("session_resume", 10, session_resume::run);
}

#[test]
fn recorded_resume_inputs_survive_encoding() {
    for (name, input) in resume_recordings().into_iter().chain(hostile_resumes()) {
        let again = Input::decode(&input.encode());
        assert_eq!(again, input, "{name}");
    }
}

#[test]
fn recorded_snapshots_resume_and_go_on_talking() {
    // A seed is worth having only if the session resumes from it and the script answers it.
    for (name, input) in resume_recordings() {
        let doc = input.snapshot_tree().expect("JSON");
        let snapshot: Snapshot = serde_json::from_value(doc).expect(name);
        let resumed = ChatSession::resume(input.tuning.config(), snapshot, Instant::now());
        assert!(resumed.is_ok(), "{name}: {resumed:?}");
        let answered = input
            .script
            .0
            .iter()
            .filter(|s| matches!(s, Step::Respond { .. }))
            .count();
        if name != "ended" {
            assert!(answered >= 1, "{name}: {answered} answers");
        }
    }
}

#[test]
#[ignore = "prints the inputs named in FUZZ_DESCRIBE (space-separated paths)"]
fn describe_resume_inputs() {
    let paths = std::env::var("FUZZ_DESCRIBE").expect("FUZZ_DESCRIBE");
    for path in paths.split_whitespace() {
        let input = Input::decode(&std::fs::read(path).expect("readable"));
        println!("== {path}\n{}", input.describe());
    }
}

#[test]
fn recorded_scripts_survive_encoding() {
    for (name, script, _) in recordings() {
        assert!(script.0.len() > 5, "{name} recorded almost nothing");
        let again = Script::decode(&script.encode());
        let differs = again.0.iter().zip(&script.0).position(|(a, b)| a != b);
        assert_eq!(differs, None, "{name}: step {differs:?} changed");
        assert_eq!(again.0.len(), script.0.len(), "{name}");
    }
}

#[test]
fn recorded_chats_reach_the_live_chat() {
    // The seeds are worth having only if they bring the session past the chat request.
    for (name, script, _) in recordings() {
        let polls_answered = script
            .0
            .iter()
            .filter(|s| matches!(s, Step::Respond { body, .. } if body.starts_with(b"{\"chat\"")))
            .count();
        assert!(polls_answered >= 2, "{name}: {polls_answered} chat reads");
    }
}

#[test]
#[ignore = "writes fuzz/corpus; run by hand after changing the harness format"]
fn write_seed_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut bodies = Vec::new();
    for (name, script, seen) in recordings() {
        std::fs::write(root.join("session_inputs").join(name), script.encode()).unwrap();
        bodies.extend(seen);
    }
    // A handful of small files: the first body of each kind of answer.
    let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
    for body in bodies {
        let kind = kind_of(&body);
        if !body.is_empty() && !kept.iter().any(|(k, _)| *k == kind) {
            kept.push((kind, body));
        }
    }
    for (kind, body) in kept {
        std::fs::write(root.join("wire_decode").join(format!("{kind}.json")), body).unwrap();
    }
    let dir = root.join("session_resume");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, input) in resume_recordings().into_iter().chain(hostile_resumes()) {
        std::fs::write(dir.join(name), input.encode()).unwrap();
    }
}

/// Names a body by its envelope key and, for a chat, its state: `chat-waiting`, `error`, ...
fn kind_of(body: &[u8]) -> String {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(body) else {
        return "other".into();
    };
    let key = doc
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    let state = doc["chat"]["info"]["state"]
        .as_str()
        .or(doc[&key]["state"].as_str());
    match state {
        Some(state) => format!("{key}-{state}"),
        None => key,
    }
}

/// The agent of most recorded chats: greets, then answers every line.
fn replying() -> AgentBehaviour {
    AgentBehaviour::Replying {
        accept_after: Duration::from_secs(4),
        greeting: "Hello! How can I help?".into(),
        reply_after: Duration::from_secs(2),
        typing_for: Duration::from_secs(1),
    }
}

/// An agent who accepts, says hi and ends the chat ten seconds in.
fn agent_ends() -> AgentBehaviour {
    AgentBehaviour::Scripted(vec![
        AgentStep::Wait(Duration::from_secs(2)),
        AgentStep::Accept,
        AgentStep::Say("Hi".into()),
        AgentStep::Wait(Duration::from_secs(8)),
        AgentStep::End,
    ])
}

/// Whole chats against the emulator, as scripts, with every response body seen.
fn recordings() -> Vec<(&'static str, Script, Vec<Vec<u8>>)> {
    let faulty = FaultPlan::none()
        .rate_limit(0.15, RetryAfterForm::HttpDate(2))
        .server_errors(0.1)
        .duplicate_events(0.3)
        .lose_responses(0.1)
        .only(&[ServerKind::ChatGet, ServerKind::EventsPost]);
    vec![
        record("visitor-ends", replying(), FaultPlan::none()),
        record("agent-ends", agent_ends(), FaultPlan::none()),
        record("faults", replying(), faulty),
    ]
}

/// A chat recorded the way the harness replays it: the oldest pending request is answered
/// first, and time jumps to the session's deadline when nothing is pending.
struct Recorder {
    now: Instant,
    server: Emulator,
    session: ChatSession,
    steps: Vec<Step>,
    pending: Vec<Transmit>,
    bodies: Vec<Vec<u8>>,
    agent_lines: usize,
    /// The session reported the end of the chat.
    ended: bool,
}

impl Recorder {
    /// A chat requested (after an availability check) from a fresh emulator.
    fn start(agent: AgentBehaviour, faults: FaultPlan) -> Self {
        let now = Instant::now();
        let server = Emulator::new(
            EmulatorConfig {
                origin: ORIGIN.into(),
                account_id: "123".into(),
                agent,
                faults,
                ..EmulatorConfig::default()
            },
            now,
        );
        let mut session = ChatSession::new(session_inputs::config(), now, 1).unwrap();
        let _ = session.check_availability(Default::default(), now);
        session.request_chat(now).unwrap();
        Recorder {
            now,
            server,
            session,
            steps: vec![Step::CheckAvailability, Step::RequestChat],
            pending: Vec::new(),
            bodies: Vec::new(),
            agent_lines: 0,
            ended: false,
        }
    }

    /// Drains the session to its deadline, acting as the visitor, or stops at the end of the
    /// chat (then `None`).
    fn drain(&mut self) -> Option<Instant> {
        let now = self.now;
        loop {
            match self.session.poll_output() {
                Output::Transmit(t) => self.pending.push(t),
                Output::Event(Event::Line { line, .. }) if line.source == LineSource::Agent => {
                    // The greeting gets a line, typing and a name; any later line ends the chat.
                    let commands = if self.agent_lines == 0 {
                        vec![
                            Step::SendLine("My invoice is wrong".into()),
                            Step::SetTyping(true),
                            Step::SetName("Ana".into()),
                        ]
                    } else {
                        vec![Step::EndChat]
                    };
                    self.agent_lines += 1;
                    let session = &mut self.session;
                    for command in commands {
                        let _ = match &command {
                            Step::SendLine(text) => session.send_line(text.clone(), now).map(drop),
                            Step::SetTyping(on) => session.set_typing(*on, now),
                            Step::SetName(n) => session.set_visitor_name(n.clone(), now),
                            _ => session.end_chat(now),
                        };
                        self.steps.push(command);
                    }
                }
                Output::Event(Event::ChatEnded { .. }) => {
                    self.ended = true;
                    return None;
                }
                Output::Event(_) => {}
                Output::Wait(at) => return at,
            }
        }
    }

    /// Answers the oldest pending request, or wakes the session at `wait`. `false` when
    /// nothing is left to do.
    fn exchange(&mut self, wait: Option<Instant>) -> bool {
        if self.pending.is_empty() {
            let Some(at) = wait else { return false };
            self.now = self.now.max(at);
            self.server.advance(self.now);
            self.session.handle_timeout(self.now);
            self.steps.push(Step::Wake);
            return true;
        }
        let t = self.pending.remove(0);
        match self.server.handle(&t.request, self.now) {
            Exchange::Respond(r) | Exchange::RespondAfter { response: r, .. } => {
                let headers = ["location", "retry-after", "date", "content-type"]
                    .iter()
                    .filter_map(|n| {
                        let v = r.headers().get(*n)?.to_str().ok()?;
                        Some(((*n).to_owned(), v.to_owned()))
                    })
                    .collect();
                self.bodies.push(r.body().clone());
                self.steps.push(Step::Respond {
                    pick: 0,
                    status: r.status().as_u16(),
                    headers,
                    body: r.body().clone(),
                });
                self.session.handle_response(t.id, r, self.now).unwrap();
            }
            Exchange::Lost | Exchange::Unreachable => {
                self.steps.push(Step::Fail {
                    pick: 0,
                    maybe_sent: true,
                });
                let error = lp_server_chat::TransportError::maybe_sent("lost");
                self.session
                    .handle_transport_error(t.id, error, self.now)
                    .unwrap();
            }
        }
        true
    }

    /// Records until the chat ends, nothing is left to do, or `steps` steps are recorded.
    fn run(&mut self, steps: usize) {
        while self.steps.len() < steps && !self.ended {
            let wait = self.drain();
            if self.ended || !self.exchange(wait) {
                return;
            }
        }
    }

    /// Records until `at` holds of the drained session; `false` if the chat ended first.
    fn run_to(&mut self, at: impl Fn(&Self) -> bool) -> bool {
        while self.steps.len() < 200 {
            let wait = self.drain();
            if at(self) {
                return true;
            }
            if self.ended || !self.exchange(wait) {
                return false;
            }
        }
        false
    }

    /// The process holding the session stops here: what it had sent reaches the server, its
    /// answers are lost, and a new session is resumed from the snapshot.
    fn restart(&mut self, snapshot: Snapshot) {
        for t in std::mem::take(&mut self.pending) {
            let _ = self.server.handle(&t.request, self.now);
        }
        self.session =
            ChatSession::resume(session_inputs::config(), snapshot, self.now).expect("resumes");
        self.steps.clear();
        self.ended = false;
    }
}

fn record(
    name: &'static str,
    agent: AgentBehaviour,
    faults: FaultPlan,
) -> (&'static str, Script, Vec<Vec<u8>>) {
    let mut recorder = Recorder::start(agent, faults);
    recorder.run(60);
    (name, Script(recorder.steps), recorder.bodies)
}

/// Snapshots of emulated chats at several points, each with the rest of its chat (against the
/// same emulator, after a restart) as the script.
fn resume_recordings() -> Vec<(&'static str, Input)> {
    let faulty = FaultPlan::none()
        .server_errors(0.2)
        .lose_responses(0.1)
        .only(&[ServerKind::ChatGet, ServerKind::EventsPost]);
    let line_on_the_wire = |r: &Recorder| r.pending.iter().any(|t| t.kind == RequestKind::SendLine);
    type At = Box<dyn Fn(&Recorder) -> bool>;
    let points: Vec<(&'static str, AgentBehaviour, FaultPlan, At, bool)> = vec![
        (
            "requesting",
            replying(),
            FaultPlan::none(),
            Box::new(|r| r.session.phase() == Phase::Requesting),
            false,
        ),
        (
            "waiting",
            replying(),
            FaultPlan::none(),
            Box::new(|r| {
                r.session.chat_state() == Some(&ChatState::Waiting) && r.pending.is_empty()
            }),
            false,
        ),
        (
            "line-in-flight",
            replying(),
            FaultPlan::none(),
            Box::new(line_on_the_wire),
            false,
        ),
        (
            "ending",
            replying(),
            FaultPlan::none(),
            Box::new(|r| r.session.phase() == Phase::Ending),
            false,
        ),
        (
            "ended",
            agent_ends(),
            FaultPlan::none(),
            Box::new(|r| r.ended),
            false,
        ),
        (
            "faults-with-secrets",
            replying(),
            faulty,
            Box::new(line_on_the_wire),
            true,
        ),
    ];
    points
        .into_iter()
        .map(|(name, agent, faults, at, secrets)| {
            let mut recorder = Recorder::start(agent, faults);
            assert!(recorder.run_to(at), "{name}: never reached");
            // The snapshot is taken once the session is drained to its deadline.
            recorder.drain();
            let snapshot = if secrets {
                recorder.session.snapshot_with_secrets()
            } else {
                recorder.session.snapshot()
            };
            let json = serde_json::to_vec(&snapshot).unwrap();
            recorder.restart(snapshot);
            recorder.run(60);
            let input = Input {
                snapshot: json,
                script: Script(recorder.steps),
                ..Input::default()
            };
            (name, input)
        })
        .collect()
}

/// Hostile values, each on the snapshot of a chat with a line on the wire, that the session
/// survives today (values that make it panic are reported, not kept in the corpus).
fn hostile_resumes() -> Vec<(&'static str, Input)> {
    let base = resume_recordings()
        .into_iter()
        .find(|(name, _)| *name == "line-in-flight")
        .expect("recorded")
        .1;
    let doc = base.snapshot_tree().expect("JSON");
    let field = |at: &str, change: Change| Mutation {
        at: session_resume::node_index(&doc, at).unwrap_or_else(|| panic!("no {at}")),
        change,
    };
    let every = |d: Dur| Tuning {
        server_error_pauses: Some(vec![d; 3]),
        outer_pauses: Some(vec![d]),
        rate_limit_pause: d,
        max_retry_after: d,
        max_elapsed: d,
        poll: [d; 5],
        chat_timeout: d,
        typing_quiet: d,
        request_timeout: d,
        ..Tuning::default()
    };
    // Each case either tunes the session or changes one field of the snapshot, not both.
    let tuned = |name, tuning| (name, tuning, vec![]);
    let changed = |name, at, change| (name, Tuning::default(), vec![field(at, change)]);
    let cases: Vec<(&'static str, Tuning, Vec<Mutation>)> = vec![
        tuned("hostile-zero-durations", every(Dur::Zero)),
        tuned(
            "hostile-no-attempts",
            Tuning {
                max_attempts: Count::Zero,
                max_body_bytes: Count::Zero,
                max_events_per_batch: Count::Zero,
                re_resolve_after: Count::Zero,
                ..Tuning::default()
            },
        ),
        tuned(
            "hostile-endless-attempts",
            Tuning {
                server_error_pauses: Some(vec![]),
                outer_pauses: Some(vec![]),
                max_attempts: Count::Max,
                max_body_bytes: Count::Max,
                max_events_per_batch: Count::Max,
                re_resolve_after: Count::Max,
                ..Tuning::default()
            },
        ),
        tuned(
            "hostile-inf-jitter",
            Tuning {
                jitter: Jitter::Inf,
                ..Tuning::default()
            },
        ),
        changed("hostile-timeout-zero", "/chat_timeout_secs", Change::Zero),
        changed("hostile-cursor-max", "/cursor/next_id", Change::U64Max),
        changed("hostile-version", "/version", Change::Number(2)),
        changed("hostile-origin", "/origin", Change::Text(3)),
        tuned(
            "hostile-elsewhere",
            Tuning {
                place: Place::Elsewhere,
                ..Tuning::default()
            },
        ),
        tuned(
            "hostile-lookup",
            Tuning {
                place: Place::Lookup,
                ..Tuning::default()
            },
        ),
        changed("hostile-duplicate-line", "/outbox/queue", Change::Toggle),
    ];
    cases
        .into_iter()
        .map(|(name, tuning, mutations)| {
            let input = Input {
                tuning,
                mutations,
                ..base.clone()
            };
            (name, input)
        })
        .collect()
}
