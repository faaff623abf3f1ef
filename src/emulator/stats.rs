//! Counters for tests and invariants.

use std::collections::BTreeMap;

use super::routes::RequestKind;

/// What the emulator has seen and done; see [`Emulator::stats`](super::Emulator::stats).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Every call to `handle`, including those a fault kept from the server.
    pub total_requests: u64,
    /// Requests per kind (including faulted ones).
    pub requests: BTreeMap<RequestKind, u64>,
    /// Answers per HTTP status, as produced by the server (before a response was lost).
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
    pub fn count(&self, kind: RequestKind) -> u64 {
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
    /// Injected 5xx answers.
    pub server_errors: u64,
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
