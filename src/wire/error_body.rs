//! Error bodies (observed-behaviour § 1): wrapped, flat or plain text.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::decode::Document;
use super::lenient;

/// An error answer's body: `{"error": {"time", "message", "internalCode"}}` on the chat host,
/// the same members flat on other hosts, or plain text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// `time`: ISO-8601 text, or epoch milliseconds kept as text.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub time: Option<String>,
    /// `message`: human-readable, not localised; for a text body, the trimmed text.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    /// `internalCode`: see [`internal_code`]; not unique per HTTP status.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub internal_code: Option<i64>,
}

impl Document for ErrorBody {
    /// Decoding through [`decode`](super::decode) reads only the wrapped form; prefer
    /// [`ErrorBody::parse`], which accepts every form.
    const NAME: &'static str = "error body";
    const ENVELOPE: Option<&'static str> = Some("error");
}

/// Known `internalCode` values.
pub mod internal_code {
    /// Not in a chat (line posted while waiting or after the end) or bad authorization request.
    pub const NOT_IN_CHAT: i64 = 5;
    /// Bad authorization (visitor authentication) shares code 5 with `NOT_IN_CHAT`.
    pub const BAD_AUTHORIZATION: i64 = 5;
    /// `Bad captcha` or `Invalid User` on the chat request (401).
    pub const BAD_AUTHORIZATION_OR_CAPTCHA: i64 = 10;
    /// `Chat session not found` (404): the chat is gone; stop polling.
    pub const CHAT_NOT_FOUND: i64 = 12;
    /// `Loading account` (500, App Engagement): retry shortly.
    pub const ACCOUNT_LOADING: i64 = 20;
    /// "Move to primary" (503): transient, retry.
    pub const MOVE_TO_PRIMARY: i64 = 27;
}

/// Longest message kept from a text body, in characters.
const MAX_TEXT: usize = 512;

impl ErrorBody {
    /// Reads any error body; `None` only for an empty (or blank) body. Never panics.
    pub fn parse(body: &[u8]) -> Option<ErrorBody> {
        let text = String::from_utf8_lossy(body);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Object(mut obj)) => Some(match obj.remove("error") {
                Some(Value::Object(inner)) => from_members(&inner),
                Some(Value::String(message)) => ErrorBody {
                    message: Some(message),
                    ..from_members(&obj)
                },
                _ => from_members(&obj),
            }),
            _ => Some(ErrorBody {
                message: Some(trimmed.chars().take(MAX_TEXT).collect()),
                ..ErrorBody::default()
            }),
        }
    }

    /// `time` in milliseconds since the Unix epoch: the chat host's ISO-8601 text, or the
    /// epoch milliseconds other hosts send; `None` when absent or neither.
    pub fn time_ms(&self) -> Option<i64> {
        let time = self.time.as_deref()?.trim();
        time.parse::<i64>()
            .ok()
            .or_else(|| super::time::parse_timestamp_ms(time))
    }

    /// Whether `internal_code` is `code`.
    pub fn has_code(&self, code: i64) -> bool {
        self.internal_code == Some(code)
    }
}

fn from_members(obj: &serde_json::Map<String, Value>) -> ErrorBody {
    ErrorBody {
        time: obj.get("time").and_then(as_text),
        message: obj.get("message").and_then(as_text),
        internal_code: obj.get("internalCode").and_then(as_code),
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn as_code(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
