//! The blocking HTTP adapter: performs one [`Transmit`] with ureq and reports the outcome the way
//! the session wants it, as a response (any status) or a [`TransportError`] that says whether the
//! request may have reached the server.

use std::io::Read;
use std::time::{Duration, Instant};

use lp_server_chat::{ChatSession, Limits, RequestId, Transmit, TransportError};

/// What became of one request.
pub type Outcome = Result<http::Response<Vec<u8>>, TransportError>;

/// Performs requests with one shared ureq agent (and so one connection pool). Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    agent: ureq::Agent,
    max_body: u64,
}

impl Default for Transport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport {
    /// An agent set up so that the session sees exactly what the server said.
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            // A 404 or a 503 is an answer the session decides about, not an error.
            .http_status_as_error(false)
            // Never follow a redirect: the app key must not go to another origin, and the session
            // treats a 3xx as the server's word.
            .max_redirects(0)
            .build();
        Self {
            agent: config.into(),
            // One byte more than the session accepts, so a larger body still reads as too large.
            max_body: Limits::default().max_body_bytes as u64 + 1,
        }
    }

    /// Performs one request within `timeout`.
    pub fn perform(&self, request: http::Request<Vec<u8>>, timeout: Duration) -> Outcome {
        let request = self
            .agent
            .configure_request(request)
            .timeout_global(Some(timeout))
            // A connect that takes half the budget has failed before anything was sent: this
            // makes a slow connect a `Timeout::Connect` (not sent) rather than a global one.
            .timeout_connect(Some(timeout / 2))
            .build();
        let response = if request.method() == http::Method::GET && request.body().is_empty() {
            // `()` sends no body at all; an empty `Vec` would add `Content-Length: 0` to a GET.
            self.agent.run(request.map(|_| ()))
        } else {
            self.agent.run(request)
        }
        .map_err(|e| classify(&e))?;

        let (parts, body) = response.into_parts();
        let mut bytes = Vec::new();
        body.into_reader()
            .take(self.max_body)
            .read_to_end(&mut bytes)
            // The request went out and the answer started: it may well have been applied.
            .map_err(|e| TransportError::maybe_sent(format!("reading the body: {e}")))?;
        Ok(http::Response::from_parts(parts, bytes))
    }

    /// Performs a transmit and hands back its id with the outcome.
    pub fn perform_transmit(&self, transmit: Transmit) -> (RequestId, Outcome) {
        (
            transmit.id,
            self.perform(transmit.request, transmit.timeout),
        )
    }
}

/// Whether a failed request may have reached the server, or cannot be sent at all.
///
/// Only failures that happen before a byte of the request is written are `not_sent`: name
/// resolution, connecting (refused, unreachable, timed out). What cannot work as set up is
/// `misconfigured`, so the session stops at once instead of retrying for minutes: a TLS
/// handshake rustls rejects (the port does not speak TLS, a bad or untrusted certificate, no
/// common protocol), ureq's TLS configuration errors, a scheme ureq does not speak, a URL or
/// request it refuses to build. Anything later (a timeout while waiting for the answer, a reset,
/// a garbled answer) is `maybe_sent`, and when unsure it is `maybe_sent` too: the session then
/// checks the event stream before sending a line again, which costs a read, while a wrong
/// `not_sent` could show a line twice. (ureq reports a TLS handshake that the network cuts off
/// as a plain I/O error, which is not told apart from one after sending: `maybe_sent`.)
pub fn classify(error: &ureq::Error) -> TransportError {
    use std::io::ErrorKind;
    use ureq::{Error, Timeout};

    let detail = error.to_string();
    match error {
        Error::HostNotFound
        | Error::ConnectionFailed
        | Error::Timeout(Timeout::Resolve | Timeout::Connect)
        | Error::ConnectProxyFailed(_) => TransportError::not_sent(detail),
        Error::Tls(_)
        | Error::Rustls(_)
        | Error::Pem(_)
        | Error::TlsRequired
        | Error::RequireHttpsOnly(_)
        | Error::BadUri(_)
        | Error::Http(_)
        | Error::InvalidProxyUrl => TransportError::misconfigured(detail),
        // rustls fails a handshake inside ureq's I/O, so its error arrives wrapped in one.
        Error::Io(io) if io.get_ref().is_some_and(|e| e.is::<rustls::Error>()) => {
            TransportError::misconfigured(detail)
        }
        Error::Io(io) => match io.kind() {
            // These come only from connecting: the address said no, or there is no route.
            ErrorKind::ConnectionRefused
            | ErrorKind::HostUnreachable
            | ErrorKind::NetworkUnreachable
            | ErrorKind::AddrNotAvailable => TransportError::not_sent(detail),
            _ => TransportError::maybe_sent(detail),
        },
        _ => TransportError::maybe_sent(detail),
    }
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
