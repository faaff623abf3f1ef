//! LivePerson's retry guidance as data: which failures are retried, how long to pause, when to stop.
//!
//! Everything here is pure arithmetic on durations; the session feeds it the failures it sees and
//! schedules the pauses it returns. The defaults are LivePerson's published numbers
//! (`retry-and-keepalive.md` rules 1 to 5): 4xx never, 429 no sooner than 1 s and never before
//! `Retry-After`, 5xx (and network failures) three times after 5, 10 and 15 s, then a slower outer
//! tier of 2, 4 and 8 minutes for session-level recovery.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// How the session retries failed requests. Every knob is public; [`RetryPolicy::default`] is
/// LivePerson's guidance.
///
/// Two requests are special:
///
/// - **A live chat's poll** is also its keep-alive: the server ends a chat `chatTimeout` seconds
///   after the last request that reached it, so LivePerson's keep-alive rule wins over its retry
///   ladder there. A failing poll climbs the same ladder, but never pauses longer than
///   [`probe_interval`](Self::probe_interval), is probed again [`expiry_probes`](Self::expiry_probes)
///   before the chat's idle expiry, and does not give up on attempts: the server's idle timer is
///   the bound. Once the expiry has passed with nothing confirmed, it keeps checking every
///   `probe_interval` so that the end is known as soon as the network answers, for at most
///   [`max_elapsed`](Self::max_elapsed).
/// - **A 429's `Retry-After`** is honoured: the throttled request is not sent again before it,
///   up to [`max_retry_after`](Self::max_retry_after), with one exception: when the pause asked
///   of a live chat's poll would outlast the chat's idle expiry, one probe goes shortly before
///   the expiry, so a pause the server asked for never costs the chat by itself. That is a
///   single request, more than a second after the 429, which is all LivePerson's own guidance
///   asks of a client that was throttled; if it is throttled again, the new pause is honoured.
///   One probe per expiry: a later failure that may have restarted the idle timer unconfirmed
///   (a 5xx from the chat service, a timeout) moves the expiry, and earns the probe before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Pauses before the retries that follow a 5xx, a timeout or a connection failure: the inner
    /// tier. LivePerson: 5, 10 and 15 seconds.
    pub server_error_pauses: Vec<Duration>,
    /// Pauses of the outer tier, used once the inner tier is spent (session-level recovery).
    /// LivePerson: 2, 4 and 8 minutes. When it is spent too, the operation fails.
    pub outer_pauses: Vec<Duration>,
    /// The shortest pause after a 429. LivePerson: at least 1 second.
    pub rate_limit_pause: Duration,
    /// The longest `Retry-After` honoured; a server asking for more is held to this (so a
    /// `Retry-After: 600` waits 120 s by default). A `Retry-After` that cannot be read (an HTTP
    /// date with no `Date` header to read it against, or garbage) climbs the 5xx ladder instead
    /// of taking the 1 s floor.
    pub max_retry_after: Duration,
    /// Random extra added to each pause, as a fraction of it (0.1 = up to 10 % more), so that
    /// many clients failing together do not retry together. Never shortens a pause.
    pub jitter: f64,
    /// Attempts of one operation, the first one included, across all tiers. A live chat's poll
    /// is bounded by the chat's idle timer instead (see above), unless this is 1: no retries
    /// at all.
    pub max_attempts: u32,
    /// Time from an operation's first failure after which it is not retried any more.
    pub max_elapsed: Duration,
    /// The longest pause between attempts to read a live chat while they fail: how soon after
    /// the network returns the chat is read again. 9 s.
    pub probe_interval: Duration,
    /// How long before a failing live chat's idle expiry it is read again, whatever the ladder
    /// says: several probes close to the expiry, so that one lands if the network allows.
    /// 6, 4 and 2 seconds.
    pub expiry_probes: Vec<Duration>,
    /// How long after a request failed without an answer (a timeout, a gateway's 502 or 504) the
    /// server may still apply it. A line is sent again only after the event stream, read this
    /// long after the failure, shows it did not land; a chat request is sent again only after a
    /// chat it may have created would have timed out on the server. 6 s.
    pub settle_time: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            server_error_pauses: vec![secs(5), secs(10), secs(15)],
            outer_pauses: vec![secs(120), secs(240), secs(480)],
            rate_limit_pause: secs(1),
            max_retry_after: secs(120),
            jitter: 0.1,
            max_attempts: 12,
            max_elapsed: secs(20 * 60),
            probe_interval: secs(9),
            expiry_probes: vec![secs(6), secs(4), secs(2)],
            settle_time: secs(6),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every failure is final at once.
    pub fn never() -> Self {
        Self {
            server_error_pauses: Vec::new(),
            outer_pauses: Vec::new(),
            max_attempts: 1,
            ..Self::default()
        }
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// Why a request is being retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RetryCause {
    /// The server answered with this 5xx status.
    ServerError(u16),
    /// The server answered 429 Too Many Requests.
    RateLimited,
    /// The request timed out or the connection failed.
    Transport,
    /// The server answered 2xx with a body that could not be decoded.
    MalformedResponse,
    /// The server refused a line because the chat is not in the `chatting` state
    /// (400, internal code 5); the line waits for the chat to be chatting again.
    NotInChat,
}

/// Which part of the ladder a pause comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RetryTier {
    /// The 5/10/15 s ladder.
    Inner,
    /// The 2/4/8 min session-level recovery.
    Outer,
    /// A 429 pause (at least `rate_limit_pause`, at least `Retry-After`).
    RateLimit,
    /// A keep-alive probe of a live chat whose reads fail (see [`RetryPolicy`]).
    KeepAlive,
}

/// A 429's `Retry-After`, as the response gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryAfter {
    /// No header: LivePerson's floor applies.
    Absent,
    /// The server asked for this pause.
    Delay(Duration),
    /// A header that cannot be turned into a pause: be cautious.
    Unreadable,
}

impl RetryAfter {
    /// Reads the header against the response's `Date` (the core has no clock of its own).
    pub(crate) fn read(value: Option<&str>, response_date: Option<&str>) -> Self {
        match value {
            None => RetryAfter::Absent,
            Some(v) => parse_retry_after(v, response_date)
                .map_or(RetryAfter::Unreadable, RetryAfter::Delay),
        }
    }
}

/// The decision for one failed attempt: pause this long, then send attempt number `attempt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub pause: Duration,
    pub tier: RetryTier,
    /// The pause is the server's `Retry-After`: nothing may cut it short.
    pub binding: bool,
}

/// Where one operation stands on the ladder. Plain counters, so snapshots can carry it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RetryState {
    /// Attempts that failed in a row.
    pub failures: u32,
    /// Failures that climbed the 5xx / transport ladder (429s do not).
    pub ladder_steps: u32,
    /// Time spent failing so far: the sum of the pauses already granted.
    pub elapsed: Duration,
}

impl RetryState {
    /// The attempt number of the next request (1 for a first try).
    pub fn next_attempt(&self) -> u32 {
        self.failures.saturating_add(1)
    }
}

impl RetryPolicy {
    /// Records one failure and says how long to pause before the next attempt, or `None` when the
    /// policy's bounds say to stop.
    pub(crate) fn on_failure(
        &self,
        state: &mut RetryState,
        cause: RetryCause,
        retry_after: RetryAfter,
        rng: &mut Rng,
    ) -> Option<Backoff> {
        state.failures = state.failures.saturating_add(1);
        if state.failures >= self.max_attempts || state.elapsed >= self.max_elapsed {
            return None;
        }
        let backoff = self.ladder(state, cause, retry_after, rng)?;
        state.elapsed = state.elapsed.saturating_add(backoff.pause);
        Some(backoff)
    }

    /// Records one failure of a live chat's poll: the ladder, never longer than
    /// `probe_interval` unless the server asked for it, and never spent. The session bounds it by
    /// the chat's idle timer and `max_elapsed`.
    pub(crate) fn on_probe_failure(
        &self,
        state: &mut RetryState,
        cause: RetryCause,
        retry_after: RetryAfter,
        rng: &mut Rng,
    ) -> Backoff {
        state.failures = state.failures.saturating_add(1);
        let mut backoff = self
            .ladder(state, cause, retry_after, rng)
            .unwrap_or(Backoff {
                pause: self.probe_interval,
                tier: RetryTier::KeepAlive,
                binding: false,
            });
        if !backoff.binding && backoff.pause > self.probe_interval {
            backoff = Backoff {
                pause: self.probe_interval,
                tier: RetryTier::KeepAlive,
                binding: false,
            };
        }
        state.elapsed = state.elapsed.saturating_add(backoff.pause);
        backoff
    }

    /// The pause the ladder gives this failure, climbing it; `None` once every tier is spent.
    fn ladder(
        &self,
        state: &mut RetryState,
        cause: RetryCause,
        retry_after: RetryAfter,
        rng: &mut Rng,
    ) -> Option<Backoff> {
        let climb = |state: &mut RetryState| {
            let step = state.ladder_steps as usize;
            state.ladder_steps = state.ladder_steps.saturating_add(1);
            match self.server_error_pauses.get(step) {
                Some(pause) => Some((*pause, RetryTier::Inner)),
                None => {
                    let outer = step - self.server_error_pauses.len();
                    self.outer_pauses
                        .get(outer)
                        .map(|pause| (*pause, RetryTier::Outer))
                }
            }
        };
        let (base, tier, binding) = match (cause, retry_after) {
            (RetryCause::RateLimited, RetryAfter::Delay(asked)) => (
                asked.min(self.max_retry_after).max(self.rate_limit_pause),
                RetryTier::RateLimit,
                true,
            ),
            (RetryCause::RateLimited, RetryAfter::Absent) => {
                (self.rate_limit_pause, RetryTier::RateLimit, false)
            }
            (RetryCause::RateLimited, RetryAfter::Unreadable) => {
                let (pause, _) = climb(state)?;
                (
                    pause.max(self.rate_limit_pause),
                    RetryTier::RateLimit,
                    false,
                )
            }
            _ => {
                let (pause, tier) = climb(state)?;
                (pause, tier, false)
            }
        };
        let pause = jittered(base, self.jitter, rng);
        Some(Backoff {
            pause,
            tier,
            binding,
        })
    }
}

/// `base` plus up to `jitter` of it, drawn from `rng`; saturating, and sane for any `jitter`.
fn jittered(base: Duration, jitter: f64, rng: &mut Rng) -> Duration {
    let fraction = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let extra = Duration::try_from_secs_f64(base.as_secs_f64() * fraction * rng.fraction())
        .unwrap_or(Duration::ZERO);
    base.saturating_add(extra)
}

/// Reads a `Retry-After` value: delay-seconds, or an HTTP date taken relative to the response's
/// own `Date` header (the core has no clock of its own). A date in the past means "now"; a date
/// without a `Date` to read it against cannot be read.
pub(crate) fn parse_retry_after(value: &str, response_date: Option<&str>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at: SystemTime = httpdate::parse_http_date(value).ok()?;
    let date: SystemTime = httpdate::parse_http_date(response_date?.trim()).ok()?;
    Some(at.duration_since(date).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact() -> RetryPolicy {
        RetryPolicy {
            jitter: 0.0,
            ..RetryPolicy::default()
        }
    }

    /// One operation failing under `policy`: its state and jitter source travel with it, so each
    /// test reads as the failures it feeds.
    struct Failing {
        policy: RetryPolicy,
        state: RetryState,
        rng: Rng,
    }

    impl Failing {
        fn new(policy: RetryPolicy, seed: u64) -> Self {
            Failing {
                policy,
                state: RetryState::default(),
                rng: Rng::new(seed),
            }
        }

        fn fail(&mut self, cause: RetryCause, retry_after: RetryAfter) -> Option<Backoff> {
            self.policy
                .on_failure(&mut self.state, cause, retry_after, &mut self.rng)
        }

        fn fail_probe(&mut self, cause: RetryCause, retry_after: RetryAfter) -> Backoff {
            self.policy
                .on_probe_failure(&mut self.state, cause, retry_after, &mut self.rng)
        }
    }

    #[test]
    fn server_errors_climb_the_inner_then_outer_ladder_then_stop() {
        let mut op = Failing::new(exact(), 1);
        let pauses: Vec<_> = std::iter::from_fn(|| {
            op.fail(RetryCause::ServerError(503), RetryAfter::Absent)
                .map(|b| (b.pause.as_secs(), b.tier))
        })
        .collect();
        assert_eq!(
            pauses,
            vec![
                (5, RetryTier::Inner),
                (10, RetryTier::Inner),
                (15, RetryTier::Inner),
                (120, RetryTier::Outer),
                (240, RetryTier::Outer),
                (480, RetryTier::Outer),
            ]
        );
    }

    #[test]
    fn rate_limit_waits_at_least_one_second_and_honours_retry_after() {
        let mut op = Failing::new(exact(), 1);
        let b = op
            .fail(RetryCause::RateLimited, RetryAfter::Absent)
            .unwrap();
        assert_eq!(b.pause, secs(1));
        let b = op
            .fail(RetryCause::RateLimited, RetryAfter::Delay(secs(7)))
            .unwrap();
        assert_eq!(b.pause, secs(7));
        let b = op
            .fail(RetryCause::RateLimited, RetryAfter::Delay(secs(9999)))
            .unwrap();
        assert_eq!(b.pause, op.policy.max_retry_after);
        assert_eq!(
            op.state.ladder_steps, 0,
            "429 does not climb the 5xx ladder"
        );
    }

    #[test]
    fn jitter_only_lengthens_and_is_bounded() {
        let mut op = Failing::new(RetryPolicy::default(), 99);
        for _ in 0..1000 {
            op.state = RetryState::default();
            let b = op.fail(RetryCause::Transport, RetryAfter::Absent).unwrap();
            assert!(
                b.pause >= secs(5) && b.pause < secs(5).mul_f64(1.1),
                "{:?}",
                b.pause
            );
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy {
            max_attempts: 3,
            ..exact()
        };
        let mut op = Failing::new(policy, 1);
        let mut granted = 0;
        while op
            .fail(RetryCause::RateLimited, RetryAfter::Absent)
            .is_some()
        {
            granted += 1;
        }
        assert_eq!(granted, 2, "3 attempts = the first and 2 retries");
    }

    #[test]
    fn never_means_never() {
        let decision = Failing::new(RetryPolicy::never(), 1)
            .fail(RetryCause::ServerError(500), RetryAfter::Absent);
        assert_eq!(decision, None);
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(parse_retry_after(" 12 ", None), Some(secs(12)));
    }

    #[test]
    fn retry_after_as_http_date_is_read_against_the_response_date() {
        let got = parse_retry_after(
            "Sun, 06 Nov 1994 08:49:37 GMT",
            Some("Sun, 06 Nov 1994 08:49:07 GMT"),
        );
        assert_eq!(got, Some(secs(30)));
        let past = parse_retry_after(
            "Sun, 06 Nov 1994 08:49:00 GMT",
            Some("Sun, 06 Nov 1994 08:49:07 GMT"),
        );
        assert_eq!(past, Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_date_without_response_date_or_garbage_is_ignored() {
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", None),
            None
        );
        assert_eq!(
            parse_retry_after("soon", Some("Sun, 06 Nov 1994 08:49:07 GMT")),
            None
        );
    }

    #[test]
    fn a_live_poll_is_never_spent_and_never_pauses_past_the_probe_interval() {
        let mut op = Failing::new(exact(), 1);
        let pauses: Vec<_> = (0..8)
            .map(|_| {
                let b = op.fail_probe(RetryCause::ServerError(503), RetryAfter::Absent);
                b.pause.as_secs()
            })
            .collect();
        assert_eq!(pauses, [5, 9, 9, 9, 9, 9, 9, 9]);
    }

    #[test]
    fn a_retry_after_binds_the_live_poll_too() {
        let b = Failing::new(exact(), 1)
            .fail_probe(RetryCause::RateLimited, RetryAfter::Delay(secs(60)));
        assert_eq!((b.pause, b.binding), (secs(60), true));
    }

    #[test]
    fn an_unreadable_retry_after_climbs_the_ladder_instead_of_the_floor() {
        let mut op = Failing::new(exact(), 1);
        let pauses: Vec<_> = (0..3)
            .map(|_| {
                op.fail(
                    RetryCause::RateLimited,
                    RetryAfter::read(Some("Sun, 06 Nov 1994 08:49:37 GMT"), None),
                )
                .map(|b| b.pause.as_secs())
            })
            .collect();
        assert_eq!(pauses, [Some(5), Some(10), Some(15)]);
    }

    #[test]
    fn absurd_policies_and_answers_saturate_instead_of_panicking() {
        let policy = RetryPolicy {
            max_retry_after: Duration::MAX,
            rate_limit_pause: Duration::MAX,
            server_error_pauses: vec![Duration::MAX],
            jitter: f64::NAN,
            max_attempts: u32::MAX,
            max_elapsed: Duration::MAX,
            ..RetryPolicy::default()
        };
        let mut op = Failing::new(policy, 3);
        let asked = RetryAfter::read(Some("18446744073709551615"), None);
        let b = op.fail(RetryCause::RateLimited, asked).unwrap();
        assert_eq!(b.pause, Duration::MAX);
        op.state = RetryState::default();
        let b = op.fail(RetryCause::Transport, RetryAfter::Absent).unwrap();
        assert_eq!(b.pause, Duration::MAX);
        // The same jitter source goes on to the next policy.
        op.policy = RetryPolicy {
            jitter: f64::INFINITY,
            ..RetryPolicy::default()
        };
        op.state = RetryState::default();
        let b = op.fail(RetryCause::Transport, RetryAfter::Absent).unwrap();
        assert!(b.pause >= secs(5));
    }
}
