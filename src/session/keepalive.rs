//! The keep-alive: the server ends a chat `chatTimeout` seconds after the last request that
//! reached it, so the session counts from the last request *confirmed* to have reached it (a 2xx
//! from one of its URLs), never from an attempt, and places its reads so that one lands before
//! that expiry whenever the network allows.
//!
//! While reads fail, the poll climbs the retry ladder capped at `RetryPolicy::probe_interval`,
//! with extra probes `RetryPolicy::expiry_probes` before the expiry. Once the expiry has passed
//! with nothing confirmed, it keeps checking every `probe_interval` so that the end is known as
//! soon as the network answers; `RetryPolicy::max_elapsed` bounds that.

use super::*;

/// When the chat is read, and what the reads have established.
#[derive(Debug, Default)]
pub(crate) struct Reads {
    /// When the latest request confirmed to have reached the chat was sent: a 2xx from one of
    /// its URLs. Failures confirm nothing: a 5xx or 429 may come from an edge in front of it.
    pub confirmed: Option<Instant>,
    /// Whether anything since `confirmed` may have reached the chat after all (an HTTP answer of
    /// any kind, a timeout): if not, a chat past its expiry surely timed out.
    pub touched_since_confirmed: bool,
    /// When the latest request was sent whose answer says it may have restarted the idle timer
    /// without confirming it (a 5xx or refusal from the chat service, a timeout; not a 429,
    /// which the rate limiter in front answers), if after `confirmed`.
    pub touched_at: Option<Instant>,
    /// The latest expiry for which a probe already went despite a `Retry-After`: one per expiry,
    /// in order, so an earlier expiry gets none once a later one had its probe.
    pub probed_despite_retry_after: Option<Instant>,
    /// When the current run of failed reads began.
    pub failing_since: Option<Instant>,
    /// When the host last said the network is back.
    pub network_up_at: Option<Instant>,
    /// Read faster until then: a reply to the visitor's line is likely.
    pub brisk_until: Option<Instant>,
    /// Reads sent so far; each read's number.
    pub polls_sent: u64,
}

impl ChatSession {
    /// A request sent at `sent` reached the chat.
    pub(super) fn confirm(&mut self, sent: Instant) {
        self.reads.confirmed = Some(self.reads.confirmed.map_or(sent, |c| c.max(sent)));
        self.reads.touched_since_confirmed = false;
        self.forget_touches_before_confirmed();
    }

    /// A request sent at `sent` got an answer saying it may have restarted the idle timer.
    pub(super) fn touch(&mut self, sent: Instant) {
        self.reads.touched_at = Some(self.reads.touched_at.map_or(sent, |t| t.max(sent)));
        self.forget_touches_before_confirmed();
    }

    fn forget_touches_before_confirmed(&mut self) {
        if self.reads.touched_at <= self.reads.confirmed {
            self.reads.touched_at = None;
        }
    }

    /// A read sent at `sent` reached the chat. Its `info.lastUpdate`, read against the answer's
    /// `Date` (`server_now`, Unix milliseconds), is the server's own idle clock: when present and
    /// sane it says when the idle timer last restarted, even if that was before this read (a
    /// server that does not count reads as activity). Confirmations from requests sent after
    /// this read stand.
    pub(super) fn confirm_read(
        &mut self,
        chat: &wire::ChatResource,
        server_now: Option<i64>,
        sent: Instant,
    ) {
        let last_update = chat.info.as_ref().and_then(wire::Info::last_update_ms);
        let by_server = server_now.zip(last_update).and_then(|(now, last)| {
            // `Date` has whole seconds: the server's clock may be up to one more ahead.
            let age = now.checked_add(999)?.checked_sub(last)?;
            let age = Duration::from_millis(u64::try_from(age).ok()?);
            (age <= self.server.timeout).then(|| sent.checked_sub(age))?
        });
        // Within a second of the read itself, the server just says the read counted (`Date`
        // cannot tell finer): the read's own send time is exact then.
        let read = by_server
            .filter(|b| sent.saturating_duration_since(*b) > Duration::from_secs(1))
            .unwrap_or(sent);
        let keep = self.reads.confirmed.filter(|c| *c > sent);
        self.reads.confirmed = Some(keep.map_or(read, |c| c.max(read)));
        self.reads.touched_since_confirmed = false;
        self.forget_touches_before_confirmed();
    }

    /// Why a chat whose reads were given up on ended: if nothing since the last confirmed
    /// request can have reached it, its idle timer surely ran out on the server.
    pub(super) fn lost_reason(&self) -> EndReason {
        if self.reads.touched_since_confirmed || self.expiry().is_none() {
            EndReason::ConnectionLost
        } else {
            EndReason::Timeout
        }
    }

    /// When the chat times out on the server unless a request reaches it first, if known.
    pub(super) fn expiry(&self) -> Option<Instant> {
        self.reads
            .confirmed
            .and_then(|c| c.checked_add(self.server.timeout))
    }

    /// Whether the chat may still be alive on the server by its idle timer.
    pub(super) fn may_be_alive(&self) -> bool {
        self.expiry().is_some_and(|e| self.now < e)
    }

    /// The next keep-alive probe before the expiry, strictly after now.
    pub(super) fn next_expiry_probe(&self) -> Option<Instant> {
        self.probe_before(self.expiry()?)
    }

    /// The earliest idle expiry still ahead that no probe despite a `Retry-After` was spent on,
    /// with the probe that goes before it. Two count: the one from the last confirmed request,
    /// and a later one from the last request that may have restarted the timer unconfirmed (on
    /// a server whose chat service failed after touching the chat, that one keeps it alive).
    pub(super) fn unprobed_expiry(&self) -> Option<(Instant, Instant)> {
        let timeout = self.server.timeout;
        let touched = self.reads.touched_at.and_then(|t| t.checked_add(timeout));
        let spent = self.reads.probed_despite_retry_after;
        [self.expiry(), touched]
            .into_iter()
            .flatten()
            .filter(|e| spent.map_or(true, |spent| *e > spent))
            .filter_map(|e| Some((e, self.probe_before(e)?)))
            .min()
    }

    /// The first of `RetryPolicy::expiry_probes` before `expiry` that is strictly after now.
    fn probe_before(&self, expiry: Instant) -> Option<Instant> {
        let mut leads = self.config.retry.expiry_probes.clone();
        leads.sort_unstable_by(|a, b| b.cmp(a));
        leads
            .into_iter()
            .filter_map(|lead| expiry.checked_sub(lead))
            .find(|at| *at > self.now)
    }

    /// When a healthy chat is read next: the poll policy's pause, but early enough that the
    /// read lands before the expiry with the first probe's margin, and never sooner than a
    /// second from now (a server announcing a tiny timeout must not get a storm).
    pub(super) fn healthy_poll_at(&self, interval: Duration) -> Instant {
        let mut at = later(self.now, interval);
        let margin = self
            .config
            .retry
            .expiry_probes
            .iter()
            .max()
            .copied()
            .unwrap_or_default();
        if let Some(deadline) = self.expiry().and_then(|e| e.checked_sub(margin)) {
            at = at.min(deadline);
        }
        let floor = later(self.now, interval.min(Duration::from_secs(1)));
        at.max(floor)
    }

    /// The timeout hint of a poll: short enough that a read the network swallows does not hold
    /// up the next expiry probe (never under 2 s).
    pub(super) fn poll_timeout(&self) -> Duration {
        let full = self.config.request_timeout;
        match self.next_expiry_probe() {
            Some(next) => full.min((next - self.now).max(Duration::from_secs(2))),
            None => full,
        }
    }

    /// Schedules the next read after a failed one. Returns `Err` when the chat's retries are
    /// over: its idle timer has passed with nothing confirmed, and `max_elapsed` with it.
    pub(super) fn retry_poll(
        &mut self,
        flight: &Flight,
        cause: RetryCause,
        retry_after: RetryAfter,
    ) -> Result<(), Failure> {
        if self.stage.end_accepted() || self.config.retry.max_attempts <= 1 {
            // The end is done and only its last read is left, or no retries are wanted at all:
            // the ordinary ladder and its bounds apply.
            return self.retry(Lane::Poll, flight.kind, cause, retry_after);
        }
        let config = Arc::clone(&self.config);
        let policy = &config.retry;
        let backoff = {
            let poll = self.lanes.fixed(Lane::Poll);
            policy.on_probe_failure(&mut poll.retry, cause, retry_after, &mut self.rng)
        };
        let since = *self.reads.failing_since.get_or_insert(self.now);
        // A day at most, whatever the policy says: retries are never unbounded.
        let bound = policy.max_elapsed.min(MAX_CHAT_TIMEOUT);
        if !self.may_be_alive() && self.now - since >= bound {
            let poll = self.ch(Lane::Poll);
            let attempts = poll.retry.failures;
            poll.retry = crate::retry::RetryState::default();
            return Err(Failure::GaveUp { cause, attempts });
        }
        // However the policy is set, a failing chat is not read more than once a second.
        let pause = backoff.pause.max(Duration::from_secs(1));
        let mut at = later(self.now, pause);
        let mut tier = backoff.tier;
        // A server's Retry-After is honoured, but not at the cost of the chat: when it outlasts
        // an idle expiry, one probe goes before that expiry (a single request, no burst).
        let probe = if backoff.binding {
            self.unprobed_expiry().filter(|(expiry, _)| at >= *expiry)
        } else {
            self.expiry().zip(self.next_expiry_probe())
        };
        if let Some((expiry, probe)) = probe.filter(|(_, probe)| *probe < at) {
            at = probe;
            tier = RetryTier::KeepAlive;
            if backoff.binding {
                self.reads.probed_despite_retry_after = Some(expiry);
            }
        }
        let after = at - self.now;
        let poll = self.ch(Lane::Poll);
        poll.binding = backoff.binding;
        poll.due = Some(at);
        let attempt = poll.retry.next_attempt();
        self.events.push_back(Event::Retrying {
            kind: flight.kind,
            cause,
            tier,
            attempt,
            after,
        });
        Ok(())
    }

    /// Another request got through while reads were failing: read again now, the chat is
    /// reachable.
    pub(super) fn poll_on_contact(&mut self) {
        let now = self.now;
        if self.ch(Lane::Poll).in_soft_pause(now) {
            self.ch(Lane::Poll).due = Some(now);
            return;
        }
        self.probe_before_a_held_expiry();
    }

    /// A Retry-After that holds reads past an expiry a contact or a touch moved: the one probe
    /// before that expiry is due.
    pub(super) fn probe_before_a_held_expiry(&mut self) {
        let Some((expiry, probe)) = self.unprobed_expiry() else {
            return;
        };
        let poll = self.ch(Lane::Poll);
        let held_past =
            poll.binding && poll.in_flight.is_none() && poll.due.is_some_and(|due| due >= expiry);
        if held_past {
            poll.due = Some(probe);
            self.reads.probed_despite_retry_after = Some(expiry);
        }
    }

    /// Why a chat whose URLs answer 404 is gone: timed out if nothing confirmed reached it for
    /// its whole idle timeout, otherwise simply not found.
    pub(super) fn gone_reason(&self) -> EndReason {
        match self.expiry() {
            Some(expiry) if self.now >= expiry => EndReason::Timeout,
            _ => EndReason::NotFound,
        }
    }

    /// The host says the network is back (a platform's connectivity signal): every retry pause
    /// that is not a server's `Retry-After` ends now, so the chat is read at once instead of at
    /// its next step. Calls closer together than `RetryPolicy::rate_limit_pause` are ignored, so
    /// a flapping signal cannot make a burst.
    pub fn handle_network_up(&mut self, now: Instant) {
        self.tick(now);
        let floor = self.config.retry.rate_limit_pause;
        if self
            .reads
            .network_up_at
            .is_some_and(|at| self.now < later(at, floor))
        {
            return;
        }
        self.reads.network_up_at = Some(self.now);
        let now = self.now;
        for channel in self.lanes.all_mut() {
            if channel.in_soft_pause(now) {
                channel.due = Some(now);
            }
        }
    }
}
