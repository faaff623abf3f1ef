//! The `LETag*` ids: how the chat service recognises the App Engagement visitor session. The chat
//! request, the offline survey and visitor authentication all carry them, under the same names.

use serde::{Deserialize, Serialize};

use super::lenient;

/// `LETagVisitorId`, `LETagSessionId` and `LETagContextId`; `None` members are omitted. Read
/// from strings or numbers (a context id is `"1"` or `1`), written as strings as documented.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementTags {
    /// `LETagVisitorId`: App Engagement `visitorId`.
    #[serde(
        rename = "LETagVisitorId",
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub visitor_id: Option<String>,
    /// `LETagSessionId`: App Engagement `sessionId`.
    #[serde(
        rename = "LETagSessionId",
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_id: Option<String>,
    /// `LETagContextId`: App Engagement `engagementDetails.contextId`.
    #[serde(
        rename = "LETagContextId",
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub context_id: Option<String>,
}
