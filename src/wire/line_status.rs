//! `line-status` events: delivery/read receipts (observed, not documented).

use serde_json::{Map, Value};

use super::line::LineSource;
use super::string_enum::string_enum;

/// The body of a `line-status` event, as seen in a poll (observed-behaviour § 3.1):
/// `{"@id": "14", "@type": "line-status", "lineStatus": "ACCEPT", "refSequenceId": "11",
/// "source": "visitor", "metadata": []}`.
///
/// An event whose members do not fit (a `refSequenceId` that is not an integer, a non-string
/// `lineStatus` or `source`) is kept whole as [`EventBody::Other`](super::EventBody::Other)
/// with kind `line-status` instead of failing the batch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineStatus {
    /// `lineStatus`; `Other("")` when absent.
    pub status: LineStatusKind,
    /// `refSequenceId`: the `@id` of the line the receipt is about (a numeric string or a
    /// number); `None` when absent, `null` or `""`.
    pub ref_sequence_id: Option<u64>,
    /// `source`: the side that issued the receipt.
    pub source: Option<LineSource>,
    /// `metadata`: free-form entries (seen as `[]`); a lone value reads as one entry, `null` or
    /// absence as none.
    pub metadata: Vec<Value>,
}

impl LineStatus {
    /// Reads the members of a `line-status` event object; `None` when one does not fit.
    pub(crate) fn from_members(m: &Map<String, Value>) -> Option<LineStatus> {
        let status = match m.get("lineStatus") {
            None | Some(Value::Null) => LineStatusKind::default(),
            Some(Value::String(s)) => LineStatusKind::from_wire(s),
            Some(_) => return None,
        };
        let ref_sequence_id = match m.get("refSequenceId") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.trim().parse().ok()?),
            Some(Value::Number(n)) => Some(n.as_u64()?),
            Some(_) => return None,
        };
        let source = match m.get("source") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(LineSource::from_wire(s)),
            Some(_) => return None,
        };
        Some(LineStatus {
            status,
            ref_sequence_id,
            source,
            metadata: metadata(m.get("metadata")),
        })
    }
}

/// A `metadata` member: an array, a lone value (one entry), or `null`/absent (none).
pub(crate) fn metadata(v: Option<&Value>) -> Vec<Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
    }
}

string_enum! {
    /// `lineStatus` of a receipt.
    pub enum LineStatusKind {
        /// `ACCEPT`: the line was delivered.
        Accept = "ACCEPT" | "accept",
        /// `READ`: the line was seen.
        Read = "READ" | "read",
        /// `ACTION`: the line (rich content) was acted on.
        Action = "ACTION" | "action",
    }
}

impl Default for LineStatusKind {
    fn default() -> Self {
        LineStatusKind::Other(String::new())
    }
}
