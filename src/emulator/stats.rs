//! Counters for tests and invariants.

use std::collections::BTreeMap;

use super::routes::Route;

/// What the emulator has seen and done; see [`Emulator::stats`](super::Emulator::stats).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Every call to `handle`, including those a fault kept from the server.
    pub total_requests: u64,
    /// Requests per kind (including faulted ones).
    pub requests: BTreeMap<Route, u64>,
    /// Answers per HTTP status as the server produced them: for an applied request the backend's
    /// answer, also when it was lost, replaced by a gateway's 502/504, or produced late; for an
    /// edge or chat-service fault, that 5xx or 429.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests without a `v` query parameter (the docs make it mandatory; accepted anyway).
    pub missing_version: u64,
    /// Requests with an `appKey` query parameter and no `Authorization` header.
    pub query_app_key: u64,
    /// POST requests carrying `X-HTTP-Method-Override`.
    pub method_overrides: u64,
    /// Faults injected, by kind.
    pub faults: FaultCounts,
}

impl Stats {
    /// Requests of one kind.
    pub fn count(&self, kind: Route) -> u64 {
        self.requests.get(&kind).copied().unwrap_or(0)
    }

    /// Answers with one status.
    pub fn status_count(&self, status: u16) -> u64 {
        self.statuses.get(&status).copied().unwrap_or(0)
    }
}

/// Number of injected faults per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// Requests that never reached the server.
    pub unreachable: u64,
    /// Injected 5xx answers from the edge ([`Fault::ServerError`](super::Fault::ServerError)).
    pub server_errors: u64,
    /// Injected 5xx answers from the chat service
    /// ([`Fault::ChatServerError`](super::Fault::ChatServerError)).
    pub chat_server_errors: u64,
    /// Of those, the ones that refreshed a live chat's idle timer.
    pub chat_server_errors_touched: u64,
    /// Applied requests answered 502/504 by a gateway
    /// ([`Fault::GatewayError`](super::Fault::GatewayError)).
    pub gateway_errors: u64,
    /// Requests that never arrived while the client timed out
    /// ([`Fault::Dropped`](super::Fault::Dropped)).
    pub dropped: u64,
    /// Requests held back to be applied late ([`Fault::LateApply`](super::Fault::LateApply));
    /// held = applied + dropped + still waiting (or never due).
    pub late_held: u64,
    /// Held requests applied since.
    pub late_applied: u64,
    /// Held requests dropped because their chat was gone by then.
    pub late_dropped: u64,
    /// Chats created by a chat request applied late: nobody knows their URL.
    pub orphans: u64,
    /// Injected 429 answers.
    pub rate_limited: u64,
    /// Applied requests whose answer was lost.
    pub lost: u64,
    /// Delayed answers.
    pub slow: u64,
    /// Poll answers that repeated events.
    pub duplicated: u64,
    /// Mangled 2xx bodies.
    pub malformed: u64,
    /// App Engagement "Loading account" answers.
    pub account_loading: u64,
    /// Rejected chat requests.
    pub chat_request_rejections: u64,
}
