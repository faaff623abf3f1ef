//! One-shot calls beside the chat loop: availability, surveys, authentication, chat information,
//! transcript. Each is its own channel with the session's request building and retry policy, and
//! ends in one [`Event::Completed`] or [`Event::Failed`].

use std::time::Instant;

use http::header::LOCATION;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::Error;
use crate::request::ApiCall;
use crate::wire;

use super::channel::Channel;
use super::classify::Reply;
use super::engagement::EngagementCall;
use super::event::{Authentication, Event, Failure, OpResult};
use super::links::Rel;
use super::output::{OpId, RequestKind, Transmit};
use super::{ChatSession, Flight, Phase, Purpose};

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
        [
            ("surveyName", &self.survey_name),
            ("surveyApiId", &self.survey_api_id),
            ("skill", &self.skill),
            ("visitorProfile", &self.visitor_profile),
            ("visitorId", &self.visitor_id),
            ("visitorIp", &self.visitor_ip),
            ("userAgent", &self.user_agent),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
        .collect()
    }
}

/// What a one-shot call sends. Snapshots carry pending calls in this form (bodies as the JSON
/// text they are), so its serde names are part of the snapshot format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Call {
    Availability(AvailabilityQuery),
    AvailableSlots(AvailabilityQuery),
    EstimatedWaitTime(WaitTimeQuery),
    /// The documented path has a double slash (`chat//preSurvey`); the single-slash form is tried
    /// first and the documented one after a 404.
    PreChatSurvey {
        query: SurveyQuery,
        double_slash: bool,
    },
    OfflineSurvey(SurveyQuery),
    SubmitOfflineSurvey(#[serde(with = "body_text")] Vec<u8>),
    Authenticate(#[serde(with = "body_text")] Vec<u8>),
    Info,
    VisitorName,
    VisitorTyping,
    AgentTyping,
    ExitSurvey(SurveyQuery),
    SubmitExitSurvey(#[serde(with = "body_text")] Vec<u8>),
    Transcript(#[serde(with = "body_text")] Vec<u8>),
    /// A transcript with a subject, on `transcript-with-subject-request`; when the chat has no
    /// such link, the plain request on `transcript-request`, as LivePerson's SDK does.
    TranscriptWithSubject {
        #[serde(with = "body_text")]
        with_subject: Vec<u8>,
        #[serde(with = "body_text")]
        plain: Vec<u8>,
    },
    /// A `line-status` on the chat's events.
    LineStatus(#[serde(with = "body_text")] Vec<u8>),
    /// App Engagement Create or Update Session, on its own host.
    Engagement(EngagementCall),
}

impl Call {
    fn kind(&self) -> RequestKind {
        match self {
            Call::Availability(_) => RequestKind::Availability,
            Call::AvailableSlots(_) => RequestKind::AvailableSlots,
            Call::EstimatedWaitTime(_) => RequestKind::EstimatedWaitTime,
            Call::PreChatSurvey { .. } => RequestKind::PreChatSurvey,
            Call::OfflineSurvey(_) => RequestKind::OfflineSurvey,
            Call::SubmitOfflineSurvey(_) => RequestKind::SubmitOfflineSurvey,
            Call::Authenticate(_) => RequestKind::Authenticate,
            Call::Info => RequestKind::GetInfo,
            Call::VisitorName => RequestKind::GetVisitorName,
            Call::VisitorTyping => RequestKind::GetVisitorTyping,
            Call::AgentTyping => RequestKind::GetAgentTyping,
            Call::ExitSurvey(_) => RequestKind::ExitSurvey,
            Call::SubmitExitSurvey(_) => RequestKind::SubmitExitSurvey,
            Call::Transcript(_) | Call::TranscriptWithSubject { .. } => {
                RequestKind::RequestTranscript
            }
            Call::LineStatus(_) => RequestKind::SendLineStatus,
            Call::Engagement(call) if call.update => RequestKind::UpdateEngagement,
            Call::Engagement(_) => RequestKind::CreateEngagement,
        }
    }

    /// The chat link the call goes to, for calls on a chat.
    fn chat_rel(&self) -> Option<Rel> {
        match self {
            Call::Info => Some(Rel::Info),
            Call::VisitorName => Some(Rel::VisitorName),
            Call::VisitorTyping => Some(Rel::VisitorTyping),
            Call::AgentTyping => Some(Rel::AgentTyping),
            Call::ExitSurvey(_) | Call::SubmitExitSurvey(_) => Some(Rel::ExitSurvey),
            Call::Transcript(_) => Some(Rel::TranscriptRequest),
            Call::TranscriptWithSubject { .. } => Some(Rel::TranscriptWithSubject),
            Call::LineStatus(_) => Some(Rel::Events),
            _ => None,
        }
    }

    /// The request, given the account URL builder (pre-chat calls) or the chat link.
    fn api_call(&self, account: impl Fn(&[&str]) -> Url, link: Option<Url>) -> Option<ApiCall> {
        let with = |mut url: Url, pairs: Vec<(&str, String)>| {
            if !pairs.is_empty() {
                url.query_pairs_mut().extend_pairs(pairs);
            }
            url
        };
        Some(match self {
            Call::Availability(q) => ApiCall::get(with(
                account(&["chat", "availability"]),
                availability_pairs(q),
            )),
            Call::AvailableSlots(q) => ApiCall::get(with(
                account(&["chat", "availableSlots"]),
                availability_pairs(q),
            )),
            Call::EstimatedWaitTime(q) => {
                let pairs = [("skill", &q.skill), ("serviceQueue", &q.service_queue)]
                    .into_iter()
                    .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
                    .collect();
                ApiCall::get(with(account(&["chat", "estimatedWaitTime"]), pairs))
            }
            Call::PreChatSurvey {
                query,
                double_slash,
            } => {
                let path: &[&str] = if *double_slash {
                    &["chat", "", "preSurvey"]
                } else {
                    &["chat", "preSurvey"]
                };
                ApiCall::get(with(account(path), query.pairs()))
            }
            Call::OfflineSurvey(q) => {
                ApiCall::get(with(account(&["chat", "offlineSurvey"]), q.pairs()))
            }
            Call::SubmitOfflineSurvey(body) => {
                ApiCall::put(account(&["chat", "offlineSurvey"]), body.clone())
            }
            Call::Authenticate(body) => {
                ApiCall::post(account(&["conversation.json"]), body.clone())
            }
            Call::Info | Call::VisitorName | Call::VisitorTyping | Call::AgentTyping => {
                ApiCall::get(link?)
            }
            Call::ExitSurvey(q) => ApiCall::get(with(link?, q.pairs())),
            Call::SubmitExitSurvey(body) | Call::Transcript(body) => {
                ApiCall::put(link?, body.clone())
            }
            // The session picks the link and the body before building (see `api_request`).
            Call::TranscriptWithSubject { with_subject, .. } => {
                ApiCall::put(link?, with_subject.clone())
            }
            Call::LineStatus(body) => ApiCall::post(link?, body.clone()),
            Call::Engagement(_) => return None,
        })
    }

    fn decode(&self, response: &http::Response<Vec<u8>>) -> Result<OpResult, String> {
        let body = response.body();
        let err = |e: wire::DecodeError| e.to_string();
        Ok(match self {
            Call::Availability(_) => OpResult::Availability(wire::decode(body).map_err(err)?),
            Call::AvailableSlots(_) => OpResult::AvailableSlots(wire::decode(body).map_err(err)?),
            Call::EstimatedWaitTime(_) => {
                OpResult::EstimatedWaitTime(wire::decode(body).map_err(err)?)
            }
            Call::PreChatSurvey { .. } | Call::OfflineSurvey(_) | Call::ExitSurvey(_) => {
                OpResult::Survey(wire::decode(body).map_err(err)?)
            }
            Call::SubmitOfflineSurvey(_)
            | Call::SubmitExitSurvey(_)
            | Call::Transcript(_)
            | Call::TranscriptWithSubject { .. }
            | Call::LineStatus(_) => OpResult::Accepted,
            Call::Authenticate(_) => {
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
            Call::Info => OpResult::Info(Box::new(wire::decode(body).map_err(err)?)),
            Call::VisitorName => OpResult::VisitorName(
                wire::decode::<wire::VisitorName>(body)
                    .map_err(err)?
                    .visitor_name,
            ),
            Call::VisitorTyping => OpResult::VisitorTyping(
                wire::decode::<wire::VisitorTyping>(body)
                    .map_err(err)?
                    .visitor_typing,
            ),
            Call::AgentTyping => OpResult::AgentTyping(
                wire::decode::<wire::AgentTyping>(body)
                    .map_err(err)?
                    .agent_typing,
            ),
            Call::Engagement(_) => OpResult::Engagement(Box::new(wire::decode(body).map_err(err)?)),
        })
    }
}

fn availability_pairs(q: &AvailabilityQuery) -> Vec<(&'static str, String)> {
    let mut pairs: Vec<_> = q.skills.iter().map(|s| ("skill", s.clone())).collect();
    pairs.extend(q.max_wait_time.map(|t| ("maxWaitTime", t.to_string())));
    pairs.extend(q.service_queue.clone().map(|s| ("serviceQueue", s)));
    pairs.extend(q.agent.clone().map(|a| ("agent", a)));
    pairs
}

#[derive(Debug, Clone)]
pub(crate) struct Op {
    pub id: OpId,
    pub call: Call,
    pub channel: Channel,
}

impl Op {
    /// Pre-chat calls go to the account's origin, so they wait for the domain lookup.
    pub fn needs_origin(&self) -> bool {
        self.call.chat_rel().is_none() && !self.is_engagement()
    }

    /// Calls on the chat go to its links.
    pub fn on_chat(&self) -> bool {
        self.call.chat_rel().is_some()
    }

    /// App Engagement finds its own host.
    pub fn is_engagement(&self) -> bool {
        matches!(self.call, Call::Engagement(_))
    }
}

impl ChatSession {
    pub(super) fn add_op(&mut self, call: Call, now: Instant) -> OpId {
        self.tick(now);
        let id = OpId(self.next_op);
        self.next_op = self.next_op.saturating_add(1);
        self.queue_op(id, call);
        id
    }

    /// Schedules call `id` (a new one, or one a snapshot carried) to go at once.
    pub(super) fn queue_op(&mut self, id: OpId, call: Call) {
        let mut channel = Channel::default();
        channel.schedule(self.now);
        let op = Op { id, call, channel };
        if op.needs_origin() && self.origin.is_none() {
            self.domain.schedule(self.now);
        }
        self.ops.push(op);
    }

    fn add_chat_op(&mut self, call: Call, now: Instant) -> Result<OpId, Error> {
        if self.links.is_none() {
            return Err(Error::NoChat);
        }
        Ok(self.add_op(call, now))
    }

    /// Asks whether agents can take a chat (`GET /chat/availability`).
    pub fn check_availability(&mut self, query: AvailabilityQuery, now: Instant) -> OpId {
        self.add_op(Call::Availability(query), now)
    }

    /// Asks how many chat slots are free (`GET /chat/availableSlots`).
    pub fn check_available_slots(&mut self, query: AvailabilityQuery, now: Instant) -> OpId {
        self.add_op(Call::AvailableSlots(query), now)
    }

    /// Asks for the estimated wait (`GET /chat/estimatedWaitTime`).
    pub fn check_estimated_wait_time(&mut self, query: WaitTimeQuery, now: Instant) -> OpId {
        self.add_op(Call::EstimatedWaitTime(query), now)
    }

    /// Fetches the pre-chat survey; its answers travel in the chat request's `survey`.
    pub fn fetch_pre_chat_survey(&mut self, query: SurveyQuery, now: Instant) -> OpId {
        self.add_op(
            Call::PreChatSurvey {
                query,
                double_slash: false,
            },
            now,
        )
    }

    /// Fetches the offline survey, for when no agent can take a chat.
    pub fn fetch_offline_survey(&mut self, query: SurveyQuery, now: Instant) -> OpId {
        self.add_op(Call::OfflineSurvey(query), now)
    }

    /// Submits the offline survey (`PUT /chat/offlineSurvey`), after checking its answers against
    /// the `survey` they answer (see [`survey`](crate::survey) for the rules): invalid answers are
    /// refused with [`Error::InvalidAnswers`] and nothing is sent.
    pub fn submit_offline_survey(
        &mut self,
        survey: &wire::Survey,
        submission: &wire::OfflineSurveySubmission,
        now: Instant,
    ) -> Result<OpId, Error> {
        crate::survey::check(survey, &submission.answers)?;
        Ok(self.add_op(Call::SubmitOfflineSurvey(to_json(submission)), now))
    }

    /// Authenticates the visitor (`POST /conversation.json`) for an authenticated chat.
    pub fn authenticate(&mut self, request: &wire::AuthRequest, now: Instant) -> OpId {
        self.add_op(Call::Authenticate(to_json(request)), now)
    }

    /// Fetches the chat's information document.
    pub fn fetch_chat_info(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_op(Call::Info, now)
    }

    /// Fetches the visitor's name as the server has it.
    pub fn fetch_visitor_name(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_op(Call::VisitorName, now)
    }

    /// Fetches the visitor's typing state as the server has it.
    pub fn fetch_visitor_typing(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_op(Call::VisitorTyping, now)
    }

    /// Fetches the agent's typing state (the poll reports changes by itself).
    pub fn fetch_agent_typing(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_op(Call::AgentTyping, now)
    }

    /// Fetches the exit survey, normally after the chat ended.
    pub fn fetch_exit_survey(&mut self, query: SurveyQuery, now: Instant) -> Result<OpId, Error> {
        self.add_chat_op(Call::ExitSurvey(query), now)
    }

    /// Submits exit survey answers (`PUT …/exitSurvey`), after checking them against the `survey`
    /// they answer (see [`survey`](crate::survey) for the rules): invalid answers are refused with
    /// [`Error::InvalidAnswers`] and nothing is sent.
    pub fn submit_exit_survey(
        &mut self,
        survey: &wire::Survey,
        answers: &wire::SurveyAnswers,
        now: Instant,
    ) -> Result<OpId, Error> {
        if self.links.is_none() {
            return Err(Error::NoChat);
        }
        crate::survey::check(survey, answers)?;
        let body = to_json(&wire::ExitSurveySubmission(answers.clone()));
        self.add_chat_op(Call::SubmitExitSurvey(body), now)
    }

    /// Asks the server to e-mail the transcript; works after the chat ended too.
    pub fn request_transcript(
        &mut self,
        request: &wire::TranscriptRequest,
        now: Instant,
    ) -> Result<OpId, Error> {
        self.add_chat_op(Call::Transcript(to_json(request)), now)
    }

    /// Asks for the transcript with a subject line (`PUT …/transcriptWithSubjectRequest`, body
    /// `{"transcriptRequest":{…}}`). The method is not documented; its shape is LivePerson's own
    /// SDK's. When the chat has no such link, the plain transcript request goes instead, without
    /// the subject, as that SDK does.
    pub fn request_transcript_with_subject(
        &mut self,
        request: &wire::TranscriptWithSubjectRequest,
        now: Instant,
    ) -> Result<OpId, Error> {
        let call = Call::TranscriptWithSubject {
            with_subject: request.to_json(),
            plain: to_json(&request.without_subject()),
        };
        self.add_chat_op(call, now)
    }

    /// Tells the agent's side the visitor read the line with event id `event_id`
    /// (a `line-status` `READ`).
    pub fn mark_line_read(&mut self, event_id: u64, now: Instant) -> Result<OpId, Error> {
        let status = wire::OutgoingEvent::line_status(wire::LineStatusKind::Read, event_id);
        self.add_chat_op(Call::LineStatus(status.to_json()), now)
    }

    /// Reports an action on a card (a `line-status` `ACTION` on the card's line), with the
    /// clicked element's `metadata`, for cards whose choices are not answered by a line.
    pub fn report_line_action(
        &mut self,
        event_id: u64,
        metadata: Vec<serde_json::Value>,
        now: Instant,
    ) -> Result<OpId, Error> {
        let status = wire::OutgoingEvent::LineStatus {
            status: wire::LineStatusKind::Action,
            ref_sequence_id: event_id,
            metadata,
        };
        self.add_chat_op(Call::LineStatus(status.to_json()), now)
    }

    fn op_ready(&self, op: &Op) -> bool {
        if op.is_engagement() {
            true
        } else if op.needs_origin() {
            self.origin.is_some()
        } else {
            self.links.is_some()
        }
    }

    pub(super) fn op_wakes(&self) -> impl Iterator<Item = Instant> + '_ {
        self.ops
            .iter()
            .filter(|op| self.op_ready(op))
            .filter_map(|op| op.channel.wake_at())
    }

    pub(super) fn next_op_transmit(&mut self) -> Option<Transmit> {
        let at = self
            .ops
            .iter()
            .position(|op| self.op_ready(op) && op.channel.ready(self.now))?;
        let op = &self.ops[at];
        let id = op.id;
        let built = match &op.call {
            Call::Engagement(call) => call.request(&self.config, self.engagement_origin.as_deref()),
            call => self.api_request(call),
        };
        let Some((kind, request)) = built else {
            let op = self.ops.remove(at);
            self.events.push_back(Event::Failed {
                op: op.id,
                failure: Failure::NoLink,
            });
            return None;
        };
        let rid = super::RequestId(self.next_request);
        self.next_request += 1;
        let op = &mut self.ops[at];
        op.channel.in_flight = Some(rid);
        let attempt = op.channel.retry.next_attempt();
        self.flights.push(Flight {
            id: rid,
            purpose: Purpose::Op(id),
            kind,
            sent: self.now,
        });
        Some(Transmit {
            id: rid,
            kind,
            attempt,
            request,
            timeout: self.config.request_timeout,
        })
    }

    /// A Server Chat API call: on the chat's link, or on the account's origin.
    fn api_request(&self, call: &Call) -> Option<(RequestKind, http::Request<Vec<u8>>)> {
        let admitted = |rel: Rel| {
            let links = self.links.as_ref()?;
            let href = links.get(rel).or_else(|| {
                // The events URL is the chat's own `/events` when the server names none.
                (rel == Rel::Events).then(|| format!("{}/events", links.chat()))
            })?;
            self.origin.as_ref()?.admit(&href).ok()
        };
        let fallback;
        let (call, link) = match call {
            Call::TranscriptWithSubject { plain, .. } => {
                match admitted(Rel::TranscriptWithSubject) {
                    Some(link) => (call, Some(link)),
                    None => {
                        fallback = Call::Transcript(plain.clone());
                        (&fallback, admitted(Rel::TranscriptRequest))
                    }
                }
            }
            call => (call, call.chat_rel().and_then(admitted)),
        };
        // Chat links exist only once the origin is known, so every ready call has one.
        let origin = self.origin.as_ref()?;
        let account = |path: &[&str]| origin.account_url(&self.config.account_id, path);
        let request = call.api_call(account, link)?.build(&self.config);
        Some((call.kind(), request))
    }

    pub(super) fn on_op(&mut self, flight: &Flight, id: OpId, reply: Reply) {
        let Some(at) = self.ops.iter().position(|op| op.id == id) else {
            return;
        };
        if self.ops[at].is_engagement() {
            self.on_engagement(flight, at, reply);
            return;
        }
        let failure = match reply {
            Reply::Success(response) => match self.ops[at].call.decode(&response) {
                Ok(result) => {
                    self.ops.remove(at);
                    self.events.push_back(Event::Completed { op: id, result });
                    return;
                }
                Err(detail) => match self.retry_malformed_op(at, flight, detail) {
                    Ok(()) => return,
                    Err(f) => f,
                },
            },
            Reply::Retry {
                cause, retry_after, ..
            } => match self.retry_op(at, flight, cause, retry_after) {
                Ok(()) => return,
                Err(f) => f,
            },
            Reply::Refused(refusal) => {
                if let Call::PreChatSurvey {
                    double_slash: double_slash @ false,
                    ..
                } = &mut self.ops[at].call
                {
                    if refusal.status == 404 {
                        *double_slash = true;
                        self.ops[at].channel.schedule(self.now);
                        return;
                    }
                }
                refusal.failure()
            }
        };
        self.ops.remove(at);
        self.events.push_back(Event::Failed { op: id, failure });
    }

    /// A 2xx the call could not use: report it, then retry like any other failure.
    pub(super) fn retry_malformed_op(
        &mut self,
        at: usize,
        flight: &Flight,
        detail: String,
    ) -> Result<(), Failure> {
        self.events.push_back(Event::ProtocolError {
            kind: flight.kind,
            detail,
        });
        self.retry_op(
            at,
            flight,
            crate::retry::RetryCause::MalformedResponse,
            crate::retry::RetryAfter::Absent,
        )
    }

    pub(super) fn retry_op(
        &mut self,
        at: usize,
        flight: &Flight,
        cause: crate::retry::RetryCause,
        retry_after: crate::retry::RetryAfter,
    ) -> Result<(), Failure> {
        let op = &mut self.ops[at];
        let decision =
            self.config
                .retry
                .on_failure(&mut op.channel.retry, cause, retry_after, &mut self.rng);
        let attempts = op.channel.retry.failures;
        let backoff = decision.ok_or(Failure::GaveUp { cause, attempts })?;
        op.channel.due = Some(super::later(self.now, backoff.pause));
        op.channel.binding = backoff.binding;
        let attempt = op.channel.retry.next_attempt();
        self.events.push_back(Event::Retrying {
            kind: flight.kind,
            cause,
            tier: backoff.tier,
            attempt,
            after: backoff.pause,
        });
        Ok(())
    }

    /// The domain lookup failed for good: pre-chat calls cannot go anywhere.
    pub(super) fn fail_origin_ops(&mut self, failure: &Failure) {
        if self.origin.is_some() {
            return;
        }
        let (failed, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.ops)
            .into_iter()
            .partition(Op::needs_origin);
        self.ops = kept;
        for op in failed {
            self.events.push_back(Event::Failed {
                op: op.id,
                failure: failure.clone(),
            });
        }
    }

    /// The chat ended before it existed: calls on it cannot go anywhere.
    pub(super) fn fail_chat_ops(&mut self) {
        if self.links.is_some() || self.phase != Phase::Ended {
            return;
        }
        let (failed, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.ops)
            .into_iter()
            .partition(Op::on_chat);
        self.ops = kept;
        for op in failed {
            self.events.push_back(Event::Failed {
                op: op.id,
                failure: Failure::NoChat,
            });
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
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
