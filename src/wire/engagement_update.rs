//! App Engagement API: Update Session (`domain-and-engagement.md` § 2.2), which reports what
//! became of an engagement (impressions) or adds engagement attributes to the visit:
//! `PUT …/app/engagement/visitors/{visitorId}?v=1.0&sid={sessionId}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::decode::{decode, DecodeError, Document};
use super::engagement::{CreateSessionResponse, EngagementDetails, EngagementStatus};
use super::id::{self, Id};
use super::lenient;
use super::string_enum::string_enum;

/// Update Session request body (flat):
/// `{"pageId": …, "impAttributes": [...], "engagementAttributes": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateSessionRequest {
    /// `pageId`: the Create Session response's `pageId` (required).
    #[serde(deserialize_with = "lenient::text")]
    pub page_id: String,
    /// `impAttributes`: impression events, to feed the engagement funnel; omitted when empty.
    #[serde(
        default,
        deserialize_with = "lenient::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub imp_attributes: Vec<Impression>,
    /// `engagementAttributes`: SDE objects; omitted when empty.
    #[serde(
        default,
        deserialize_with = "lenient::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub engagement_attributes: Vec<Value>,
}

impl UpdateSessionRequest {
    /// A body with `pageId` only.
    pub fn new(page_id: impl Into<String>) -> Self {
        UpdateSessionRequest {
            page_id: page_id.into(),
            imp_attributes: Vec::new(),
            engagement_attributes: Vec::new(),
        }
    }

    /// The body reporting `kinds` (e.g. `impDisplay` then `impAccept`) for the engagement that
    /// Create Session returned. `None` when that answer carries no `pageId` or no engagement.
    pub fn impressions(
        engagement: &CreateSessionResponse,
        kinds: &[ImpressionKind],
    ) -> Option<Self> {
        let page_id = engagement.page_id.clone()?;
        let details = engagement.engagement_details.as_ref()?;
        Some(UpdateSessionRequest {
            imp_attributes: kinds
                .iter()
                .map(|kind| Impression::new(kind.clone(), details))
                .collect(),
            ..UpdateSessionRequest::new(page_id)
        })
    }

    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// One impression event: `{"type": "impDisplay", "campaign": …, "engId": …, "revision": …,
/// "eContext": [{"type": "engagementContext", "id": "1"}]}`. `campaign`, `engId` and
/// `revision` are written as numbers when numeric, as the docs' example does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Impression {
    /// `type`.
    #[serde(rename = "type")]
    pub kind: ImpressionKind,
    /// `campaign`: `engagementDetails.campaignId`.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub campaign: Option<Id>,
    /// `engId`: `engagementDetails.engagementId`.
    #[serde(
        rename = "engId",
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub engagement_id: Option<Id>,
    /// `revision`: `engagementDetails.engagementRevision`.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub revision: Option<Id>,
    /// `eContext`: the engagement contexts; omitted when empty.
    #[serde(
        rename = "eContext",
        default,
        deserialize_with = "lenient::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub contexts: Vec<EngagementContext>,
    /// `expanded` (`impExpanded` only; type not documented, written as given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expanded: Option<Value>,
    /// `userInit` (`impExpanded` only; type not documented, written as given).
    #[serde(rename = "userInit", default, skip_serializing_if = "Option::is_none")]
    pub user_init: Option<Value>,
    /// `actionableItems` (`impExpanded` only; type not documented, written as given).
    #[serde(
        rename = "actionableItems",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub actionable_items: Option<Value>,
}

impl Impression {
    /// An impression of `kind` for an engagement: its campaign, engagement id, revision and
    /// context (`contextId`, as an `engagementContext`).
    pub fn new(kind: ImpressionKind, engagement: &EngagementDetails) -> Self {
        Impression {
            kind,
            campaign: engagement.campaign_id.clone(),
            engagement_id: engagement.engagement_id.clone(),
            revision: engagement.engagement_revision.clone(),
            contexts: engagement
                .context_id
                .iter()
                .map(|id| EngagementContext::new(id.as_str()))
                .collect(),
            expanded: None,
            user_init: None,
            actionable_items: None,
        }
    }
}

string_enum! {
    /// `type` of an impression event.
    pub enum ImpressionKind {
        /// `impDisplay`: the engagement was shown.
        Display = "impDisplay",
        /// `impAccept`: the visitor accepted it.
        Accept = "impAccept",
        /// `impExpanded`: it was expanded (with `expanded`, `userInit`, `actionableItems`).
        Expanded = "impExpanded",
        /// `impTimeout`: it timed out.
        Timeout = "impTimeout",
        /// `impClose`: the visitor closed it.
        Close = "impClose",
    }
}

/// One `eContext` entry: `{"type": "engagementContext", "id": "1"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementContext {
    /// `type`: `engagementContext` in every example.
    #[serde(rename = "type", default, deserialize_with = "lenient::text")]
    pub kind: String,
    /// `id`: the engagement's `contextId`, in the spelling given (`"1"` in the example).
    pub id: Id,
}

impl EngagementContext {
    /// `{"type": "engagementContext", "id": context_id}`.
    pub fn new(context_id: &str) -> Self {
        EngagementContext {
            kind: "engagementContext".to_owned(),
            id: Id::from(context_id),
        }
    }
}

/// Update Session response. Its body is not documented: the docs give only the status codes
/// (as for Create Session). Inferred, then: a success may have no body at all, or one shaped like
/// the Create Session response; so every member is optional, unknown ones are kept in `extra`,
/// and [`UpdateSessionResponse::parse`] reads an empty body as the default. Error answers carry
/// the flat App Engagement error body, read by [`ErrorBody::parse`](super::ErrorBody::parse).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateSessionResponse {
    /// `status`, if the answer carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EngagementStatus>,
    /// `sessionId`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_id: Option<String>,
    /// `visitorId`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub visitor_id: Option<String>,
    /// `pageId`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub page_id: Option<String>,
    /// `engagementDetails`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement_details: Option<EngagementDetails>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UpdateSessionResponse {
    /// Reads a response body; an empty (or blank) body is a success without content.
    pub fn parse(body: &[u8]) -> Result<UpdateSessionResponse, DecodeError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(UpdateSessionResponse::default());
        }
        decode(body)
    }
}

impl Document for UpdateSessionRequest {
    const NAME: &'static str = "update session request";
    const ENVELOPE: Option<&'static str> = None;
}

impl Document for UpdateSessionResponse {
    const NAME: &'static str = "update session response";
    const ENVELOPE: Option<&'static str> = None;
}
