//! The emulator served over real HTTP/1.1 on 127.0.0.1 with hyper, shared by the examples and
//! their tests.
//!
//! The server has its own tokio runtime on one background thread named `emulator`, so blocking
//! callers (ureq) and async ones (on another runtime) use it alike, and its CPU time can be told
//! apart from the client's. Every connection is a task and is kept alive for as long as the
//! client wants: thousands of idle keep-alive connections cost memory, not threads, and never
//! hold up a request on another connection. The emulator itself sits behind one mutex; each
//! request advances it to the current time and is handled under that lock.
//!
//! How faulted exchanges look on the wire: `RespondAfter` answers after its delay (a timer: the
//! other connections go on meanwhile); `Lost` and `Unreachable` never answer, so the client waits
//! until its own timeout (for `Unreachable` nothing was applied, for `Lost` it was). Such a
//! connection stays open, unanswered, until the client closes it.
//!
//! Header names: hyper writes HTTP/1 header names per connection, either in title case
//! (`Location`, `Content-Type`, `Retry-After`) or in lower case as `http` stores them; it cannot
//! spell one name differently from the rest. So [`HeaderSpelling::Canonical`] is served in title
//! case, and [`HeaderSpelling::LowerCaseLocation`] (the emulator's `lower_case_location` fault)
//! with every name in lower case: `location` as the fault asks, and the other names lower case
//! too, which HTTP allows. Which of the two applies is read from the emulator's configuration,
//! which is also what it tags each response with.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use lp_server_chat::emulator::{Emulator, EmulatorConfig, Exchange, HeaderSpelling};
use lp_server_chat::{ChatConfig, Endpoint, PollPolicy};
use tokio::net::{TcpListener, TcpSocket};

/// Requests with a larger body are refused (413) without reaching the emulator.
const MAX_REQUEST_BODY: usize = 4 << 20;

/// Connections waiting to be accepted; the kernel caps it at `net.core.somaxconn`. Many clients
/// that connect at once (a host starting thousands of chats) must not find the queue full.
const BACKLOG: u32 = 4096;

/// An emulator answering on 127.0.0.1 from a background thread. It serves until the process
/// ends, also after this value is dropped.
pub struct Loopback {
    /// `http://127.0.0.1:PORT`, the origin the emulator claims and the Domain API's base URL.
    pub origin: String,
    /// The emulator itself, for inspection.
    pub emulator: Arc<Mutex<Emulator>>,
    /// The server's runtime, for work that belongs on the service's side (an emulated agent).
    pub runtime: tokio::runtime::Handle,
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

/// Starts an emulator on a free port. `config` gets the origin (`http://127.0.0.1:PORT`) and
/// returns the configuration to run with.
pub fn start(config: impl FnOnce(&str) -> EmulatorConfig) -> Result<Loopback, String> {
    start_on(0, config)
}

/// Starts an emulator on `127.0.0.1:port` (0 picks a free port); see [`start`].
pub fn start_on(
    port: u16,
    config: impl FnOnce(&str) -> EmulatorConfig,
) -> Result<Loopback, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let listener = {
        // The listener registers with the runtime that will drive it.
        let _entered = runtime.enter();
        listen(port)?
    };
    let addr = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?;
    let origin = format!("http://{addr}");
    let emulator = Arc::new(Mutex::new(Emulator::new(config(&origin), Instant::now())));
    let handle = runtime.handle().clone();
    let shared = Arc::clone(&emulator);
    std::thread::Builder::new()
        .name("emulator".to_owned())
        .spawn(move || runtime.block_on(serve(listener, shared)))
        .map_err(|e| format!("cannot start the server's thread: {e}"))?;
    Ok(Loopback {
        origin,
        emulator,
        runtime: handle,
    })
}

fn listen(port: u16) -> Result<TcpListener, String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let refuse = |e: std::io::Error| format!("cannot listen on {addr}: {e}");
    let socket = TcpSocket::new_v4().map_err(refuse)?;
    // A restarted `emulator_server` can take its port back at once.
    socket.set_reuseaddr(true).map_err(refuse)?;
    socket.bind(addr).map_err(refuse)?;
    socket.listen(BACKLOG).map_err(refuse)
}

/// The current wall-clock time in milliseconds since the Unix epoch, for
/// [`EmulatorConfig::start_unix_ms`] so the times the emulator prints are real ones.
pub fn unix_ms_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Accepts connections for ever, each served by its own task.
async fn serve(listener: TcpListener, emulator: Arc<Mutex<Emulator>>) {
    // What the emulator tags every response with, fixed by its configuration.
    let spelling = match emulator.lock() {
        Ok(emu) if emu.config().faults.lower_case_location => HeaderSpelling::LowerCaseLocation,
        _ => HeaderSpelling::Canonical,
    };
    let mut http = http1::Builder::new();
    http.title_case_headers(spelling == HeaderSpelling::Canonical);
    let mut failed_accepts: u64 = 0;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, most likely: accepting again at once would spin, and
                // the connection waits in the queue until one is free. Said at the 1st, 10th,
                // 100th, ... time, not every 50 ms.
                failed_accepts += 1;
                let mut n = failed_accepts;
                while n % 10 == 0 {
                    n /= 10;
                }
                if n == 1 {
                    eprintln!("emulator: accept failed ({failed_accepts} times so far): {e}");
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let emulator = Arc::clone(&emulator);
        let service = service_fn(move |request| answer(Arc::clone(&emulator), request));
        let connection = http.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A client that goes away is no news: its connection just ends.
            let _ = connection.await;
        });
    }
}

/// One exchange: the emulator's answer, delayed or withheld as it says.
async fn answer(
    emulator: Arc<Mutex<Emulator>>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return Ok(bare(hyper::StatusCode::PAYLOAD_TOO_LARGE)),
    };
    // Origin-form URI and the headers as sent, as a server sees them.
    let request = http::Request::from_parts(parts, body);
    let exchange = {
        let Ok(mut emu) = emulator.lock() else {
            return Ok(bare(hyper::StatusCode::INTERNAL_SERVER_ERROR));
        };
        let now = Instant::now();
        emu.advance(now);
        emu.handle(&request, now)
    };
    match exchange {
        Exchange::Respond(response) => Ok(to_hyper(response)),
        Exchange::RespondAfter { response, delay } => {
            tokio::time::sleep(delay).await;
            Ok(to_hyper(response))
        }
        // Never answered; hyper drops this when the client closes the connection.
        Exchange::Lost | Exchange::Unreachable => std::future::pending().await,
    }
}

fn to_hyper(response: http::Response<Vec<u8>>) -> hyper::Response<Full<Bytes>> {
    response.map(|body| Full::new(Bytes::from(body)))
}

fn bare(status: hyper::StatusCode) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}
