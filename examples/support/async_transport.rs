//! The async HTTP adapter: performs one [`Transmit`] with hyper (hyper-util's pooled client, TLS by
//! rustls) and reports the outcome the way the session wants it, as a response (any status) or a
//! [`TransportError`] that says whether the request may have reached the server. It classifies
//! failures as the blocking adapter (`transport.rs`) does.
//!
//! hyper rather than a higher-level client: every request is one pooled HTTP/1.1 exchange and
//! nothing more, with no redirects, cookies, decompression or retries of its own to switch off,
//! and little CPU and memory per request when one process drives thousands of chats.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_rustls::{ConfigBuilderExt, HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use lp_server_chat::{ChatSession, Limits, RequestId, Transmit, TransportError};

/// What became of one request.
pub type Outcome = Result<http::Response<Vec<u8>>, TransportError>;

/// How long an unused pooled connection is kept: below the idle limits common in front of HTTP
/// servers (60 s and up), so the pool drops a connection before the server does and a request
/// seldom meets one the server is closing.
const POOL_IDLE: Duration = Duration::from_secs(30);

/// Performs requests with one shared hyper client (and so one connection pool). Cheap to clone.
#[derive(Clone)]
pub struct AsyncTransport {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    max_body: usize,
}

impl Default for AsyncTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl AsyncTransport {
    /// A client with a connect timeout of 5 s: half the session's default request timeout.
    pub fn new() -> Self {
        Self::with_connect_timeout(Duration::from_secs(5))
    }

    /// A client whose connection attempts give up after `connect_timeout`.
    ///
    /// Keep it shorter than the requests' timeouts: then a connect that is too slow fails as
    /// such, and the request is known not to have left. A request whose whole timeout runs out
    /// first is reported `maybe_sent`, since nothing then tells whether it was connected.
    pub fn with_connect_timeout(connect_timeout: Duration) -> Self {
        let mut http = HttpConnector::new();
        // The TLS layer takes https URLs; this connector only opens the TCP connection.
        http.enforce_http(false);
        http.set_connect_timeout(Some(connect_timeout));
        http.set_nodelay(true);
        // ring, not the process default, so nothing depends on which rustls providers other
        // crates switched on.
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("ring supports rustls' default protocol versions")
        .with_webpki_roots()
        .with_no_client_auth();
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE)
            .build(https);
        Self {
            client,
            // One byte more than the session accepts, so a larger body still reads as too large.
            max_body: Limits::default().max_body_bytes + 1,
        }
    }

    /// Performs one request within `timeout`: sending it, the answer's head and its body.
    ///
    /// Redirects are not followed (a 3xx is a response like any other), nothing is decompressed
    /// and no cookie is kept: the session sees exactly what the server said.
    pub async fn perform(&self, request: http::Request<Vec<u8>>, timeout: Duration) -> Outcome {
        check(&request)?;
        let deadline = tokio::time::Instant::now() + timeout;
        let request = request.map(|body| Full::new(Bytes::from(body)));
        let response = match tokio::time::timeout_at(deadline, self.client.request(request)).await {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => return Err(classify(&error)),
            // Past the connect timeout, or while connected: it may have been sent.
            Err(_) => {
                return Err(TransportError::maybe_sent(format!(
                    "no answer within {} ms",
                    timeout.as_millis()
                )))
            }
        };

        let (parts, mut body) = response.into_parts();
        let expected = hyper::body::Body::size_hint(&body).lower();
        let mut bytes =
            Vec::with_capacity(usize::try_from(expected).map_or(0, |n| n.min(self.max_body)));
        while bytes.len() < self.max_body {
            let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
                Ok(Some(Ok(frame))) => frame,
                Ok(None) => break,
                // The request went out and the answer started: it may well have been applied.
                Ok(Some(Err(error))) => {
                    return Err(TransportError::maybe_sent(format!(
                        "reading the body: {}",
                        describe(&error)
                    )))
                }
                Err(_) => {
                    return Err(TransportError::maybe_sent(format!(
                        "body not read within {} ms",
                        timeout.as_millis()
                    )))
                }
            };
            if let Ok(data) = frame.into_data() {
                let room = self.max_body - bytes.len();
                bytes.extend_from_slice(&data[..data.len().min(room)]);
            }
        }
        Ok(http::Response::from_parts(parts, bytes))
    }

    /// Performs a transmit and hands back its id with the outcome.
    pub async fn perform_transmit(&self, transmit: Transmit) -> (RequestId, Outcome) {
        let outcome = self.perform(transmit.request, transmit.timeout).await;
        (transmit.id, outcome)
    }
}

/// Refuses, before anything is sent, what this client cannot send at all: another scheme than
/// http or https, a URL without a host, an HTTP version other than 1.x.
fn check(request: &http::Request<Vec<u8>>) -> Result<(), TransportError> {
    let uri = request.uri();
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => {
            return Err(TransportError::misconfigured(format!(
                "unsupported scheme `{other}` in {uri}"
            )))
        }
        None => {
            return Err(TransportError::misconfigured(format!(
                "not an absolute URL: {uri}"
            )))
        }
    }
    if uri.host().map_or(true, str::is_empty) {
        return Err(TransportError::misconfigured(format!("no host in {uri}")));
    }
    if request.version() > http::Version::HTTP_11 {
        return Err(TransportError::misconfigured(format!(
            "{:?} is not spoken by this client",
            request.version()
        )));
    }
    Ok(())
}

/// Whether a failed request may have reached the server.
///
/// Connection failures (name resolution, refused, unreachable, the connect timeout, a TLS
/// handshake cut off) are `not_sent`: no byte of the request was written. A TLS handshake the
/// peer or rustls rejects (not TLS at all, a bad or untrusted certificate, no common protocol)
/// and a request hyper refuses to encode are `misconfigured`: sending again cannot help. Anything
/// later (a reset, a closed connection, a garbled answer) is `maybe_sent`, and when unsure it is
/// `maybe_sent` too: the session then checks the event stream before sending a line again, which
/// costs a read, while a wrong `not_sent` could show a line twice.
pub fn classify(error: &hyper_util::client::legacy::Error) -> TransportError {
    let detail = describe(error);
    let causes = causes(error);
    let tls = causes
        .iter()
        .any(|e| e.is::<rustls::Error>() || e.is::<rustls::pki_types::InvalidDnsNameError>());
    if error.is_connect() {
        if tls {
            TransportError::misconfigured(detail)
        } else {
            TransportError::not_sent(detail)
        }
    } else if causes
        .iter()
        .filter_map(|e| e.downcast_ref::<hyper::Error>())
        .any(hyper::Error::is_user)
    {
        // hyper encodes the head before writing it; a request it refuses never went out.
        TransportError::misconfigured(detail)
    } else {
        TransportError::maybe_sent(detail)
    }
}

/// The error and every cause under it. `io::Error` hides the error it wraps from `source()` (it
/// returns that error's source instead), so it is looked into with `get_ref`.
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut next = Some(error);
    // Bounded, in case a chain ever loops.
    while let Some(e) = next.filter(|_| out.len() < 16) {
        out.push(e);
        next = match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    out
}

/// Every message of the chain, for logs: hyper-util's own says little more than the kind.
fn describe(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in causes(error) {
        let text = e.to_string();
        // An io::Error that wraps another prints the same message again.
        if parts.last() != Some(&text) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

/// Reports an outcome to the session.
pub fn report(
    session: &mut ChatSession,
    id: RequestId,
    outcome: Outcome,
    now: Instant,
) -> Result<(), lp_server_chat::Error> {
    match outcome {
        Ok(response) => session.handle_response(id, response, now),
        Err(error) => session.handle_transport_error(id, error, now),
    }
}
