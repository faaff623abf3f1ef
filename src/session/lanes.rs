//! Lanes: the pipelines every request goes through, and the one path in and out of them.
//!
//! A lane is a kind of work: the domain lookup, the chat request, the read, lines, the end,
//! typing, the visitor's name, and one lane per one-shot call. Each has a [`Channel`] (when it
//! may send next, what it has in flight, where it stands on the retry ladder). Every request is
//! handed out by [`ChatSession::launch`], every failure climbs the ladder in
//! [`ChatSession::retry`], and every answer comes back through [`ChatSession::on_reply`].

use super::calls::CallSlot;
use super::*;

/// Which pipeline a request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    Domain,
    Start,
    Poll,
    Line,
    End,
    Typing,
    Name,
    Call(OpId),
}

/// The fixed lanes, in the order [`ChatSession::poll_output`] serves them; calls come after.
pub(crate) const FIXED: [Lane; 7] = [
    Lane::Domain,
    Lane::Start,
    Lane::Poll,
    Lane::Line,
    Lane::End,
    Lane::Typing,
    Lane::Name,
];

impl Lane {
    fn slot(self) -> Option<usize> {
        FIXED.iter().position(|l| *l == self)
    }

    /// Requests to the chat's own URLs: an answer from them is news of the chat itself.
    pub fn to_chat(self) -> bool {
        matches!(
            self,
            Lane::Poll | Lane::Line | Lane::End | Lane::Typing | Lane::Name
        )
    }
}

/// What an in-flight request carried that its answer is judged against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Payload {
    None,
    /// A read, numbered.
    Read(u64),
    /// The line at the head of the outbox.
    Line(LineId),
    /// The typing state sent.
    Typing(bool),
    /// The name sent.
    Name(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Flight {
    pub id: RequestId,
    pub lane: Lane,
    pub kind: RequestKind,
    pub payload: Payload,
    /// When it was handed to the host.
    pub sent: Instant,
}

/// Where an answer leaves a lane's work.
pub(crate) enum Outcome {
    Answer(http::Response<Vec<u8>>),
    Retrying,
    Refused(Refusal),
    Failed(Failure),
}

/// Every channel, the one-shot calls with theirs, and the requests on the wire.
#[derive(Debug, Default)]
pub(crate) struct Lanes {
    fixed: [Channel; 7],
    pub calls: Vec<CallSlot>,
    pub flights: Vec<Flight>,
}

impl Lanes {
    pub fn get(&self, lane: Lane) -> Option<&Channel> {
        match lane {
            Lane::Call(id) => self.calls.iter().find(|c| c.id == id).map(|c| &c.channel),
            fixed => fixed.slot().map(|i| &self.fixed[i]),
        }
    }

    pub fn get_mut(&mut self, lane: Lane) -> Option<&mut Channel> {
        match lane {
            Lane::Call(id) => self
                .calls
                .iter_mut()
                .find(|c| c.id == id)
                .map(|c| &mut c.channel),
            fixed => fixed.slot().map(|i| &mut self.fixed[i]),
        }
    }

    /// A fixed lane's channel (which always exists).
    pub fn fixed(&mut self, lane: Lane) -> &mut Channel {
        let i = lane.slot().unwrap_or(0);
        &mut self.fixed[i]
    }

    /// Every channel, fixed lanes first.
    pub fn all_mut(&mut self) -> impl Iterator<Item = &mut Channel> {
        self.fixed
            .iter_mut()
            .chain(self.calls.iter_mut().map(|c| &mut c.channel))
    }
}

impl ChatSession {
    /// The fixed lane's channel.
    pub(super) fn ch(&mut self, lane: Lane) -> &mut Channel {
        self.lanes.fixed(lane)
    }

    pub(super) fn next_transmit(&mut self) -> Option<Transmit> {
        let calls = self.lanes.calls.iter().map(|c| Lane::Call(c.id));
        let lanes: Vec<Lane> = FIXED.into_iter().chain(calls).collect();
        for lane in lanes {
            let ready = self.lanes.get(lane).is_some_and(|c| c.ready(self.now));
            if ready && self.gate(lane) {
                if let Some((kind, request, payload)) = self.build(lane) {
                    return Some(self.launch(lane, kind, request, payload));
                }
                // A call that cannot be built has just failed: let its event out first.
                if matches!(lane, Lane::Call(_)) {
                    return None;
                }
            }
        }
        None
    }

    pub(super) fn next_wake(&self) -> Option<Instant> {
        let fixed = FIXED.into_iter();
        let calls = self.lanes.calls.iter().map(|c| Lane::Call(c.id));
        let lanes = fixed
            .chain(calls)
            .filter(|lane| self.gate(*lane))
            .filter_map(|lane| self.lanes.get(lane).and_then(Channel::wake_at));
        let typing = self.typing.quiet_until.filter(|_| self.stage.is_open());
        lanes.chain(typing).min()
    }

    /// Hands a built request out: the one place request ids are given and flights recorded.
    fn launch(
        &mut self,
        lane: Lane,
        kind: RequestKind,
        request: http::Request<Vec<u8>>,
        payload: Payload,
    ) -> Transmit {
        let id = RequestId(self.ids.next_request);
        self.ids.next_request += 1;
        let timeout = if lane == Lane::Poll {
            self.poll_timeout()
        } else {
            self.config.request_timeout
        };
        let mut attempt = 1;
        if let Some(channel) = self.lanes.get_mut(lane) {
            channel.in_flight = Some(id);
            attempt = channel.retry.next_attempt();
        }
        self.lanes.flights.push(Flight {
            id,
            lane,
            kind,
            payload,
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

    pub(super) fn take_flight(&mut self, id: RequestId) -> Result<Flight, Error> {
        let at = self
            .lanes
            .flights
            .iter()
            .position(|f| f.id == id)
            .ok_or(Error::UnknownRequest(id))?;
        let flight = self.lanes.flights.swap_remove(at);
        if let Some(channel) = self.lanes.get_mut(flight.lane) {
            channel.in_flight = None;
        }
        Ok(flight)
    }

    /// Every answer, whatever its lane.
    pub(super) fn on_reply(&mut self, flight: Flight, reply: Reply) {
        // Only a 2xx from the chat's own URLs says a request reached it; the read confirms once
        // its body is decoded. Recorded after the reply is handled, so that a refusal is judged
        // against the silence before it.
        let to_chat = flight.lane.to_chat() || self.is_chat_call(flight.lane);
        let confirms = to_chat && flight.lane != Lane::Poll && matches!(reply, Reply::Success(_));
        let surely_unsent = matches!(
            reply,
            Reply::Retry {
                cause: RetryCause::Transport,
                effect: Effect::Nothing,
                ..
            }
        );
        if flight.lane.to_chat() && !surely_unsent && !confirms {
            self.reads.touched_since_confirmed = true;
        }
        // A failure other than a 429 (which the rate limiter in front of the chat answers), or
        // silence after sending, may have restarted the chat's idle timer unconfirmed. A read's
        // 2xx says for itself when the timer restarted.
        let touches = to_chat
            && !surely_unsent
            && match &reply {
                Reply::Success(_) => false,
                Reply::Retry { cause, .. } => *cause != RetryCause::RateLimited,
                Reply::Refused(_) => true,
            };
        let sent = flight.sent;
        self.count_origin_failure(flight.lane, &reply);
        match flight.lane {
            Lane::Domain => self.on_domain(&flight, reply),
            Lane::Start => self.on_start(&flight, reply),
            Lane::Poll => self.on_poll(&flight, reply),
            Lane::Line => self.on_line(&flight, reply),
            Lane::End => self.on_end(&flight, reply),
            Lane::Typing => self.on_typing(&flight, reply),
            Lane::Name => self.on_name(&flight, reply),
            Lane::Call(id) => self.on_call(&flight, id, reply),
        }
        self.re_resolve_if_unreachable();
        if confirms && self.stage.has_chat() {
            self.confirm(sent);
            self.poll_on_contact();
        } else if touches && self.stage.has_chat() {
            self.touch(sent);
            self.probe_before_a_held_expiry();
        }
    }

    /// What a failed or refused answer comes to on the ladder: an answer to read, a retry that is
    /// scheduled, or the failure the work ends with.
    pub(super) fn ladder(&mut self, flight: &Flight, reply: Reply) -> Outcome {
        match reply {
            Reply::Success(response) => Outcome::Answer(response),
            Reply::Retry {
                cause, retry_after, ..
            } => match self.retry(flight.lane, flight.kind, cause, retry_after) {
                Ok(()) => Outcome::Retrying,
                Err(failure) => Outcome::Failed(failure),
            },
            Reply::Refused(refusal) => Outcome::Refused(refusal),
        }
    }

    /// A 2xx the work could not use: report it, then retry like any other failure.
    pub(super) fn malformed(&mut self, flight: &Flight, detail: String) -> Outcome {
        self.events.push_back(Event::ProtocolError {
            kind: flight.kind,
            detail,
        });
        let cause = RetryCause::MalformedResponse;
        match self.retry(flight.lane, flight.kind, cause, RetryAfter::Absent) {
            Ok(()) => Outcome::Retrying,
            Err(failure) => Outcome::Failed(failure),
        }
    }

    /// Schedules `lane`'s next attempt after a retryable failure, announcing it. Returns the last
    /// cause when the policy gives up.
    pub(super) fn retry(
        &mut self,
        lane: Lane,
        kind: RequestKind,
        cause: RetryCause,
        retry_after: RetryAfter,
    ) -> Result<(), Failure> {
        let backoff = self.plan_retry(lane, cause, retry_after)?;
        self.schedule_retry(lane, kind, cause, backoff.tier, backoff.pause);
        Ok(())
    }

    /// Schedules `lane`'s next attempt `pause` from now and announces it.
    pub(super) fn schedule_retry(
        &mut self,
        lane: Lane,
        kind: RequestKind,
        cause: RetryCause,
        tier: RetryTier,
        pause: Duration,
    ) {
        let due = later(self.now, pause);
        let Some(channel) = self.lanes.get_mut(lane) else {
            return;
        };
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

    /// Climbs `lane`'s ladder for one failure without scheduling anything.
    pub(super) fn plan_retry(
        &mut self,
        lane: Lane,
        cause: RetryCause,
        retry_after: RetryAfter,
    ) -> Result<Backoff, Failure> {
        let Some(channel) = self.lanes.get_mut(lane) else {
            return Err(Failure::NoChat);
        };
        let mut state = std::mem::take(&mut channel.retry);
        let decision = self
            .config
            .retry
            .on_failure(&mut state, cause, retry_after, &mut self.rng);
        let attempts = state.failures;
        match decision {
            Some(backoff) => {
                channel.retry = state;
                channel.binding = backoff.binding;
                Ok(backoff)
            }
            None => Err(Failure::GaveUp { cause, attempts }),
        }
    }
}
