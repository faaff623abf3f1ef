//! The gateway example under real process deaths: the emulator in a process of its own, a
//! gateway driving many chats killed with SIGKILL at a random point mid-chat, a successor
//! started on the same store, and so on for several cycles. Then the emulator's record, the
//! store and the gateways' journals must agree: every visitor line on the server once, every
//! agent line in the store once and in order, no chat driven by two processes at once, none lost
//! to the idle timeout.
//!
//! CI runs 20 chats through 2 kills. The full run, whose figures the README quotes:
//!
//! ```text
//! GATEWAY_CRASH_CHATS=200 GATEWAY_CRASH_CYCLES=5 cargo test --release --test gateway_crash -- --nocapture
//! ```
//!
//! `GATEWAY_CRASH_SEED=N` repeats a run's kill times (the seed is printed). A failing run keeps
//! its directory (store, journals, every process's output) and names it.

#[path = "common/cargo.rs"]
mod cargo;
#[path = "gateway/check.rs"]
mod check;
#[path = "gateway/procs.rs"]
mod procs;
#[path = "../examples/support/rng.rs"]
#[allow(dead_code)] // The kill times are durations only.
mod rng;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use check::Kill;
use procs::{unix_us, Emulator, Proc};
use rng::Rng;

/// How big a run is.
struct Params {
    chats: u32,
    cycles: u32,
    seed: u64,
    /// Visitor lines per chat: enough that chats are still going at the last kill.
    lines: &'static str,
}

impl Params {
    fn from_env() -> Params {
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        let chats = var("GATEWAY_CRASH_CHATS").unwrap_or(20) as u32;
        let cycles = var("GATEWAY_CRASH_CYCLES").unwrap_or(2) as u32;
        Params {
            chats,
            cycles,
            seed: var("GATEWAY_CRASH_SEED").unwrap_or_else(|| unix_us() as u64 % 1_000_000),
            lines: if cycles <= 2 { "4..6" } else { "8..12" },
        }
    }
}

/// The lease the crash test's gateways take: a takeover waits this long at most after a kill.
const LEASE_MS: u64 = 5000;

/// How the gateways of one test run their chats.
struct Shape {
    chats: u32,
    lines: &'static str,
    think_ms: &'static str,
    lease_ms: u64,
    renew_ms: u64,
}

impl Shape {
    /// For the tests where one gateway stops once and a successor takes over: a few chats on a
    /// short lease, so the takeover comes soon.
    fn one_takeover(chats: u32, lines: &'static str) -> Shape {
        Shape {
            chats,
            lines,
            think_ms: "500..1000",
            lease_ms: 2500,
            renew_ms: 500,
        }
    }
}

/// Starts gateway `owner` on the run's store.
fn spawn_gateway(dir: &Path, emulator: &Emulator, owner: &str, shape: &Shape) -> Proc {
    Proc::spawn(
        owner,
        "gateway",
        &gateway_args(dir, emulator, owner, shape),
        dir,
    )
}

/// Starts gateway g0 and waits until it has created every chat and holds every open one.
fn start_first_gateway(dir: &Path, emulator: &Emulator, shape: &Shape) -> Proc {
    let db = dir.join("gateway.sqlite");
    let mut first = spawn_gateway(dir, emulator, "g0", shape);
    wait_until_holding(&db, &mut first, "g0");
    wait_until_created(&db, shape.chats);
    first
}

fn gateway_args(dir: &Path, emulator: &Emulator, owner: &str, shape: &Shape) -> Vec<String> {
    [
        "--base-url",
        &emulator.origin,
        "--db",
        &dir.join("gateway.sqlite").to_string_lossy(),
        "--chats",
        &shape.chats.to_string(),
        "--owner",
        owner,
        "--journal",
        &dir.join(format!("{owner}.journal")).to_string_lossy(),
        "--lease-ms",
        &shape.lease_ms.to_string(),
        "--renew-ms",
        &shape.renew_ms.to_string(),
        "--scan-ms",
        "200",
        "--poll-ms",
        "200",
        "--lines",
        shape.lines,
        "--think-ms",
        shape.think_ms,
        "--max-seconds",
        "600",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Open chats, and how many of them `owner` does not hold under a live lease.
fn holding(db: &Path, owner: &str) -> (u64, u64) {
    let Ok(conn) = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return (0, u64::MAX);
    };
    let _ = conn.busy_timeout(Duration::from_secs(5));
    let now_ms = unix_us() / 1000;
    conn.query_row(
        "SELECT count(*),
                count(*) FILTER (WHERE owner IS NOT ?1 OR lease_until_ms < ?2)
         FROM chats WHERE status = 'open'",
        rusqlite::params![owner, now_ms],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )
    .unwrap_or((0, u64::MAX))
}

/// Waits until `owner` holds every open chat; returns how many are open.
fn wait_until_holding(db: &Path, gateway: &mut Proc, owner: &str) -> u64 {
    match try_until_holding(db, gateway, owner, Duration::from_secs(60)) {
        Ok(open) => open,
        Err(why) => panic!("{why}"),
    }
}

/// Waits up to `limit` until `owner` holds every open chat; returns how many are open.
fn try_until_holding(
    db: &Path,
    gateway: &mut Proc,
    owner: &str,
    limit: Duration,
) -> Result<u64, String> {
    let started = Instant::now();
    loop {
        let (open, elsewhere) = holding(db, owner);
        if open > 0 && elsewhere == 0 {
            return Ok(open);
        }
        if let Some(status) = gateway.wait(Duration::ZERO) {
            panic!(
                "{owner} exited ({status}) before holding the chats:\n{}",
                gateway.err()
            );
        }
        if started.elapsed() >= limit {
            return Err(format!(
                "{owner} holds {} of {open} open chats after {} s",
                open.saturating_sub(elsewhere),
                limit.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The value of `key=` in a gateway's figures line.
fn figure(line: &str, key: &str) -> Option<u64> {
    line.split_whitespace()
        .find_map(|f| f.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
}

#[test]
fn gateways_killed_mid_chat_lose_and_repeat_no_line() {
    let params = Params::from_env();
    let dir = procs::run_dir("crash");
    let db = dir.join("gateway.sqlite");
    let emulator = Emulator::start(&dir);
    let mut rng = Rng::with_state(params.seed);
    let started = Instant::now();

    let mut gateways: Vec<Proc> = Vec::new();
    let mut journals: Vec<PathBuf> = Vec::new();
    let shape = Shape {
        chats: params.chats,
        lines: params.lines,
        think_ms: "1000..2500",
        lease_ms: LEASE_MS,
        renew_ms: 1000,
    };
    let mut spawn = |owner: &str, gateways: &mut Vec<Proc>| {
        journals.push(dir.join(format!("{owner}.journal")));
        gateways.push(spawn_gateway(&dir, &emulator, owner, &shape));
    };
    spawn("g0", &mut gateways);
    let mut kills = Vec::new();
    let mut open_at_kill = Vec::new();
    for cycle in 1..=params.cycles {
        let victim = format!("g{}", cycle - 1);
        let current = gateways.last_mut().expect("a gateway runs");
        let open = wait_until_holding(&db, current, &victim);
        // A random point of the chats' middle; the successor starts first and looks for chats
        // to take over the whole time.
        std::thread::sleep(rng.millis(1000, 4000));
        spawn(&format!("g{cycle}"), &mut gateways);
        std::thread::sleep(rng.millis(100, 600));
        let (open_now, _) = holding(&db, &victim);
        assert!(
            open_now > 0,
            "every chat ended before kill {cycle} ({open} were open a moment ago): lengthen the script"
        );
        let at_us = unix_us();
        gateways[cycle as usize - 1].kill();
        kills.push(Kill { victim, at_us });
        open_at_kill.push(open_now);
    }
    let last = gateways.last_mut().expect("a gateway runs");
    let status = last.wait(Duration::from_secs(300));
    let elapsed = started.elapsed();
    assert!(
        status.is_some_and(|s| s.success()),
        "the last gateway did not finish the chats ({status:?}) in {}:\n{}",
        dir.display(),
        last.err()
    );
    let record = emulator.record();
    let found = check::analyse(&db, &record, &journals, &kills);

    println!(
        "gateway crash test: {} chats, {} kills, seed {}, lease {:.1} s, {:.1} s in all; files in {}",
        params.chats,
        params.cycles,
        params.seed,
        LEASE_MS as f64 / 1000.0,
        elapsed.as_secs_f64(),
        dir.display()
    );
    for (i, ((taken, slowest), open)) in found.per_kill.iter().zip(&open_at_kill).enumerate() {
        println!(
            "  kill {}: g{i} with {open} chats open; {taken} taken over by g{}, the slowest after {slowest:.2} s",
            i + 1,
            i + 1
        );
    }
    println!(
        "  takeover (kill → the successor's first 2xx for the chat): p50 {:.2} s, p95 {:.2} s, max {:.2} s over {} takeovers",
        check::percentile(&found.takeovers, 50),
        found.takeover_p95(),
        check::percentile(&found.takeovers, 100),
        found.takeovers.len()
    );
    for gateway in &gateways {
        // A killed gateway's last figures are those of its last second.
        let out = gateway.out();
        if let Some(line) = out
            .lines()
            .rev()
            .find(|l| l.starts_with("stats:") || l.starts_with("gateway:"))
        {
            let f = |key: &str| figure(line, key).unwrap_or(0);
            println!(
                "  {}: store p95 {} µs per write (max {}), {} µs per drain; {} writes of {} drains, {} requests",
                gateway.name,
                f("store_p95_us"),
                f("store_max_us"),
                f("drain_p95_us"),
                f("writes"),
                f("drains"),
                f("requests"),
            );
        }
    }
    println!(
        "  lines: {} visitor, {} agent; misordered chats {}; orphan chats {}; chats lost {}; chat-info calls {} ({} not answered once); not taken over {}",
        found.visitor_lines,
        found.agent_lines,
        found.misordered,
        found.orphans,
        found.lost_chats,
        found.calls,
        found.calls_wrong,
        found.not_taken_over,
    );
    for problem in &found.problems {
        println!("  problem: {problem}");
    }
    println!(
        "gateway crash: cycles={} chats={} lost={} duplicated={} double_driven={} takeover_p95_s={:.2}",
        params.cycles,
        params.chats,
        found.lost,
        found.duplicated,
        found.double_driven,
        found.takeover_p95()
    );

    let clean = found.chats == params.chats as usize
        && found.lost == 0
        && found.duplicated == 0
        && found.double_driven == 0
        && found.misordered == 0
        && found.calls_wrong == 0
        && found.not_taken_over == 0;
    assert!(
        clean,
        "see the problems above; the run's files are in {}",
        dir.display()
    );
    drop(gateways);
    drop(emulator);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Waits until every chat of the store has a chat on the server.
fn wait_until_created(db: &Path, chats: u32) {
    let started = Instant::now();
    loop {
        let created = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|conn| {
                conn.busy_timeout(Duration::from_secs(5))?;
                conn.query_row(
                    "SELECT count(*) FROM chats WHERE chat_url IS NOT NULL",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap_or(0);
        if created == i64::from(chats) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{created} of {chats} chats created after 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_corrupt_or_hostile_snapshot_row_fails_that_chat_only() {
    let dir = procs::run_dir("corrupt");
    let db = dir.join("gateway.sqlite");
    let emulator = Emulator::start(&dir);
    let shape = Shape::one_takeover(8, "3..3");
    let mut first = start_first_gateway(&dir, &emulator, &shape);
    first.kill();

    // Four rows spoilt four ways, the other four left as the killed gateway wrote them.
    let conn = Connection::open(&db).expect("the store opens");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    for sql in [
        "UPDATE chats SET snapshot = 'not json {' WHERE chat = 4",
        "UPDATE chats SET snapshot = X'FF00FE' WHERE chat = 5",
        // Hostile: the chat moved to another host, where the app key would follow it.
        "UPDATE chats SET snapshot = replace(snapshot, '127.0.0.1', 'evil.example') WHERE chat = 6",
        "UPDATE chats SET snapshot = json_set(snapshot, '$.version', 99) WHERE chat = 7",
    ] {
        assert_eq!(conn.execute(sql, []).expect(sql), 1, "{sql}");
    }
    drop(conn);

    let mut second = spawn_gateway(&dir, &emulator, "g1", &shape);
    let status = second.wait(Duration::from_secs(120));
    assert!(
        status.is_some_and(|s| s.success()),
        "g1 did not finish ({status:?}):\n{}",
        second.err()
    );
    assert!(!second.err().contains("panicked"), "{}", second.err());
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("opens");
    let rows: Vec<(i64, String, String)> = conn
        .prepare("SELECT chat, status, coalesce(end_reason, '') FROM chats ORDER BY chat")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        })
        .expect("rows read");
    let shown = format!("{rows:#?}");
    for (chat, status, reason) in rows {
        if chat < 4 {
            assert_eq!(
                (status.as_str(), reason.as_str()),
                ("ended", "Visitor"),
                "{shown}"
            );
        } else {
            assert_eq!(status, "failed", "{shown}");
            assert!(
                reason.starts_with("snapshot") || reason.starts_with("resume"),
                "{shown}"
            );
        }
    }
    drop((first, second, emulator));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sends `signal` (STOP, CONT) to a child with the `kill` command: no unsafe code needed.
fn signal(proc: &Proc, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([format!("-{signal}"), proc.pid().to_string()])
        .status()
        .expect("the kill command runs");
    assert!(status.success(), "kill -{signal} {}: {status}", proc.pid());
}

#[test]
fn a_gateway_paused_past_its_lease_drives_and_writes_no_more() {
    let dir = procs::run_dir("paused");
    let db = dir.join("gateway.sqlite");
    let emulator = Emulator::start(&dir);
    let shape = Shape::one_takeover(10, "5..5");
    let mut first = start_first_gateway(&dir, &emulator, &shape);
    std::thread::sleep(Duration::from_millis(1500));
    // Frozen as a long GC pause or a stalled VM would freeze it; its leases run out meanwhile.
    signal(&first, "STOP");
    let paused_us = unix_us();
    let mut second = spawn_gateway(&dir, &emulator, "g1", &shape);
    // SQLite has one writer at a time: should g0 have been frozen inside a transaction, nobody
    // can write until it runs again, and g1 takes over only then.
    let frozen_in_a_transaction =
        try_until_holding(&db, &mut second, "g1", Duration::from_secs(30)).is_err();
    signal(&first, "CONT");

    for gateway in [&mut second, &mut first] {
        let status = gateway.wait(Duration::from_secs(120));
        assert!(
            status.is_some_and(|s| s.success()),
            "{} did not finish ({status:?}):\n{}",
            gateway.name,
            gateway.err()
        );
    }
    let journals = [dir.join("g0.journal"), dir.join("g1.journal")];
    let kills = [Kill {
        victim: "g0".to_owned(),
        at_us: paused_us,
    }];
    let found = check::analyse(&db, &emulator.record(), &journals, &kills);
    assert!(
        found.lost == 0
            && found.duplicated == 0
            && found.double_driven == 0
            && found.misordered == 0,
        "lost {} duplicated {} double-driven {} misordered {}: {:#?}; files in {}",
        found.lost,
        found.duplicated,
        found.double_driven,
        found.misordered,
        found.problems,
        dir.display()
    );
    // Awake again, g0 found every lease lapsed and let each chat go without a write.
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("opens");
    let late: i64 = conn
        .query_row(
            "SELECT count(*) FROM events e JOIN leases l ON l.chat = e.chat AND l.epoch = e.epoch
             WHERE l.owner = 'g0' AND e.stored_ms * 1000 > ?1",
            [paused_us],
            |r| r.get(0),
        )
        .expect("events read");
    assert_eq!(
        late,
        0,
        "g0 stored events after it was paused; files in {}",
        dir.display()
    );
    let lost_leases = figure(
        first
            .out()
            .lines()
            .rev()
            .find(|l| l.starts_with("gateway:"))
            .unwrap_or_default(),
        "lost_leases",
    );
    if frozen_in_a_transaction {
        println!("g0 was frozen inside a transaction: g1 took over after it ran again");
    } else {
        assert_eq!(lost_leases, Some(u64::from(shape.chats)), "{}", first.out());
    }
    drop((first, second, emulator));
    let _ = std::fs::remove_dir_all(&dir);
}
