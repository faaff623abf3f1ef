//! `a2a-transfer` events: the chat moves to another account (spec § 6.4).

use super::id::Id;

/// The body of an `a2a-transfer` event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct A2aTransfer {
    /// `domain`: host of the target account's chat service.
    pub domain: Option<String>,
    /// `remoteSiteId`: the target account id.
    pub remote_site_id: Option<Id>,
    /// `chatRequestParameters`: to send unchanged in the chat request to the target account.
    /// `a2aEventId`, `a2aSourceSessionId` and `a2aSourceSiteId` found at the top level of the
    /// event are gathered here too (unless already present).
    pub chat_request_parameters: serde_json::Map<String, serde_json::Value>,
    /// `href` of the event's link with relation `a2a-transfer`.
    pub link: Option<String>,
    /// `skill`: the target skill (top-level, else from `chatRequestParameters.skill`).
    pub skill: Option<String>,
}
