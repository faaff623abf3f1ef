//! App Engagement API: Create Session ("getEngagement"), which precedes a chat.

use serde::{Deserialize, Serialize};

use super::decode::Document;
use super::id::Id;
use super::lenient;
use super::string_enum::string_enum;

/// Create Session request body (flat): `{"appType": "EXTERNAL", "appDetails": {…}, …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateSessionRequest {
    /// `appType`.
    pub app_type: AppType,
    /// `appDetails`: diagnostics about the calling app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_details: Option<AppDetails>,
    /// `consumerSections`: app sections used for engagement targeting; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consumer_sections: Vec<String>,
    /// `engagementAttributes`: SDE objects; omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engagement_attributes: Vec<serde_json::Value>,
}

impl CreateSessionRequest {
    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// `appType`: the engagement type this API serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AppType {
    /// `EXTERNAL`.
    #[serde(rename = "EXTERNAL")]
    External,
    /// `MSDK`.
    #[serde(rename = "MSDK")]
    Msdk,
}

/// `appDetails`: every member optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppDetails {
    /// `os`: `WINDOWS`, `MAC_OSX`, `LINUX`, `IOS`, `ANDROID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// `osVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// `appVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    /// `deviceFamily`: `DESKTOP`, `TABLET`, `MOBILE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_family: Option<String>,
    /// `ipAddress`: a real IPv4/IPv6 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}

/// Create Session response (no envelope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateSessionResponse {
    /// `status`.
    pub status: EngagementStatus,
    /// `sessionId`: send as `sid` on later calls and as `LETagSessionId`.
    #[serde(deserialize_with = "lenient::text")]
    pub session_id: String,
    /// `visitorId`: the path segment of later calls and `LETagVisitorId`.
    #[serde(deserialize_with = "lenient::text")]
    pub visitor_id: String,
    /// `pageId`: for Update Session (may be missing in practice).
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub page_id: Option<String>,
    /// `engagementDetails`: only when available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement_details: Option<EngagementDetails>,
}

string_enum! {
    /// `status` of a Create Session response.
    pub enum EngagementStatus {
        /// `Available`: an engagement was returned.
        Available = "Available",
        /// `NotAvailable`: no engagement now.
        NotAvailable = "NotAvailable",
    }
}

/// `engagementDetails`: ids to copy into the chat request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngagementDetails {
    /// `campaignId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<Id>,
    /// `engagementId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement_id: Option<Id>,
    /// `contextId`: sent on as `LETagContextId` (text even when it arrives as a number).
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub context_id: Option<String>,
    /// `windowId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_id: Option<Id>,
    /// `language`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub language: Option<String>,
    /// `engagementRevision`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement_revision: Option<Id>,
    /// `validForSeconds`: how long the engagement stays valid.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_for_seconds: Option<u64>,
    /// `skillId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<Id>,
    /// `skillName`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub skill_name: Option<String>,
    /// `connectorId`: `authChatConnId` for authenticated engagements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector_id: Option<Id>,
}

impl Document for CreateSessionRequest {
    const NAME: &'static str = "create session request";
    const ENVELOPE: Option<&'static str> = None;
}

impl Document for CreateSessionResponse {
    const NAME: &'static str = "create session response";
    const ENVELOPE: Option<&'static str> = None;
}
