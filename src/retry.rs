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
    /// The longest `Retry-After` honoured; a server asking for more is held to this.
    pub max_retry_after: Duration,
    /// Random extra added to each pause, as a fraction of it (0.1 = up to 10 % more), so that
    /// many clients failing together do not retry together. Never shortens a pause.
    pub jitter: f64,
    /// Attempts of one operation, the first one included, across all tiers.
    pub max_attempts: u32,
    /// Time from an operation's first failure after which it is not retried any more.
    pub max_elapsed: Duration,
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
pub enum RetryTier {
    /// The 5/10/15 s ladder.
    Inner,
    /// The 2/4/8 min session-level recovery.
    Outer,
    /// A 429 pause (at least `rate_limit_pause`, at least `Retry-After`).
    RateLimit,
}

/// The decision for one failed attempt: pause this long, then send attempt number `attempt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub pause: Duration,
    pub tier: RetryTier,
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
        self.failures + 1
    }
}

impl RetryPolicy {
    /// Records one failure and says how long to pause before the next attempt, or `None` when the
    /// policy's bounds say to stop. `retry_after` is the server's `Retry-After`, already turned into
    /// a duration.
    pub(crate) fn on_failure(
        &self,
        state: &mut RetryState,
        cause: RetryCause,
        retry_after: Option<Duration>,
        rng: &mut Rng,
    ) -> Option<Backoff> {
        state.failures = state.failures.saturating_add(1);
        if state.failures >= self.max_attempts || state.elapsed >= self.max_elapsed {
            return None;
        }
        let (base, tier) = match cause {
            RetryCause::RateLimited => {
                let asked = retry_after.unwrap_or_default().min(self.max_retry_after);
                (asked.max(self.rate_limit_pause), RetryTier::RateLimit)
            }
            _ => {
                let step = state.ladder_steps as usize;
                state.ladder_steps = state.ladder_steps.saturating_add(1);
                if let Some(pause) = self.server_error_pauses.get(step) {
                    (*pause, RetryTier::Inner)
                } else {
                    let outer = step - self.server_error_pauses.len();
                    (*self.outer_pauses.get(outer)?, RetryTier::Outer)
                }
            }
        };
        let pause = base + base.mul_f64(self.jitter.clamp(0.0, 1.0) * rng.fraction());
        state.elapsed = state.elapsed.saturating_add(pause);
        Some(Backoff { pause, tier })
    }
}

/// Reads a `Retry-After` value: delay-seconds, or an HTTP date taken relative to the response's
/// own `Date` header (the core has no clock of its own). A date in the past means "now".
pub fn parse_retry_after(value: &str, response_date: Option<&str>) -> Option<Duration> {
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

    #[test]
    fn server_errors_climb_the_inner_then_outer_ladder_then_stop() {
        let policy = exact();
        let mut state = RetryState::default();
        let mut rng = Rng::new(1);
        let pauses: Vec<_> = std::iter::from_fn(|| {
            policy
                .on_failure(&mut state, RetryCause::ServerError(503), None, &mut rng)
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
        let policy = exact();
        let mut rng = Rng::new(1);
        let mut state = RetryState::default();
        let b = policy
            .on_failure(&mut state, RetryCause::RateLimited, None, &mut rng)
            .unwrap();
        assert_eq!(b.pause, secs(1));
        let b = policy
            .on_failure(&mut state, RetryCause::RateLimited, Some(secs(7)), &mut rng)
            .unwrap();
        assert_eq!(b.pause, secs(7));
        let b = policy
            .on_failure(
                &mut state,
                RetryCause::RateLimited,
                Some(secs(9999)),
                &mut rng,
            )
            .unwrap();
        assert_eq!(b.pause, policy.max_retry_after);
        assert_eq!(state.ladder_steps, 0, "429 does not climb the 5xx ladder");
    }

    #[test]
    fn jitter_only_lengthens_and_is_bounded() {
        let policy = RetryPolicy::default();
        let mut rng = Rng::new(99);
        for _ in 0..1000 {
            let mut state = RetryState::default();
            let b = policy
                .on_failure(&mut state, RetryCause::Transport, None, &mut rng)
                .unwrap();
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
        let mut state = RetryState::default();
        let mut rng = Rng::new(1);
        let mut granted = 0;
        while policy
            .on_failure(&mut state, RetryCause::RateLimited, None, &mut rng)
            .is_some()
        {
            granted += 1;
        }
        assert_eq!(granted, 2, "3 attempts = the first and 2 retries");
    }

    #[test]
    fn never_means_never() {
        let mut state = RetryState::default();
        let decision = RetryPolicy::never().on_failure(
            &mut state,
            RetryCause::ServerError(500),
            None,
            &mut Rng::new(1),
        );
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
}
