//! `line-status` events: delivery/read receipts (observed, not documented).

use super::line::LineSource;
use super::string_enum::string_enum;

/// The body of a `line-status` event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineStatus {
    /// `lineStatus`; `Other("")` when absent.
    pub status: LineStatusKind,
    /// `refSequenceId`: the `@id` of the line the receipt is about.
    pub ref_sequence_id: Option<u64>,
    /// `source`: the side that issued the receipt.
    pub source: Option<LineSource>,
    /// `metadata`: free-form (seen as `[]`); `null` when absent.
    pub metadata: serde_json::Value,
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
