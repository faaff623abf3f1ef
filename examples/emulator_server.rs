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
//! `12345678`), `--seed N`. The agent accepts after 3 s, greets, and answers every visitor line
//! 2 s later, typing for the last second; `--accept-ms`, `--reply-ms` and `--typing-ms` change
//! those times.
//!
//! `--admin-port N` (0 picks a free port) also serves, on 127.0.0.1, the emulator's record of
//! every chat as JSON at `GET /__emulator/chats`: state, the chat request as sent, and every
//! event with its source and text. The gateway's crash test reads it to count each line on the
//! server. It has a port of its own so that nothing but the emulator answers on the API's port.
//!
//! The server (hyper, HTTP/1.1 keep-alive, on its own thread) and how faulted exchanges look on
//! the wire are described in `support/loopback.rs`.

#[path = "support/loopback.rs"]
#[allow(dead_code)] // `Loopback::client_config` serves the other examples.
mod loopback;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, Emulator, EmulatorConfig};
use serde_json::{json, Value};

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
    let ms = |name: &str, default: u64| {
        Duration::from_millis(arg(name).and_then(|v| v.parse().ok()).unwrap_or(default))
    };
    let (accept_after, reply_after, typing_for) = (
        ms("--accept-ms", 3000),
        ms("--reply-ms", 2000),
        ms("--typing-ms", 1000),
    );
    let server = loopback::start_on(port, |bound| EmulatorConfig {
        origin: arg("--origin").unwrap_or_else(|| bound.to_owned()),
        account_id: arg("--account").unwrap_or_else(|| "12345678".to_owned()),
        seed: arg("--seed").and_then(|s| s.parse().ok()).unwrap_or(1),
        // Printed times follow the real clock here; the emulator itself never reads one.
        start_unix_ms: loopback::unix_ms_now(),
        utc_offset_minutes: 0,
        agent: AgentBehaviour::Replying {
            accept_after,
            greeting: "Hello, I'm Dana. How can I help?".to_owned(),
            reply_after,
            typing_for,
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
    if let Some(port) = arg("--admin-port").and_then(|p| p.parse::<u16>().ok()) {
        match serve_record(port, Arc::clone(&server.emulator)) {
            Ok(url) => println!("Record of every chat at {url}"),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    // The server runs on its own thread until the process is stopped.
    loop {
        std::thread::park();
    }
}

/// Serves the record of every chat at `GET /__emulator/chats` on `127.0.0.1:port`, one
/// connection at a time from a thread of its own; returns the URL.
fn serve_record(port: u16, emulator: Arc<Mutex<Emulator>>) -> Result<String, String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?;
    std::thread::Builder::new()
        .name("record".to_owned())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                // A client that goes away mid-answer is no concern of the server's.
                let _ = answer_record(stream, &emulator);
            }
        })
        .map_err(|e| format!("cannot start the record's thread: {e}"))?;
    Ok(format!("http://{addr}/__emulator/chats"))
}

fn answer_record(mut stream: TcpStream, emulator: &Mutex<Emulator>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buf = [0; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let wanted = head
        .lines()
        .next()
        .is_some_and(|line| line.starts_with("GET /__emulator/chats "));
    let (status, body) = if wanted {
        let record = emulator
            .lock()
            .map(|emu| record(&emu))
            .unwrap_or_else(|_| json!({"error": "emulator lock poisoned"}));
        ("200 OK", record.to_string())
    } else {
        ("404 Not Found", "{}".to_owned())
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

/// Every chat as the server knows it.
fn record(emu: &Emulator) -> Value {
    let chats: Vec<Value> = emu
        .chat_ids()
        .iter()
        .filter_map(|id| emu.chat(id))
        .map(|chat| {
            let events: Vec<Value> = chat
                .events
                .iter()
                .map(|e| {
                    json!({
                        "id": e.id,
                        "type": e.event_type,
                        "source": e.source(),
                        "text": e.text(),
                        "state": e.state(),
                        "system_message_id": e.system_message_id(),
                    })
                })
                .collect();
            json!({
                "id": chat.id,
                "state": chat.state.as_str(),
                "gone": chat.is_gone(),
                "orphan": chat.orphan,
                "timeout_s": chat.timeout.as_secs(),
                "request": chat.request,
                "events": events,
            })
        })
        .collect();
    json!({ "chats": chats })
}
