//! The chat request (§ 4.7): `{"request": {…}}`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::decode::Document;
use super::engagement_tags::EngagementTags;
use super::envelope::{deserialize_enveloped, serialize_enveloped, Body};
use super::id::{self, Id};
use super::lenient;
use super::survey_answers::SurveyAnswers;

/// Body of the chat request. Serializes as the whole body, `{"request": {…}}`, omitting every
/// `None` or empty member; `extra` members are merged into `request` after the named ones (a
/// named member that is set wins over an `extra` key of the same name). `Debug` never shows
/// `sso_key`.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ChatRequest {
    /// `skill`: skill name (some clients put the numeric skill id here). Read from a string or
    /// a number, written as a string as documented; to send a number, leave this `None` and put
    /// it in `extra`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub skill: Option<String>,
    /// `skillId`: sent by LivePerson's Postman collection as a string; the live service also
    /// accepted a number (`-1`), so it is written in the spelling it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<Id>,
    /// `maxWaitTime`: seconds, 0–86400; 0 = only if an agent is free now.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_wait_time: Option<u32>,
    /// `visitorIp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_ip: Option<String>,
    /// `chatReferrer`: where the chat was started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_referrer: Option<String>,
    /// `userAgent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// `visitorId`: `info.visitorId` of an earlier chat (not the App Engagement visitor id);
    /// written as a number when numeric, as documented.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub visitor_id: Option<Id>,
    /// `preChatLines`: written as `{"line": [...]}`, omitted when empty.
    #[serde(
        default,
        with = "pre_chat_lines",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub pre_chat_lines: Vec<String>,
    /// `survey`: pre-chat survey answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<SurveyAnswers>,
    /// `engagementId`: written as a number when numeric, as the docs' example does.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub engagement_id: Option<Id>,
    /// `campaignId`: written as a number when numeric, as the docs' example does.
    #[serde(
        default,
        serialize_with = "id::opt_numeric",
        skip_serializing_if = "Option::is_none"
    )]
    pub campaign_id: Option<Id>,
    /// `language`, e.g. `en-US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// `LETagVisitorId`, `LETagSessionId`, `LETagContextId`: the App Engagement visitor session.
    #[serde(flatten)]
    pub le_tags: EngagementTags,
    /// `interactionTimeout`: idle seconds before the server ends the chat.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub interaction_timeout: Option<u32>,
    /// `participantId`: from visitor authentication.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub participant_id: Option<String>,
    /// `conversationId`: from visitor authentication.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub conversation_id: Option<String>,
    /// `ssoKey`: legacy encrypted custom variables (secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_key: Option<String>,
    /// `serviceQueue`: legacy; needs `maxWaitTime`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub service_queue: Option<String>,
    /// `agent`: legacy; a specific agent's login name.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent: Option<String>,
    /// Any other members, e.g. an a2a transfer's `chatRequestParameters`; unknown members land
    /// here when decoding.
    #[serde(flatten, skip_serializing)]
    pub extra: Map<String, Value>,
}

impl ChatRequest {
    /// The request body, `{"request": {…}}`.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The `request` object with `extra` merged in.
    fn merged(&self) -> Result<Value, serde_json::Error> {
        let mut inner = ChatRequest::serialize(self, serde_json::value::Serializer)?;
        if let Value::Object(map) = &mut inner {
            for (k, v) in &self.extra {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        Ok(inner)
    }
}

impl Body for ChatRequest {
    fn serialize_body<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.merged()
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }
    fn deserialize_body<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ChatRequest::deserialize(d)
    }
}

impl Serialize for ChatRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_enveloped("request", self, s)
    }
}

impl<'de> Deserialize<'de> for ChatRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_enveloped("request", d)
    }
}

impl Document for ChatRequest {
    const NAME: &'static str = "chat request";
    const ENVELOPE: Option<&'static str> = None;
}

impl fmt::Debug for ChatRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatRequest")
            .field("skill", &self.skill)
            .field("skill_id", &self.skill_id)
            .field("max_wait_time", &self.max_wait_time)
            .field("visitor_ip", &self.visitor_ip)
            .field("chat_referrer", &self.chat_referrer)
            .field("user_agent", &self.user_agent)
            .field("visitor_id", &self.visitor_id)
            .field("pre_chat_lines", &self.pre_chat_lines)
            .field("survey", &self.survey)
            .field("engagement_id", &self.engagement_id)
            .field("campaign_id", &self.campaign_id)
            .field("language", &self.language)
            .field("le_tags", &self.le_tags)
            .field("interaction_timeout", &self.interaction_timeout)
            .field("participant_id", &self.participant_id)
            .field("conversation_id", &self.conversation_id)
            .field("sso_key", &self.sso_key.as_ref().map(|_| "<redacted>"))
            .field("service_queue", &self.service_queue)
            .field("agent", &self.agent)
            .field("extra", &self.extra)
            .finish()
    }
}

/// `preChatLines: {"line": one-or-many}`.
mod pre_chat_lines {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::lenient;

    #[derive(Deserialize, Default)]
    struct Wrapper {
        #[serde(default, deserialize_with = "lenient::one_or_many")]
        line: Vec<String>,
    }

    #[derive(Serialize)]
    struct WrapperRef<'a> {
        line: &'a [String],
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(Option::<Wrapper>::deserialize(d)?.unwrap_or_default().line)
    }

    pub(super) fn serialize<S: Serializer>(lines: &[String], s: S) -> Result<S::Ok, S::Error> {
        WrapperRef { line: lines }.serialize(s)
    }
}
