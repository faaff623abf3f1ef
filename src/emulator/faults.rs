//! Seeded, deterministic fault injection.
//!
//! The real server is not ours, and every answer it gives can mean more than one thing. Each
//! [`Fault`] is one reading, so a test can pick the harsh one it wants to survive.
//!
//! A [`FaultPlan`] is a list of rules, each a [`Fault`] with a [`Trigger`]. For every request the
//! emulator walks the rules in order (drawing from its own seeded stream for probability
//! triggers) in three phases, so that no fault does something a real server could not:
//!
//! 1. before the request is applied; these decide whether, and when, it is:
//!    * the *edge* readings: [`Fault::Unreachable`] (refused), [`Fault::Dropped`] (lost on the
//!      way: the client times out), [`Fault::ServerError`] and [`Fault::RateLimit`] (answered
//!      by an edge in front of the chat) — the request is **not** applied and never reaches the
//!      chat, so its idle timer (`info.lastUpdate`) is **not** refreshed;
//!    * the *lenient* reading [`Fault::ChatServerError`]: the chat service itself answers 5xx
//!      after it touched the chat — **not** applied, but the idle timer of the addressed chat
//!      **is** refreshed;
//!    * the *queued* reading [`Fault::LateApply`]: **not** applied now and the client times out,
//!      but the emulator applies the request later, in time order with the chats' own steps
//!      (see [`Emulator::advance`](super::Emulator::advance));
//! 2. while rendering a poll answer: [`Fault::DuplicateEvents`] — the answer repeats events the
//!    client has already seen;
//! 3. after the request was applied: [`Fault::LoseResponse`], [`Fault::Malformed`],
//!    [`Fault::Slow`], and the *gateway* reading [`Fault::GatewayError`] — the state change
//!    happened (idle timer refreshed too), only the answer suffers.
//!
//! The first matching rule of a phase wins. [`FaultPlan::only`] restricts the whole plan to some
//! request kinds (for example, only event polls).

use std::time::Duration;

use super::rng::Rng;
use super::routes::Route;

/// How a 429 answer carries `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfterForm {
    /// `Retry-After: <n>` (delta seconds).
    Seconds(u64),
    /// `Retry-After: <HTTP date n seconds after now>`.
    HttpDate(u64),
    /// No `Retry-After` header.
    Absent,
}

/// One kind of misbehaviour, each documented with the reading of the real service it models.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// The connection fails before the request reaches the server: nothing is applied and the
    /// client is told at once ([`Exchange::Unreachable`](super::Exchange::Unreachable)).
    Unreachable,
    /// The *edge* reading of a 5xx: an edge in front of the chat answers and the request never
    /// reaches it. Not applied, and the chat's idle timer is **not** refreshed, so a chat that
    /// gets only these for longer than its timeout expires. 503 internalCode 27 or 500
    /// internalCode 28 (`null for uri: …`), chosen by the seeded stream.
    ServerError,
    /// The *edge* reading of a 429, with an error body: not applied, idle timer not refreshed.
    RateLimit(RetryAfterForm),
    /// The *lenient* reading of a 5xx: the chat service itself fails after it touched the chat.
    /// For a request to a live chat's URL (right account, usable credentials) the chat's idle
    /// timer **is** refreshed, as any request that reaches a chat refreshes it, but the request
    /// is **not** applied (a line is not added, a name not set). Answers like
    /// [`Fault::ServerError`] (503/27 or 500/28, seeded); any other request is only answered so.
    ChatServerError,
    /// The request is lost on the way and never arrives: not applied, idle timer not refreshed.
    /// Unlike [`Fault::Unreachable`] the client is not told: it waits for its timeout
    /// ([`Exchange::Lost`](super::Exchange::Lost)), as when a packet is black-holed.
    Dropped,
    /// The request sits in a queue: it is **not** applied now, the client times out
    /// ([`Exchange::Lost`](super::Exchange::Lost)), and the emulator applies it a delay later,
    /// drawn uniformly from `min..=max` by the seeded stream (the bounds may come in either
    /// order). It is applied by [`Emulator::advance`](super::Emulator::advance) in time order
    /// with the chats' own steps (agent actions, idle timeouts; these go first at the same
    /// instant), refreshes the idle timer at that time, and counts in
    /// [`Emulator::next_wakeup`](super::Emulator::next_wakeup). A request to a chat that is gone
    /// by then is dropped. A chat request applied late creates a chat whose URL no client got:
    /// an *orphan*, marked [`ChatRecord::orphan`](super::ChatRecord::orphan). A delay past what
    /// `Instant` can represent never comes.
    LateApply {
        /// Shortest delay.
        min: Duration,
        /// Longest delay.
        max: Duration,
    },
    /// The poll answer also repeats up to three events before the requested `from`.
    DuplicateEvents,
    /// The request is applied but its response is lost ([`Exchange::Lost`](super::Exchange::Lost)).
    LoseResponse,
    /// A 2xx body is truncated or replaced by an HTML page (request applied).
    Malformed,
    /// The response arrives after this delay ([`Exchange::RespondAfter`](super::Exchange::RespondAfter)).
    Slow(Duration),
    /// The *gateway* reading of a 5xx: a gateway gave up after the backend applied the request.
    /// The request **is** applied (state changes, idle timer refreshed) and the client gets 502
    /// or 504 (seeded) with an HTML page and `Content-Type: text/html`, as a gateway sends,
    /// whatever the backend answered.
    GatewayError,
}

/// When a rule fires.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// Independently for each matching request, with this probability.
    Probability(f64),
    /// For `count` consecutive requests starting at the `first` request the emulator handles
    /// (0-based, counting every call to `handle`).
    Requests {
        /// Index of the first affected request.
        first: u64,
        /// Number of affected requests.
        count: u64,
    },
    /// For every request whose `now` lies in `[start, start + duration)` after the emulator's
    /// creation time.
    Window {
        /// Start offset from the emulator's creation.
        start: Duration,
        /// Length of the window.
        duration: Duration,
    },
}

/// A fault and when it fires.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// What happens.
    pub fault: Fault,
    /// When.
    pub trigger: Trigger,
}

/// A chat-request rejection observed on the live service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatRequestRejection {
    /// 401, internalCode 10, `Bad captcha`.
    BadCaptcha,
    /// 401, internalCode 10, `Invalid User`.
    InvalidUser,
    /// 401, internalCode 5, `Bad authorization request. …`.
    BadAuthorization,
    /// 401 with a plain-text, form-encoded body (no JSON at all).
    PlainTextUnauthorized,
}

/// The complete fault plan of an emulator. Builder-style; see the module documentation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultPlan {
    /// The rules, evaluated in order.
    pub rules: Vec<FaultRule>,
    /// When set, faults apply only to these request kinds.
    pub only: Option<Vec<Route>>,
    /// Send `location` instead of `Location` (see [`HeaderSpelling`](super::HeaderSpelling)).
    pub lower_case_location: bool,
    /// The first this-many App Engagement create-session calls answer 500 "Loading account"
    /// (flat body, internalCode 20); the service then keeps answering so until a call puts one of
    /// the announced `vid`s in its path.
    pub account_loading: u32,
    /// The first chat requests are rejected like this, once each, in order.
    pub chat_request_rejections: Vec<ChatRequestRejection>,
}

impl FaultPlan {
    /// No faults at all.
    pub fn none() -> Self {
        FaultPlan::default()
    }

    /// Adds a rule.
    pub fn rule(mut self, fault: Fault, trigger: Trigger) -> Self {
        self.rules.push(FaultRule { fault, trigger });
        self
    }

    /// Random 5xx answers with probability `p`.
    pub fn server_errors(self, p: f64) -> Self {
        self.rule(Fault::ServerError, Trigger::Probability(p))
    }

    /// `count` consecutive 5xx answers starting at request number `first` (0-based).
    pub fn server_error_burst(self, first: u64, count: u64) -> Self {
        self.rule(Fault::ServerError, Trigger::Requests { first, count })
    }

    /// 5xx answers for every request in a time window after the emulator's creation.
    pub fn server_errors_during(self, start: Duration, duration: Duration) -> Self {
        self.rule(Fault::ServerError, Trigger::Window { start, duration })
    }

    /// 429 answers with probability `p`.
    pub fn rate_limit(self, p: f64, retry_after: RetryAfterForm) -> Self {
        self.rule(Fault::RateLimit(retry_after), Trigger::Probability(p))
    }

    /// 429 answers for every request in a time window after the emulator's creation.
    pub fn rate_limit_during(
        self,
        start: Duration,
        duration: Duration,
        retry_after: RetryAfterForm,
    ) -> Self {
        self.rule(
            Fault::RateLimit(retry_after),
            Trigger::Window { start, duration },
        )
    }

    /// Applied requests whose response is lost, with probability `p`.
    pub fn lose_responses(self, p: f64) -> Self {
        self.rule(Fault::LoseResponse, Trigger::Probability(p))
    }

    /// Requests that never reach the server, with probability `p`.
    pub fn unreachable(self, p: f64) -> Self {
        self.rule(Fault::Unreachable, Trigger::Probability(p))
    }

    /// Responses delayed by `delay`, with probability `p`.
    pub fn slow(self, p: f64, delay: Duration) -> Self {
        self.rule(Fault::Slow(delay), Trigger::Probability(p))
    }

    /// Poll answers overlapping already-delivered events, with probability `p`.
    pub fn duplicate_events(self, p: f64) -> Self {
        self.rule(Fault::DuplicateEvents, Trigger::Probability(p))
    }

    /// Truncated or garbage 2xx bodies, with probability `p`.
    pub fn malformed(self, p: f64) -> Self {
        self.rule(Fault::Malformed, Trigger::Probability(p))
    }

    /// The server is unreachable for every request in a time window after the emulator's
    /// creation. (For a window of 5xx answers use [`FaultPlan::server_errors_during`].)
    pub fn outage(self, start: Duration, duration: Duration) -> Self {
        self.rule(Fault::Unreachable, Trigger::Window { start, duration })
    }

    /// 5xx answers from the chat service itself (idle timer refreshed, request not applied),
    /// with probability `p`; see [`Fault::ChatServerError`].
    pub fn chat_server_errors(self, p: f64) -> Self {
        self.rule(Fault::ChatServerError, Trigger::Probability(p))
    }

    /// [`Fault::ChatServerError`] for every request in a time window after the emulator's
    /// creation.
    pub fn chat_server_errors_during(self, start: Duration, duration: Duration) -> Self {
        self.rule(Fault::ChatServerError, Trigger::Window { start, duration })
    }

    /// Applied requests answered 502/504 by a gateway, with probability `p`; see
    /// [`Fault::GatewayError`].
    pub fn gateway_errors(self, p: f64) -> Self {
        self.rule(Fault::GatewayError, Trigger::Probability(p))
    }

    /// [`Fault::GatewayError`] for every request in a time window after the emulator's creation.
    pub fn gateway_errors_during(self, start: Duration, duration: Duration) -> Self {
        self.rule(Fault::GatewayError, Trigger::Window { start, duration })
    }

    /// Requests applied `delay` late while the client times out, with probability `p`; see
    /// [`Fault::LateApply`].
    pub fn late_apply(self, p: f64, delay: Duration) -> Self {
        self.late_apply_between(p, delay, delay)
    }

    /// Requests applied between `min` and `max` late (seeded draw) while the client times out,
    /// with probability `p`; see [`Fault::LateApply`].
    pub fn late_apply_between(self, p: f64, min: Duration, max: Duration) -> Self {
        self.rule(Fault::LateApply { min, max }, Trigger::Probability(p))
    }

    /// Every request in a time window after the emulator's creation is applied `delay` late
    /// (a backed-up queue); see [`Fault::LateApply`].
    pub fn late_apply_during(self, start: Duration, duration: Duration, delay: Duration) -> Self {
        let fault = Fault::LateApply {
            min: delay,
            max: delay,
        };
        self.rule(fault, Trigger::Window { start, duration })
    }

    /// Requests that never arrive while the client times out, with probability `p`; see
    /// [`Fault::Dropped`].
    pub fn dropped(self, p: f64) -> Self {
        self.rule(Fault::Dropped, Trigger::Probability(p))
    }

    /// Every request in a time window after the emulator's creation is dropped: an outage the
    /// client sees as timeouts, not refused connections (for those use [`FaultPlan::outage`]).
    pub fn dropped_during(self, start: Duration, duration: Duration) -> Self {
        self.rule(Fault::Dropped, Trigger::Window { start, duration })
    }

    /// Restricts every rule to these request kinds.
    pub fn only(mut self, kinds: &[Route]) -> Self {
        self.only = Some(kinds.to_vec());
        self
    }

    /// Spells the `Location` response header in lower case.
    pub fn lower_case_location(mut self) -> Self {
        self.lower_case_location = true;
        self
    }

    /// The first `times` App Engagement create-session calls answer "Loading account".
    pub fn account_loading(mut self, times: u32) -> Self {
        self.account_loading = times;
        self
    }

    /// Rejects the next chat request like this (call several times to queue several).
    pub fn reject_chat_request(mut self, rejection: ChatRequestRejection) -> Self {
        self.chat_request_rejections.push(rejection);
        self
    }

    /// The first rule of `phase` that fires for this request, drawing from `rng`.
    pub(crate) fn pick(&self, phase: Phase, ctx: &FaultContext, rng: &mut Rng) -> Option<Fault> {
        if let Some(only) = &self.only {
            if !only.contains(&ctx.kind) {
                return None;
            }
        }
        for rule in &self.rules {
            if rule.fault.phase() != phase {
                continue;
            }
            let fires = match &rule.trigger {
                Trigger::Probability(p) => rng.chance(*p),
                Trigger::Requests { first, count } => {
                    ctx.index >= *first && ctx.index - *first < *count
                }
                Trigger::Window { start, duration } => {
                    ctx.elapsed >= *start && ctx.elapsed - *start < *duration
                }
            };
            if fires {
                return Some(rule.fault.clone());
            }
        }
        None
    }
}

/// When in the handling of a request a fault acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Before,
    Render,
    After,
}

impl Fault {
    fn phase(&self) -> Phase {
        match self {
            Fault::Unreachable
            | Fault::ServerError
            | Fault::RateLimit(_)
            | Fault::ChatServerError
            | Fault::Dropped
            | Fault::LateApply { .. } => Phase::Before,
            Fault::DuplicateEvents => Phase::Render,
            Fault::LoseResponse | Fault::Malformed | Fault::Slow(_) | Fault::GatewayError => {
                Phase::After
            }
        }
    }
}

/// A delay drawn uniformly from `min..=max` (either order). Always draws once, so the stream
/// position does not depend on the bounds.
pub(crate) fn draw_delay(rng: &mut Rng, min: Duration, max: Duration) -> Duration {
    let (lo, hi) = if min <= max { (min, max) } else { (max, min) };
    let span = u64::try_from((hi - lo).as_nanos()).unwrap_or(u64::MAX);
    let offset = rng.below(span.saturating_add(1));
    lo.saturating_add(Duration::from_nanos(offset))
}

/// What a trigger looks at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FaultContext {
    pub(crate) index: u64,
    pub(crate) elapsed: Duration,
    pub(crate) kind: Route,
}
