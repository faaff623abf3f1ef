//! The `LETag*` ids: how the chat service recognises the App Engagement visitor session. The chat
//! request, the offline survey and visitor authentication all carry them, under the same names.

use serde::{Deserialize, Serialize};

/// `LETagVisitorId`, `LETagSessionId` and `LETagContextId`; `None` members are omitted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementTags {
    /// `LETagVisitorId`: App Engagement `visitorId`.
    #[serde(
        rename = "LETagVisitorId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub visitor_id: Option<String>,
    /// `LETagSessionId`: App Engagement `sessionId`.
    #[serde(
        rename = "LETagSessionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_id: Option<String>,
    /// `LETagContextId`: App Engagement `engagementDetails.contextId`.
    #[serde(
        rename = "LETagContextId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_id: Option<String>,
}
