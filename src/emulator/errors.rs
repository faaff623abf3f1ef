//! Error answers in the service's shapes: the chat host's wrapped form
//! `{"error":{"time","message","internalCode"}}` and App Engagement's flat form with an epoch
//! time.

use http::{Response, StatusCode};
use serde_json::json;

use super::render::json_response;

/// `internalCode` values the emulator uses, with the observed meaning.
pub(crate) mod code {
    /// Bad authorization; also "not in chat" state gating (observed with 400 and 401).
    pub(crate) const NOT_ALLOWED: i64 = 5;
    /// Unauthorized account / captcha / unknown visitor.
    pub(crate) const UNAUTHORIZED: i64 = 10;
    /// Chat session not found (expired or gone).
    pub(crate) const NOT_FOUND: i64 = 12;
    /// Account still loading (App Engagement).
    pub(crate) const LOADING: i64 = 20;
    /// Transient: cannot serve this session yet.
    pub(crate) const UNAVAILABLE: i64 = 27;
    /// Unhandled request (`null for uri: …`).
    pub(crate) const NULL_FOR_URI: i64 = 28;
    /// Malformed request (no observed value; chosen here).
    pub(crate) const BAD_REQUEST: i64 = 1;
    /// Too many requests (never observed for this API; chosen here).
    pub(crate) const RATE_LIMITED: i64 = 29;
}

/// The exact message the service uses for a bad or missing credential.
pub(crate) const BAD_AUTHORIZATION: &str = "Bad authorization request. general_problem=unknown_authorization_type&general_problem_advice=unknown authorization type received";

/// A wrapped error answer; `time` is the server's local ISO time.
pub(crate) fn wrapped(
    status: StatusCode,
    time: &str,
    message: &str,
    internal_code: i64,
) -> Response<Vec<u8>> {
    json_response(
        status,
        &json!({"error": {"time": time, "message": message, "internalCode": internal_code}}),
    )
}

/// A flat error answer (App Engagement); `time` in epoch milliseconds.
pub(crate) fn flat(
    status: StatusCode,
    epoch_ms: u64,
    message: &str,
    internal_code: i64,
) -> Response<Vec<u8>> {
    json_response(
        status,
        &json!({"time": epoch_ms, "message": message, "internalCode": internal_code}),
    )
}
