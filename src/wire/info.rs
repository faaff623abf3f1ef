//! Chat information (§ 4.12), also embedded in the chat resource.

use serde::{Deserialize, Serialize};

use super::chat_state::ChatState;
use super::decode::Document;
use super::id::Id;
use super::lenient;
use super::link::Links;
use super::time::parse_timestamp_ms;
use super::typing::TypingState;

/// `{"info": {…}}`: current status of the chat. Every member is optional (many are absent
/// while `waiting`); the undocumented ones every example carries are read too, others ignored.
/// Ids are written back in the spelling they were read with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    /// `link`: `self`, `visitor-name`, `visitor-typing`, `agent-typing`.
    #[serde(rename = "link", default)]
    pub links: Links,
    /// `state`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ChatState>,
    /// `chatSessionKey`: the chat id (last segment of the chat URL).
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub chat_session_key: Option<String>,
    /// `agentName`: absent while waiting.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent_name: Option<String>,
    /// `agentId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<Id>,
    /// `skillName` (undocumented).
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub skill_name: Option<String>,
    /// `skillId` (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<Id>,
    /// `startTime`, as sent.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_time: Option<String>,
    /// `duration` (undocumented): seconds the chat has lasted, from a number or a numeric
    /// string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<u64>,
    /// `lastUpdate`: time of the last request of any kind, as sent; see
    /// [`Info::last_update_ms`].
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_update: Option<String>,
    /// `chatTimeout`: seconds after `lastUpdate` before the server ends an idle chat.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub chat_timeout: Option<u32>,
    /// `visitorId`: reuse in a later chat request to link history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<Id>,
    /// `agentTyping`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_typing: Option<TypingState>,
    /// `visitorTyping`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_typing: Option<TypingState>,
    /// `visitorName`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub visitor_name: Option<String>,
    /// `rtSessionId`: real-time session id shared with the agent side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rt_session_id: Option<Id>,
    /// `participantId`: only for authenticated chats.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub participant_id: Option<String>,
    /// `sharkVisitorId` (undocumented): echo of the chat request's `LETagVisitorId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shark_visitor_id: Option<Id>,
    /// `sharkSessionId` (undocumented): echo of `LETagSessionId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shark_session_id: Option<Id>,
    /// `sharkContextId` (undocumented): echo of `LETagContextId` (`1` or `"1"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shark_context_id: Option<Id>,
    /// `engagementId` (undocumented echo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement_id: Option<Id>,
    /// `campaignId` (undocumented echo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<Id>,
    /// `language` (undocumented echo).
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub language: Option<String>,
    /// `agentPictureUrl` (seen only in LivePerson's own SDK).
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent_picture_url: Option<String>,
}

impl Info {
    /// `lastUpdate` in milliseconds since the Unix epoch; `None` when absent or not an
    /// ISO-8601 time with an offset (see [`parse_timestamp_ms`]).
    pub fn last_update_ms(&self) -> Option<i64> {
        self.last_update.as_deref().and_then(parse_timestamp_ms)
    }

    /// `startTime` in milliseconds since the Unix epoch, like [`Info::last_update_ms`].
    pub fn start_time_ms(&self) -> Option<i64> {
        self.start_time.as_deref().and_then(parse_timestamp_ms)
    }
}

impl Document for Info {
    const NAME: &'static str = "chat info";
    const ENVELOPE: Option<&'static str> = Some("info");
}
