//! Chat information (§ 4.12), also embedded in the chat resource.

use serde::{Deserialize, Serialize};

use super::chat_state::ChatState;
use super::decode::Document;
use super::id::Id;
use super::lenient;
use super::link::Links;
use super::typing::TypingState;

/// `{"info": {…}}`: current status of the chat. Every member is optional (many are absent
/// while `waiting`); undocumented ones are read where useful, others ignored.
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
    /// `lastUpdate`: time of the last request of any kind, as sent.
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

impl Document for Info {
    const NAME: &'static str = "chat info";
    const ENVELOPE: Option<&'static str> = Some("info");
}
