//! Transcript request (§ 4.20): email the chat to the visitor.

use serde::{Deserialize, Serialize};

use super::decode::Document;
use super::lenient;

/// `{"email": …, "timezoneOffset": -7200000}` (flat, no envelope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptRequest {
    /// `email`: destination address.
    pub email: String,
    /// `timezoneOffset`: milliseconds from GMT (older page versions only); omitted when `None`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone_offset: Option<i64>,
}

impl TranscriptRequest {
    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl Document for TranscriptRequest {
    const NAME: &'static str = "transcript request";
    const ENVELOPE: Option<&'static str> = None;
}
