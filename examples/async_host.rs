//! Many chats at once on tokio, each the same `ChatSession` the blocking example drives.
//!
//! ```text
//! cargo run --example async_host                     # 50 chats
//! cargo run --example async_host -- --chats 200 --fast
//! ```
//!
//! An emulated service runs on 127.0.0.1 (tiny_http on a background thread). Every chat asks
//! for an agent, waits for the greeting, sends two lines, waits for both answers and ends the
//! chat. All chats are tasks of one `JoinSet`; each task owns its session and waits with
//! `tokio::select!` for either a finished request or the session's deadline
//! (`tokio::time::sleep_until`). Retries and transport failures go to stderr as they happen.
//! The last line is a summary; the exit status is non-zero if any chat did not complete.

#[path = "support/loopback.rs"]
#[allow(dead_code)] // `start_on` and the server's runtime serve the other examples.
mod loopback;
#[path = "support/transport.rs"]
mod transport;

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig};
use lp_server_chat::wire::LineSource;
use lp_server_chat::{ChatConfig, ChatSession, EndReason, Event, Output};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use transport::{Outcome, Transport};

const HELP: &str = "\
Runs many chats at once against an emulated service on 127.0.0.1, on tokio.

Usage: async_host [--chats N] [--fast]

  --chats N   how many chats (default 50)
  --fast      the agent answers within a fraction of a second (default: 2 s to accept,
              1.5 s to answer)";

/// A chat that has not ended after this long counts as failed.
const CHAT_LIMIT: Duration = Duration::from_secs(120);

struct Args {
    chats: usize,
    fast: bool,
}

/// `None` when `--help` was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        chats: 50,
        fast: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--fast" => parsed.fast = true,
            "--chats" => {
                parsed.chats = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--chats needs a number")?;
            }
            other => return Err(format!("unknown option `{other}` (try --help)")),
        }
    }
    Ok(Some(parsed))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("async_host: {e}");
            return ExitCode::from(2);
        }
    };
    let config = match start_emulator(args.fast) {
        Ok(config) => Arc::new(config),
        Err(e) => {
            eprintln!("async_host: {e}");
            return ExitCode::FAILURE;
        }
    };

    let transport = Transport::new();
    let requests = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut chats = JoinSet::new();
    for index in 0..args.chats {
        chats.spawn(run_chat(
            index,
            Arc::clone(&config),
            transport.clone(),
            Arc::clone(&requests),
        ));
    }
    let (mut completed, mut failed) = (0, 0);
    while let Some(joined) = chats.join_next().await {
        match joined {
            Ok(Ok(())) => completed += 1,
            Ok(Err((index, why))) => {
                failed += 1;
                eprintln!("chat {index} failed: {why}");
            }
            Err(e) => {
                failed += 1;
                eprintln!("a chat task failed: {e}");
            }
        }
    }
    println!(
        "summary: completed={completed} failed={failed} requests={} elapsed={:.2}s",
        requests.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    if failed == 0 && completed == args.chats {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Starts the emulated service; returns the configuration every chat uses.
fn start_emulator(fast: bool) -> Result<ChatConfig, String> {
    let ms = |fast_ms: u64, normal_ms: u64| {
        Duration::from_millis(if fast { fast_ms } else { normal_ms })
    };
    let server = loopback::start(|origin| EmulatorConfig {
        origin: origin.to_owned(),
        agent: AgentBehaviour::Replying {
            accept_after: ms(200, 2000),
            greeting: "Hello! How can I help?".to_owned(),
            reply_after: ms(150, 1500),
            typing_for: ms(100, 1000),
        },
        start_unix_ms: loopback::unix_ms_now(),
        ..EmulatorConfig::default()
    })?;
    let account = server
        .emulator
        .lock()
        .map_err(|_| "emulator lock poisoned")?
        .config()
        .account_id
        .clone();
    // The same path as with LivePerson: ask the (emulated) Domain API where the chat host is.
    Ok(server.client_config(&account, fast))
}

/// One chat from request to end. Errors carry the chat's index.
async fn run_chat(
    index: usize,
    config: Arc<ChatConfig>,
    transport: Transport,
    requests: Arc<AtomicU64>,
) -> Result<(), (usize, String)> {
    let fail = |why: String| (index, why);
    let give_up = tokio::time::Instant::now() + CHAT_LIMIT;
    let (tx, mut rx) = mpsc::unbounded_channel::<(lp_server_chat::RequestId, Outcome)>();
    let mut session =
        ChatSession::new(config, Instant::now(), index as u64).map_err(|e| fail(e.to_string()))?;
    session
        .request_chat(Instant::now())
        .map_err(|e| fail(e.to_string()))?;

    let lines = [
        format!("Chat {index}: where is my order?"),
        format!("Chat {index}: thank you!"),
    ];
    let mut greeted = false;
    let mut answered = [false; 2];
    loop {
        let wake = loop {
            match session.poll_output() {
                Output::Transmit(transmit) => {
                    requests.fetch_add(1, Ordering::Relaxed);
                    let transport = transport.clone();
                    let tx = tx.clone();
                    // ureq blocks, so each request runs on tokio's blocking pool and its outcome
                    // comes back over the channel. An async HTTP client would await here instead;
                    // the session does not care which.
                    tokio::task::spawn_blocking(move || {
                        let _ = tx.send(transport.perform_transmit(transmit));
                    });
                }
                Output::Event(Event::Line { line, .. }) if line.source == LineSource::Agent => {
                    if !greeted {
                        greeted = true;
                        for text in &lines {
                            session
                                .send_line(text.clone(), Instant::now())
                                .map_err(|e| fail(e.to_string()))?;
                        }
                    } else if let Some(i) = lines
                        .iter()
                        .position(|sent| line.text == format!("You said: {sent}"))
                    {
                        answered[i] = true;
                        if answered.iter().all(|a| *a) {
                            session
                                .end_chat(Instant::now())
                                .map_err(|e| fail(e.to_string()))?;
                        }
                    }
                }
                Output::Event(Event::LineFailed { line, reason }) => {
                    return Err(fail(format!("{line} failed: {reason:?}")));
                }
                Output::Event(Event::ChatEnded { reason }) => {
                    return match reason {
                        EndReason::Visitor if answered.iter().all(|a| *a) => Ok(()),
                        other => Err(fail(format!("ended early: {other:?}"))),
                    };
                }
                Output::Event(Event::Retrying {
                    kind,
                    cause,
                    attempt,
                    after,
                    ..
                }) => {
                    eprintln!(
                        "chat {index}: {kind:?} failed ({cause:?}); attempt {attempt} in {:.1} s",
                        after.as_secs_f64()
                    );
                }
                Output::Event(_) => {}
                Output::Wait(at) => break at,
            }
        };
        let deadline = wake.map_or(give_up, tokio::time::Instant::from_std);
        tokio::select! {
            Some((id, outcome)) = rx.recv() => {
                if let Err(error) = &outcome {
                    eprintln!("chat {index}: {error}");
                }
                transport::report(&mut session, id, outcome, Instant::now())
                    .map_err(|e| fail(e.to_string()))?;
            }
            () = tokio::time::sleep_until(deadline) => session.handle_timeout(Instant::now()),
            () = tokio::time::sleep_until(give_up) => {
                return Err(fail(format!("not over after {} s", CHAT_LIMIT.as_secs())));
            }
        }
    }
}
