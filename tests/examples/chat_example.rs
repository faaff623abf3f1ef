//! `cargo run --example chat` with lines piped in: it talks to its own emulated agent, shows the
//! conversation and exits once the chat has ended.

use crate::support::run_example;

#[test]
fn piped_line_gets_greeting_and_answer_then_chat_ends() {
    let run = run_example("chat", &["--fast", "--name", "Sam"], "Where is my order?\n");
    assert!(run.success, "exit status; stderr:\n{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let greeting = run.line_with("Dana: Hi, I'm Dana. What can I do for you today?");
    let own_line = run.line_with("you: Where is my order?");
    let answer = run.line_with("Dana: You said: Where is my order?");
    let ended = run.line_with("chat ended: you ended it");
    assert!(
        greeting < own_line && own_line < answer && answer < ended,
        "{}",
        run.stdout
    );
    assert_eq!(
        ended + 1,
        lines.len() - 1,
        "only the chat's duration after the end"
    );
    assert!(
        lines[ended + 1].contains("the chat lasted"),
        "{}",
        run.stdout
    );
    run.line_with("your name is now Sam");
}

#[test]
fn a_number_answers_the_agents_card_and_every_agent_line_is_marked_read() {
    use lp_server_chat::emulator::{AgentBehaviour, AgentReceipts, EmulatorConfig, MenuChoice};
    use std::time::Duration;

    let server = crate::loopback::start(|origin| EmulatorConfig {
        origin: origin.to_owned(),
        agent: AgentBehaviour::Menu {
            accept_after: Duration::from_millis(200),
            prompt: "What is it about?".to_owned(),
            choices: vec![
                MenuChoice::new("Billing", "Let me open your invoice."),
                MenuChoice::new("Delivery", "Your parcel left this morning."),
            ],
            reply_after: Duration::from_millis(150),
            typing_for: Duration::from_millis(100),
        },
        receipts: AgentReceipts::Read {
            after: Duration::from_millis(50),
        },
        ..EmulatorConfig::default()
    })
    .unwrap();
    let run = run_example("chat", &["--base-url", &server.origin], "2\n");
    assert!(run.success, "exit status; stderr:\n{}", run.stderr);
    let (card, first, second) = (
        run.line_with("Dana: What is it about?"),
        run.line_with("1) Billing"),
        run.line_with("2) Delivery"),
    );
    let (mine, read, answer) = (
        run.line_with("you: Delivery"),
        run.line_with("Dana read your line"),
        run.line_with("Dana: Your parcel left this morning."),
    );
    assert!(
        card < first && first < second && second < mine && mine < read && read < answer,
        "{}",
        run.stdout
    );
    run.line_with("the chat lasted");

    let emulator = server.emulator.lock().unwrap();
    let chat = emulator.chat(&emulator.chat_ids()[0]).unwrap();
    assert_eq!(chat.lines_from("visitor"), ["Delivery"]);
    let agent_lines: Vec<u64> = chat
        .events
        .iter()
        .filter(|e| e.event_type == "line" && e.source() == Some("agent"))
        .map(|e| e.id)
        .collect();
    let read: Vec<Option<u64>> = chat
        .receipts_from("visitor")
        .iter()
        .map(|r| r.ref_sequence_id())
        .collect();
    assert_eq!(agent_lines.len(), 2, "the card and the answer");
    assert_eq!(read, agent_lines.into_iter().map(Some).collect::<Vec<_>>());
}

#[test]
fn quit_ends_the_chat_without_waiting_for_an_answer() {
    let run = run_example("chat", &["--fast"], "/quit\nnever sent\n");
    assert!(run.success, "exit status; stderr:\n{}", run.stderr);
    assert!(
        run.stdout.contains("chat ended: you ended it"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("you: never sent"), "{}", run.stdout);
}

#[test]
fn unknown_option_is_refused_with_a_hint() {
    let run = run_example("chat", &["--colour"], "");
    assert!(!run.success);
    assert!(
        run.stderr.contains("unknown option `--colour`"),
        "{}",
        run.stderr
    );
}

#[test]
fn domain_api_url_finds_the_chat_host_on_a_loopback_emulator() {
    use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig, Route};
    use std::time::Duration;

    let server = crate::loopback::start(|origin| EmulatorConfig {
        origin: origin.to_owned(),
        agent: AgentBehaviour::Replying {
            accept_after: Duration::from_millis(200),
            greeting: "Hello from the host the Domain API named.".to_owned(),
            reply_after: Duration::from_millis(150),
            typing_for: Duration::from_millis(100),
        },
        ..EmulatorConfig::default()
    })
    .unwrap();
    let run = run_example(
        "chat",
        &["--domain-api", &server.origin],
        "Where is my order?\n",
    );
    assert!(run.success, "exit status; stderr:\n{}", run.stderr);
    for needle in [
        format!("chat host: {}", server.origin),
        "Hello from the host the Domain API named.".to_owned(),
        "Dana: You said: Where is my order?".to_owned(),
        "chat ended: you ended it".to_owned(),
    ] {
        assert!(
            run.stdout.contains(&needle),
            "no `{needle}` in:\n{}",
            run.stdout
        );
    }
    let emulator = server.emulator.lock().unwrap();
    assert_eq!(emulator.stats().count(Route::Domain), 1);
    assert_eq!(emulator.chat_ids().len(), 1);
}

#[test]
fn https_to_a_plain_http_server_ends_the_chat_at_once() {
    use lp_server_chat::emulator::EmulatorConfig;

    let server = crate::loopback::start(|origin| EmulatorConfig {
        origin: origin.to_owned(),
        ..EmulatorConfig::default()
    })
    .unwrap();
    let https = server.origin.replacen("http://", "https://", 1);
    let run = run_example("chat", &["--base-url", &https], "");
    assert!(!run.success, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("chat ended: this program cannot talk to the server as set up"),
        "{}",
        run.stdout
    );
    // Said once: no retry, and nothing ever reached the emulator as HTTP.
    assert!(!run.stdout.contains("attempt"), "{}", run.stdout);
    assert_eq!(server.emulator.lock().unwrap().stats().total_requests, 0);
}

#[test]
fn domain_api_and_base_url_together_are_refused() {
    let run = run_example(
        "chat",
        &[
            "--domain-api",
            "http://127.0.0.1:1",
            "--base-url",
            "http://127.0.0.1:1",
        ],
        "",
    );
    assert!(!run.success);
    assert!(run.stderr.contains("--domain-api"), "{}", run.stderr);
}
