//! Real processes for the crash tests: the example binaries built once, each child killed when
//! its guard is dropped (a failing test leaves nothing running), and a directory per run.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The directory holding the example binaries, built by cargo in this test's profile.
pub fn examples_dir() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut command = crate::cargo::command(&[
            "build",
            "--quiet",
            "--example",
            "gateway",
            "--example",
            "emulator_server",
        ]);
        let status = command.status().expect("cargo runs");
        assert!(status.success(), "building the examples failed: {status}");
        // This test runs from <target>/<profile>/deps; the examples are in
        // <target>/<profile>/examples.
        let exe = std::env::current_exe().expect("the test knows where it is");
        let profile = exe
            .parent()
            .and_then(Path::parent)
            .expect("the test lives in <target>/<profile>/deps");
        profile.join("examples")
    })
}

/// A fresh directory for one run's files, under cargo's scratch directory for tests.
pub fn run_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("gateway_crash")
        .join(format!("{name}-{}-{}", std::process::id(), unix_us()));
    std::fs::create_dir_all(&dir).expect("the run directory can be made");
    dir
}

/// Microseconds since the Unix epoch: the clock the gateways stamp their journals with.
pub fn unix_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}

/// A child process, killed and reaped when dropped. Its output goes to files of the run
/// directory, so what it printed is there even after a kill.
pub struct Proc {
    pub name: String,
    child: Child,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
}

impl Proc {
    /// Starts example `program` with `args`, its output in `dir/name.out` and `dir/name.err`.
    pub fn spawn(name: &str, program: &str, args: &[String], dir: &Path) -> Proc {
        let stdout = dir.join(format!("{name}.out"));
        let stderr = dir.join(format!("{name}.err"));
        let child = Command::new(examples_dir().join(program))
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(File::create(&stdout).expect("stdout file"))
            .stderr(File::create(&stderr).expect("stderr file"))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        Proc {
            name: name.to_owned(),
            child,
            stdout,
            stderr,
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix), then reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the process to exit, at most `limit`.
    pub fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if started.elapsed() >= limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Its process id, for a signal sent by the `kill` command.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it printed so far on stdout.
    pub fn out(&self) -> String {
        read(&self.stdout)
    }

    /// What it printed so far on stderr.
    pub fn err(&self) -> String {
        read(&self.stderr)
    }

    /// The first line of stdout starting with `prefix`, waiting up to `limit` for it.
    pub fn line_starting(&mut self, prefix: &str, limit: Duration) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.out().lines().find(|l| l.starts_with(prefix)) {
                return line.to_owned();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited ({status}) before printing `{prefix}`:\n{}",
                    self.name,
                    self.err()
                );
            }
            assert!(
                started.elapsed() < limit,
                "{} printed no `{prefix}` line in {} s:\n{}",
                self.name,
                limit.as_secs(),
                self.err()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

fn read(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    text
}

/// The emulator in its own process: its API origin and the URL of its record.
pub struct Emulator {
    /// Killed when this is dropped.
    _process: Proc,
    pub origin: String,
    pub record_url: String,
}

impl Emulator {
    /// Serves on free ports of 127.0.0.1; the agent accepts after 1 s and answers each line 1 s
    /// after it, typing for the last 300 ms.
    pub fn start(dir: &Path) -> Emulator {
        let args: Vec<String> = [
            "--port",
            "0",
            "--admin-port",
            "0",
            "--accept-ms",
            "1000",
            "--reply-ms",
            "1000",
            "--typing-ms",
            "300",
        ]
        .map(str::to_owned)
        .to_vec();
        let mut proc = Proc::spawn("emulator", "emulator_server", &args, dir);
        let limit = Duration::from_secs(30);
        let origin = proc
            .line_starting("Server Chat emulator on ", limit)
            .split_whitespace()
            .nth(4)
            .expect("the origin follows `on`")
            .to_owned();
        let record_url = proc
            .line_starting("Record of every chat at ", limit)
            .rsplit(' ')
            .next()
            .expect("the URL ends the line")
            .to_owned();
        Emulator {
            _process: proc,
            origin,
            record_url,
        }
    }

    /// The server's record of every chat.
    pub fn record(&self) -> serde_json::Value {
        let body = ureq::get(&self.record_url)
            .call()
            .expect("the emulator serves its record")
            .body_mut()
            .read_to_string()
            .expect("the record is text");
        serde_json::from_str(&body).expect("the record is JSON")
    }
}
