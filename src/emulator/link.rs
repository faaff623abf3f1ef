//! A session wired to an emulator: the whole client-server loop in memory, with no IO, for
//! tests, property tests, benchmarks and demos.
//!
//! On a **virtual clock** (tests), time jumps straight to the next thing that can happen: the
//! session's deadline, a response in transit, or the emulator's own next step
//! ([`Link::next_event`], [`Link::step`], [`Link::run_until`]). On a **real clock** (a demo, a
//! UI against a fake service), the host moves the link to the present with
//! [`Link::advance_to`]`(Instant::now())`, drains it with [`Link::poll_event`], and sleeps until
//! [`Link::next_instant`]; see [`Link`].
//!
//! Faults the emulator injects reach the session the way an HTTP stack would report them: no
//! answer (a lost response, a dropped request, a request held to be applied late, a response
//! slower than the timeout) as a [`TransportError::maybe_sent`] when the request's timeout runs
//! out, an unreachable server as [`TransportError::not_sent`] at once, and any answer (a
//! gateway's 502/504 page too) as that response.
//!
//! The [module documentation](super) has a whole chat over a link.

use std::time::{Duration, Instant};

use crate::emulator::{Emulator, EmulatorConfig, Exchange};
use crate::{ChatSession, Error, Event, Output, RequestId, RequestKind, TransportError};

/// How a request ended, as [`Link::log`] records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP response with this status.
    Status(u16),
    /// No response: timed out. The request may have been applied, may be applied later, or may
    /// never have arrived.
    Lost,
    /// No response: never reached the server.
    Unreachable,
}

/// One request the session made over the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchanged {
    /// When the session handed it out.
    pub sent: Instant,
    /// When its outcome reached the session.
    pub settled: Instant,
    /// What it was.
    pub kind: RequestKind,
    /// How it ended.
    pub outcome: Outcome,
}

enum Delivery {
    Response(http::Response<Vec<u8>>),
    Failure(TransportError),
}

struct InTransit {
    at: Instant,
    id: RequestId,
    sent: Instant,
    kind: RequestKind,
    outcome: Outcome,
    delivery: Delivery,
}

/// A [`ChatSession`] talking to an [`Emulator`] in memory.
///
/// Nothing in it reads a clock: `now` moves only when the host says so, never backwards.
///
/// - Virtual clock: [`next_event`](Link::next_event), [`step`](Link::step) and
///   [`run_until`](Link::run_until) move `now` to whatever happens next, at once.
/// - Real clock: call [`advance_to`](Link::advance_to) with the present, then
///   [`poll_event`](Link::poll_event) until it returns `None` (or feed
///   [`handle_output`](Link::handle_output) from your own `poll_output` loop), give commands
///   `link.now`, and sleep until [`next_instant`](Link::next_instant) or your next command.
///   Responses are then delivered [`latency`](Link::latency) (or a slow answer's delay) after
///   the request in real time, and timeouts run out in real time.
///
/// ```no_run
/// use std::time::Instant;
/// use lp_server_chat::emulator::{EmulatorConfig, Link};
///
/// let mut link = Link::start(EmulatorConfig::default(), Instant::now(), 1)?;
/// link.session.request_chat(link.now)?;
/// loop {
///     link.advance_to(Instant::now())?;
///     while let Some(event) = link.poll_event() {
///         println!("{event:?}");
///     }
///     let Some(at) = link.next_instant() else { break };
///     std::thread::sleep(at.saturating_duration_since(Instant::now()));
/// }
/// # Ok::<(), lp_server_chat::Error>(())
/// ```
pub struct Link {
    /// The client.
    pub session: ChatSession,
    /// The server.
    pub emulator: Emulator,
    /// The virtual clock.
    pub now: Instant,
    /// Time a response takes to come back (the request itself arrives at once).
    pub latency: Duration,
    /// Every request, in the order its outcome reached the session.
    pub log: Vec<Exchanged>,
    in_transit: Vec<InTransit>,
    wait: Option<Instant>,
}

impl Link {
    /// Connects `session` to `emulator`; both must have been created at or before `now`.
    pub fn new(session: ChatSession, emulator: Emulator, now: Instant) -> Self {
        Self {
            session,
            emulator,
            now,
            latency: Duration::ZERO,
            log: Vec::new(),
            in_transit: Vec::new(),
            // Until the session has been drained its deadline is unknown: act at once.
            wait: Some(now),
        }
    }

    /// A fresh emulator from `config` and a session configured for it
    /// ([`EmulatorConfig::client_config`]) drawing its jitter from `seed`, both starting at
    /// `now`. The session has not asked for a chat yet.
    pub fn start(config: EmulatorConfig, now: Instant, seed: u64) -> Result<Self, Error> {
        let session = ChatSession::new(config.client_config(), now, seed)?;
        Ok(Self::new(session, Emulator::new(config, now), now))
    }

    /// On a virtual clock: the next event, moving `now` forward to when it happens; `None`
    /// when nothing more happens by `deadline`.
    pub fn next_event(&mut self, deadline: Instant) -> Result<Option<Event>, Error> {
        loop {
            if let Some(event) = self.poll_event() {
                return Ok(Some(event));
            }
            match self.next_instant() {
                Some(at) if at <= deadline => self.advance_to(at)?,
                _ => return Ok(None),
            }
        }
    }

    /// Runs the session's outputs until it waits, returning the next event if there is one.
    /// Requests are handed to the emulator as they come out.
    pub fn poll_event(&mut self) -> Option<Event> {
        loop {
            match self.session.poll_output() {
                Output::Event(event) => return Some(event),
                Output::Wait(at) => {
                    self.wait = at;
                    return None;
                }
                transmit => {
                    self.handle_output(transmit);
                }
            }
        }
    }

    /// Acts on one output of the session, for a host that calls
    /// [`ChatSession::poll_output`] itself to look at every output: a request goes to the
    /// emulator, a deadline is remembered for [`Link::next_instant`], an event is handed back.
    pub fn handle_output(&mut self, output: Output) -> Option<Event> {
        match output {
            Output::Event(event) => return Some(event),
            Output::Transmit(t) => self.send(t.id, t.kind, &t.request, t.timeout),
            Output::Wait(at) => self.wait = at,
        }
        None
    }

    fn send(
        &mut self,
        id: RequestId,
        kind: RequestKind,
        request: &http::Request<Vec<u8>>,
        timeout: Duration,
    ) {
        let (delay, outcome, delivery) = match self.emulator.handle(request, self.now) {
            Exchange::Respond(response) => (
                self.latency,
                Outcome::Status(response.status().as_u16()),
                Delivery::Response(response),
            ),
            Exchange::RespondAfter { response, delay }
                if delay.saturating_add(self.latency) <= timeout =>
            {
                (
                    delay.saturating_add(self.latency),
                    Outcome::Status(response.status().as_u16()),
                    Delivery::Response(response),
                )
            }
            Exchange::RespondAfter { .. } | Exchange::Lost => (
                timeout,
                Outcome::Lost,
                Delivery::Failure(TransportError::maybe_sent("timed out")),
            ),
            Exchange::Unreachable => (
                Duration::ZERO,
                Outcome::Unreachable,
                Delivery::Failure(TransportError::not_sent("connection refused")),
            ),
        };
        // An outcome past what `Instant` can hold never arrives.
        let Some(at) = self.now.checked_add(delay) else {
            return;
        };
        self.in_transit.push(InTransit {
            at,
            id,
            sent: self.now,
            kind,
            outcome,
            delivery,
        });
    }

    /// When something next happens, if anything ever will.
    pub fn next_instant(&self) -> Option<Instant> {
        let transit = self.in_transit.iter().map(|t| t.at).min();
        [self.wait, transit, self.emulator.next_wakeup()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Moves the clock to `at` (never backwards), delivering every response due by then and
    /// letting the emulator and the session act. With a real clock, `at` is the present.
    pub fn advance_to(&mut self, at: Instant) -> Result<(), Error> {
        self.now = self.now.max(at);
        self.emulator.advance(self.now);
        self.in_transit.sort_by_key(|t| t.at);
        while self.in_transit.first().is_some_and(|t| t.at <= self.now) {
            let t = self.in_transit.remove(0);
            self.log.push(Exchanged {
                sent: t.sent,
                settled: self.now,
                kind: t.kind,
                outcome: t.outcome,
            });
            match t.delivery {
                Delivery::Response(response) => {
                    self.session.handle_response(t.id, response, self.now)?
                }
                Delivery::Failure(error) => {
                    self.session.handle_transport_error(t.id, error, self.now)?
                }
            }
        }
        self.session.handle_timeout(self.now);
        Ok(())
    }

    /// On a virtual clock: advances to the next instant something happens. Returns `false` when
    /// nothing ever will.
    pub fn step(&mut self) -> Result<bool, Error> {
        match self.next_instant() {
            Some(at) => self.advance_to(at).map(|()| true),
            None => Ok(false),
        }
    }

    /// On a virtual clock: runs until `deadline` or until nothing is left to happen, handing
    /// every event to `on_event` (which may issue commands on the session).
    pub fn run_until(
        &mut self,
        deadline: Instant,
        mut on_event: impl FnMut(&mut ChatSession, Instant, Event),
    ) -> Result<(), Error> {
        loop {
            while let Some(event) = self.poll_event() {
                on_event(&mut self.session, self.now, event);
            }
            match self.next_instant() {
                Some(at) if at <= deadline => self.advance_to(at)?,
                _ => return Ok(()),
            }
        }
    }

    /// Requests handed out and not yet settled.
    pub fn in_transit(&self) -> usize {
        self.in_transit.len()
    }
}
