//! The fixed-cadence client the policy figures compare against: LivePerson's own JS Chat SDK as
//! `observed-behaviour.md` §4 describes it. It polls the chat resource's `next` link every
//! 2 000 ms start-to-start in every state, reschedules failed polls on the same cadence (no
//! backoff, no jitter) and gives up after 9 consecutive failures (the 10th ends the chat).
//!
//! It is a [`ChatSession`](lp_server_chat::ChatSession) configured to behave that way, so both
//! sides share the same request and decoding code and differ only in policy:
//!
//! - every [`PollPolicy`] interval is `2 000 ms − latency`: the session schedules the next poll
//!   from the response, the SDK from the start of the previous poll, and on the bench's network
//!   every response takes exactly `latency`;
//! - a failed poll (the bench's failures are refused connections, reported at once) is retried
//!   after 2 s, nine times, with no outer tier and no jitter; `max_attempts` 10 makes the 10th
//!   consecutive failure final, which ends the chat as the SDK's `notfound` does;
//! - everything else (request timeout 10 s, keep-alive, lines) is the session's default, which
//!   the fixed cadence never lets come into play.

use std::time::Duration;

use lp_server_chat::{ChatConfig, PollPolicy, RetryPolicy};

use crate::setup;

/// The SDK's poll period, start to start.
pub const CADENCE: Duration = Duration::from_millis(2_000);
/// Consecutive failed polls the SDK tolerates (`failureTolerance`).
pub const FAILURE_TOLERANCE: u32 = 9;

/// The SDK's behaviour, for a network whose responses take `latency`.
pub fn sdk_config(latency: Duration) -> ChatConfig {
    let every = CADENCE.saturating_sub(latency);
    let mut config = setup::config();
    config.poll = PollPolicy::fixed(every);
    config.retry = RetryPolicy {
        server_error_pauses: vec![CADENCE; FAILURE_TOLERANCE as usize],
        outer_pauses: Vec::new(),
        rate_limit_pause: CADENCE,
        max_retry_after: CADENCE,
        jitter: 0.0,
        max_attempts: FAILURE_TOLERANCE + 1,
        max_elapsed: Duration::from_secs(24 * 3600),
        probe_interval: CADENCE,
        expiry_probes: Vec::new(),
        settle_time: Duration::ZERO,
    };
    config
}

/// Which client a simulated chat runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// This crate's defaults.
    Ours,
    /// The SDK's fixed cadence.
    Sdk,
}

impl Client {
    pub fn config(self, latency: Duration) -> ChatConfig {
        match self {
            Client::Ours => setup::config(),
            Client::Sdk => sdk_config(latency),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Client::Ours => "ours (defaults)",
            Client::Sdk => "SDK cadence (2 s)",
        }
    }
}
