//! One pipeline of requests: when it may send next, what it has in flight, where it stands on the
//! retry ladder. Every request the session makes belongs to exactly one channel.

use std::time::Instant;

use crate::retry::RetryState;

use super::output::RequestId;

#[derive(Debug, Clone, Default)]
pub(crate) struct Channel {
    /// Earliest instant the next request may go; `None`: nothing to send.
    pub due: Option<Instant>,
    /// The request this channel is waiting on.
    pub in_flight: Option<RequestId>,
    /// Consecutive failures of the current operation.
    pub retry: RetryState,
    /// The pause now running is a server's `Retry-After`: nothing cuts it short.
    pub binding: bool,
}

impl Channel {
    /// Wants to send at `now`.
    pub fn ready(&self, now: Instant) -> bool {
        self.in_flight.is_none() && self.due.is_some_and(|due| due <= now)
    }

    /// When it next wants to send, if it is not waiting on a response.
    pub fn wake_at(&self) -> Option<Instant> {
        self.in_flight.map_or(self.due, |_| None)
    }

    /// Asks for a send no later than `at`, unless a server's `Retry-After` holds it.
    pub fn schedule(&mut self, at: Instant) {
        if self.binding && self.due.is_some() {
            return;
        }
        self.due = Some(self.due.map_or(at, |due| due.min(at)));
    }

    /// The operation succeeded: back to the bottom of the ladder, nothing scheduled.
    pub fn reset(&mut self) {
        self.due = None;
        self.in_flight = None;
        self.retry = RetryState::default();
        self.binding = false;
    }

    /// Waiting out a retry pause that may be cut short (the network came back, the chat
    /// answered another request).
    pub fn in_soft_pause(&self, now: Instant) -> bool {
        self.in_flight.is_none()
            && self.retry.failures > 0
            && !self.binding
            && self.due.is_some_and(|due| due > now)
    }
}
