//! `ChatSession`: the whole visitor side of a chat as a pure state machine.
//!
//! # Rules, stated once
//!
//! - Inputs (`handle_*`) and commands record facts and schedule work; they never produce output
//!   directly. [`ChatSession::poll_output`] hands out, in order, queued events, then due requests,
//!   then the instant to be woken.
//! - Each kind of work is a [`channel::Channel`]: domain lookup, chat request, poll, lines, end,
//!   typing, name, and one per one-shot call. A channel sends when it is due, its gate is open
//!   (see [`ChatSession::gate`]) and it has nothing in flight, so there is never more than one
//!   poll or one line on the wire.
//! - The poll follows the server's `next` link only after a fully decoded 2xx, never moves
//!   backwards, and is the keep-alive: while the chat may be alive on the server, no pause (retry
//!   ladder included) lets the gap between requests reach `chatTimeout`.
//! - Failures climb the [`RetryPolicy`](crate::RetryPolicy) ladder and each retry is an
//!   [`Event::Retrying`]; when the policy gives up the work fails with an event, never an `Err`.
//!
//! # Where things are
//!
//! This file holds the state, the inputs and the scheduling. The visitor's commands are in
//! `commands`; reading the chat in `poll`; line outcomes and reconciliation in `lines`; the origin,
//! the chat's creation and its end in `lifecycle`; typing and name answers in `updates`; one-shot
//! calls in `ops` and `engagement`; snapshots in `snapshot`. The state each keeps is in `outbox`,
//! `cursor`, `links`, `typing` and `channel`.

mod channel;
mod classify;
mod commands;
mod cursor;
mod engagement;
mod event;
mod keepalive;
mod lifecycle;
mod lines;
mod links;
mod ops;
mod outbox;
mod output;
mod poll;
mod snapshot;
mod typing;
mod updates;

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::LOCATION;
use url::Url;

use crate::config::{ChatConfig, Endpoint};
use crate::error::{Error, TransportError, TransportErrorKind};
use crate::request::{self, from_cursor, ApiCall, LinkProblem, Origin};
use crate::retry::{Backoff, RetryAfter, RetryCause, RetryState, RetryTier};
use crate::rng::Rng;
use crate::wire::{self, internal_code, ChatState, EventBody, OutgoingEvent, SystemMessage};

use channel::Channel;
use classify::{classify, Effect, Reply};
use cursor::{Cursor, Step};
use links::{ChatLinks, Rel};
use outbox::{Head, Outbox, QueuedLine};
use typing::Typing;

pub use event::{Authentication, EndReason, Event, Failure, LineFailure, OpResult};
pub use ops::{AvailabilityQuery, SurveyQuery, WaitTimeQuery};
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

/// What an in-flight request was for.
#[derive(Debug, Clone)]
enum Purpose {
    Domain,
    Start,
    Poll { seq: u64 },
    Line(LineId),
    End,
    Typing(bool),
    Name(String),
    Op(OpId),
}

#[derive(Debug, Clone)]
struct Flight {
    id: RequestId,
    purpose: Purpose,
    kind: RequestKind,
    /// When it was handed to the host.
    sent: Instant,
}

impl Purpose {
    /// Requests to the chat's own URLs: an answer from them is news of the chat itself.
    fn to_chat(&self) -> bool {
        matches!(
            self,
            Purpose::Poll { .. }
                | Purpose::Line(_)
                | Purpose::End
                | Purpose::Typing(_)
                | Purpose::Name(_)
        )
    }
}

/// A line retry decided when its POST failed ambiguously, announced only if the stream shows
/// the line did not land.
#[derive(Debug, Clone, Copy)]
enum PendingResend {
    Retry { cause: RetryCause, tier: RetryTier },
    GiveUp { cause: RetryCause, attempts: u32 },
}

/// The channels, in the order `poll_output` serves them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Domain,
    Start,
    Poll,
    Line,
    End,
    Typing,
    Name,
}

const CHANNELS: [Which; 7] = [
    Which::Domain,
    Which::Start,
    Which::Poll,
    Which::Line,
    Which::End,
    Which::Typing,
    Which::Name,
];

/// What the server has told the session about the chat.
#[derive(Debug, Clone, Default)]
struct ServerView {
    state: Option<ChatState>,
    agent_present: bool,
    agent_name: Option<String>,
    agent_typing: bool,
    last_system: Option<SystemMessage>,
    /// `info.duration`, seconds.
    duration: Option<u64>,
    /// `info.lastUpdate`, in Unix milliseconds.
    last_update_ms: Option<i64>,
}

/// A visitor chat with LivePerson's Server Chat API, as a pure state machine.
///
/// See the [crate documentation](crate) for the run loop.
pub struct ChatSession {
    config: Arc<ChatConfig>,
    rng: Rng,
    now: Instant,
    next_request: u64,
    next_line: u64,
    next_op: u64,
    phase: Phase,
    origin: Option<Origin>,
    /// Transport failures in a row of requests to `origin` made while no chat exists.
    origin_failures: u32,
    /// The App Engagement host, once known. Boxed: most chats never use it.
    engagement_origin: Option<Box<Origin>>,
    /// Connection failures in a row of requests to the App Engagement host.
    engagement_failures: u32,
    links: Option<ChatLinks>,
    cursor: Cursor,
    server: ServerView,
    chat_timeout: Duration,
    /// When the latest request confirmed to have reached the chat was sent: a 2xx from one of
    /// its URLs. Failures confirm nothing: a 5xx or 429 may come from an edge in front of it.
    confirmed: Option<Instant>,
    /// Until then a line whose POST may have been applied is not judged by the stream: the
    /// server may still apply it (a request stuck in a queue behind a timeout).
    settle_until: Option<Instant>,
    /// The retry a reconciled line will get if the stream shows it did not land.
    pending_resend: Option<PendingResend>,
    /// Whether anything since `confirmed` may have reached the chat after all (an HTTP answer of
    /// any kind, a timeout): if not, a chat past its expiry surely timed out.
    touched_since_confirmed: bool,
    /// The expiry for which a probe already went despite a `Retry-After`: one per expiry.
    probed_despite_retry_after: Option<Instant>,
    /// When the current run of failed reads began.
    reads_failing_since: Option<Instant>,
    /// When the host last said the network is back.
    network_up_at: Option<Instant>,
    /// Poll faster until then: a reply to the visitor's line is likely.
    brisk_until: Option<Instant>,
    polls_sent: u64,
    /// The visitor's end must be confirmed by a poll numbered at least this.
    end_confirm_seq: Option<u64>,
    end_requested: bool,
    /// The server accepted the visitor's end.
    end_accepted: bool,
    /// Why the server refused the visitor's end, if it did; used unless the stream shows the
    /// chat ended anyway.
    end_refused: Option<Box<EndReason>>,
    /// The server refused a line as "not in chat": lines wait for a read that shows chatting.
    lines_blocked: bool,
    domain: Channel,
    start: Channel,
    poll: Channel,
    line: Channel,
    end: Channel,
    typing_channel: Channel,
    name_channel: Channel,
    outbox: Outbox,
    typing: Typing,
    pending_name: Option<String>,
    ops: Vec<ops::Op>,
    flights: Vec<Flight>,
    events: VecDeque<Event>,
}

impl std::fmt::Debug for ChatSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatSession")
            .field("account_id", &self.config.account_id)
            .field("phase", &self.phase)
            .field("origin", &self.origin.as_ref().map(Origin::as_str))
            .field("chat", &self.links.as_ref().map(ChatLinks::chat))
            .field("next_event_id", &self.cursor.next_id)
            .field("queued_lines", &self.outbox.queue.len())
            .field("in_flight", &self.flights.len())
            .finish_non_exhaustive()
    }
}

impl ChatSession {
    /// A session that has sent nothing yet. `seed` drives the retry jitter, so the same seed and
    /// the same inputs give the same outputs.
    pub fn new(config: impl Into<Arc<ChatConfig>>, now: Instant, seed: u64) -> Result<Self, Error> {
        let config = config.into();
        let plain = config.allow_plain_http;
        let origin = match &config.endpoint {
            Endpoint::Lookup { domain_api, scheme } => {
                lookup_origin(domain_api, scheme, plain).map_err(Error::InvalidConfig)?;
                None
            }
            Endpoint::Domain(host) => Some(
                Origin::from_host("https", host)
                    .ok_or_else(|| Error::InvalidConfig(format!("`{host}` is not a host name")))?,
            ),
            Endpoint::BaseUrl(base) => {
                let origin = Origin::parse(base).ok_or_else(|| {
                    Error::InvalidConfig(format!("`{base}` is not an http(s) base URL"))
                })?;
                origin.check_scheme(plain).map_err(Error::InvalidConfig)?;
                Some(origin)
            }
        };
        if config.account_id.trim().is_empty() {
            return Err(Error::InvalidConfig("the account id is empty".into()));
        }
        let engagement_origin = engagement::fixed_origin(&config.engagement_endpoint, plain)
            .map_err(Error::InvalidConfig)?;
        Ok(Self {
            chat_timeout: config.chat_timeout,
            config,
            rng: Rng::new(seed),
            now,
            next_request: 0,
            next_line: 0,
            next_op: 0,
            phase: Phase::Idle,
            origin,
            origin_failures: 0,
            engagement_origin: engagement_origin.map(Box::new),
            engagement_failures: 0,
            links: None,
            cursor: Cursor::default(),
            server: ServerView::default(),
            confirmed: None,
            settle_until: None,
            pending_resend: None,
            touched_since_confirmed: false,
            reads_failing_since: None,
            probed_despite_retry_after: None,
            network_up_at: None,
            brisk_until: None,
            polls_sent: 0,
            end_confirm_seq: None,
            end_requested: false,
            end_accepted: false,
            end_refused: None,
            lines_blocked: false,
            domain: Channel::default(),
            start: Channel::default(),
            poll: Channel::default(),
            line: Channel::default(),
            end: Channel::default(),
            typing_channel: Channel::default(),
            name_channel: Channel::default(),
            outbox: Outbox::default(),
            typing: Typing::new(),
            pending_name: None,
            ops: Vec::new(),
            flights: Vec::new(),
            events: VecDeque::new(),
        })
    }

    /// Where the chat stands.
    pub fn phase(&self) -> Phase {
        self.phase
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
        self.origin.as_ref().map(Origin::as_str)
    }

    /// The chat's idle timeout as the server last reported it.
    pub fn chat_timeout(&self) -> Duration {
        self.chat_timeout
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
    /// Only before [`request_chat`](Self::request_chat). A [`Snapshot`] does not carry it: resume
    /// a requesting chat with a configuration that holds the same request.
    pub fn chat_request_mut(&mut self) -> Result<&mut wire::ChatRequest, Error> {
        if self.phase != Phase::Idle {
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
        self.flights.len()
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
        if let Purpose::Op(op) = flight.purpose {
            self.note_account_loading(op, &response);
        }
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
            self.typing_channel.schedule(self.now);
        }
    }

    fn take_flight(&mut self, id: RequestId) -> Result<Flight, Error> {
        let at = self
            .flights
            .iter()
            .position(|f| f.id == id)
            .ok_or(Error::UnknownRequest(id))?;
        let flight = self.flights.swap_remove(at);
        if let Some(channel) = self.channel_of(&flight.purpose) {
            channel.in_flight = None;
        }
        Ok(flight)
    }

    // ----- output -----

    /// The next thing to do. Call it after every command and input until it returns
    /// [`Output::Wait`].
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
        if self.flights.is_empty() && self.flights.capacity() > 0 {
            self.flights = Vec::new();
        }
    }

    fn next_transmit(&mut self) -> Option<Transmit> {
        for which in CHANNELS {
            if self.gate(which) && self.channel(which).ready(self.now) {
                if let Some(t) = self.transmit(which) {
                    return Some(t);
                }
            }
        }
        self.next_op_transmit()
    }

    fn next_wake(&self) -> Option<Instant> {
        let channels = CHANNELS
            .iter()
            .filter(|w| self.gate(**w))
            .filter_map(|w| self.channel(*w).wake_at());
        let typing = self.typing.quiet_until.filter(|_| self.phase_is_open());
        channels.chain(typing).chain(self.op_wakes()).min()
    }

    fn phase_is_open(&self) -> bool {
        matches!(self.phase, Phase::Requesting | Phase::Live)
    }

    fn chatting(&self) -> bool {
        self.server.state == Some(ChatState::Chatting)
    }

    /// Whether a channel's work is possible at all right now, whatever its schedule.
    fn gate(&self, which: Which) -> bool {
        let live = matches!(self.phase, Phase::Live | Phase::Ending);
        match which {
            Which::Domain => self.origin.is_none() && self.needs_origin(),
            Which::Start => {
                self.phase == Phase::Requesting && self.origin.is_some() && self.links.is_none()
            }
            Which::Poll => live,
            Which::Line => {
                live && self.chatting()
                    && !self.lines_blocked
                    && self.outbox.head == Head::Ready
                    && !self.outbox.queue.is_empty()
            }
            Which::End => {
                self.phase == Phase::Ending
                    && self.end_confirm_seq.is_none()
                    && self.line.in_flight.is_none()
                    && (self.outbox.queue.is_empty() || !self.chatting())
            }
            Which::Typing => {
                self.phase == Phase::Live && self.chatting() && self.typing.pending().is_some()
            }
            // The `visitor-name` link comes with the first read of the chat, not with its
            // creation: wait for a read (which always reports the state) before sending.
            Which::Name => {
                self.phase == Phase::Live
                    && self.pending_name.is_some()
                    && self.server.state.is_some()
            }
        }
    }

    fn needs_origin(&self) -> bool {
        self.phase == Phase::Requesting || self.ops.iter().any(|op| op.needs_origin())
    }

    fn channel(&self, which: Which) -> &Channel {
        match which {
            Which::Domain => &self.domain,
            Which::Start => &self.start,
            Which::Poll => &self.poll,
            Which::Line => &self.line,
            Which::End => &self.end,
            Which::Typing => &self.typing_channel,
            Which::Name => &self.name_channel,
        }
    }

    fn channel_mut(&mut self, which: Which) -> &mut Channel {
        match which {
            Which::Domain => &mut self.domain,
            Which::Start => &mut self.start,
            Which::Poll => &mut self.poll,
            Which::Line => &mut self.line,
            Which::End => &mut self.end,
            Which::Typing => &mut self.typing_channel,
            Which::Name => &mut self.name_channel,
        }
    }

    fn channel_of(&mut self, purpose: &Purpose) -> Option<&mut Channel> {
        let which = match purpose {
            Purpose::Domain => Which::Domain,
            Purpose::Start => Which::Start,
            Purpose::Poll { .. } => Which::Poll,
            Purpose::Line(_) => Which::Line,
            Purpose::End => Which::End,
            Purpose::Typing(_) => Which::Typing,
            Purpose::Name(_) => Which::Name,
            Purpose::Op(op) => {
                let op = *op;
                return self
                    .ops
                    .iter_mut()
                    .find(|o| o.id == op)
                    .map(|o| &mut o.channel);
            }
        };
        Some(self.channel_mut(which))
    }

    /// Builds the request of a ready channel, or settles why it cannot go.
    fn transmit(&mut self, which: Which) -> Option<Transmit> {
        let (purpose, kind, call) = match which {
            Which::Domain => {
                let Endpoint::Lookup { domain_api, .. } = &self.config.endpoint else {
                    return None;
                };
                let request =
                    request::domain_lookup(domain_api, &self.config.account_id, "conversationVep")?;
                return Some(self.launch(
                    Which::Domain,
                    Purpose::Domain,
                    RequestKind::ResolveDomain,
                    request,
                ));
            }
            Which::Start => {
                let origin = self.origin.as_ref()?;
                let url = origin.account_url(&self.config.account_id, &["chat", "request"]);
                let body = self.config.chat_request.to_json();
                (
                    Purpose::Start,
                    RequestKind::RequestChat,
                    ApiCall::post(url, body),
                )
            }
            Which::Poll => {
                let Some(url) = self.chat_link(None) else {
                    // Only a corrupt snapshot leaves a chat that cannot be read: say so once
                    // rather than wake up for it forever.
                    self.finish(EndReason::ProtocolError(
                        "the chat's URL is not on the session's origin".into(),
                    ));
                    return None;
                };
                self.polls_sent += 1;
                let seq = self.polls_sent;
                (Purpose::Poll { seq }, RequestKind::Poll, ApiCall::get(url))
            }
            Which::Line => {
                let line = self.outbox.head()?.clone();
                let Some(url) = self.chat_link(Some(Rel::Events)) else {
                    self.fail_head(LineFailure::ChatEnded);
                    return None;
                };
                let body = OutgoingEvent::Line { text: line.text }.to_json();
                (
                    Purpose::Line(line.id),
                    RequestKind::SendLine,
                    ApiCall::post(url, body),
                )
            }
            Which::End => {
                let Some(url) = self.chat_link(Some(Rel::Events)) else {
                    self.finish(EndReason::Visitor);
                    return None;
                };
                (
                    Purpose::End,
                    RequestKind::EndChat,
                    ApiCall::post(url, OutgoingEvent::End.to_json()),
                )
            }
            Which::Typing => {
                let typing = self.typing.pending()?;
                let Some(url) = self.chat_link(Some(Rel::VisitorTyping)) else {
                    // No link to tell the server with; stop wanting to.
                    self.typing.sent = Some(typing);
                    return None;
                };
                let state = if typing {
                    wire::TypingState::Typing
                } else {
                    wire::TypingState::NotTyping
                };
                let body = to_json(&wire::VisitorTyping {
                    visitor_typing: state,
                });
                (
                    Purpose::Typing(typing),
                    RequestKind::SetTyping,
                    ApiCall::put(url, body),
                )
            }
            Which::Name => {
                let name = self.pending_name.clone()?;
                let Some(url) = self.chat_link(Some(Rel::VisitorName)) else {
                    self.pending_name = None;
                    self.name_channel.reset();
                    self.events.push_back(Event::RequestFailed {
                        kind: RequestKind::SetVisitorName,
                        failure: Failure::NoLink,
                    });
                    return None;
                };
                let body = to_json(&wire::VisitorName {
                    visitor_name: name.clone(),
                });
                (
                    Purpose::Name(name),
                    RequestKind::SetVisitorName,
                    ApiCall::put(url, body),
                )
            }
        };
        let request = call.build(&self.config);
        Some(self.launch(which, purpose, kind, request))
    }

    fn launch(
        &mut self,
        which: Which,
        purpose: Purpose,
        kind: RequestKind,
        request: http::Request<Vec<u8>>,
    ) -> Transmit {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        let timeout = if which == Which::Poll {
            self.poll_timeout()
        } else {
            self.config.request_timeout
        };
        let channel = self.channel_mut(which);
        channel.in_flight = Some(id);
        let attempt = channel.retry.next_attempt();
        self.flights.push(Flight {
            id,
            purpose,
            kind,
            sent: self.now,
        });
        Transmit {
            id,
            kind,
            attempt,
            request,
            timeout,
        }
    }

    /// A link of the chat (or the poll URL for `None`), admitted against the origin.
    fn chat_link(&mut self, rel: Option<Rel>) -> Option<Url> {
        let links = self.links.as_ref()?;
        let href = match rel {
            None => links.poll_url(self.cursor.next_id),
            Some(Rel::Events) => links
                .get(Rel::Events)
                .unwrap_or_else(|| format!("{}/events", links.chat())),
            Some(rel) => links.get(rel)?,
        };
        self.origin.as_ref()?.admit(&href).ok()
    }

    // ----- replies -----

    fn on_reply(&mut self, flight: Flight, reply: Reply) {
        // Only a 2xx from the chat's own URLs says a request reached it; the poll confirms once
        // its body is read. Recorded after the reply is handled, so that a refusal is judged
        // against the silence before it.
        let confirms = matches!(reply, Reply::Success(_))
            && match &flight.purpose {
                Purpose::Poll { .. } => false,
                Purpose::Op(id) => self.ops.iter().any(|op| op.id == *id && op.on_chat()),
                purpose => purpose.to_chat(),
            };
        let sent = flight.sent;
        let surely_unsent = matches!(
            reply,
            Reply::Retry {
                cause: RetryCause::Transport,
                effect: Effect::Nothing,
                ..
            }
        );
        if flight.purpose.to_chat() && !surely_unsent && !confirms {
            self.touched_since_confirmed = true;
        }
        self.count_origin_failure(&flight.purpose, &reply);
        self.dispatch(flight, reply);
        self.re_resolve_if_unreachable();
        if confirms && matches!(self.phase, Phase::Live | Phase::Ending) {
            self.confirm(sent);
            self.poll_on_contact();
        }
    }

    fn dispatch(&mut self, flight: Flight, reply: Reply) {
        match flight.purpose.clone() {
            Purpose::Domain => self.on_domain(&flight, reply),
            Purpose::Start => self.on_start(&flight, reply),
            Purpose::Poll { seq } => self.on_poll(&flight, seq, reply),
            Purpose::Line(id) => self.on_line(&flight, id, reply),
            Purpose::End => self.on_end(&flight, reply),
            Purpose::Typing(typing) => self.on_typing(&flight, typing, reply),
            Purpose::Name(name) => self.on_name(&flight, name, reply),
            Purpose::Op(op) => self.on_op(&flight, op, reply),
        }
    }

    /// Schedules the next attempt of `which` after a retryable failure, reporting it. Returns the
    /// last cause when the policy gives up.
    fn retry(
        &mut self,
        which: Which,
        flight: &Flight,
        cause: RetryCause,
        retry_after: RetryAfter,
    ) -> Result<(), Failure> {
        let backoff = self.plan_retry(which, cause, retry_after)?;
        self.schedule_retry(which, flight.kind, cause, backoff.tier, backoff.pause);
        Ok(())
    }

    /// Schedules `which`'s next attempt `pause` from now and announces it.
    fn schedule_retry(
        &mut self,
        which: Which,
        kind: RequestKind,
        cause: RetryCause,
        tier: RetryTier,
        pause: Duration,
    ) {
        let due = later(self.now, pause);
        let channel = self.channel_mut(which);
        channel.due = Some(due);
        let attempt = channel.retry.next_attempt();
        self.events.push_back(Event::Retrying {
            kind,
            cause,
            tier,
            attempt,
            after: pause,
        });
    }

    /// Climbs `which`'s ladder for one failure without scheduling anything.
    fn plan_retry(
        &mut self,
        which: Which,
        cause: RetryCause,
        retry_after: RetryAfter,
    ) -> Result<Backoff, Failure> {
        let mut state = std::mem::take(&mut self.channel_mut(which).retry);
        let decision = self
            .config
            .retry
            .on_failure(&mut state, cause, retry_after, &mut self.rng);
        let attempts = state.failures;
        let channel = self.channel_mut(which);
        match decision {
            Some(backoff) => {
                channel.retry = state;
                channel.binding = backoff.binding;
                Ok(backoff)
            }
            None => {
                channel.retry = RetryState::default();
                Err(Failure::GaveUp { cause, attempts })
            }
        }
    }
}

/// The longest idle timeout the session takes from the server: a day. LivePerson's default is
/// 40 s; clients have been seen asking for up to an hour.
pub(crate) const MAX_CHAT_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// Checks a Domain API lookup's configuration: the Domain API itself over https (or loopback),
/// and a scheme for the hosts it names that keeps secrets safe.
pub(crate) fn lookup_origin(domain_api: &str, scheme: &str, plain: bool) -> Result<Origin, String> {
    let origin = Origin::parse(domain_api)
        .ok_or_else(|| format!("Domain API `{domain_api}` is not an http(s) URL"))?;
    origin.check_scheme(plain)?;
    match scheme {
        "https" => Ok(origin),
        "http" if plain || origin.is_loopback() => Ok(origin),
        "http" => Err(format!(
            "plain http to the hosts `{domain_api}` names: anyone on the path could read what is \
             sent (set `ChatConfig::allow_plain_http` to allow it)"
        )),
        other => Err(format!("scheme `{other}` is neither http nor https")),
    }
}

/// `at + by`, or the latest instant that can be represented: a pause too long to count is one
/// that never ends, never a panic.
pub(crate) fn later(at: Instant, by: Duration) -> Instant {
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
