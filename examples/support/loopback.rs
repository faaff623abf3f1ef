//! The emulator served over real HTTP on 127.0.0.1 with tiny_http, shared by the examples and
//! their tests.
//!
//! How faulted exchanges look on the wire: `RespondAfter` sleeps (in its own thread) and then
//! answers; `Lost` and `Unreachable` never answer: the response writer is dropped unused, so the
//! client waits until its own timeout (for `Unreachable` nothing was applied, for `Lost` it was).
//!
//! tiny_http gives each connection a pool thread for the connection's whole life, and when many
//! connections open at once, one can wait in its queue until another connection closes. Clients
//! that keep only a few idle connections (ureq's default pool) keep that wait short; a client
//! that holds every connection open can leave a request unanswered until its timeout.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{Emulator, EmulatorConfig, Exchange, HeaderSpelling};
use lp_server_chat::{ChatConfig, Endpoint, PollPolicy};

/// An emulator answering on 127.0.0.1 from a background thread.
pub struct Loopback {
    /// `http://127.0.0.1:PORT`, the origin the emulator claims and the Domain API's base URL.
    pub origin: String,
    /// The emulator itself, for inspection.
    pub emulator: Arc<Mutex<Emulator>>,
}

impl Loopback {
    /// A session configuration for this emulator, found through its Domain API exactly as
    /// LivePerson is. `fast` polls every 100 ms, so tests finish in moments.
    pub fn client_config(&self, account: &str, fast: bool) -> ChatConfig {
        let mut config = ChatConfig::new(
            account,
            Endpoint::Lookup {
                domain_api: self.origin.clone(),
                scheme: "http".to_owned(),
            },
        );
        if fast {
            config.poll = PollPolicy::fixed(Duration::from_millis(100));
        }
        config
    }
}

/// Listens on `127.0.0.1:port` (0 picks a free port).
pub fn bind(port: u16) -> Result<(tiny_http::Server, SocketAddr), String> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "not listening on an IP address".to_owned())?;
    Ok((server, addr))
}

/// Starts an emulator on a free port. `config` gets the origin (`http://127.0.0.1:PORT`) and
/// returns the configuration to run with.
pub fn start(config: impl FnOnce(&str) -> EmulatorConfig) -> Result<Loopback, String> {
    let (server, addr) = bind(0)?;
    let origin = format!("http://{addr}");
    let emulator = Arc::new(Mutex::new(Emulator::new(config(&origin), Instant::now())));
    let shared = Arc::clone(&emulator);
    std::thread::spawn(move || serve(&server, &shared));
    Ok(Loopback { origin, emulator })
}

/// The current wall-clock time in milliseconds since the Unix epoch, for
/// [`EmulatorConfig::start_unix_ms`] so the times the emulator prints are real ones.
pub fn unix_ms_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
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
