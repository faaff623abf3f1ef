//! Runs an example through cargo, as `cargo run --example NAME -- ARGS` would, with a time limit.

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Generous: the first run may still have to build the example.
const LIMIT: Duration = Duration::from_secs(600);

/// What an example printed, and how it exited.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The index of the first line of stdout that contains `needle`; the test fails, showing
    /// stdout, when none does.
    #[track_caller]
    pub fn line_with(&self, needle: &str) -> usize {
        self.stdout
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in:\n{}", self.stdout))
    }
}

/// Runs the example `name` with `args`, writing `stdin` to it and then closing its input.
pub fn run_example(name: &str, args: &[&str], stdin: &str) -> Run {
    let mut command = crate::cargo::command(&["run", "--quiet", "--example", name]);
    // Never a real account or server from the caller's environment: the embedded emulator.
    command.env_remove("LP_ACCOUNT").env_remove("LP_BASE_URL");
    let mut child = command
        .arg("--")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo runs");

    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.as_bytes())
        .expect("the example reads stdin");
    drop(input);
    let out = read_all(child.stdout.take().expect("stdout is piped"));
    let err = read_all(child.stderr.take().expect("stderr is piped"));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the example can be waited for") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!(
                "`{name}` still running after {} s; stderr:\n{}",
                LIMIT.as_secs(),
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        success: status.success(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// Reads a pipe to its end on a thread, so a full pipe never stalls the child.
fn read_all(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    })
}
