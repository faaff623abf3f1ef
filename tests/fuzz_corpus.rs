//! The fuzz harnesses, run over their seed corpus (`fuzz/corpus/<target>/*`) as ordinary tests.
//!
//! The seeds are recorded from whole chats against the emulator: `cargo test --test fuzz_corpus
//! -- --ignored write_seed_corpus` writes them again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{
    AgentBehaviour, AgentStep, Emulator, EmulatorConfig, Exchange, FaultPlan,
    RequestKind as ServerKind, RetryAfterForm,
};
use lp_server_chat::wire::LineSource;
use lp_server_chat::{ChatSession, Event, Output, Transmit};

#[path = "../fuzz/harness/session_inputs.rs"]
mod session_inputs;
#[path = "../fuzz/harness/wire_decode.rs"]
mod wire_decode;

use session_inputs::{Script, Step, ORIGIN};

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

#[test]
fn every_wire_document_in_the_corpus_decodes_without_panicking() {
    let files = corpus("wire_decode");
    assert!(files.len() >= 5, "the seed corpus is missing");
    for file in files {
        wire_decode::run(&std::fs::read(&file).expect("readable"));
    }
}

#[test]
fn every_session_script_in_the_corpus_keeps_the_session_invariants() {
    let files = corpus("session_inputs");
    assert!(files.len() >= 3, "the seed corpus is missing");
    for file in files {
        session_inputs::run(&std::fs::read(&file).expect("readable"));
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

/// Whole chats against the emulator, as scripts, with every response body seen.
fn recordings() -> Vec<(&'static str, Script, Vec<Vec<u8>>)> {
    let replying = AgentBehaviour::Replying {
        accept_after: Duration::from_secs(4),
        greeting: "Hello! How can I help?".into(),
        reply_after: Duration::from_secs(2),
        typing_for: Duration::from_secs(1),
    };
    let agent_ends = AgentBehaviour::Scripted(vec![
        AgentStep::Wait(Duration::from_secs(2)),
        AgentStep::Accept,
        AgentStep::Say("Hi".into()),
        AgentStep::Wait(Duration::from_secs(8)),
        AgentStep::End,
    ]);
    let faulty = FaultPlan::none()
        .rate_limit(0.15, RetryAfterForm::HttpDate(2))
        .server_errors(0.1)
        .duplicate_events(0.3)
        .lose_responses(0.1)
        .only(&[ServerKind::ChatGet, ServerKind::EventsPost]);
    vec![
        record("visitor-ends", replying.clone(), FaultPlan::none()),
        record("agent-ends", agent_ends, FaultPlan::none()),
        record("faults", replying, faulty),
    ]
}

/// Runs a chat the way the harness would replay it: the oldest pending request is answered
/// first, and time jumps to the session's deadline when nothing is pending.
fn record(
    name: &'static str,
    agent: AgentBehaviour,
    faults: FaultPlan,
) -> (&'static str, Script, Vec<Vec<u8>>) {
    let mut now = Instant::now();
    let mut server = Emulator::new(
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
    let mut steps = vec![Step::CheckAvailability, Step::RequestChat];
    session.check_availability(Default::default(), now);
    session.request_chat(now).unwrap();
    let mut pending: Vec<Transmit> = Vec::new();
    let mut bodies = Vec::new();
    let mut agent_lines = 0;
    while steps.len() < 60 {
        let wait = loop {
            match session.poll_output() {
                Output::Transmit(t) => pending.push(t),
                Output::Event(Event::Line { line, .. }) if line.source == LineSource::Agent => {
                    // The greeting gets a line, typing and a name; any later line ends the chat.
                    let commands = if agent_lines == 0 {
                        vec![
                            Step::SendLine("My invoice is wrong".into()),
                            Step::SetTyping(true),
                            Step::SetName("Ana".into()),
                        ]
                    } else {
                        vec![Step::EndChat]
                    };
                    agent_lines += 1;
                    for command in commands {
                        let _ = match &command {
                            Step::SendLine(text) => session.send_line(text.clone(), now).map(drop),
                            Step::SetTyping(on) => session.set_typing(*on, now),
                            Step::SetName(n) => session.set_visitor_name(n.clone(), now),
                            _ => session.end_chat(now),
                        };
                        steps.push(command);
                    }
                }
                Output::Event(Event::ChatEnded { .. }) => return (name, Script(steps), bodies),
                Output::Event(_) => {}
                Output::Wait(at) => break at,
            }
        };
        if pending.is_empty() {
            let Some(at) = wait else { break };
            now = now.max(at);
            server.advance(now);
            session.handle_timeout(now);
            steps.push(Step::Wake);
            continue;
        }
        let t = pending.remove(0);
        match server.handle(&t.request, now) {
            Exchange::Respond(r) | Exchange::RespondAfter { response: r, .. } => {
                let headers = ["location", "retry-after", "date", "content-type"]
                    .iter()
                    .filter_map(|n| {
                        let v = r.headers().get(*n)?.to_str().ok()?;
                        Some(((*n).to_owned(), v.to_owned()))
                    })
                    .collect();
                bodies.push(r.body().clone());
                steps.push(Step::Respond {
                    pick: 0,
                    status: r.status().as_u16(),
                    headers,
                    body: r.body().clone(),
                });
                session.handle_response(t.id, r, now).unwrap();
            }
            Exchange::Lost | Exchange::Unreachable => {
                steps.push(Step::Fail {
                    pick: 0,
                    maybe_sent: true,
                });
                let error = lp_server_chat::TransportError::maybe_sent("lost");
                session.handle_transport_error(t.id, error, now).unwrap();
            }
        }
    }
    (name, Script(steps), bodies)
}
