//! `cargo run --example async_host`: many chats at once on tokio over the async adapter, every
//! one completed, and a summary line in the promised shape.

use crate::support::run_example;

/// The keys of the summary line, in order.
const KEYS: [&str; 8] = [
    "chats",
    "completed",
    "failed",
    "requests",
    "elapsed_s",
    "rss_mb",
    "cpu_s",
    "p95_line_delay_ms",
];

/// The value of `key=` in the summary line.
fn field(summary: &str, key: &str) -> f64 {
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
    let summary = run.stdout.lines().last().unwrap_or_default();
    let keys: Vec<&str> = summary
        .strip_prefix("summary: ")
        .unwrap_or_else(|| panic!("the last line is not the summary:\n{}", run.stdout))
        .split_whitespace()
        .map(|field| field.split('=').next().unwrap_or_default())
        .collect();
    assert_eq!(keys, KEYS, "{summary}");
    assert_eq!(field(summary, "chats"), 20.0, "{summary}");
    assert_eq!(field(summary, "completed"), 20.0, "{summary}");
    assert_eq!(field(summary, "failed"), 0.0, "{summary}");
    // Each chat at least asks where the host is, requests, reads, sends a line and ends.
    assert!(field(summary, "requests") >= 20.0 * 6.0, "{summary}");
    // Agent lines reached the chats, so there is a delay to report.
    assert!(field(summary, "p95_line_delay_ms") > 0.0, "{summary}");
    assert!(field(summary, "rss_mb") > 0.0, "{summary}");
}
