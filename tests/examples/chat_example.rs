//! `cargo run --example chat` with lines piped in: it talks to its own emulated agent, shows the
//! conversation and exits once the chat has ended.

use crate::support::run_example;

#[test]
fn piped_line_gets_greeting_and_answer_then_chat_ends() {
    let run = run_example("chat", &["--fast", "--name", "Sam"], "Where is my order?\n");
    assert!(run.success, "exit status; stderr:\n{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let position = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in:\n{}", run.stdout))
    };
    let greeting = position("Dana: Hi, I'm Dana. What can I do for you today?");
    let own_line = position("you: Where is my order?");
    let answer = position("Dana: You said: Where is my order?");
    let ended = position("chat ended: you ended it");
    assert!(
        greeting < own_line && own_line < answer && answer < ended,
        "{}",
        run.stdout
    );
    assert_eq!(ended, lines.len() - 1, "the end is the last thing shown");
    position("your name is now Sam");
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
