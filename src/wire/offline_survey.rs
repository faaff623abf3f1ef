//! Offline survey submission (§ 4.6): answers plus visitor fields, all inside `survey`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decode::Document;
use super::engagement_tags::EngagementTags;
use super::envelope::{deserialize_enveloped, serialize_enveloped, Body};
use super::id::{self, Id};
use super::lenient;
use super::survey_answers::SurveyAnswers;

/// Body of the offline survey post:
/// `{"survey": {"id", "question", "skill", "LETagVisitorId", …}}`.
/// Serializes as that whole body; `None` members are omitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct OfflineSurveySubmission {
    /// `id` and `question`.
    #[serde(flatten)]
    pub answers: SurveyAnswers,
    /// `skill`: read from a string or a number, written as a string.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub skill: Option<String>,
    /// `visitorId`: a visitor id from an earlier chat; written as a number when numeric, as
    /// documented.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub visitor_id: Option<Id>,
    /// `visitorIp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_ip: Option<String>,
    /// `chatRefferer`: spelled so on the documented page (the chat request says `chatReferrer`).
    #[serde(
        rename = "chatRefferer",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub chat_refferer: Option<String>,
    /// `userAgent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// `LETagVisitorId`, `LETagSessionId`, `LETagContextId`: the App Engagement visitor session.
    #[serde(flatten)]
    pub le_tags: EngagementTags,
}

impl OfflineSurveySubmission {
    /// Answers only, no visitor fields.
    pub fn new(answers: SurveyAnswers) -> Self {
        OfflineSurveySubmission {
            answers,
            skill: None,
            visitor_id: None,
            visitor_ip: None,
            chat_refferer: None,
            user_agent: None,
            le_tags: EngagementTags::default(),
        }
    }

    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl Body for OfflineSurveySubmission {
    fn serialize_body<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        OfflineSurveySubmission::serialize(self, s)
    }
    fn deserialize_body<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        OfflineSurveySubmission::deserialize(d)
    }
}

impl Serialize for OfflineSurveySubmission {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_enveloped("survey", self, s)
    }
}

impl<'de> Deserialize<'de> for OfflineSurveySubmission {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_enveloped("survey", d)
    }
}

impl Document for OfflineSurveySubmission {
    const NAME: &'static str = "offline survey submission";
    const ENVELOPE: Option<&'static str> = None;
}
