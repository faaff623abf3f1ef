//! Visitor authentication (§ 4.8): `POST /conversation.json` before an authenticated chat.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::decode::Document;
use super::engagement_tags::EngagementTags;
use super::id::{self, Id};
use super::lenient;

/// Flat body of the visitor authentication request. `Debug` never shows `sso_key`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthRequest {
    /// `authChatConnId`: App Engagement `engagementDetails.connectorId`; written as a number
    /// when numeric, as documented.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_chat_conn_id: Option<Id>,
    /// `ssoKey`: OAuth 2.0 code or JWT from the brand's identity provider (secret).
    #[serde(deserialize_with = "lenient::text")]
    pub sso_key: String,
    /// `engagementId`: written as a number when numeric, as documented.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub engagement_id: Option<Id>,
    /// `LETagVisitorId`, `LETagSessionId`, `LETagContextId`: the App Engagement visitor session.
    #[serde(flatten)]
    pub le_tags: EngagementTags,
    /// `redirectUri`: OAuth 2.0 `redirect_uri` (code flow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
}

impl AuthRequest {
    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl fmt::Debug for AuthRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthRequest")
            .field("auth_chat_conn_id", &self.auth_chat_conn_id)
            .field("sso_key", &"<redacted>")
            .field("engagement_id", &self.engagement_id)
            .field("le_tags", &self.le_tags)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// `{"participantId": …, "conversationId": …}`: the older (200) response; newer servers answer
/// 201 with an empty body and a `Location` header instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthResponse {
    /// `participantId`: copy into the chat request.
    #[serde(deserialize_with = "lenient::text")]
    pub participant_id: String,
    /// `conversationId`: copy into the chat request.
    #[serde(deserialize_with = "lenient::text")]
    pub conversation_id: String,
}

impl Document for AuthRequest {
    const NAME: &'static str = "auth request";
    const ENVELOPE: Option<&'static str> = None;
}

impl Document for AuthResponse {
    const NAME: &'static str = "auth response";
    const ENVELOPE: Option<&'static str> = None;
}
