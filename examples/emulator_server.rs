//! Serves the Server Chat emulator over HTTP on 127.0.0.1, for trying a client (or curl) against
//! it.
//!
//! ```text
//! cargo run --example emulator_server -- --port 8080
//! curl -si -X POST -H 'Authorization: LivePerson appKey=k' \
//!      -d '{"request":{"skill":"Support"}}' \
//!      'http://127.0.0.1:8080/api/account/12345678/chat/request.json?v=1&NC=true'
//! ```
//!
//! Options: `--port N` (or env `EMULATOR_PORT`; default 8080; 0 picks a free port), `--origin URL`
//! (default `http://127.0.0.1:PORT` with the port actually bound), `--account ID` (default
//! `12345678`), `--seed N`. The agent accepts after 3 s, greets, and answers every visitor line.
//!
//! The server (hyper, HTTP/1.1 keep-alive, on its own thread) and how faulted exchanges look on
//! the wire are described in `support/loopback.rs`.

#[path = "support/loopback.rs"]
#[allow(dead_code)] // `Loopback::client_config` serves the other examples.
mod loopback;

use std::process::ExitCode;
use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let port: u16 = arg("--port")
        .or_else(|| std::env::var("EMULATOR_PORT").ok())
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let server = loopback::start_on(port, |bound| EmulatorConfig {
        origin: arg("--origin").unwrap_or_else(|| bound.to_owned()),
        account_id: arg("--account").unwrap_or_else(|| "12345678".to_owned()),
        seed: arg("--seed").and_then(|s| s.parse().ok()).unwrap_or(1),
        // Printed times follow the real clock here; the emulator itself never reads one.
        start_unix_ms: loopback::unix_ms_now(),
        utc_offset_minutes: 0,
        agent: AgentBehaviour::Replying {
            accept_after: Duration::from_secs(3),
            greeting: "Hello, I'm Dana. How can I help?".to_owned(),
            reply_after: Duration::from_secs(2),
            typing_for: Duration::from_secs(1),
        },
        ..EmulatorConfig::default()
    });
    let server = match server {
        Ok(server) => server,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let (origin, account) = match server.emulator.lock() {
        Ok(emu) => (emu.config().origin.clone(), emu.config().account_id.clone()),
        Err(_) => return ExitCode::FAILURE,
    };
    println!(
        "Server Chat emulator on {} (origin {origin}, account {account})",
        server.origin
    );
    // The server runs on its own thread until the process is stopped.
    loop {
        std::thread::park();
    }
}
