//! The table of one-shot calls: for each, what it is ([`RequestKind`]), where it goes, how it is
//! sent and how its answer is read, in one row. Adding a call is a [`RequestKind`], its row, and
//! the command that queues it.

use http::header::LOCATION;
use http::Method;
use serde::{Deserialize, Serialize};

use crate::wire;

use super::engagement_call::EngagementCall;
use super::event::{Authentication, OpResult};
use super::links::Rel;
use super::output::RequestKind;

/// Query of availability and available slots (all optional; `agent` must stand alone).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AvailabilityQuery {
    /// Skills to ask about; several give the per-skill answer.
    pub skills: Vec<String>,
    /// Seconds the visitor would wait (0 to 86400); 0 asks for free capacity right now.
    pub max_wait_time: Option<u32>,
    /// A service queue (needs `max_wait_time`).
    pub service_queue: Option<String>,
    /// One agent's login name.
    pub agent: Option<String>,
}

/// Query of the estimated wait time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WaitTimeQuery {
    /// Skill to ask about.
    pub skill: Option<String>,
    /// Service queue to ask about.
    pub service_queue: Option<String>,
}

/// Query of a survey (pre-chat, offline, exit); every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyQuery {
    /// A survey by name; overrides the rules engine.
    pub survey_name: Option<String>,
    /// A survey by API id (the window's `surveyPreChatId`).
    pub survey_api_id: Option<String>,
    /// Skill, as input to the rules engine.
    pub skill: Option<String>,
    /// Visitor profile (older servers; wins over `skill`).
    pub visitor_profile: Option<String>,
    /// Visitor id of an earlier chat.
    pub visitor_id: Option<String>,
    /// Visitor IP, as input to the rules engine.
    pub visitor_ip: Option<String>,
    /// User agent, as input to the rules engine.
    pub user_agent: Option<String>,
}

impl SurveyQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        present(&[
            ("surveyName", &self.survey_name),
            ("surveyApiId", &self.survey_api_id),
            ("skill", &self.skill),
            ("visitorProfile", &self.visitor_profile),
            ("visitorId", &self.visitor_id),
            ("visitorIp", &self.visitor_ip),
            ("userAgent", &self.user_agent),
        ])
    }
}

fn present(pairs: &[(&'static str, &Option<String>)]) -> Vec<(&'static str, String)> {
    pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v.clone())))
        .collect()
}

fn availability_pairs(q: &AvailabilityQuery) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<_> = q.skills.iter().map(|s| ("skill", s.clone())).collect();
    pairs.extend(q.max_wait_time.map(|t| ("maxWaitTime", t.to_string())));
    pairs.extend(present(&[
        ("serviceQueue", &q.service_queue),
        ("agent", &q.agent),
    ]));
    pairs
}

/// Where a call goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `{origin}/api/account/{account}/{path…}`: waits for the account's origin.
    Account(&'static [&'static str]),
    /// One of the chat's links: waits for the chat.
    Chat(Rel),
    /// The App Engagement host, which the call finds itself.
    Engagement,
}

/// How a call's answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    Availability,
    AvailableSlots,
    EstimatedWaitTime,
    Survey,
    /// Any 2xx: the server took it.
    Accepted,
    Authenticated,
    Info,
    VisitorName,
    VisitorTyping,
    AgentTyping,
    Engagement,
    EngagementUpdated,
}

/// What a call is, where it goes, how it is sent (`PUT` is tunnelled as POST +
/// `X-HTTP-Method-Override` on the chat service; App Engagement takes a real one) and how its
/// answer is read.
pub(crate) type Row = (RequestKind, Target, Method, Answer);

const AVAILABILITY: &[&str] = &["chat", "availability"];
const SLOTS: &[&str] = &["chat", "availableSlots"];
const WAIT: &[&str] = &["chat", "estimatedWaitTime"];
const PRE_CHAT: &[&str] = &["chat", "preSurvey"];
/// The documented path, with its double slash: tried after a 404 on [`PRE_CHAT`].
pub(crate) const PRE_CHAT_DOCUMENTED: &[&str] = &["chat", "", "preSurvey"];
const OFFLINE: &[&str] = &["chat", "offlineSurvey"];
const AUTHENTICATE: &[&str] = &["conversation.json"];

/// Every one-shot call, one row each, on one line each as a table reads.
#[rustfmt::skip]
const TABLE: [Row; 18] = {
    use Answer as A;
    use RequestKind as K;
    use Target::{Account, Chat, Engagement};
    const GET: Method = Method::GET;
    const POST: Method = Method::POST;
    const PUT: Method = Method::PUT;
    [
        (K::Availability, Account(AVAILABILITY), GET, A::Availability),
        (K::AvailableSlots, Account(SLOTS), GET, A::AvailableSlots),
        (K::EstimatedWaitTime, Account(WAIT), GET, A::EstimatedWaitTime),
        (K::PreChatSurvey, Account(PRE_CHAT), GET, A::Survey),
        (K::OfflineSurvey, Account(OFFLINE), GET, A::Survey),
        (K::SubmitOfflineSurvey, Account(OFFLINE), PUT, A::Accepted),
        (K::Authenticate, Account(AUTHENTICATE), POST, A::Authenticated),
        (K::GetInfo, Chat(Rel::Info), GET, A::Info),
        (K::GetVisitorName, Chat(Rel::VisitorName), GET, A::VisitorName),
        (K::GetVisitorTyping, Chat(Rel::VisitorTyping), GET, A::VisitorTyping),
        (K::GetAgentTyping, Chat(Rel::AgentTyping), GET, A::AgentTyping),
        (K::ExitSurvey, Chat(Rel::ExitSurvey), GET, A::Survey),
        (K::SubmitExitSurvey, Chat(Rel::ExitSurvey), PUT, A::Accepted),
        (K::RequestTranscript, Chat(Rel::TranscriptRequest), PUT, A::Accepted),
        (K::RequestTranscriptWithSubject, Chat(Rel::TranscriptWithSubject), PUT, A::Accepted),
        (K::SendLineStatus, Chat(Rel::Events), POST, A::Accepted),
        (K::CreateEngagement, Engagement, POST, A::Engagement),
        (K::UpdateEngagement, Engagement, PUT, A::EngagementUpdated),
    ]
};

/// A one-shot call: its kind and what it sends. Snapshots carry pending calls in this form
/// (bodies as the JSON text they are), so its serde names are part of the snapshot format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Call {
    pub kind: RequestKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "maybe_text")]
    pub body: Option<Vec<u8>>,
    /// The plain transcript request to send when the chat has no link for one with a subject.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "maybe_text")]
    pub fallback: Option<Vec<u8>>,
    /// The pre-chat survey is asked for at the documented `chat//preSurvey`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub documented_path: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement: Option<EngagementCall>,
}

impl Call {
    pub fn new(kind: RequestKind) -> Self {
        Self {
            kind,
            query: Vec::new(),
            body: None,
            fallback: None,
            documented_path: false,
            engagement: None,
        }
    }

    pub fn query(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.query = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        self
    }

    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.body = Some(body);
        self
    }

    /// The call's row; a kind the table lacks (only a damaged snapshot holds one) has none.
    pub fn row(&self) -> Option<&'static Row> {
        TABLE.iter().find(|row| row.0 == self.kind)
    }

    pub fn target(&self) -> Option<Target> {
        self.row().map(|row| row.1)
    }

    /// The call to send instead when the chat lacks the link, if there is one.
    pub fn fallback(&self) -> Option<Call> {
        let body = self.fallback.clone()?;
        Some(Call::new(RequestKind::RequestTranscript).body(body))
    }
}

pub(crate) fn availability_query(q: &AvailabilityQuery) -> Vec<(&'static str, String)> {
    availability_pairs(q)
}

pub(crate) fn wait_time_query(q: &WaitTimeQuery) -> Vec<(&'static str, String)> {
    present(&[("skill", &q.skill), ("serviceQueue", &q.service_queue)])
}

pub(crate) fn survey_query(q: &SurveyQuery) -> Vec<(&'static str, String)> {
    q.pairs()
}

/// Reads a 2xx answer the way the call's row says.
pub(crate) fn decode(
    answer: Answer,
    response: &http::Response<Vec<u8>>,
) -> Result<OpResult, String> {
    let body = response.body();
    let err = |e: wire::DecodeError| e.to_string();
    Ok(match answer {
        Answer::Availability => OpResult::Availability(wire::decode(body).map_err(err)?),
        Answer::AvailableSlots => OpResult::AvailableSlots(wire::decode(body).map_err(err)?),
        Answer::EstimatedWaitTime => OpResult::EstimatedWaitTime(wire::decode(body).map_err(err)?),
        Answer::Survey => OpResult::Survey(wire::decode(body).map_err(err)?),
        Answer::Accepted => OpResult::Accepted,
        Answer::Authenticated => {
            let ids = (!body.iter().all(u8::is_ascii_whitespace))
                .then(|| wire::decode::<wire::AuthResponse>(body))
                .transpose()
                .map_err(err)?;
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if ids.is_none() && location.is_none() {
                return Err("authentication answered with neither ids nor a Location".into());
            }
            OpResult::Authenticated(Authentication { ids, location })
        }
        Answer::Info => OpResult::Info(Box::new(wire::decode(body).map_err(err)?)),
        Answer::VisitorName => OpResult::VisitorName(
            wire::decode::<wire::VisitorName>(body)
                .map_err(err)?
                .visitor_name,
        ),
        Answer::VisitorTyping => OpResult::VisitorTyping(
            wire::decode::<wire::VisitorTyping>(body)
                .map_err(err)?
                .visitor_typing,
        ),
        Answer::AgentTyping => OpResult::AgentTyping(
            wire::decode::<wire::AgentTyping>(body)
                .map_err(err)?
                .agent_typing,
        ),
        Answer::Engagement => OpResult::Engagement(Box::new(wire::decode(body).map_err(err)?)),
        Answer::EngagementUpdated => OpResult::EngagementUpdated(Box::new(
            wire::UpdateSessionResponse::parse(body).map_err(err)?,
        )),
    })
}

/// Request bodies are JSON text: stored in snapshots as text, not as a list of bytes.
pub(crate) mod body_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(body: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(body))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        String::deserialize(d).map(String::into_bytes)
    }
}

/// [`body_text`] for a body that may be absent.
mod maybe_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(body: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match body {
            Some(body) => s.serialize_some(&*String::from_utf8_lossy(body)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(d).map(|text| text.map(String::into_bytes))
    }
}
