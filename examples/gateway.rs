//! A chat gateway that loses nothing when its process dies: many chats on tokio over the async
//! adapter, each persisted after every drain, so another process (here or on another machine)
//! picks them up where they were.
//!
//! ```text
//! cargo run --example gateway -- --chats 50                       # with an emulator of its own
//! cargo run --example emulator_server -- --port 8080 &            # or a server of its own ...
//! cargo run --example gateway -- --base-url http://127.0.0.1:8080 --db chats.sqlite --chats 200
//! kill -9 <that gateway>; cargo run --example gateway -- --base-url http://127.0.0.1:8080 --db chats.sqlite
//! ```
//!
//! Each chat is a row of the store (`--db`, SQLite in WAL mode by default; see `gateway/store.rs`
//! for what another database must do): its owner, a lease, an epoch that fences every write, and
//! the session's last snapshot. A gateway claims open chats whose lease ran out, resumes each from
//! its snapshot (or starts it), and drives it. After every drain it writes, in one transaction,
//! the snapshot, the events it handed out and the visitor lines it queued, renewing the lease;
//! only then does it perform the drain's requests. So whatever a successor resumes from, every
//! event it repeats was never stored and every line it reconciles is in its snapshot's outbox.
//!
//! A gateway stops driving a chat, and never writes its row again, as soon as its lease may have
//! lapsed (its own monotonic clock, counted from before the renewal was sent, says so) or a write
//! finds another owner or epoch. Another gateway takes the chat over once the lease has run out
//! by the store's clock: `--lease-ms` (5 s) is well inside the server's idle timeout (40 s).
//!
//! The visitors are scripted (see `gateway/visitor.rs`): each line is due a think time after the
//! agent line it answers was stored, so a successor sends exactly the lines its predecessor had
//! not queued. `--lines-file` takes the texts from a file. The emulator's agent greets and
//! answers every line (`emulator_server`'s `Replying` agent).
//!
//! `--journal FILE` appends one line per request sent and per 2xx received (chat, epoch, owner,
//! Unix µs), written before the request leaves; the crash test reads it to check that no two
//! processes ever drove a chat at once. Figures go to stdout every second (`stats:` lines) and
//! at the end (`gateway:`); problems to stderr.

#[path = "support/args.rs"]
mod args;
#[path = "support/async_transport.rs"]
mod async_transport;
#[path = "support/loopback.rs"]
#[allow(dead_code)] // The embedded emulator needs only `start` and the origin.
mod loopback;

#[path = "gateway/store.rs"]
mod store;
#[path = "gateway/visitor.rs"]
mod visitor;

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig};
use lp_server_chat::wire::LineSource;
use lp_server_chat::{
    ChatConfig, ChatSession, Endpoint, Event, Output, Phase, PollPolicy, Snapshot, TransportError,
};
use tokio::task::JoinSet;

use async_transport::AsyncTransport;
use store::{
    unix_ms, Claimed, DrainWrite, Fence, Finish, SqliteStore, Store, StoreError, StoredEvent,
    Written,
};
use visitor::{Move, Script, Shape, Visitor};

const HELP: &str = "\
Runs scripted visitor chats that survive the gateway's death: each chat's snapshot and the events
handed out are stored after every drain; another gateway on the same store takes over chats whose
lease ran out.

Usage: gateway [OPTIONS]

  --db PATH            the SQLite store, created if missing (default gateway.sqlite; with the
                       embedded emulator, a new file in the temporary directory)
  --base-url URL       the chat server (e.g. http://127.0.0.1:8080 from emulator_server);
                       without it, an emulator is started in this process
  --account ID         the account (default 12345678)
  --chats N            add chats 0..N to the store where missing (default 0: drive what is
                       there; 20 with the embedded emulator)
  --owner NAME         this process's name in the store (default HOST-PID)
  --lease-ms N         lease of each chat (default 5000); renewed every --renew-ms (default 1000)
  --scan-ms N          how often to look for chats to take over (default 250)
  --max-chats N        the most chats this process drives at once (default: no limit)
  --poll-ms N          read every chat at this fixed interval (default: the crate's PollPolicy)
  --lines A..B         visitor lines per chat (default 3..6)
  --think-ms A..B      the visitor's think time before each line and the end (default 2000..8000)
  --lines-file PATH    take the visitor lines' texts from this file, one per line
  --seed N             seeds of the chats added (default 1)
  --journal PATH       append each request sent and each 2xx received to this file
  --max-seconds N      give up after this long (default 3600)

It exits 0 once no chat in the store is open, 1 if it gave up or the store failed. Every second
a `stats:` line, and at the end a `gateway:` line, say: chats claimed, ended, failed, taken over
(resumed from a snapshot), leases lost, requests, drains, writes; the store's time per write
(store_p95_us, store_max_us) and per drain, where a drain that changed nothing writes nothing
(drain_p95_us).";

/// What the command line asked for.
#[derive(Debug, Clone)]
struct Args {
    db: Option<PathBuf>,
    base_url: Option<String>,
    account: String,
    chats: Option<u32>,
    owner: String,
    lease: Duration,
    renew: Duration,
    scan: Duration,
    max_chats: usize,
    poll: Option<Duration>,
    shape: Shape,
    seed: u64,
    journal: Option<PathBuf>,
    max_time: Duration,
}

/// `None` when `--help` was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "gateway".to_owned());
    let mut parsed = Args {
        db: None,
        base_url: None,
        account: "12345678".to_owned(),
        chats: None,
        owner: format!("{host}-{}", std::process::id()),
        lease: Duration::from_millis(5000),
        renew: Duration::from_millis(1000),
        scan: Duration::from_millis(250),
        max_chats: usize::MAX,
        poll: None,
        shape: Shape {
            lines: (3, 6),
            think_ms: (2000, 8000),
            texts: None,
        },
        seed: 1,
        journal: None,
        max_time: Duration::from_secs(3600),
    };
    let mut lines_file = None;
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{arg} needs {what}"));
        let number = |text: String| -> Result<u64, String> {
            text.parse()
                .map_err(|_| format!("{arg}: `{text}` is not a number"))
        };
        let range = |text: String| -> Result<(u64, u64), String> {
            let (a, b) = text.split_once("..").unwrap_or((&text, &text));
            match (a.parse(), b.parse()) {
                (Ok(a), Ok(b)) if a <= b => Ok((a, b)),
                _ => Err(format!("{arg}: `{text}` is not a range A..B")),
            }
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--db" => parsed.db = Some(PathBuf::from(value("a path")?)),
            "--base-url" => parsed.base_url = Some(value("a URL")?),
            "--account" => parsed.account = value("an account id")?,
            "--chats" => {
                parsed.chats = Some(
                    u32::try_from(number(value("a number")?)?)
                        .map_err(|_| "--chats: too many".to_owned())?,
                );
            }
            "--owner" => parsed.owner = value("a name")?,
            "--lease-ms" => parsed.lease = Duration::from_millis(number(value("ms")?)?),
            "--renew-ms" => parsed.renew = Duration::from_millis(number(value("ms")?)?),
            "--scan-ms" => parsed.scan = Duration::from_millis(number(value("ms")?)?.max(1)),
            "--max-chats" => {
                parsed.max_chats =
                    usize::try_from(number(value("a number")?)?).unwrap_or(usize::MAX);
            }
            "--poll-ms" => {
                parsed.poll = Some(Duration::from_millis(number(value("ms")?)?.max(1)));
            }
            "--lines" => {
                let (a, b) = range(value("a range A..B")?)?;
                parsed.shape.lines = (
                    u32::try_from(a).unwrap_or(u32::MAX),
                    u32::try_from(b).unwrap_or(u32::MAX),
                );
            }
            "--think-ms" => parsed.shape.think_ms = range(value("a range A..B")?)?,
            "--lines-file" => lines_file = Some(value("a path")?),
            "--seed" => parsed.seed = number(value("a number")?)?,
            "--journal" => parsed.journal = Some(PathBuf::from(value("a path")?)),
            "--max-seconds" => parsed.max_time = Duration::from_secs(number(value("seconds")?)?),
            other => return Err(format!("unknown option `{other}` (try --help)")),
        }
    }
    // The lease must outlast a renewal period and the margin kept before it runs out.
    if parsed.lease < parsed.renew * 2 + GUARD {
        return Err(format!(
            "--lease-ms must be at least twice --renew-ms plus {} ms",
            GUARD.as_millis()
        ));
    }
    if let Some(path) = lines_file {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let texts: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if texts.is_empty() {
            return Err(format!("{path} has no lines"));
        }
        parsed.shape.texts = Some(Arc::new(texts));
    }
    Ok(Some(parsed))
}

/// A chat is dropped this long before its lease runs out by this process's clock: time for a
/// request checked just before sending to leave, and for the clocks of two machines to differ
/// in rate, before anyone else may take it.
const GUARD: Duration = Duration::from_millis(1000);

fn main() -> ExitCode {
    let args = match args::from_command_line("gateway", HELP, parse_args) {
        Ok(args) => args,
        Err(exit) => return exit,
    };
    // One thread: a chat's work between two awaits is microseconds, and the store has a thread
    // of its own.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("gateway: cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gateway: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Appends what the process sent and received, for the crash test's checks.
struct Journal {
    file: Option<Mutex<File>>,
    owner: String,
}

impl Journal {
    fn open(path: Option<&PathBuf>, owner: &str) -> Result<Self, String> {
        let file = match path {
            Some(path) => Some(Mutex::new(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?,
            )),
            None => None,
        };
        Ok(Self {
            file,
            owner: owner.to_owned(),
        })
    }

    /// One line, in one write: what a kill leaves of it is whole lines.
    fn note(&self, what: &str, fence: &Fence, detail: &str) {
        if let Some(file) = &self.file {
            let us = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_micros());
            let line = format!(
                "{what} {} {} {} {us} {detail}\n",
                fence.chat, fence.epoch, self.owner
            );
            if let Ok(mut file) = file.lock() {
                let _ = file.write_all(line.as_bytes());
            }
        }
    }
}

/// What every chat of this process shares.
struct Gateway {
    args: Args,
    config: Arc<ChatConfig>,
    transport: AsyncTransport,
    /// Called on the runtime's one thread: a local transaction takes tens of microseconds,
    /// less than waking another thread for it costs on a busy machine (about 1 ms at the 95th
    /// percentile, measured here). A database across the network would rather get its calls
    /// from `spawn_blocking` or an async driver, so that a round trip holds up no other chat.
    store: Mutex<Box<dyn Store>>,
    journal: Journal,
    requests: AtomicU64,
    drains: AtomicU64,
    writes: AtomicU64,
    /// Microseconds each write took.
    store_us: Mutex<Vec<u32>>,
    /// The first few problems are printed; the rest only counted.
    problems: AtomicU64,
}

impl Gateway {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut dyn Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut store = self
            .store
            .lock()
            .map_err(|_| StoreError("the store's lock is poisoned".to_owned()))?;
        f(store.as_mut())
    }

    /// One drain's write, timed.
    fn write(&self, write: DrainWrite) -> Result<Written, StoreError> {
        let started = Instant::now();
        let written =
            self.with_store(|store| store.write(std::slice::from_ref(&write), self.args.lease));
        let us = started.elapsed().as_micros();
        if let Ok(mut samples) = self.store_us.lock() {
            samples.push(u32::try_from(us).unwrap_or(u32::MAX));
        }
        self.writes.fetch_add(1, Ordering::Relaxed);
        written?
            .pop()
            .ok_or_else(|| StoreError("the store answered no write".to_owned()))
    }

    fn problem(&self, text: impl FnOnce() -> String) {
        const SHOWN: u64 = 30;
        match self.problems.fetch_add(1, Ordering::Relaxed) {
            n if n < SHOWN => eprintln!("gateway {}: {}", self.args.owner, text()),
            SHOWN => eprintln!(
                "gateway {}: (further problems are only counted)",
                self.args.owner
            ),
            _ => {}
        }
    }
}

/// How a chat's ownership by this process ended.
#[derive(Debug)]
enum Stop {
    /// The chat is over; the store says so.
    Ended,
    /// The chat cannot go on; the store says so.
    Failed,
    /// The lease may have lapsed, or another owner holds the chat: nothing more was written.
    LostLease,
    /// The store failed or refused a write: the chat is left to whoever claims it next.
    StoreTrouble(String),
}

async fn run(args: Args) -> Result<(), String> {
    let base_url = match &args.base_url {
        Some(url) => url.clone(),
        None => {
            let server = loopback::start(|origin| EmulatorConfig {
                origin: origin.to_owned(),
                account_id: args.account.clone(),
                start_unix_ms: loopback::unix_ms_now(),
                utc_offset_minutes: 0,
                agent: AgentBehaviour::Replying {
                    accept_after: Duration::from_secs(3),
                    greeting: "Hello, I'm Dana. How can I help?".to_owned(),
                    reply_after: Duration::from_secs(2),
                    typing_for: Duration::from_secs(1),
                },
                ..EmulatorConfig::default()
            })?;
            println!(
                "gateway: emulator in this process on {} (it dies with the process; for restarts run emulator_server)",
                server.origin
            );
            server.origin
        }
    };
    let mut config = ChatConfig::new(&args.account, Endpoint::BaseUrl(base_url.clone()));
    if let Some(every) = args.poll {
        config.poll = PollPolicy::fixed(every);
    }
    // An embedded emulator dies with the process, and its chats with it: a store of its own.
    let embedded = args.base_url.is_none();
    let db = args.db.clone().unwrap_or_else(|| {
        if embedded {
            std::env::temp_dir().join(format!("gateway-{}.sqlite", std::process::id()))
        } else {
            PathBuf::from("gateway.sqlite")
        }
    });
    let chats = args.chats.unwrap_or(if embedded { 20 } else { 0 });
    let mut sqlite = SqliteStore::open(&db).map_err(|e| e.to_string())?;
    let added = sqlite
        .add_chats(chats, args.seed)
        .map_err(|e| e.to_string())?;
    println!(
        "gateway: owner {} on {} (store {}, {added} chats added), lease {} ms",
        args.owner,
        base_url,
        db.display(),
        args.lease.as_millis()
    );
    let gateway = Arc::new(Gateway {
        journal: Journal::open(args.journal.as_ref(), &args.owner)?,
        config: Arc::new(config),
        transport: AsyncTransport::new(),
        store: Mutex::new(Box::new(sqlite)),
        args,
        requests: AtomicU64::new(0),
        drains: AtomicU64::new(0),
        writes: AtomicU64::new(0),
        store_us: Mutex::new(Vec::new()),
        problems: AtomicU64::new(0),
    });
    let g = &gateway;
    let give_up = Instant::now() + g.args.max_time;
    let mut chats: JoinSet<(i64, Stop)> = JoinSet::new();
    let mut tally = Tally::default();
    let mut scan = tokio::time::interval(g.args.scan);
    scan.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut report = tokio::time::interval(Duration::from_secs(1));
    report.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let outcome = loop {
        tokio::select! {
            _ = scan.tick() => {
                if Instant::now() >= give_up {
                    break Err(format!("gave up after {} s with chats still open", g.args.max_time.as_secs()));
                }
                let room = g.args.max_chats.saturating_sub(chats.len());
                if room > 0 {
                    // The lease is counted from before the claim was sent.
                    let asked = Instant::now();
                    match g.with_store(|store| store.claim(&g.args.owner, g.args.lease, room)) {
                        Ok(claimed) => {
                            for claim in claimed {
                                tally.claimed += 1;
                                if claim.snapshot.is_some() {
                                    tally.taken_over += 1;
                                }
                                chats.spawn(run_chat(Arc::clone(g), claim, asked));
                            }
                        }
                        Err(e) => g.problem(|| format!("claiming chats: {e}")),
                    }
                }
                if chats.is_empty() {
                    match g.with_store(|store| store.open_chats()) {
                        Ok(0) => break Ok(()),
                        Ok(_) => {}
                        Err(e) => g.problem(|| format!("counting open chats: {e}")),
                    }
                }
            }
            Some(done) = chats.join_next() => match done {
                Ok((chat, stop)) => tally.count(g, chat, stop),
                // A chat's task never takes the gateway down with it.
                Err(e) => {
                    tally.store_trouble += 1;
                    g.problem(|| format!("a chat's task failed: {e}"));
                }
            },
            _ = report.tick() => println!("{}", g.figures("stats", &tally, chats.len())),
        }
    };
    println!("{}", g.figures("gateway", &tally, chats.len()));
    outcome
}

/// Counts of how chats came and went.
#[derive(Debug, Default)]
struct Tally {
    claimed: u64,
    taken_over: u64,
    ended: u64,
    failed: u64,
    lost_leases: u64,
    store_trouble: u64,
}

impl Tally {
    fn count(&mut self, g: &Gateway, chat: i64, stop: Stop) {
        match stop {
            Stop::Ended => self.ended += 1,
            Stop::Failed => self.failed += 1,
            Stop::LostLease => {
                self.lost_leases += 1;
                g.problem(|| format!("chat {chat}: lease lost, dropped without writing"));
            }
            Stop::StoreTrouble(why) => {
                self.store_trouble += 1;
                g.problem(|| format!("chat {chat}: dropped, the store said: {why}"));
            }
        }
    }
}

impl Gateway {
    fn figures(&self, label: &str, tally: &Tally, driving: usize) -> String {
        let samples = self.store_us.lock().map(|s| s.clone()).unwrap_or_default();
        let (p95, max) = p95_max(samples.clone());
        // Per drain: a drain that changed nothing and renewed nothing wrote nothing.
        let drains = self.drains.load(Ordering::Relaxed);
        let mut per_drain = samples;
        per_drain.resize(per_drain.len().max(drains as usize), 0);
        let (drain_p95, _) = p95_max(per_drain);
        format!(
            "{label}: owner={} chats={} ended={} failed={} taken_over={} lost_leases={} requests={} drains={} writes={} store_p95_us={p95} store_max_us={max} drain_p95_us={drain_p95} driving={driving}",
            self.args.owner,
            tally.claimed,
            tally.ended,
            tally.failed,
            tally.taken_over,
            tally.lost_leases + tally.store_trouble,
            self.requests.load(Ordering::Relaxed),
            self.drains.load(Ordering::Relaxed),
            self.writes.load(Ordering::Relaxed),
        )
    }
}

/// The 95th percentile (nearest rank) and the largest of some samples.
fn p95_max(mut samples: Vec<u32>) -> (u32, u32) {
    samples.sort_unstable();
    let p95 = samples
        .get((samples.len() * 95).div_ceil(100).max(1) - 1)
        .copied()
        .unwrap_or(0);
    (p95, samples.last().copied().unwrap_or(0))
}

/// One chat, from its claim until it ends or this process lets go of it.
async fn run_chat(g: Arc<Gateway>, claim: Claimed, asked: Instant) -> (i64, Stop) {
    let chat = claim.fence.chat;
    let stop = drive(&g, claim, asked).await;
    (chat, stop)
}

/// The instant of a Unix-ms time, by this process's clocks.
fn instant_of(ms: i64, now: Instant, now_ms: i64) -> Instant {
    let ahead = ms.saturating_sub(now_ms);
    if ahead <= 0 {
        now
    } else {
        now + Duration::from_millis(ahead as u64)
    }
}

/// The local lease: until when this process may send for the chat, and when to renew.
struct Lease {
    /// The last renewal was sent at this instant.
    renewed: Instant,
    /// Nothing is sent from this instant on: `renewed + lease - GUARD`.
    valid_until: Instant,
}

impl Lease {
    fn from(sent: Instant, lease: Duration) -> Self {
        Self {
            renewed: sent,
            valid_until: sent + lease.saturating_sub(GUARD),
        }
    }
}

async fn drive(g: &Arc<Gateway>, claim: Claimed, asked: Instant) -> Stop {
    let fence = claim.fence.clone();
    let mut lease = Lease::from(asked, g.args.lease);
    let now = Instant::now();
    let script = Script::new(fence.chat, claim.seed, &g.args.shape);
    let session = match &claim.snapshot {
        Some(bytes) => serde_json::from_slice::<Snapshot>(bytes)
            .map_err(|e| format!("snapshot: {e}"))
            .and_then(|snapshot| {
                ChatSession::resume(Arc::clone(&g.config), snapshot, now)
                    .map_err(|e| format!("resume: {e}"))
            }),
        None => start(g, &fence, claim.seed, now).map_err(|e| format!("start: {e}")),
    };
    let mut session = match session {
        Ok(session) => session,
        Err(why) => {
            // The row cannot be resumed: that chat fails, the gateway goes on.
            g.problem(|| format!("chat {}: {why}", fence.chat));
            let mut write = DrainWrite::new(fence, unix_ms());
            write.finish = Some(Finish::Failed(why));
            return match g.write(write) {
                Ok(Written::Stored) => Stop::Failed,
                Ok(Written::Lost) => Stop::LostLease,
                Ok(Written::Refused(why)) => Stop::StoreTrouble(why),
                Err(e) => Stop::StoreTrouble(e.to_string()),
            };
        }
    };
    let ended = matches!(session.phase(), Phase::Ending | Phase::Ended);
    let mut visitor = Visitor::new(script, claim.agent_lines_ms, claim.visitor_lines, ended);
    let mut in_flight = JoinSet::new();
    // What the store holds; unknown until this owner's first write.
    let mut stored: Option<String> = None;
    let sleep = tokio::time::sleep(Duration::ZERO);
    tokio::pin!(sleep);
    loop {
        let now = Instant::now();
        let now_ms = unix_ms();
        let mut write = DrainWrite::new(fence.clone(), now_ms);
        let mut transmits = Vec::new();
        let mut finished = false;
        // The visitor's move, if due, then the drain, until nothing more is due. Each move
        // advances the script, so this ends.
        let wake = loop {
            let due = |visitor: &Visitor, session: &ChatSession| {
                visitor
                    .next()
                    .filter(|(_, due)| *due <= now_ms)
                    .filter(|_| !matches!(session.phase(), Phase::Ending | Phase::Ended))
            };
            if let Some((next, _)) = due(&visitor, &session).filter(|_| !finished) {
                make(g, &mut session, &mut visitor, &mut write, &next, now);
            }
            let wake = loop {
                match session.poll_output() {
                    Output::Transmit(transmit) => transmits.push(transmit),
                    Output::Event(event) => {
                        finished |= keep(&mut visitor, &mut write, event, now_ms);
                    }
                    Output::Wait(at) => break at,
                }
            };
            if finished || due(&visitor, &session).is_none() {
                break wake;
            }
        };
        g.drains.fetch_add(1, Ordering::Relaxed);
        if !finished && session.phase() == Phase::Ended {
            // Only a snapshot written by hand gets here: an ended session that will say no more.
            finished = true;
            write.finish = Some(Finish::Ended("ended before it was resumed".to_owned()));
        }

        // Store what the drain did before any of its requests leave.
        if Instant::now() >= lease.valid_until {
            return Stop::LostLease;
        }
        let snapshot = match serde_json::to_string(&session.snapshot()) {
            Ok(json) => json,
            Err(e) => return Stop::StoreTrouble(format!("snapshot not serialisable: {e}")),
        };
        let changed = stored.as_deref() != Some(snapshot.as_str()) || write.has_news();
        if changed || now >= lease.renewed + g.args.renew {
            if changed {
                write.snapshot = Some(snapshot.clone());
            }
            let sent = Instant::now();
            let written = g.write(write);
            match written {
                Ok(Written::Stored) => {
                    lease = Lease::from(sent, g.args.lease);
                    stored = Some(snapshot);
                }
                Ok(Written::Lost) => return Stop::LostLease,
                Ok(Written::Refused(why)) => return Stop::StoreTrouble(why),
                Err(e) => return Stop::StoreTrouble(e.to_string()),
            }
        }
        if finished {
            return Stop::Ended;
        }

        for transmit in transmits {
            g.requests.fetch_add(1, Ordering::Relaxed);
            let g = Arc::clone(g);
            let fence = fence.clone();
            let valid_until = lease.valid_until;
            in_flight.spawn(async move {
                // Checked again right before it leaves: the task may have waited its turn.
                if Instant::now() >= valid_until {
                    return (
                        transmit.id,
                        Err(TransportError::not_sent("the lease may have lapsed")),
                    );
                }
                g.journal
                    .note("send", &fence, &format!("{:?}", transmit.kind));
                let (id, outcome) = g.transport.perform_transmit(transmit).await;
                if outcome.as_ref().is_ok_and(|r| r.status().is_success()) {
                    g.journal.note("ok", &fence, "");
                }
                (id, outcome)
            });
        }

        let now = Instant::now();
        let now_ms = unix_ms();
        let visitor_due = visitor.next().map(|(_, due)| instant_of(due, now, now_ms));
        let deadline = [
            wake,
            visitor_due,
            Some(lease.renewed + g.args.renew),
            Some(lease.valid_until),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(lease.valid_until);
        sleep
            .as_mut()
            .reset(tokio::time::Instant::from_std(deadline));
        tokio::select! {
            Some(joined) = in_flight.join_next() => {
                let Ok((id, outcome)) = joined else {
                    return Stop::StoreTrouble("a request task failed".to_owned());
                };
                if let Err(error) = &outcome {
                    g.problem(|| format!("chat {}: {error}", fence.chat));
                }
                if let Err(e) = async_transport::report(&mut session, id, outcome, Instant::now()) {
                    g.problem(|| format!("chat {}: {e}", fence.chat));
                }
            }
            () = &mut sleep => session.handle_timeout(Instant::now()),
        }
    }
}

/// A chat never started: the session, with the chat request marked as this chat's so the
/// server's record names it, and the request sent.
fn start(
    g: &Gateway,
    fence: &Fence,
    seed: u64,
    now: Instant,
) -> Result<ChatSession, lp_server_chat::Error> {
    let mut session = ChatSession::new(Arc::clone(&g.config), now, seed)?;
    session.chat_request_mut()?.chat_referrer = Some(format!("gateway://chat/{}", fence.chat));
    session.request_chat(now)?;
    Ok(session)
}

/// Makes the visitor's move: a line (the second one also asks for the chat's info, a one-shot
/// call that a takeover must not lose), or the end.
fn make(
    g: &Gateway,
    session: &mut ChatSession,
    visitor: &mut Visitor,
    write: &mut DrainWrite,
    next: &Move,
    now: Instant,
) {
    let chat = write.fence.chat;
    match next {
        Move::Say(seq) => {
            let text = visitor.script().line(*seq).to_owned();
            match session.send_line(text.clone(), now) {
                Ok(_) => write.visitor_lines.push((*seq, text)),
                Err(e) => g.problem(|| format!("chat {chat}: line {seq}: {e}")),
            }
            if *seq == 2 {
                if let Err(e) = session.fetch_chat_info(now) {
                    g.problem(|| format!("chat {chat}: chat info: {e}"));
                }
            }
        }
        Move::End => {
            if let Err(e) = session.end_chat(now) {
                g.problem(|| format!("chat {chat}: end: {e}"));
            }
        }
    }
    // Made even when the session refused it: asking again could not go better.
    visitor.made(next);
}

/// Notes an event for the store (and the visitor); true when the chat is over.
fn keep(visitor: &mut Visitor, write: &mut DrainWrite, event: Event, now_ms: i64) -> bool {
    let mut finished = false;
    let stored = match &event {
        Event::Line {
            event_id: id, line, ..
        } => {
            let kind = match line.source {
                LineSource::Agent => {
                    visitor.on_agent_line(now_ms);
                    "agent_line"
                }
                LineSource::Visitor => "visitor_echo",
                _ => "system_line",
            };
            StoredEvent {
                kind,
                event_id: i64::try_from(*id).ok(),
                text: line.text.clone(),
            }
        }
        Event::ChatCreated { url } => {
            write.chat_url = Some(url.clone());
            StoredEvent {
                kind: "chat_created",
                event_id: None,
                text: url.clone(),
            }
        }
        Event::LineDelivered { line, event_id } => StoredEvent {
            kind: "line_delivered",
            event_id: event_id.and_then(|id| i64::try_from(id).ok()),
            text: line.to_string(),
        },
        Event::LineFailed { line, reason } => StoredEvent {
            kind: "line_failed",
            event_id: None,
            text: format!("{line}: {reason:?}"),
        },
        Event::OpCompleted { op, result } => StoredEvent {
            kind: "call_completed",
            event_id: None,
            text: format!("{op}: {}", kind_of_result(result)),
        },
        Event::OpFailed { op, failure } => StoredEvent {
            kind: "call_failed",
            event_id: None,
            text: format!("{op}: {failure:?}"),
        },
        Event::ChatEnded { reason } => {
            finished = true;
            write.finish = Some(Finish::Ended(format!("{reason:?}")));
            StoredEvent {
                kind: "chat_ended",
                event_id: None,
                text: format!("{reason:?}"),
            }
        }
        other => StoredEvent {
            kind: "other",
            event_id: None,
            text: format!("{other:?}"),
        },
    };
    write.events.push(stored);
    finished
}

fn kind_of_result(result: &lp_server_chat::OpResult) -> &'static str {
    use lp_server_chat::OpResult;
    match result {
        OpResult::Info(_) => "info",
        OpResult::Accepted => "accepted",
        _ => "other",
    }
}
