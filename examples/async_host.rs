//! Many chats at once on tokio, as a chat gateway would hold them: each chat the same
//! `ChatSession` the blocking example drives, performed by the async adapter (hyper), against the
//! emulator served over HTTP on 127.0.0.1 from its own thread.
//!
//! ```text
//! cargo run --example async_host                                  # 50 chats of ~2 minutes
//! cargo run --example async_host -- --chats 20 --fast             # seconds, for tests
//! ulimit -n 65536; cargo run --release --example async_host -- --chats 10000
//! ulimit -n 65536; cargo run --release --example async_host -- --chats 10000 --sdk
//! ```
//!
//! Each chat is a tokio task of one `JoinSet`, owning its session; a request is a task of the
//! chat's own `JoinSet`, so a poll waiting on the server never holds up a line. The task waits
//! with `tokio::select!` for a finished request or the earliest deadline (the session's, or the
//! visitor's next move). All chats share one `Arc<ChatConfig>` and one pooled hyper client. A
//! task per chat is lean enough (a few KiB of client heap per chat): no slab or timer wheel of
//! our own is needed. The client runs on the main thread (`--threads 1`, the default): a
//! request is tens of microseconds of client work, and tokio workers handing tasks to each
//! other cost more CPU than they save at that grain.
//!
//! The people, drawn per chat from a seeded generator: the agent accepts 5–15 s after the chat
//! request, types 2–5 s and greets; the visitor answers 2–10 s after each agent line; the agent
//! replies 5–60 s after each visitor line, typing for the last 2–8 s of that wait; the visitor
//! ends the chat 110–130 s after requesting it. The agent is driven through `Emulator::agent_*`
//! by tasks on the server's runtime, so its work counts as the emulator's. `--fast` runs the same
//! timeline 40 times faster and polls every 100 ms.
//!
//! Before the chats it prints the process's baseline RSS; at the end memory, CPU (the client's
//! and the emulator thread's apart), requests per chat-minute and how late agent lines arrived,
//! then the summary as its last line. The exit status is non-zero if any chat failed.
//!
//! The chats share the client's pool of keep-alive connections, one per request in flight: few
//! while the server keeps up, but when it falls behind every chat holds one, on both sides of the
//! loopback. So thousands of chats may need more open files than the usual 1024: raise the limit
//! first (`ulimit -n 65536`) where the shell may. The program warns when it looks too low.
//!
//! Both sides run in this one process, so the RSS per chat is the client's and the emulator's
//! together; the `heap:` line splits it by thread (see `heap_split`). CPU times come from
//! /proc in clock ticks, taken to be 100 a second (see `CLOCK_TICKS_PER_S`).

#[path = "support/args.rs"]
mod args;
#[path = "support/async_transport.rs"]
mod async_transport;
#[path = "support/loopback.rs"]
#[allow(dead_code)] // `start_on` serves the emulator server.
mod loopback;
#[path = "support/rng.rs"]
#[allow(dead_code)] // The people draw numbers and indices, not durations.
mod rng;

use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{Emulator, EmulatorConfig};
use lp_server_chat::wire::LineSource;
use lp_server_chat::{ChatConfig, ChatSession, EndReason, Event, Output, PollPolicy};
use tokio::task::JoinSet;

use async_transport::AsyncTransport;
use rng::Rng;

const HELP: &str = "\
Runs many chats at once against an emulated service on 127.0.0.1, on tokio, and measures them.

Usage: async_host [--chats N] [--fast] [--sdk] [--ramp SECONDS] [--threads N]

  --chats N       how many chats (default 50)
  --fast          the same chats 40 times faster, polling every 100 ms (for tests)
  --sdk           poll at the fixed 2 s cadence of LivePerson's JS Chat SDK instead of the
                  crate's default policy
  --ramp SECONDS  spread the chat requests over this long (default: 500 chats a second)
  --threads N     client threads: 1 (default) runs every chat on the main thread, more a
                  multi-threaded tokio runtime; the emulator always has a thread of its own

The last line is
  summary: chats=N completed=N failed=N requests=N elapsed_s=F rss_mb=F cpu_s=F p95_line_delay_ms=F
with rss_mb the highest VmRSS seen while the chats ran (MiB), cpu_s the whole process's user and
system time, and the delay from the agent line's time on the server to the session's Event::Line.
Thousands of chats need a higher open-file limit: ulimit -n 65536.";

const GREETING: &str = "Hi, I'm Dana. How can I help you today?";
const AGENT_LINES: [&str; 5] = [
    "Let me check that for you.",
    "I can see the charge on your account from March 3rd.",
    "That fee was applied in error; I have refunded it.",
    "Is there anything else I can help you with?",
    "You will see the refund within 3 to 5 business days.",
];

/// Linux reports process and thread CPU times in clock ticks of `sysconf(_SC_CLK_TCK)`, which is
/// 100 on every mainstream Linux build. Reading it needs libc (unsafe) or a crate: it is assumed.
const CLOCK_TICKS_PER_S: f64 = 100.0;

struct Args {
    chats: usize,
    fast: bool,
    sdk: bool,
    ramp: Option<Duration>,
    threads: usize,
}

/// `None` when `--help` was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        chats: 50,
        fast: false,
        sdk: false,
        ramp: None,
        threads: 1,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--fast" => parsed.fast = true,
            "--sdk" => parsed.sdk = true,
            "--chats" => {
                parsed.chats = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--chats needs a number")?;
            }
            "--threads" => {
                parsed.threads = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n >= 1)
                    .ok_or("--threads needs a number from 1")?;
            }
            "--ramp" => {
                let seconds: f64 = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|s: &f64| s.is_finite() && *s >= 0.0)
                    .ok_or("--ramp needs a number of seconds")?;
                parsed.ramp = Some(Duration::from_secs_f64(seconds));
            }
            other => return Err(format!("unknown option `{other}` (try --help)")),
        }
    }
    Ok(Some(parsed))
}

fn main() -> ExitCode {
    let args = match args::from_command_line("async_host", HELP, parse_args) {
        Ok(args) => args,
        Err(exit) => return exit,
    };
    // One thread by default (see the module docs). The server's thread is named `emulator`, so
    // that its CPU time can be told from the client's.
    let runtime = if args.threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(args.threads)
            .thread_name("client")
            .enable_all()
            .build()
    };
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("async_host: cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("async_host: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How the people in every chat behave: the default timeline, or a faster one for tests.
#[derive(Clone, Copy)]
struct Pace {
    /// Every duration of the timeline is divided by this.
    speedup: u32,
}

impl Pace {
    /// A duration between `low_ms` and `high_ms` (at normal pace), drawn from `rng`.
    fn between(self, rng: &mut Rng, low_ms: u64, high_ms: u64) -> Duration {
        Duration::from_millis(rng.between(low_ms, high_ms)) / self.speedup
    }

    /// After the visitor's end, how long a chat may take to finish before it counts as failed.
    fn grace(self) -> Duration {
        Duration::from_secs(60) / self.speedup
    }
}

/// What the chats share: the server, the client, the configuration and the counters.
struct Host {
    config: Arc<ChatConfig>,
    transport: AsyncTransport,
    agent: Agent,
    pace: Pace,
    /// Requests sent, all chats.
    requests: AtomicU64,
    /// Chats started and not yet over.
    live: AtomicUsize,
    /// The first few problems are printed; the rest only counted.
    problems: AtomicU32,
}

impl Host {
    fn problem(&self, text: impl FnOnce() -> String) {
        const SHOWN: u32 = 20;
        match self.problems.fetch_add(1, Ordering::Relaxed) {
            n if n < SHOWN => eprintln!("{}", text()),
            SHOWN => eprintln!("(further problems are only counted)"),
            _ => {}
        }
    }
}

/// The emulated agent: tasks on the server's runtime that act through `Emulator::agent_*`.
struct Agent {
    emulator: Arc<Mutex<Emulator>>,
    runtime: tokio::runtime::Handle,
    /// When the emulator's clock started, as an instant and in Unix milliseconds: turns the time
    /// printed on an event back into an instant.
    epoch: (Instant, u64),
}

impl Agent {
    fn act(emulator: &Mutex<Emulator>, act: impl FnOnce(&mut Emulator, Instant)) {
        if let Ok(mut emu) = emulator.lock() {
            act(&mut emu, Instant::now());
        }
    }

    /// Accepts `accept_in` from now, shows typing, and greets `greet_in` later.
    fn accept(&self, chat: String, accept_in: Duration, greet_in: Duration) {
        let emulator = Arc::clone(&self.emulator);
        self.runtime.spawn(async move {
            tokio::time::sleep(accept_in).await;
            Agent::act(&emulator, |emu, now| {
                emu.agent_accept(&chat, now);
                emu.agent_typing(&chat, true, now);
            });
            tokio::time::sleep(greet_in).await;
            Agent::act(&emulator, |emu, now| {
                emu.agent_say(&chat, GREETING, now);
            });
        });
    }

    /// Starts typing `typing_in` from now and says `text` at `reply_in`.
    fn reply(&self, chat: String, typing_in: Duration, reply_in: Duration, text: &'static str) {
        let emulator = Arc::clone(&self.emulator);
        self.runtime.spawn(async move {
            tokio::time::sleep(typing_in).await;
            Agent::act(&emulator, |emu, now| {
                emu.agent_typing(&chat, true, now);
            });
            tokio::time::sleep(reply_in.saturating_sub(typing_in)).await;
            Agent::act(&emulator, |emu, now| {
                emu.agent_say(&chat, text, now);
            });
        });
    }

    /// The instant an event was stamped with, from its printed time.
    fn said_at(&self, time: &str) -> Option<Instant> {
        let ms = unix_ms_of(time)?;
        let (at, unix_ms) = self.epoch;
        Some(at + Duration::from_millis(ms.checked_sub(unix_ms)?))
    }
}

/// What one chat reports when it is over.
struct ChatReport {
    /// Why it did not complete, if it did not.
    failure: Option<String>,
    /// From the chat request to the end.
    lasted: Duration,
    /// Each agent line's delay, agent's time on the server to `Event::Line`.
    delays: Vec<Duration>,
}

async fn run(args: &Args) -> Result<bool, String> {
    let pace = Pace {
        speedup: if args.fast { 40 } else { 1 },
    };
    let mut epoch = (Instant::now(), 0);
    let server = loopback::start(|origin| {
        let start_unix_ms = loopback::unix_ms_now();
        epoch = (Instant::now(), start_unix_ms);
        EmulatorConfig {
            origin: origin.to_owned(),
            start_unix_ms,
            utc_offset_minutes: 0,
            ..EmulatorConfig::default()
        }
    })?;
    let account = server
        .emulator
        .lock()
        .map_err(|_| "emulator lock poisoned")?
        .config()
        .account_id
        .clone();
    // The same path as with LivePerson: ask the (emulated) Domain API where the chat host is.
    let mut config = server.client_config(&account, args.fast);
    let policy = if args.fast {
        "fixed 100 ms (--fast)"
    } else if args.sdk {
        config.poll = PollPolicy::fixed(Duration::from_secs(2));
        "fixed 2 s (--sdk)"
    } else {
        "the default PollPolicy"
    };
    let ramp = args
        .ramp
        .unwrap_or(Duration::from_millis(args.chats as u64 * 2));
    println!(
        "async_host: {} chats, polling {policy}, requests spread over {:.1} s, emulator on {}",
        args.chats,
        ramp.as_secs_f64(),
        server.origin
    );
    check_open_files(args.chats);

    let host = Arc::new(Host {
        config: Arc::new(config),
        transport: AsyncTransport::new(),
        agent: Agent {
            emulator: Arc::clone(&server.emulator),
            runtime: server.runtime.clone(),
            epoch,
        },
        pace,
        requests: AtomicU64::new(0),
        live: AtomicUsize::new(0),
        problems: AtomicU32::new(0),
    });
    let baseline = Proc::read();
    println!(
        "baseline: rss_mb={:.1} (server and client up, no chat yet)",
        baseline.rss_mb()
    );

    let base_heaps = heap_split();
    let started = tokio::time::Instant::now();
    let peak = Arc::new(Mutex::new(Peak {
        rss_kib: baseline.rss_kib,
        live: 0,
        heaps: None,
    }));
    let sampler = tokio::spawn(sample_memory(Arc::clone(&host), Arc::clone(&peak)));
    let mut chats = JoinSet::new();
    for index in 0..args.chats {
        let at = started + ramp.mul_f64(index as f64 / args.chats.max(1) as f64);
        chats.spawn(run_chat(index, at, Arc::clone(&host)));
    }
    let mut completed = 0usize;
    let mut failures = Vec::new();
    let mut delays = Vec::new();
    let mut chat_time = Duration::ZERO;
    while let Some(joined) = chats.join_next().await {
        match joined {
            Ok(report) => {
                chat_time += report.lasted;
                delays.extend(report.delays);
                match report.failure {
                    None => completed += 1,
                    Some(why) => failures.push(why),
                }
            }
            Err(e) => failures.push(format!("a chat task failed: {e}")),
        }
    }
    let elapsed = started.elapsed();
    sampler.abort();
    let end = Proc::read();
    let emulator_cpu = Cpu::of_threads("emulator");
    let client_cpu = end.cpu.minus(emulator_cpu);
    for why in failures.iter().take(10) {
        eprintln!("{why}");
    }

    let peak = std::mem::replace(
        &mut *peak.lock().map_err(|_| "sampler lock poisoned")?,
        Peak {
            rss_kib: 0,
            live: 0,
            heaps: None,
        },
    );
    let peak_kib = peak.rss_kib.max(end.rss_kib);
    let live = peak.live.max(1) as f64;
    let chat_minutes = chat_time.as_secs_f64() / 60.0;
    let requests = host.requests.load(Ordering::Relaxed);
    let cpu = end.cpu.seconds();
    let per_minute = |x: f64| {
        if chat_minutes > 0.0 {
            x / chat_minutes
        } else {
            0.0
        }
    };
    delays.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = delays
        .get((delays.len() * 95).div_ceil(100).max(1) - 1)
        .copied()
        .unwrap_or_default();
    let mean = delays.iter().sum::<Duration>() / u32::try_from(delays.len().max(1)).unwrap_or(1);

    println!(
        "memory: peak_rss_mb={:.1} with {} chats live: {:.1} KiB per chat above the baseline, client and emulator together (VmHWM {:.1} MiB)",
        peak_kib as f64 / 1024.0,
        peak.live,
        peak_kib.saturating_sub(baseline.rss_kib) as f64 / live,
        end.hwm_kib as f64 / 1024.0,
    );
    match (base_heaps, peak.heaps) {
        (Some((main0, other0)), Some((main, other))) if args.threads == 1 => println!(
            "heap: client {:.1} KiB per chat (main thread's arena), emulator {:.1} KiB per chat (its thread's arena), at the peak above baseline (indicative)",
            main.saturating_sub(main0) as f64 / live,
            other.saturating_sub(other0) as f64 / live,
        ),
        _ => println!("heap: not split (needs --threads 1 and glibc)"),
    }
    println!(
        "cpu: client {} s, emulator thread {} s; per chat-minute client {:.3} ms, emulator {:.3} ms (clock ticks of 1/{CLOCK_TICKS_PER_S} s)",
        client_cpu.show(),
        emulator_cpu.show(),
        per_minute(client_cpu.seconds() * 1000.0),
        per_minute(emulator_cpu.seconds() * 1000.0),
    );
    println!(
        "network: chat_minutes={chat_minutes:.1} requests_per_chat_minute={:.1} problems={}",
        per_minute(requests as f64),
        host.problems.load(Ordering::Relaxed),
    );
    println!(
        "delay: agent_lines={} mean_ms={:.1} p95_ms={:.1} max_ms={:.1}",
        delays.len(),
        ms(mean),
        ms(p95),
        ms(delays.last().copied().unwrap_or_default()),
    );
    println!(
        "summary: chats={} completed={completed} failed={} requests={requests} elapsed_s={:.2} rss_mb={:.1} cpu_s={cpu:.2} p95_line_delay_ms={:.1}",
        args.chats,
        failures.len(),
        elapsed.as_secs_f64(),
        peak_kib as f64 / 1024.0,
        ms(p95),
    );
    Ok(failures.is_empty() && completed == args.chats)
}

/// The most memory seen while the chats ran.
struct Peak {
    /// The highest VmRSS.
    rss_kib: u64,
    /// The most chats live at once.
    live: usize,
    /// The heap split (see [`heap_split`]) when the RSS was last at a new high.
    heaps: Option<(u64, u64)>,
}

/// Samples VmRSS four times a second, and the heap split at each new high of 5 % or more
/// (reading smaps walks the whole address space, so not every time).
async fn sample_memory(host: Arc<Host>, peak: Arc<Mutex<Peak>>) {
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let mut split_at = 0;
    loop {
        tick.tick().await;
        let rss = Proc::read().rss_kib;
        let live = host.live.load(Ordering::Relaxed);
        let heaps = if rss > split_at + split_at / 20 {
            split_at = rss;
            heap_split()
        } else {
            None
        };
        if let Ok(mut peak) = peak.lock() {
            peak.rss_kib = peak.rss_kib.max(rss);
            peak.live = peak.live.max(live);
            if heaps.is_some() {
                peak.heaps = heaps;
            }
        }
    }
}

/// The visitor's side of one chat, and what it has seen.
struct Visitor {
    rng: Rng,
    chat: Option<String>,
    /// When to send the next line, if one is due.
    next_line: Option<Instant>,
    /// When to end the chat; `None` once asked.
    end_at: Option<Instant>,
    lines_sent: u32,
    lines_delivered: u32,
    greeted: bool,
    failure: Option<String>,
    ended: Option<EndReason>,
    delays: Vec<Duration>,
}

/// One chat from request to end.
async fn run_chat(index: usize, at: tokio::time::Instant, host: Arc<Host>) -> ChatReport {
    tokio::time::sleep_until(at).await;
    host.live.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    let mut visitor = Visitor {
        rng: Rng::new(index as u64),
        chat: None,
        next_line: None,
        end_at: None,
        lines_sent: 0,
        lines_delivered: 0,
        greeted: false,
        failure: None,
        ended: None,
        delays: Vec::new(),
    };
    let end_at = started + host.pace.between(&mut visitor.rng, 110_000, 130_000);
    visitor.end_at = Some(end_at);
    let give_up = end_at + host.pace.grace();
    let failure = drive(index, &host, &mut visitor, started, give_up)
        .await
        .err()
        .or(visitor.failure.take());
    host.live.fetch_sub(1, Ordering::Relaxed);
    ChatReport {
        failure: failure.map(|why| format!("chat {index}: {why}")),
        lasted: started.elapsed(),
        delays: visitor.delays,
    }
}

/// Runs the session until the chat has ended; `Err` says why it cannot go on.
async fn drive(
    index: usize,
    host: &Arc<Host>,
    visitor: &mut Visitor,
    started: Instant,
    give_up: Instant,
) -> Result<(), String> {
    let mut session = ChatSession::new(Arc::clone(&host.config), started, index as u64)
        .map_err(|e| e.to_string())?;
    session.request_chat(started).map_err(|e| e.to_string())?;
    let mut in_flight = JoinSet::new();
    let sleep = tokio::time::sleep_until(tokio::time::Instant::from_std(give_up));
    tokio::pin!(sleep);
    loop {
        let wake = loop {
            match session.poll_output() {
                Output::Transmit(transmit) => {
                    host.requests.fetch_add(1, Ordering::Relaxed);
                    let host = Arc::clone(host);
                    in_flight.spawn(async move { host.transport.perform_transmit(transmit).await });
                }
                Output::Event(event) => visitor.on_event(index, host, event),
                Output::Wait(at) => break at,
            }
        };
        if let Some(reason) = &visitor.ended {
            return match reason {
                EndReason::Visitor if visitor.end_at.is_none() => visitor.check(),
                other => Err(format!("ended early: {other:?}")),
            };
        }
        let deadline = [wake, visitor.next_line, visitor.end_at, Some(give_up)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(give_up);
        sleep
            .as_mut()
            .reset(tokio::time::Instant::from_std(deadline));
        tokio::select! {
            Some(joined) = in_flight.join_next() => {
                let (id, outcome) = joined.map_err(|e| format!("request task failed: {e}"))?;
                if let Err(error) = &outcome {
                    host.problem(|| format!("chat {index}: {error}"));
                }
                async_transport::report(&mut session, id, outcome, Instant::now())
                    .map_err(|e| e.to_string())?;
            }
            () = &mut sleep => {
                let now = Instant::now();
                if now >= give_up {
                    return Err(format!("not over {:.1} s after the visitor's end", host.pace.grace().as_secs_f64()));
                }
                visitor.on_timer(&mut session, now)?;
                session.handle_timeout(now);
            }
        }
    }
}

impl Visitor {
    /// Takes note of an event; the visitor's answers wait for their time.
    fn on_event(&mut self, index: usize, host: &Host, event: Event) {
        let now = Instant::now();
        let pace = host.pace;
        match event {
            Event::ChatCreated { url } => {
                let chat = url.rsplit('/').next().unwrap_or_default().to_owned();
                let accept_in = pace.between(&mut self.rng, 5_000, 15_000);
                let greet_in = pace.between(&mut self.rng, 2_000, 5_000);
                host.agent.accept(chat.clone(), accept_in, greet_in);
                self.chat = Some(chat);
            }
            Event::Line { time, line, .. } if line.source == LineSource::Agent => {
                self.greeted = true;
                match time.as_deref().and_then(|t| host.agent.said_at(t)) {
                    Some(said) => self.delays.push(now.saturating_duration_since(said)),
                    None => host.problem(|| {
                        format!("chat {index}: agent line without a usable time: {time:?}")
                    }),
                }
                let answer_at = now + pace.between(&mut self.rng, 2_000, 10_000);
                if self.end_at.is_some_and(|end| answer_at < end) {
                    self.next_line = Some(answer_at);
                }
            }
            Event::LineDelivered { .. } => {
                self.lines_delivered += 1;
                if let Some(chat) = &self.chat {
                    let reply_in = pace.between(&mut self.rng, 5_000, 60_000);
                    let typing_for = pace.between(&mut self.rng, 2_000, 8_000);
                    let text = AGENT_LINES[self.rng.below(AGENT_LINES.len())];
                    host.agent.reply(
                        chat.clone(),
                        reply_in.saturating_sub(typing_for),
                        reply_in,
                        text,
                    );
                }
            }
            Event::LineFailed { line, reason } => {
                self.failure
                    .get_or_insert(format!("line {line} failed: {reason:?}"));
            }
            Event::RequestFailed { kind, failure } => {
                host.problem(|| format!("chat {index}: {kind:?} failed: {failure:?}"));
            }
            Event::ProtocolError { kind, detail } => {
                host.problem(|| format!("chat {index}: unexpected answer to {kind:?}: {detail}"));
            }
            Event::Retrying {
                kind,
                cause,
                attempt,
                after,
                ..
            } => {
                host.problem(|| {
                    format!(
                        "chat {index}: {kind:?} failed ({cause:?}); attempt {attempt} in {:.1} s",
                        after.as_secs_f64()
                    )
                });
            }
            Event::ChatEnded { reason } => self.ended = Some(reason),
            _ => {}
        }
    }

    /// Does what is due by `now`: the next line, or the end.
    fn on_timer(&mut self, session: &mut ChatSession, now: Instant) -> Result<(), String> {
        if self.next_line.is_some_and(|at| at <= now) {
            self.next_line = None;
            self.lines_sent += 1;
            let text = format!("Visitor answer number {}.", self.lines_sent);
            session.send_line(text, now).map_err(|e| e.to_string())?;
        }
        if self.end_at.is_some_and(|at| at <= now) {
            self.end_at = None;
            self.next_line = None;
            session.end_chat(now).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// A chat the visitor ended: complete if the agent greeted and every line arrived.
    fn check(&mut self) -> Result<(), String> {
        if let Some(why) = self.failure.take() {
            return Err(why);
        }
        if !self.greeted {
            return Err("no agent line before the end".to_owned());
        }
        if self.lines_delivered != self.lines_sent {
            return Err(format!(
                "{} of {} lines delivered",
                self.lines_delivered, self.lines_sent
            ));
        }
        Ok(())
    }
}

/// Milliseconds since the Unix epoch of a time as the service prints it,
/// `2017-12-06T16:29:45.438-05:00`.
fn unix_ms_of(time: &str) -> Option<u64> {
    let num = |from: usize, to: usize| time.get(from..to)?.parse::<i64>().ok();
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second, milli) = (num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?);
    let sign = match time.as_bytes().get(23)? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let offset_minutes = sign * (num(24, 26)? * 60 + num(27, 29)?);
    // Days from 1970-01-01 to the date (H. Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let local_s = days * 86_400 + hour * 3_600 + minute * 60 + second;
    u64::try_from((local_s - offset_minutes * 60) * 1_000 + milli).ok()
}

/// What /proc says about this process.
struct Proc {
    rss_kib: u64,
    hwm_kib: u64,
    cpu: Cpu,
}

impl Proc {
    fn read() -> Self {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kib = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        Proc {
            rss_kib: kib("VmRSS:"),
            hwm_kib: kib("VmHWM:"),
            cpu: Cpu::of("/proc/self/stat"),
        }
    }

    fn rss_mb(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
}

/// CPU time, in clock ticks.
#[derive(Clone, Copy, Default)]
struct Cpu {
    user: u64,
    system: u64,
}

impl Cpu {
    /// utime and stime from a `stat` file of /proc (fields 14 and 15, counted after the command
    /// name, which may itself hold spaces and parentheses). A process's include its ended
    /// threads'.
    fn of(path: &str) -> Self {
        let stat = std::fs::read_to_string(path).unwrap_or_default();
        let Some((_, after_name)) = stat.rsplit_once(')') else {
            return Cpu::default();
        };
        // `after_name` starts at field 3 (state).
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        let field = |n: usize| {
            fields
                .get(n - 3)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        Cpu {
            user: field(14),
            system: field(15),
        }
    }

    /// The threads of this process named `name`.
    fn of_threads(name: &str) -> Self {
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
            return Cpu::default();
        };
        tasks
            .flatten()
            .filter(|task| {
                std::fs::read_to_string(task.path().join("comm"))
                    .is_ok_and(|comm| comm.trim() == name)
            })
            .map(|task| Cpu::of(&task.path().join("stat").to_string_lossy()))
            .fold(Cpu::default(), |sum, t| Cpu {
                user: sum.user + t.user,
                system: sum.system + t.system,
            })
    }

    fn minus(self, other: Cpu) -> Cpu {
        Cpu {
            user: self.user.saturating_sub(other.user),
            system: self.system.saturating_sub(other.system),
        }
    }

    fn seconds(self) -> f64 {
        (self.user + self.system) as f64 / CLOCK_TICKS_PER_S
    }

    fn show(self) -> String {
        format!(
            "{:.2} (user {:.2}, system {:.2})",
            self.seconds(),
            self.user as f64 / CLOCK_TICKS_PER_S,
            self.system as f64 / CLOCK_TICKS_PER_S
        )
    }
}

/// Resident heap of the main thread and of every other thread, from /proc/self/smaps.
///
/// glibc's malloc gives the main thread the `[heap]` (brk) arena and each other thread that
/// allocates an arena of its own, in 64 MiB-aligned mappings; memory goes back to the arena it
/// came from, whoever frees it. With the client on the main thread (`--threads 1`) and the
/// server on its own, that splits the heap between them. It is a good indication, not an
/// account: large blocks (128 KiB and up) are mapped on their own and counted in neither, and
/// glibc may move a thread that finds its arena locked to another one.
fn heap_split() -> Option<(u64, u64)> {
    const ARENA: u64 = 64 << 20;
    let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
    // (start, end, perms, path, rss_kib) per mapping.
    let mut maps: Vec<(u64, u64, String, String, u64)> = Vec::new();
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or_default();
        if let Some((start, end)) = first.split_once('-') {
            if let (Ok(start), Ok(end)) =
                (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16))
            {
                let perms = words.next().unwrap_or_default().to_owned();
                let path = words.nth(3).unwrap_or_default().to_owned();
                maps.push((start, end, perms, path, 0));
                continue;
            }
        }
        if let (Some(rss), Some(last)) = (line.strip_prefix("Rss:"), maps.last_mut()) {
            last.4 = rss.split_whitespace().next()?.parse().ok()?;
        }
    }
    let main = maps.iter().filter(|m| m.3 == "[heap]").map(|m| m.4).sum();
    let arenas = maps
        .iter()
        .enumerate()
        .filter(|(i, m)| {
            let reserved_end = maps
                .get(i + 1)
                .filter(|next| next.0 == m.1 && next.2 == "---p")
                .map_or(m.1, |next| next.1);
            m.2 == "rw-p" && m.3.is_empty() && m.0 % ARENA == 0 && reserved_end - m.0 == ARENA
        })
        .map(|(_, m)| m.4)
        .sum();
    Some((main, arenas))
}

/// Warns when the open-file limit looks too low for this many chats: each may hold a
/// connection on the client's side and one on the server's.
fn check_open_files(chats: usize) {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let soft: Option<u64> = limits
        .lines()
        .find_map(|l| l.strip_prefix("Max open files"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok());
    let wanted = chats as u64 * 2 + 256;
    if let Some(soft) = soft.filter(|soft| *soft < wanted) {
        eprintln!(
            "async_host: the open-file limit is {soft}; {chats} chats may need {wanted} if the server falls behind: raise it first where the shell may (ulimit -n 65536)"
        );
    }
}
