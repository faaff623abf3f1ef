//! A sans-IO client for LivePerson's Server Chat API: the visitor side of a live chat.
//!
//! [`ChatSession`] is a pure state machine. It never opens a socket, never sleeps, never reads a
//! clock and never draws OS randomness. The host hands it responses, failures, the visitor's
//! commands and the current [`Instant`](std::time::Instant); it hands back the HTTP requests to
//! perform (as [`http::Request`] values), the [`Event`]s to show, and the instant it wants to be
//! woken. Every retry, backoff and keep-alive decision is made inside it, following LivePerson's
//! published guidance, as data the host can see and test. The same session runs under a blocking
//! thread, an async task, a game loop, or a test that jumps virtual time.
//!
//! # The run loop
//!
//! After **any** command (`request_chat`, `send_line`, ...) or input (`handle_response`,
//! `handle_transport_error`, `handle_timeout`), call [`ChatSession::poll_output`] until it returns
//! [`Output::Wait`]:
//!
//! - [`Output::Transmit`]: perform the request (within its `timeout`), then report the outcome
//!   with [`handle_response`](ChatSession::handle_response) (any status: a 404 or a 503 is a
//!   response, not an error) or [`handle_transport_error`](ChatSession::handle_transport_error)
//!   (saying whether the request may have reached the server).
//! - [`Output::Event`]: show it.
//! - [`Output::Wait`]: sleep until that instant (or until a response or command arrives, whichever
//!   is first), then call [`handle_timeout`](ChatSession::handle_timeout). `Wait(None)` means
//!   nothing is scheduled.
//!
//! If the platform says when connectivity comes back (mobile and desktop systems do), call
//! [`handle_network_up`](ChatSession::handle_network_up): retries waiting on the ladder go at
//! once instead of at their next step.
//!
//! The rules of the loop:
//!
//! - **Commands may come several at a time** before the host drains: each records what the
//!   visitor wants and nothing is sent until `poll_output`. Lines go in the order `send_line`
//!   was called; a later typing state or name replaces an earlier one not yet sent.
//! - **`handle_timeout` may come early, late or often.** It does only what is due at the
//!   instant given, so an early call is harmless (the next `Wait` is the same deadline), and a
//!   late one does what became due meanwhile, once. Instants that go backwards are read as the
//!   latest one seen.
//! - **Requests may be performed concurrently and answered in any order**, each exactly once.
//!   At most one request per kind of work is in flight: the Domain API lookup, the chat
//!   request, one poll, one line, the end, typing, the name, and one per one-shot call not yet
//!   answered ([`ChatSession::in_flight`] counts them). A poll waiting on a slow server never
//!   holds up a line.
//! - **An answer for a request not in flight** (answered twice, or never handed out) is
//!   [`Error::UnknownRequest`] and changes nothing.
//!
//! Here is the loop, against the crate's in-memory emulator of the service (module
//! `emulator`, feature `emulator`) on a virtual clock:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use lp_server_chat::emulator::{AgentBehaviour, Emulator, EmulatorConfig, Exchange};
//! use lp_server_chat::{ChatConfig, ChatSession, Endpoint, Event, Output, TransportError};
//!
//! let mut now = Instant::now();
//! let mut server = Emulator::new(
//!     EmulatorConfig {
//!         agent: AgentBehaviour::Replying {
//!             accept_after: Duration::from_secs(4),
//!             greeting: "Hello! How can I help?".into(),
//!             reply_after: Duration::from_secs(2),
//!             typing_for: Duration::from_secs(1),
//!         },
//!         ..EmulatorConfig::default()
//!     },
//!     now,
//! );
//! let config = ChatConfig::new("12345678", Endpoint::BaseUrl("https://chat.emulator.invalid".into()));
//! let mut chat = ChatSession::new(config, now, 42)?;
//! chat.request_chat(now)?;
//!
//! let mut transcript = Vec::new();
//! loop {
//!     match chat.poll_output() {
//!         Output::Transmit(t) => match server.handle(&t.request, now) {
//!             Exchange::Respond(response) | Exchange::RespondAfter { response, .. } => {
//!                 chat.handle_response(t.id, response, now)?
//!             }
//!             Exchange::Lost => chat.handle_transport_error(t.id, TransportError::maybe_sent("timeout"), now)?,
//!             Exchange::Unreachable => chat.handle_transport_error(t.id, TransportError::not_sent("refused"), now)?,
//!         },
//!         Output::Event(Event::Line { line, .. }) => {
//!             if line.text.starts_with("Hello") {
//!                 chat.send_line("My invoice is wrong", now)?;
//!             } else if line.text.starts_with("You said") {
//!                 chat.end_chat(now)?;
//!             }
//!             transcript.push(line.text);
//!         }
//!         Output::Event(Event::ChatEnded { .. }) => break,
//!         Output::Event(_) => {}
//!         Output::Wait(Some(at)) => {
//!             now = at;
//!             server.advance(now);
//!             chat.handle_timeout(now);
//!         }
//!         Output::Wait(None) => break,
//!     }
//! }
//! assert!(transcript.contains(&"You said: My invoice is wrong".to_string()), "{transcript:?}");
//! # Ok::<(), lp_server_chat::Error>(())
//! ```
//!
//! The examples directory has the same loop over real HTTP: blocking with `ureq`, and many chats at
//! once on `tokio`.
//!
//! # The chat's life
//!
//! The session's [`Phase`] moves only forward, by these changes and no others (a test checks
//! this list against the state machine):
//!
//! ```text
//! Idle ──request_chat──▶ Requesting
//! Idle ──join_chat (an authentication's Location)──▶ Live
//! Requesting ──201 + Location──▶ Live
//! Requesting ──201 + Location, the visitor already left──▶ Ending
//! Requesting ──end_chat, refused, retries given up──▶ Ended
//! Live ──end_chat──▶ Ending
//! Live ──the agent or the idle timeout ended it, 404, refused, given up──▶ Ended
//! Ending ──the read after the end, 404, refused, given up──▶ Ended
//! ```
//!
//! Availability, surveys, App Engagement and authentication work in any phase; exit survey,
//! transcript and chat information still work once `Ended`.
//!
//! [`Phase`] is the session's view; [`wire::ChatState`] (`waiting`, `chatting`, `ended`) is the
//! server's, reported as [`Event::StateChanged`].
//!
//! # Guarantees
//!
//! The server is not ours, and an answer can mean more than one thing: a 5xx or 429 may come
//! from an edge that never reached the chat, a 502 or 504 from a gateway after the backend
//! applied the request, a timeout may hide a request applied now, later or never. Each promise
//! holds under every one of those readings, within the bounds stated.
//!
//! - Each event `@id` reaches the application once, in order; repeats are dropped, holes are
//!   reported as [`Event::EventsSkipped`]. The cursor follows the server's `next` link, advances
//!   only after a fully decoded 2xx and never moves backwards; ids the stream cannot hold are
//!   dropped with an [`Event::ProtocolError`].
//! - Every [`LineId`] ends in exactly one [`Event::LineDelivered`] or [`Event::LineFailed`]. Lines
//!   go in order, one at a time, once an agent has joined. A line whose request may have been
//!   applied (a timeout, any 5xx) is sent again only after the event stream, read
//!   [`RetryPolicy::settle_time`] after the failure, shows it did not land; a server that applies
//!   a request later than that could show it twice.
//! - The keep-alive counts from the last request *confirmed* to reach the chat (a 2xx from one of
//!   its URLs). While reads fail, one is placed just before the chat's idle expiry, so it lands
//!   whenever the network allows; once the expiry has passed, the chat is checked every
//!   [`RetryPolicy::probe_interval`] and its end reported as soon as the network answers. A
//!   server's `Retry-After` is honoured, except for one probe before the expiry.
//! - The app key goes only to the configured or resolved origin, over https (plain http only to
//!   this machine unless [`ChatConfig::allow_plain_http`]); LivePerson's Domain API may name only
//!   LivePerson's hosts; links must stay within the chat. `Debug` output never shows the key.
//! - `Err` means the caller made a mistake ([`Error`]). What the network or the server does is
//!   state and events: never an `Err`, never a panic, whatever the numbers.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod authentication;
mod config;
mod engagement;
mod error;
mod request;
mod retry;
mod rng;
mod session;
pub mod survey;
mod transfer;
pub mod wire;

#[cfg(feature = "emulator")]
pub mod emulator;

/// The README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "emulator"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

/// The `http` crate this one is built on: its `Request`, `Response`, `Method` and `StatusCode`
/// are in the session's signatures, so a host can name them without depending on a matching
/// version itself.
pub use http;

pub use config::{
    AppKey, ChatConfig, Endpoint, EngagementEndpoint, KeyPlacement, Limits, PollPolicy, DOMAIN_API,
    ENGAGEMENT_SERVICES, LIVEPERSON_DOMAINS, PUBLIC_APP_KEY,
};
pub use engagement::VisitorSession;
pub use error::{
    ConfigError, Error, SnapshotError, SnapshotMismatch, TransportError, TransportErrorKind,
    UrlProblem,
};
pub use retry::{RetryCause, RetryPolicy, RetryTier};
pub use session::{
    Authentication, AvailabilityQuery, ChatSession, EndReason, Event, Failure, LineFailure, LineId,
    OpId, OpResult, Output, Phase, Refusal, RequestId, RequestKind, Snapshot, SurveyQuery,
    Transmit, WaitTimeQuery, SNAPSHOT_VERSION,
};
