//! An in-memory, sans-IO emulator of LivePerson's Server Chat service (plus the Domain and App
//! Engagement lookups a client makes first), for tests, benches and examples.
//!
//! Drive it with [`Emulator::handle`] for every HTTP exchange and [`Emulator::advance`] to let
//! time pass; it never reads a clock, sleeps or does IO. Its answers follow the documented wire
//! format and the live-service behaviour collected from real clients: 201 + `Location` for a chat
//! request, the whole chat envelope on every poll, one-or-many `event`, wrapped error bodies,
//! 400/5 for a line outside `chatting`, 404/12 once a chat is gone. It shares no code with the
//! client's decoding: documents are built and read as `serde_json::Value`s.
//!
//! A seeded [`FaultPlan`] offers each reading of a failed request as an option a test picks: an
//! edge that never passed it on, the chat service failing after it touched the chat, a gateway
//! giving up after the backend applied it, a queue applying it late, a network losing it (see
//! [`Fault`]).
//!
//! # A session against the emulator
//!
//! [`Link`] wires a [`ChatSession`] to an emulator on a clock the host moves:
//! [`Link::start`] builds both from one [`EmulatorConfig`] (the session's configuration comes
//! from [`EmulatorConfig::client_config`]). A host that drives the session itself hands each
//! request's [`Exchange`] back with [`Exchange::deliver`]. A whole chat with an emulated agent,
//! one request in five failing with a 5xx:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig, FaultPlan, Link};
//! use lp_server_chat::Event;
//!
//! let agent = AgentBehaviour::Replying {
//!     accept_after: Duration::from_secs(3),
//!     greeting: "Hello! How can I help?".into(),
//!     reply_after: Duration::from_secs(2),
//!     typing_for: Duration::from_secs(1),
//! };
//! let faults = FaultPlan::none().server_errors(0.2); // one request in five answered 5xx
//! let config = EmulatorConfig { agent, faults, ..EmulatorConfig::default() };
//! let mut link = Link::start(config, Instant::now(), 7)?;
//! link.session.request_chat(link.now)?;
//! let mut heard = Vec::new();
//! while let Some(event) = link.next_event(link.now + Duration::from_secs(300))? {
//!     if let Some(text) = event.agent_line() {
//!         heard.push(text.to_owned());
//!         if heard.len() == 1 {
//!             link.session.send_line("My invoice is wrong", link.now)?;
//!         } else {
//!             link.session.end_chat(link.now)?;
//!         }
//!     }
//!     if let Event::ChatEnded { .. } = event {
//!         break;
//!     }
//! }
//! assert_eq!(heard, ["Hello! How can I help?", "You said: My invoice is wrong"]);
//! # Ok::<(), lp_server_chat::Error>(())
//! ```
//!
//! # Requests by hand
//!
//! Tests of the service's own behaviour send it hand-built requests. One emulator holds many
//! chats: the cost of a request or of [`Emulator::advance`] grows with
//! the logarithm of the number of chats, not with it, since only chats that are due are touched.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use lp_server_chat::emulator::{AgentBehaviour, Emulator, EmulatorConfig, Exchange};
//!
//! let t0 = Instant::now();
//! let config = EmulatorConfig {
//!     agent: AgentBehaviour::Replying {
//!         accept_after: Duration::from_secs(3),
//!         greeting: "Hi!".into(),
//!         reply_after: Duration::from_secs(1),
//!         typing_for: Duration::ZERO,
//!     },
//!     ..EmulatorConfig::default()
//! };
//! let mut emu = Emulator::new(config, t0);
//! let request = http::Request::post("https://chat.emulator.invalid/api/account/12345678/chat/request.json?v=1&NC=true")
//!     .header("Authorization", "LivePerson appKey=k")
//!     .body(br#"{"request":{"skill":"Support"}}"#.to_vec())
//!     .unwrap();
//! let Exchange::Respond(response) = emu.handle(&request, t0) else { unreachable!() };
//! assert_eq!(response.status(), 201);
//! emu.advance(t0 + Duration::from_secs(5));
//! let id = &emu.chat_ids()[0];
//! assert_eq!(emu.chat(id).unwrap().lines_from("agent"), ["Hi!"]);
//! ```

mod agent;
mod chat;
mod clock;
mod config;
mod errors;
mod faults;
mod fields;
mod handlers;
pub mod link;
mod render;
mod rng;
mod routes;
mod spelling;
mod stats;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use http::{header, HeaderValue, Request, Response, StatusCode};
use serde_json::Value;

pub use agent::{choice_card, AgentBehaviour, AgentReceipts, AgentStep, MenuChoice};
pub use chat::{ChatRecord, RecordState, StoredEvent};
pub use config::{Activity, DomainForm, EmulatorConfig, VisitorAuthForm};
pub use faults::{ChatRequestRejection, Fault, FaultPlan, FaultRule, RetryAfterForm, Trigger};
pub use fields::Fields;
pub use link::Link;
pub use routes::Route;
pub use spelling::HeaderSpelling;
pub use stats::{FaultCounts, Stats};

use crate::{ChatSession, RequestId, TransportError};
use agent::AgentAction;
use clock::WallClock;
use faults::{draw_delay, FaultContext, Phase};
use rng::Rng;

/// What the client observes for one HTTP exchange.
#[derive(Debug)]
pub enum Exchange {
    /// The response, at once.
    Respond(Response<Vec<u8>>),
    /// The response arrives only after this delay (slow server); the request was applied.
    RespondAfter {
        /// The response.
        response: Response<Vec<u8>>,
        /// How long after the request it arrives.
        delay: Duration,
    },
    /// No response: the client sees a timeout (or a reset after sending). Whether the request
    /// was applied depends on the fault: it was ([`Fault::LoseResponse`]), it will be later
    /// ([`Fault::LateApply`]), or it never arrived ([`Fault::Dropped`]).
    Lost,
    /// The connection failed before the request reached the server: nothing was applied.
    Unreachable,
}

impl Exchange {
    /// The response, if the client gets one (with or without delay).
    pub fn response(&self) -> Option<&Response<Vec<u8>>> {
        match self {
            Exchange::Respond(r) | Exchange::RespondAfter { response: r, .. } => Some(r),
            Exchange::Lost | Exchange::Unreachable => None,
        }
    }

    /// The response, if the client gets one (with or without delay).
    pub fn into_response(self) -> Option<Response<Vec<u8>>> {
        match self {
            Exchange::Respond(r) | Exchange::RespondAfter { response: r, .. } => Some(r),
            Exchange::Lost | Exchange::Unreachable => None,
        }
    }

    /// What an HTTP stack would report: the response (a delayed one too, delay ignored), a
    /// [`TransportError::maybe_sent`] for no answer (the request may have been applied), a
    /// [`TransportError::not_sent`] for an unreachable server.
    ///
    /// A host that honours [`RespondAfter`](Exchange::RespondAfter) waits out the delay first,
    /// and past the request's timeout reports `maybe_sent` instead, as [`Link`] does.
    pub fn into_outcome(self) -> Result<Response<Vec<u8>>, TransportError> {
        match self {
            Exchange::Respond(r) | Exchange::RespondAfter { response: r, .. } => Ok(r),
            Exchange::Lost => Err(TransportError::maybe_sent("no answer: timed out")),
            Exchange::Unreachable => Err(TransportError::not_sent("connection refused")),
        }
    }

    /// Hands the [outcome](Exchange::into_outcome) of request `id` to `session`:
    /// [`ChatSession::handle_response`] or [`ChatSession::handle_transport_error`], at `now`.
    /// The `Err` is the session's (an unknown request id).
    pub fn deliver(
        self,
        session: &mut ChatSession,
        id: RequestId,
        now: Instant,
    ) -> Result<(), crate::Error> {
        match self.into_outcome() {
            Ok(response) => session.handle_response(id, response, now),
            Err(error) => session.handle_transport_error(id, error, now),
        }
    }
}

/// Agent id reported in `info.agentId`.
const AGENT_ID: u64 = 112_233_410;

/// The emulated service. See the module documentation.
#[derive(Debug)]
pub struct Emulator {
    config: EmulatorConfig,
    clock: WallClock,
    start: Instant,
    /// The latest `now` seen; used by calls that take no time argument.
    latest: Instant,
    ids: Rng,
    fault_rng: Rng,
    cosmetic: Rng,
    chats: BTreeMap<String, ChatRecord>,
    /// Every chat that will change on its own, by when: earliest first, ties to the lower chat
    /// id (the order a scan of `chats` gives), so `advance` touches only chats that are due.
    due: BTreeSet<(Instant, String)>,
    /// Requests held back by [`Fault::LateApply`], by when they apply and then arrival order.
    late: BTreeMap<(Instant, u64), Request<Vec<u8>>>,
    late_seq: u64,
    order: Vec<String>,
    stats: Stats,
    loading_left: u32,
    loading_vids: Vec<String>,
    rejections: VecDeque<ChatRequestRejection>,
    offline_surveys: Vec<Value>,
    session_updates: Vec<SessionUpdate>,
}

/// One App Engagement Update Session the emulator accepted
/// (`PUT …/app/engagement/visitors/{visitorId}?v=1.0&sid={sessionId}`).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionUpdate {
    /// The `visitorId` path segment.
    pub visitor_id: String,
    /// The `sid` query parameter.
    pub session_id: String,
    /// The body, as sent: `pageId`, and any `impAttributes` and `engagementAttributes`.
    pub body: Value,
}

impl Emulator {
    /// A fresh service whose clock starts at `now`.
    pub fn new(config: EmulatorConfig, now: Instant) -> Self {
        let clock = WallClock::new(now, config.start_unix_ms, config.utc_offset_minutes);
        let seed = config.seed;
        Emulator {
            clock,
            start: now,
            latest: now,
            ids: Rng::new(seed, 1),
            fault_rng: Rng::new(seed, 2),
            cosmetic: Rng::new(seed, 3),
            chats: BTreeMap::new(),
            due: BTreeSet::new(),
            late: BTreeMap::new(),
            late_seq: 0,
            order: Vec::new(),
            stats: Stats::default(),
            loading_left: config.faults.account_loading,
            loading_vids: Vec::new(),
            rejections: config
                .faults
                .chat_request_rejections
                .iter()
                .copied()
                .collect(),
            offline_surveys: Vec::new(),
            session_updates: Vec::new(),
            config,
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &EmulatorConfig {
        &self.config
    }

    /// One HTTP exchange. Runs the server up to `now`, then applies the request to the server
    /// state (now, later, or never, as the fault plan says) and says what the client observes.
    /// Never panics, whatever the request holds.
    pub fn handle(&mut self, request: &Request<Vec<u8>>, now: Instant) -> Exchange {
        self.advance(now);
        let now = self.latest.max(now);
        let parsed = routes::parse(request);
        let kind = parsed.kind();
        let index = self.stats.total_requests;
        self.stats.total_requests += 1;
        *self.stats.requests.entry(kind).or_insert(0) += 1;
        let ctx = FaultContext {
            index,
            elapsed: now.saturating_duration_since(self.start),
            kind,
        };

        let before = self
            .config
            .faults
            .pick(Phase::Before, &ctx, &mut self.fault_rng);
        let response = match before {
            Some(Fault::Unreachable) => {
                self.stats.faults.unreachable += 1;
                return Exchange::Unreachable;
            }
            Some(Fault::Dropped) => {
                self.stats.faults.dropped += 1;
                return Exchange::Lost;
            }
            Some(Fault::LateApply { min, max }) => {
                self.hold(request, now, min, max);
                return Exchange::Lost;
            }
            Some(Fault::ServerError) => {
                self.stats.faults.server_errors += 1;
                self.server_error(kind, request.uri().path(), now)
            }
            Some(Fault::ChatServerError) => {
                self.stats.faults.chat_server_errors += 1;
                if let Some(id) = self.reached_chat(request, &parsed) {
                    self.stats.faults.chat_server_errors_touched += 1;
                    if self.restarts_idle_timer(&parsed) {
                        if let Some(c) = self.chats.get_mut(&id) {
                            c.last_update = now;
                        }
                    }
                    self.reindex(&id);
                }
                self.server_error(kind, request.uri().path(), now)
            }
            Some(Fault::RateLimit(form)) => {
                self.stats.faults.rate_limited += 1;
                self.rate_limited(kind, form, now)
            }
            _ => {
                let duplicate = matches!(kind, Route::ChatGet | Route::EventsGet)
                    && self
                        .config
                        .faults
                        .pick(Phase::Render, &ctx, &mut self.fault_rng)
                        .is_some();
                let response = self.apply(request, &parsed, kind, now, duplicate);
                let after = self
                    .config
                    .faults
                    .pick(Phase::After, &ctx, &mut self.fault_rng);
                match after {
                    Some(Fault::LoseResponse) => {
                        self.count_status(&response);
                        self.stats.faults.lost += 1;
                        return Exchange::Lost;
                    }
                    Some(Fault::Malformed) => self.malform(response),
                    Some(Fault::Slow(delay)) => {
                        let response = self.finish(response, now);
                        self.stats.faults.slow += 1;
                        return Exchange::RespondAfter { response, delay };
                    }
                    Some(Fault::GatewayError) => {
                        self.count_status(&response);
                        self.stats.faults.gateway_errors += 1;
                        let page = self.gateway_error();
                        return Exchange::Respond(self.tag(page, now));
                    }
                    _ => response,
                }
            }
        };
        Exchange::Respond(self.finish(response, now))
    }

    /// Runs agent behaviour, idle timeouts, the expiry of ended chats and requests held back
    /// by [`Fault::LateApply`] up to `now`, in time order (at the same instant, a chat's own
    /// step before a held request, as for a request arriving then).
    pub fn advance(&mut self, now: Instant) {
        if now > self.latest {
            self.latest = now;
        }
        loop {
            let chat = self
                .due
                .first()
                .filter(|(t, _)| *t <= now)
                .map(|(t, id)| (*t, id.clone()));
            let held = self
                .late
                .keys()
                .next()
                .map(|(t, _)| *t)
                .filter(|t| *t <= now);
            match (chat, held) {
                (Some((at, id)), held) if held.map_or(true, |h| at <= h) => {
                    self.step_chat(&id, at);
                    self.reindex(&id);
                }
                (_, Some(_)) => {
                    if let Some(((at, _), request)) = self.late.pop_first() {
                        self.apply_late(&request, at);
                    }
                }
                _ => break,
            }
        }
    }

    /// When the emulator next has something to do on its own (agent step, idle timeout, end of
    /// an ended chat's retention, a held request), if ever.
    pub fn next_wakeup(&self) -> Option<Instant> {
        let chat = self.due.first().map(|(t, _)| *t);
        let held = self.late.keys().next().map(|(t, _)| *t);
        [chat, held].into_iter().flatten().min()
    }

    /// Brings chat `id`'s entry in the due-index up to date; call after anything that may move
    /// its next step (a request, an agent action, an end).
    pub(crate) fn reindex(&mut self, id: &str) {
        let retention = self.config.ended_retention;
        let Some(c) = self.chats.get_mut(id) else {
            return;
        };
        let due = c.next_due(retention);
        if due == c.indexed_due {
            return;
        }
        if let Some(old) = c.indexed_due.take() {
            self.due.remove(&(old, id.to_owned()));
        }
        if let Some(t) = due {
            self.due.insert((t, id.to_owned()));
        }
        c.indexed_due = due;
    }

    /// Holds `request` back to apply it a drawn delay after `now`.
    fn hold(&mut self, request: &Request<Vec<u8>>, now: Instant, min: Duration, max: Duration) {
        self.stats.faults.late_held += 1;
        let delay = draw_delay(&mut self.fault_rng, min, max);
        // A moment `Instant` cannot hold never comes: the request waits forever.
        if let Some(at) = now.checked_add(delay) {
            self.late.insert((at, self.late_seq), request.clone());
            self.late_seq += 1;
        }
    }

    /// Applies a held request at `at`, unless its chat is gone; the answer goes nowhere.
    fn apply_late(&mut self, request: &Request<Vec<u8>>, at: Instant) {
        let parsed = routes::parse(request);
        if let routes::Target::Chat(id, _) = &parsed.target {
            if !self.chats.get(id).is_some_and(|c| !c.is_gone()) {
                self.stats.faults.late_dropped += 1;
                return;
            }
        }
        let known = self.order.len();
        let response = self.apply(request, &parsed, parsed.kind(), at, false);
        self.count_status(&response);
        self.stats.faults.late_applied += 1;
        // Whoever asked for a chat created now gave up long ago: nobody has its URL.
        for id in self.order.get(known..).unwrap_or_default() {
            if let Some(c) = self.chats.get_mut(id) {
                c.orphan = true;
                self.stats.faults.orphans += 1;
            }
        }
    }

    /// The id of the live chat this request would touch if the service handled it: a chat URL
    /// of this account, with usable credentials, of a chat that is not gone.
    fn reached_chat(&self, request: &Request<Vec<u8>>, parsed: &routes::Parsed) -> Option<String> {
        let routes::Target::Chat(id, _) = &parsed.target else {
            return None;
        };
        let live = self.chats.get(id).is_some_and(|c| !c.is_gone());
        let allowed =
            parsed.account == self.config.account_id && routes::authorized(request, parsed);
        (live && allowed).then(|| id.clone())
    }

    /// Whether a request that reached a chat restarts its idle timer, per
    /// [`EmulatorConfig::activity`].
    pub(crate) fn restarts_idle_timer(&self, parsed: &routes::Parsed) -> bool {
        match self.config.activity {
            Activity::AnyRequest => true,
            Activity::WritesOnly => {
                !matches!(parsed.method, http::Method::GET | http::Method::HEAD)
            }
        }
    }

    /// Ids of all chats ever created, in creation order (including gone ones).
    pub fn chat_ids(&self) -> Vec<String> {
        self.order.clone()
    }

    /// A chat's server-side record (also after it is gone).
    pub fn chat(&self, id: &str) -> Option<&ChatRecord> {
        self.chats.get(id)
    }

    /// Counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Offline-survey submissions (the `survey` objects), in order.
    pub fn offline_surveys(&self) -> &[Value] {
        &self.offline_surveys
    }

    /// App Engagement Update Session calls accepted, in order.
    pub fn session_updates(&self) -> &[SessionUpdate] {
        &self.session_updates
    }

    /// The agent accepts a waiting chat now. False when the chat is not waiting.
    pub fn agent_accept(&mut self, chat: &str, now: Instant) -> bool {
        self.agent_now(chat, AgentAction::Accept, now)
    }

    /// The agent sends a plain-text line now. False unless chatting.
    pub fn agent_say(&mut self, chat: &str, text: &str, now: Instant) -> bool {
        self.agent_now(chat, AgentAction::Say(text.to_owned()), now)
    }

    /// The agent sends an HTML line now. False unless chatting.
    pub fn agent_say_html(&mut self, chat: &str, html: &str, now: Instant) -> bool {
        self.agent_now(chat, AgentAction::SayHtml(html.to_owned()), now)
    }

    /// The agent sends a rich-content line now: `textType: rich-content`, `card` under `json`
    /// (a structured-content document such as [`choice_card`] builds), `metadata: []`, no
    /// `text`. False unless chatting.
    pub fn agent_card(&mut self, chat: &str, card: Value, now: Instant) -> bool {
        self.agent_now(chat, AgentAction::Card(card), now)
    }

    /// The agent starts or stops typing now. False unless chatting.
    pub fn agent_typing(&mut self, chat: &str, typing: bool, now: Instant) -> bool {
        self.agent_now(chat, AgentAction::Typing(typing), now)
    }

    /// The agent transfers the chat to another account now (an `a2a-transfer` event). False
    /// unless chatting.
    pub fn agent_transfer_a2a(
        &mut self,
        chat: &str,
        domain: &str,
        remote_site_id: u64,
        skill: &str,
        now: Instant,
    ) -> bool {
        let action = AgentAction::Transfer {
            domain: domain.to_owned(),
            remote_site_id,
            skill: skill.to_owned(),
        };
        self.agent_now(chat, action, now)
    }

    /// The agent ends the chat now. False when it already ended or is gone.
    pub fn agent_end(&mut self, chat: &str, now: Instant) -> bool {
        self.agent_now(chat, AgentAction::End, now)
    }

    /// The service drops the chat at once (as after an idle timeout): a live chat gets `ended`
    /// plus system message 6, and from now on every URL of it answers 404 / internalCode 12.
    /// False when it was already gone or never existed.
    pub fn expire(&mut self, chat: &str) -> bool {
        let at = self.latest;
        let sys6 = self.system_id(6);
        let Some(c) = self.chats.get_mut(chat) else {
            return false;
        };
        if c.is_gone() {
            return false;
        }
        if c.state != RecordState::Ended {
            c.push_state(RecordState::Ended, at);
            c.push_system_line("The chat was disconnected.", sys6, at);
        }
        c.gone_at = Some(at);
        self.reindex(chat);
        true
    }

    fn agent_now(&mut self, chat: &str, action: AgentAction, now: Instant) -> bool {
        self.advance(now);
        let at = self.latest;
        let done = match self.chats.get(chat) {
            Some(c) if !c.is_gone() => self.apply_agent(chat, action, at),
            _ => false,
        };
        self.reindex(chat);
        done
    }

    /// Processes the one thing due for chat `id` at `at`.
    fn step_chat(&mut self, id: &str, at: Instant) {
        let retention = self.config.ended_retention;
        let Some(c) = self.chats.get_mut(id) else {
            return;
        };
        if let Some(ended) = c.ended_at {
            if ended.checked_add(retention).is_some_and(|gone| at >= gone) {
                c.gone_at = Some(at);
            }
            return;
        }
        let idle = c.last_update.checked_add(c.timeout);
        let agent_due = matches!(
            c.agenda.next_due(),
            Some(t) if t <= at && idle.map_or(true, |i| t <= i)
        );
        if agent_due {
            if let Some((t, action)) = c.agenda.pop_due(at) {
                self.apply_agent(id, action, t);
            }
            return;
        }
        let Some(idle) = idle.filter(|i| *i <= at) else {
            return;
        };
        // Idle timeout: the chat ends and is gone at once.
        let sys6 = self.system_id(6);
        if let Some(c) = self.chats.get_mut(id) {
            c.push_state(RecordState::Ended, idle);
            c.push_system_line("The chat was disconnected.", sys6, idle);
            c.gone_at = Some(idle);
        }
    }

    /// `systemMessageId` as the service sends it: numeric, sometimes as a string.
    fn system_id(&mut self, n: u64) -> Value {
        if self.cosmetic.chance(0.5) {
            Value::from(n.to_string())
        } else {
            Value::from(n)
        }
    }

    fn apply_agent(&mut self, id: &str, action: AgentAction, at: Instant) -> bool {
        let name = self.config.agent_name.clone();
        let sys = match action {
            AgentAction::Accept => self.system_id(3),
            AgentAction::End => self.system_id(5),
            _ => Value::Null,
        };
        let account = self.config.account_id.clone();
        let Some(c) = self.chats.get_mut(id) else {
            return false;
        };
        match action {
            AgentAction::Accept if c.state == RecordState::Waiting => {
                c.agent = Some((name.clone(), AGENT_ID));
                c.push_state(RecordState::Chatting, at);
                c.push_system_line(&format!("You are now chatting with {name}."), sys, at);
                true
            }
            AgentAction::Typing(on) if c.state == RecordState::Chatting => {
                c.agent_typing = on;
                true
            }
            AgentAction::Say(text) if c.state == RecordState::Chatting => {
                c.agent_typing = false;
                c.push_line("agent", &name, &text, false, at);
                true
            }
            AgentAction::SayHtml(text) if c.state == RecordState::Chatting => {
                c.agent_typing = false;
                c.push_line("agent", &name, &text, true, at);
                true
            }
            AgentAction::Card(card) if c.state == RecordState::Chatting => {
                c.agent_typing = false;
                c.push_card("agent", &name, card, at);
                true
            }
            AgentAction::Receipt { status, about } if c.state == RecordState::Chatting => {
                c.push_receipt("agent", status, about, at);
                true
            }
            AgentAction::Transfer {
                domain,
                remote_site_id,
                skill,
            } if c.state == RecordState::Chatting => {
                let event_id = c.events.len() as u64;
                let site: Value = account
                    .parse::<u64>()
                    .map_or_else(|_| Value::from(account.clone()), Value::from);
                let mut f = Fields::with_capacity(4);
                f.insert(
                    "link",
                    serde_json::json!({
                        "@href": format!("https://{domain}/api/account/{remote_site_id}/chat/request"),
                        "@rel": "a2a-transfer"
                    }),
                );
                f.insert("domain", Value::from(domain));
                f.insert("remoteSiteId", Value::from(remote_site_id));
                f.insert(
                    "chatRequestParameters",
                    serde_json::json!({
                        "a2aEventId": event_id,
                        "a2aSourceSessionId": c.rt_session_id,
                        "a2aSourceSiteId": site,
                        "skill": skill,
                    }),
                );
                c.push("a2a-transfer", at, f);
                true
            }
            AgentAction::End if c.state != RecordState::Ended => {
                c.push_state(RecordState::Ended, at);
                c.push_system_line("The agent has ended the chat.", sys, at);
                true
            }
            _ => false,
        }
    }

    fn count_status(&mut self, response: &Response<Vec<u8>>) {
        *self
            .stats
            .statuses
            .entry(response.status().as_u16())
            .or_insert(0) += 1;
    }

    /// Counts the answer, dates it and tags it with the header spelling for the IO layer.
    fn finish(&mut self, response: Response<Vec<u8>>, now: Instant) -> Response<Vec<u8>> {
        self.count_status(&response);
        self.tag(response, now)
    }

    /// Dates an answer and tags it with the header spelling for the IO layer.
    fn tag(&self, mut response: Response<Vec<u8>>, now: Instant) -> Response<Vec<u8>> {
        // Real servers date every answer; a `Retry-After` date and `info.lastUpdate` mean
        // something to a client only next to it.
        if let Ok(date) = HeaderValue::from_str(&self.clock.http_date(now, Duration::ZERO)) {
            response.headers_mut().insert(header::DATE, date);
        }
        let spelling = if self.config.faults.lower_case_location {
            HeaderSpelling::LowerCaseLocation
        } else {
            HeaderSpelling::Canonical
        };
        response.extensions_mut().insert(spelling);
        response
    }

    fn server_error(&mut self, kind: Route, path: &str, now: Instant) -> Response<Vec<u8>> {
        if kind == Route::EngagementCreate || kind == Route::EngagementUpdate {
            return errors::flat(
                StatusCode::SERVICE_UNAVAILABLE,
                self.clock.epoch_ms(now),
                "Service Unavailable",
                errors::code::UNAVAILABLE,
            );
        }
        let time = self.clock.iso(now);
        if self.fault_rng.chance(0.5) {
            errors::wrapped(
                StatusCode::SERVICE_UNAVAILABLE,
                &time,
                "Service temporarily unavailable",
                errors::code::UNAVAILABLE,
            )
        } else {
            errors::wrapped(
                StatusCode::INTERNAL_SERVER_ERROR,
                &time,
                &format!("null for uri: {path}"),
                errors::code::NULL_FOR_URI,
            )
        }
    }

    fn rate_limited(
        &mut self,
        kind: Route,
        form: RetryAfterForm,
        now: Instant,
    ) -> Response<Vec<u8>> {
        let mut r = if matches!(kind, Route::EngagementCreate | Route::EngagementUpdate) {
            errors::flat(
                StatusCode::TOO_MANY_REQUESTS,
                self.clock.epoch_ms(now),
                "Too many requests",
                errors::code::RATE_LIMITED,
            )
        } else {
            errors::wrapped(
                StatusCode::TOO_MANY_REQUESTS,
                &self.clock.iso(now),
                "Too many requests",
                errors::code::RATE_LIMITED,
            )
        };
        let value = match form {
            RetryAfterForm::Seconds(n) => Some(n.to_string()),
            RetryAfterForm::HttpDate(n) => Some(self.clock.http_date(now, Duration::from_secs(n))),
            RetryAfterForm::Absent => None,
        };
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }

    /// A gateway's own answer after it gave up on the backend: 502 or 504 (seeded), an HTML
    /// page in the shape nginx sends.
    fn gateway_error(&mut self) -> Response<Vec<u8>> {
        let status = if self.fault_rng.chance(0.5) {
            StatusCode::BAD_GATEWAY
        } else {
            StatusCode::GATEWAY_TIMEOUT
        };
        let title = match status {
            StatusCode::BAD_GATEWAY => "502 Bad Gateway",
            _ => "504 Gateway Time-out",
        };
        let page = format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        );
        let mut r = Response::new(page.into_bytes());
        *r.status_mut() = status;
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        r
    }

    /// Truncates a 2xx body or swaps it for an HTML page; bodiless answers stay as they are.
    fn malform(&mut self, mut response: Response<Vec<u8>>) -> Response<Vec<u8>> {
        if !response.status().is_success() || response.body().is_empty() {
            return response;
        }
        self.stats.faults.malformed += 1;
        if self.fault_rng.chance(0.5) {
            let keep = response.body().len() / 2;
            response.body_mut().truncate(keep);
        } else {
            *response.body_mut() = b"<html><body><h1>Bad Gateway</h1></body></html>".to_vec();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Emulator {
        /// The due-index rebuilt by scanning every chat, as `advance` used to.
        fn scanned_due(&self) -> BTreeSet<(Instant, String)> {
            let retention = self.config.ended_retention;
            self.chats
                .iter()
                .filter_map(|(id, c)| c.next_due(retention).map(|t| (t, id.clone())))
                .collect()
        }
    }

    fn request(method: &str, path: &str, body: &str) -> Request<Vec<u8>> {
        Request::builder()
            .method(method)
            .uri(format!(
                "https://chat.emulator.invalid/api/account/12345678{path}"
            ))
            .header(header::AUTHORIZATION, "LivePerson appKey=k")
            .body(body.as_bytes().to_vec())
            .unwrap_or_default()
    }

    /// After every kind of change to a chat, the index holds exactly what a scan finds.
    #[test]
    fn due_index_matches_a_scan_of_every_chat() {
        let t0 = Instant::now();
        let config = EmulatorConfig {
            agent: AgentBehaviour::Replying {
                accept_after: Duration::from_secs(2),
                greeting: "Hi".into(),
                reply_after: Duration::from_secs(1),
                typing_for: Duration::from_millis(500),
            },
            ended_retention: Duration::from_secs(30),
            // Faults that move a chat's timer without applying, or apply later.
            faults: FaultPlan::none()
                .chat_server_errors(0.1)
                .late_apply_between(0.1, Duration::ZERO, Duration::from_secs(8))
                .gateway_errors(0.1),
            ..EmulatorConfig::default()
        };
        let mut emu = Emulator::new(config, t0);
        let mut rng = Rng::new(7, 99);
        let mut now = t0;
        let mut ids: Vec<String> = Vec::new();
        for _ in 0..3_000 {
            now += Duration::from_millis(rng.below(3_000));
            let pick = |rng: &mut Rng, ids: &[String]| {
                let i = rng.below(ids.len() as u64) as usize;
                ids.get(i).cloned().unwrap_or_default()
            };
            match rng.below(8) {
                0 => {
                    let timeout = 5 + rng.below(40);
                    let body = format!(r#"{{"request":{{"interactionTimeout":{timeout}}}}}"#);
                    let _ = emu.handle(&request("POST", "/chat/request", &body), now);
                    ids = emu.chat_ids();
                }
                1 | 2 => {
                    let id = pick(&mut rng, &ids);
                    let _ = emu.handle(&request("GET", &format!("/chat/{id}"), ""), now);
                }
                3 => {
                    let id = pick(&mut rng, &ids);
                    let body = r#"{"event":{"@type":"line","text":"x"}}"#;
                    let _ = emu.handle(&request("POST", &format!("/chat/{id}/events"), body), now);
                }
                4 => {
                    let id = pick(&mut rng, &ids);
                    let body = r#"{"event":{"@type":"state","state":"ended"}}"#;
                    let _ = emu.handle(&request("POST", &format!("/chat/{id}/events"), body), now);
                }
                5 => {
                    let id = pick(&mut rng, &ids);
                    emu.agent_say(&id, "hello", now);
                }
                6 => {
                    let id = pick(&mut rng, &ids);
                    if rng.chance(0.5) {
                        emu.agent_end(&id, now);
                    } else {
                        emu.advance(now);
                        emu.expire(&id);
                    }
                }
                _ => emu.advance(now),
            }
            assert_eq!(emu.due, emu.scanned_due());
        }
        assert!(emu.stats.faults.late_applied > 0);
        assert!(emu.stats.faults.chat_server_errors_touched > 0);
        assert!(emu.chats.values().any(ChatRecord::is_gone));
        assert!(emu.chats.values().any(|c| !c.is_gone()));
    }
}
