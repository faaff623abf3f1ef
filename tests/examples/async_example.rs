//! `cargo run --example async_host`: many chats at once on tokio, every one completed.

use crate::support::run_example;

/// The value of `key=` in the summary line.
fn summary_field(summary: &str, key: &str) -> u64 {
    summary
        .split_whitespace()
        .find_map(|field| field.strip_prefix(&format!("{key}=")))
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no number for `{key}` in `{summary}`"))
}

#[test]
fn twenty_concurrent_chats_all_complete() {
    let run = run_example("async_host", &["--chats", "20", "--fast"], "");
    assert!(run.success, "exit status; stderr:\n{}", run.stderr);
    let summary = run
        .stdout
        .lines()
        .find(|l| l.starts_with("summary:"))
        .unwrap_or_else(|| panic!("no summary in:\n{}", run.stdout));
    assert_eq!(summary_field(summary, "completed"), 20, "{summary}");
    assert_eq!(summary_field(summary, "failed"), 0, "{summary}");
    // Each chat at least asks where the host is, requests, reads, sends two lines and ends.
    assert!(summary_field(summary, "requests") >= 20 * 6, "{summary}");
}
