//! `ChatSession`: the whole visitor side of a chat as a pure state machine.
//!
//! # Rules, stated once
//!
//! - Inputs (`handle_*`) and commands record facts and schedule work; they never produce output
//!   directly. [`ChatSession::poll_output`] hands out, in order, queued events, then due requests,
//!   then the instant to be woken.
//! - Every request belongs to a lane (`lanes`): the domain lookup, the chat request, the read,
//!   lines, the end, typing, the name, and one per one-shot call. A lane sends when it is due,
//!   its gate is open and it has nothing in flight, so there is never more than one read or one
//!   line on the wire. Requests go out through one launch path and failures climb the
//!   [`RetryPolicy`](crate::RetryPolicy) ladder through one retry path; each retry is an
//!   [`Event::Retrying`], and when the policy gives up the work fails with an event, never an
//!   `Err`.
//! - The read follows the server's `next` link only after a fully decoded 2xx, never moves
//!   backwards, and is the keep-alive (`keepalive`).
//! - The phase moves only as `transitions` says.
//!
//! # Where things are
//!
//! This file holds the state, the inputs and the output. `lanes` has the launch, retry and reply
//! paths; `requests` builds the chat loop's requests, `call_table` and `calls` the one-shot
//! calls'; `origin` finds the hosts. `transitions` has every phase change; `poll` reads the chat;
//! `lines` settles lines; `updates` answers typing and name; `keepalive` paces the reads;
//! `commands` takes the visitor's commands; `snapshot` carries a chat to another process. The
//! state each keeps is in `outbox`, `cursor`, `links`, `typing` and `channel`.

mod call_table;
mod calls;
mod channel;
mod classify;
mod commands;
mod cursor;
mod engagement_call;
mod event;
mod keepalive;
mod lanes;
mod lines;
mod links;
mod origin;
mod outbox;
mod output;
mod poll;
mod requests;
mod snapshot;
mod transitions;
mod typing;
mod updates;

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::LOCATION;
use url::Url;

use crate::config::{ChatConfig, Endpoint};
use crate::error::{ConfigError, Error, TransportError, TransportErrorKind, UrlProblem};
use crate::request::{LinkProblem, Origin};
use crate::retry::{Backoff, RetryAfter, RetryCause, RetryTier};
use crate::rng::Rng;
use crate::wire::{self, internal_code, ChatState, EventBody, OutgoingEvent, SystemMessage};

use channel::Channel;
use classify::{classify, Effect, Reply};
use cursor::{Cursor, Step};
use keepalive::Reads;
use lanes::{Flight, Lane, Lanes, Payload};
use links::{ChatLinks, Rel};
use origin::Origins;
use outbox::{Head, Outbox, PendingResend, QueuedLine, RichParts};
use transitions::Stage;
use typing::Typing;

pub use call_table::{AvailabilityQuery, SurveyQuery, WaitTimeQuery};
pub use event::{Authentication, EndReason, Event, Failure, LineFailure, OpResult, Refusal};
pub use output::{LineId, OpId, Output, RequestId, RequestKind, Transmit};
pub use snapshot::{Snapshot, SNAPSHOT_VERSION};

/// Where the chat stands, from the session's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// No chat requested yet. One-shot calls (availability, surveys) can run.
    Idle,
    /// The chat is being requested (domain lookup, chat request).
    Requesting,
    /// The chat exists; the session polls it.
    Live,
    /// The visitor ended the chat; the session is telling the server and reading the last events.
    Ending,
    /// The chat is over. Post-chat calls (exit survey, transcript) still work.
    Ended,
}

/// What the server has told the session about the chat.
#[derive(Debug, Clone, Default)]
struct ServerView {
    state: Option<ChatState>,
    agent_present: bool,
    agent_name: Option<String>,
    agent_typing: bool,
    last_system: Option<SystemMessage>,
    /// `info.chatTimeout`: the chat's idle timeout.
    timeout: Duration,
    /// `info.duration`, seconds.
    duration: Option<u64>,
    /// `info.lastUpdate`, in Unix milliseconds.
    last_update_ms: Option<i64>,
}

/// The ids the session hands out.
#[derive(Debug, Default)]
struct Ids {
    next_request: u64,
    next_line: u64,
    next_op: u64,
}

/// A visitor chat with LivePerson's Server Chat API, as a pure state machine.
///
/// See the [crate documentation](crate) for the run loop.
pub struct ChatSession {
    config: Arc<ChatConfig>,
    rng: Rng,
    now: Instant,
    ids: Ids,
    stage: Stage,
    origins: Origins,
    links: Option<ChatLinks>,
    cursor: Cursor,
    server: ServerView,
    reads: Reads,
    lanes: Lanes,
    outbox: Outbox,
    typing: Typing,
    pending_name: Option<String>,
    events: VecDeque<Event>,
}

impl std::fmt::Debug for ChatSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatSession")
            .field("account_id", &self.config.account_id)
            .field("phase", &self.stage.phase())
            .field("origin", &self.origins.chat.as_ref().map(Origin::as_str))
            .field("chat", &self.links.as_ref().map(ChatLinks::chat))
            .field("next_event_id", &self.cursor.next_id)
            .field("queued_lines", &self.outbox.queue.len())
            .field("in_flight", &self.lanes.flights.len())
            .finish_non_exhaustive()
    }
}

impl ChatSession {
    /// A session that has sent nothing yet. `seed` drives the retry jitter, so the same seed and
    /// the same inputs give the same outputs.
    pub fn new(config: impl Into<Arc<ChatConfig>>, now: Instant, seed: u64) -> Result<Self, Error> {
        let config = config.into();
        let origins = origin::configured(&config)?;
        if config.account_id.trim().is_empty() {
            return Err(Error::InvalidConfig(ConfigError::EmptyAccount));
        }
        Ok(Self {
            server: ServerView {
                timeout: config.chat_timeout,
                ..ServerView::default()
            },
            config,
            rng: Rng::new(seed),
            now,
            ids: Ids::default(),
            stage: Stage::Idle,
            origins,
            links: None,
            cursor: Cursor::default(),
            reads: Reads::default(),
            lanes: Lanes::default(),
            outbox: Outbox::default(),
            typing: Typing::new(),
            pending_name: None,
            events: VecDeque::new(),
        })
    }

    /// Where the chat stands.
    pub fn phase(&self) -> Phase {
        self.stage.phase()
    }

    /// The chat's state as the server last reported it.
    pub fn chat_state(&self) -> Option<&ChatState> {
        self.server.state.as_ref()
    }

    /// The chat-session URL, once the server created the chat.
    pub fn chat_url(&self) -> Option<&str> {
        self.links.as_ref().map(ChatLinks::chat)
    }

    /// The origin every call goes to, once known.
    pub fn origin(&self) -> Option<&str> {
        self.origins.chat.as_ref().map(Origin::as_str)
    }

    /// The chat's idle timeout as the server last reported it.
    pub fn chat_timeout(&self) -> Duration {
        self.server.timeout
    }

    /// How long the chat has lasted, as the server last reported it (`info.duration`).
    pub fn chat_duration(&self) -> Option<Duration> {
        self.server.duration.map(Duration::from_secs)
    }

    /// When a request last reached the chat by the server's clock (`info.lastUpdate`), in
    /// milliseconds since the Unix epoch.
    pub fn last_update_ms(&self) -> Option<i64> {
        self.server.last_update_ms
    }

    /// The chat request [`request_chat`](Self::request_chat) will send.
    pub fn chat_request(&self) -> &wire::ChatRequest {
        &self.config.chat_request
    }

    /// The chat request to send, for filling in what earlier calls returned: engagement ids
    /// ([`ChatRequest::apply_engagement`](wire::ChatRequest::apply_engagement)), pre-chat answers
    /// ([`ChatRequest::set_pre_chat_answers`](wire::ChatRequest::set_pre_chat_answers)),
    /// authentication ids ([`ChatRequest::apply_authentication`](wire::ChatRequest::apply_authentication)).
    /// Only before [`request_chat`](Self::request_chat). A [`Snapshot`] carries the edits until
    /// the request has gone.
    pub fn chat_request_mut(&mut self) -> Result<&mut wire::ChatRequest, Error> {
        if self.stage != Stage::Idle {
            return Err(Error::ChatAlreadyRequested);
        }
        Ok(&mut Arc::make_mut(&mut self.config).chat_request)
    }

    /// Lines accepted by [`send_line`](Self::send_line) and not yet delivered or failed.
    pub fn queued_lines(&self) -> usize {
        self.outbox.queue.len()
    }

    /// Requests handed out and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.lanes.flights.len()
    }

    // ----- inputs -----

    /// Reports the HTTP response to a request. Any status: non-2xx responses are data, not errors.
    pub fn handle_response(
        &mut self,
        id: RequestId,
        response: http::Response<Vec<u8>>,
        now: Instant,
    ) -> Result<(), Error> {
        self.tick(now);
        let flight = self.take_flight(id)?;
        self.note_account_loading(flight.lane, &response);
        let reply = classify(response, &self.config.limits);
        if let Reply::Retry {
            cause: RetryCause::MalformedResponse,
            ..
        } = reply
        {
            self.events.push_back(Event::ProtocolError {
                kind: flight.kind,
                detail: "a 2xx whose body is not the service's (too large, or a page from a \
                         proxy): it says nothing of the request"
                    .into(),
            });
        }
        self.on_reply(flight, reply);
        Ok(())
    }

    /// Reports that a request got no response.
    pub fn handle_transport_error(
        &mut self,
        id: RequestId,
        error: TransportError,
        now: Instant,
    ) -> Result<(), Error> {
        self.tick(now);
        let flight = self.take_flight(id)?;
        if error.kind == TransportErrorKind::Misconfigured {
            self.unsendable(flight, error.detail);
        } else {
            self.on_reply(flight, classify::transport(error.kind));
        }
        Ok(())
    }

    /// Tells the session the time; call it when the deadline of [`Output::Wait`] is reached.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.tick(now);
    }

    fn tick(&mut self, now: Instant) {
        self.now = self.now.max(now);
        let before = self.typing.desired;
        self.typing.expire(self.now);
        if before && !self.typing.desired {
            let now = self.now;
            self.ch(Lane::Typing).schedule(now);
        }
    }

    // ----- output -----

    /// The next thing to do. Call it after every command and input until it returns
    /// [`Output::Wait`].
    #[must_use = "the output is taken from the session: dropped, a request or an event is lost"]
    pub fn poll_output(&mut self) -> Output {
        if let Some(event) = self.events.pop_front() {
            return Output::Event(event);
        }
        if let Some(transmit) = self.next_transmit() {
            return Output::Transmit(transmit);
        }
        if let Some(event) = self.events.pop_front() {
            return Output::Event(event);
        }
        self.release_idle_buffers();
        Output::Wait(self.next_wake().map(|at| at.max(self.now)))
    }

    /// A session at rest keeps no spare capacity: a host may hold a great many idle chats, and
    /// the grown event queue alone is over a kilobyte. Refilling costs one allocation per batch.
    fn release_idle_buffers(&mut self) {
        if self.events.is_empty() && self.events.capacity() > 0 {
            self.events = VecDeque::new();
        }
        if self.lanes.flights.is_empty() && self.lanes.flights.capacity() > 0 {
            self.lanes.flights = Vec::new();
        }
    }

    fn chatting(&self) -> bool {
        self.server.state == Some(ChatState::Chatting)
    }
}

/// The longest idle timeout the session takes from the server: a day. LivePerson's default is
/// 40 s; clients have been seen asking for up to an hour.
pub(crate) const MAX_CHAT_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// The longest pause the session schedules: a century, which is never. Deadlines stay far inside
/// `Instant`'s range, so a clock that has jumped to one can still count seconds after it: the
/// floors and bounds measured from there (a second between reads, a day of retries) still hold.
pub(crate) const NEVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// `at + by`, a pause of at most [`NEVER`]; or, where even that cannot be represented, the latest
/// instant that can: a pause too long to count is one that never ends, never a panic.
pub(crate) fn later(at: Instant, by: Duration) -> Instant {
    let by = by.min(NEVER);
    if let Some(t) = at.checked_add(by) {
        return t;
    }
    let mut step = by;
    let mut t = at;
    while !step.is_zero() {
        step /= 2;
        if let Some(next) = t.checked_add(step) {
            t = next;
        }
    }
    t
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Our own plain structs always serialise.
    serde_json::to_vec(value).unwrap_or_default()
}

/// The event id in an add-line response's `Location` (`…/events/{id}`).
fn event_id_of(response: &http::Response<Vec<u8>>) -> Option<u64> {
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let path = location.split(['?', '#']).next()?;
    path.trim_end_matches('/').rsplit('/').next()?.parse().ok()
}
