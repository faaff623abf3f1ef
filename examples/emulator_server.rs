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
//! How faulted exchanges look on the wire: `RespondAfter` sleeps (in its own thread) and then
//! answers; `Lost` and `Unreachable` never answer: the response writer is dropped unused, so
//! the client waits until its own timeout (for `Unreachable` nothing was applied, for `Lost` it
//! was).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{
    AgentBehaviour, Emulator, EmulatorConfig, Exchange, HeaderSpelling,
};

fn main() {
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
    let server = match tiny_http::Server::http(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    let Some(addr) = server.server_addr().to_ip() else {
        eprintln!("not listening on an IP address");
        std::process::exit(1);
    };
    let config = EmulatorConfig {
        origin: arg("--origin").unwrap_or_else(|| format!("http://{addr}")),
        account_id: arg("--account").unwrap_or_else(|| "12345678".to_owned()),
        seed: arg("--seed").and_then(|s| s.parse().ok()).unwrap_or(1),
        // Printed times follow the real clock here; the emulator itself never reads one.
        start_unix_ms: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64),
        utc_offset_minutes: 0,
        agent: AgentBehaviour::Replying {
            accept_after: Duration::from_secs(3),
            greeting: "Hello, I'm Dana. How can I help?".to_owned(),
            reply_after: Duration::from_secs(2),
            typing_for: Duration::from_secs(1),
        },
        ..EmulatorConfig::default()
    };
    println!(
        "Server Chat emulator on http://{addr} (origin {}, account {})",
        config.origin, config.account_id
    );
    let emulator = Arc::new(Mutex::new(Emulator::new(config, Instant::now())));
    serve(&server, &emulator);
}

/// Answers requests until the server fails: one shared emulator, advanced to the current time
/// before each request.
pub fn serve(server: &tiny_http::Server, emulator: &Arc<Mutex<Emulator>>) {
    for mut request in server.incoming_requests() {
        let Some(http_request) = to_http(&mut request) else {
            let _ = request.respond(tiny_http::Response::empty(400));
            continue;
        };
        let exchange = {
            let Ok(mut emu) = emulator.lock() else { return };
            let now = Instant::now();
            emu.advance(now);
            emu.handle(&http_request, now)
        };
        match exchange {
            Exchange::Respond(response) => {
                let _ = request.respond(to_tiny(response));
            }
            Exchange::RespondAfter { response, delay } => {
                std::thread::spawn(move || {
                    std::thread::sleep(delay);
                    let _ = request.respond(to_tiny(response));
                });
            }
            Exchange::Lost | Exchange::Unreachable => {
                // Take the writer so tiny_http does not answer 500 on drop; the client times out.
                drop(request.into_writer());
            }
        }
    }
}

/// The tiny_http request as an `http::Request` (origin-form URI, as a server sees it).
pub fn to_http(request: &mut tiny_http::Request) -> Option<http::Request<Vec<u8>>> {
    let mut body = Vec::new();
    request.as_reader().read_to_end(&mut body).ok()?;
    let mut builder = http::Request::builder()
        .method(request.method().as_str())
        .uri(request.url());
    for h in request.headers() {
        builder = builder.header(h.field.as_str().as_str(), h.value.as_str());
    }
    builder.body(body).ok()
}

/// The emulator's response for tiny_http, header names spelled as the emulator asks.
pub fn to_tiny(response: http::Response<Vec<u8>>) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let spelling = response
        .extensions()
        .get::<HeaderSpelling>()
        .copied()
        .unwrap_or_default();
    let status = response.status().as_u16();
    let mut out = tiny_http::Response::from_data(response.body().clone()).with_status_code(status);
    for (name, value) in response.headers() {
        let name = spelling.spell(name.as_str());
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            out.add_header(h);
        }
    }
    out
}
