//! One-shot calls beside the chat loop: availability, surveys, authentication, chat information,
//! receipts, transcripts, App Engagement. Each is a lane of its own, goes out as its row in the
//! [call table](super::call_table) says, and ends in one [`Event::OpCompleted`] or
//! [`Event::OpFailed`].

use http::Method;

use crate::engagement::VisitorSession;
use crate::request::ApiCall;

use super::call_table::{
    availability_query, decode, survey_query, wait_time_query, Call, Target, PRE_CHAT_DOCUMENTED,
};
use super::engagement_call::EngagementCall;
use super::lanes::Outcome;
use super::*;

/// A one-shot call and its channel.
#[derive(Debug, Clone)]
pub(crate) struct CallSlot {
    pub id: OpId,
    pub call: Call,
    pub channel: Channel,
}

impl CallSlot {
    /// Pre-chat calls go to the account's origin, so they wait for the domain lookup.
    pub fn needs_origin(&self) -> bool {
        matches!(self.call.target(), Some(Target::Account(_)))
    }

    /// Calls on the chat go to its links.
    pub fn on_chat(&self) -> bool {
        matches!(self.call.target(), Some(Target::Chat(_)))
    }
}

impl ChatSession {
    fn add_call(&mut self, call: Call, now: Instant) -> OpId {
        self.tick(now);
        let id = OpId(self.ids.next_op);
        self.ids.next_op = self.ids.next_op.saturating_add(1);
        self.queue_call(id, call);
        id
    }

    /// Schedules call `id` (a new one, or one a snapshot carried) to go at once.
    pub(super) fn queue_call(&mut self, id: OpId, call: Call) {
        let mut channel = Channel::default();
        channel.schedule(self.now);
        let slot = CallSlot { id, call, channel };
        if slot.needs_origin() && self.origins.chat.is_none() {
            let now = self.now;
            self.ch(Lane::Domain).schedule(now);
        }
        self.lanes.calls.push(slot);
    }

    /// A call on the chat: possible once the chat is asked for, sent once it exists.
    fn add_chat_call(&mut self, call: Call, now: Instant) -> Result<OpId, Error> {
        self.check_chat_asked_for()?;
        Ok(self.add_call(call, now))
    }

    /// A call on the chat needs one that was asked for (it may still be on its way) and not
    /// ended before it was ever created.
    fn check_chat_asked_for(&self) -> Result<(), Error> {
        let never_created = self.links.is_none() && self.stage.phase() == Phase::Ended;
        if self.stage.phase() == Phase::Idle || never_created {
            return Err(Error::NoChat);
        }
        Ok(())
    }

    pub(super) fn slot(&self, id: OpId) -> Option<&CallSlot> {
        self.lanes.calls.iter().find(|c| c.id == id)
    }

    fn slot_at(&self, id: OpId) -> Option<usize> {
        self.lanes.calls.iter().position(|c| c.id == id)
    }

    pub(super) fn is_chat_call(&self, lane: Lane) -> bool {
        matches!(lane, Lane::Call(id) if self.slot(id).is_some_and(CallSlot::on_chat))
    }

    /// Whether call `id` can go now: where it goes is known.
    pub(super) fn call_gate(&self, id: OpId) -> bool {
        self.slot(id).is_some_and(|slot| match slot.call.target() {
            Some(Target::Engagement) | None => true,
            Some(Target::Account(_)) => self.origins.chat.is_some(),
            Some(Target::Chat(_)) => self.links.is_some(),
        })
    }

    /// Builds call `id`'s request, or fails the call when it has nowhere to go.
    pub(super) fn build_call(&mut self, id: OpId) -> Option<(RequestKind, http::Request<Vec<u8>>)> {
        let at = self.slot_at(id)?;
        let built = self.request_for(&self.lanes.calls[at].call);
        if built.is_none() {
            self.lanes.calls.remove(at);
            self.events.push_back(Event::OpFailed {
                op: id,
                failure: Failure::NoLink,
            });
        }
        built
    }

    fn request_for(&self, call: &Call) -> Option<(RequestKind, http::Request<Vec<u8>>)> {
        let (kind, target, method, _) = call.row()?.clone();
        let mut url = match target {
            Target::Engagement => {
                let origin = self.origins.engagement.as_deref();
                return call
                    .engagement
                    .as_ref()?
                    .request(&self.config, origin, kind, method);
            }
            Target::Account(path) => {
                let origin = self.origins.chat.as_ref()?;
                let path = if call.documented_path {
                    PRE_CHAT_DOCUMENTED
                } else {
                    path
                };
                origin.account_url(&self.config.account_id, path)
            }
            Target::Chat(rel) => match self.admitted(rel) {
                Some(url) => url,
                None => return call.fallback().and_then(|c| self.request_for(&c)),
            },
        };
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&call.query);
        }
        let body = call.body.clone().unwrap_or_default();
        let api = match method {
            Method::GET => ApiCall::get(url),
            Method::PUT => ApiCall::put(url, body),
            _ => ApiCall::post(url, body),
        };
        Some((kind, api.build(&self.config)))
    }

    /// A link of the chat, admitted against the origin; the events URL is the chat's own
    /// `/events` when the server names none.
    fn admitted(&self, rel: Rel) -> Option<Url> {
        let links = self.links.as_ref()?;
        let href = links
            .get(rel)
            .or_else(|| (rel == Rel::Events).then(|| format!("{}/events", links.chat())))?;
        self.origins.chat.as_ref()?.admit(&href).ok()
    }

    pub(super) fn on_call(&mut self, flight: &Flight, id: OpId, reply: Reply) {
        let Some(at) = self.slot_at(id) else {
            return;
        };
        if flight.kind == RequestKind::ResolveDomain {
            self.on_engagement_lookup(flight, at, reply);
            return;
        }
        if let Reply::Retry { cause, .. } = &reply {
            if self.lanes.calls[at].call.engagement.is_some() {
                self.count_engagement_failure(*cause);
            }
        }
        let failure = match self.ladder(flight, reply) {
            Outcome::Retrying => return,
            Outcome::Failed(failure) => failure,
            Outcome::Refused(refusal) => {
                let slot = &mut self.lanes.calls[at];
                let call = &mut slot.call;
                let pre_chat = call.kind == RequestKind::PreChatSurvey;
                if pre_chat && !call.documented_path && refusal.status == 404 {
                    call.documented_path = true;
                    slot.channel.schedule(self.now);
                    return;
                }
                refusal.failure()
            }
            Outcome::Answer(response) => {
                let decoded = match self.lanes.calls[at].call.row() {
                    Some((.., answer)) => decode(*answer, &response),
                    None => Err("no such call".into()),
                };
                match decoded {
                    Ok(result) => {
                        self.origins.engagement_failures = 0;
                        self.lanes.calls.remove(at);
                        self.events.push_back(Event::OpCompleted { op: id, result });
                        return;
                    }
                    Err(detail) => match self.malformed(flight, detail) {
                        Outcome::Failed(failure) => failure,
                        _ => return,
                    },
                }
            }
        };
        self.fail_call(id, failure);
    }

    /// Ends call `id` with `failure`.
    pub(super) fn fail_call(&mut self, id: OpId, failure: Failure) {
        if let Some(at) = self.slot_at(id) {
            self.lanes.calls.remove(at);
            self.events.push_back(Event::OpFailed { op: id, failure });
        }
    }

    /// The domain lookup failed for good: pre-chat calls cannot go anywhere.
    pub(super) fn fail_origin_calls(&mut self, failure: &Failure) {
        if self.origins.chat.is_some() {
            return;
        }
        self.fail_calls_where(CallSlot::needs_origin, failure);
    }

    /// The chat ended before it existed: calls on it cannot go anywhere.
    pub(super) fn fail_chat_calls(&mut self) {
        if self.links.is_some() || self.stage.phase() != Phase::Ended {
            return;
        }
        self.fail_calls_where(CallSlot::on_chat, &Failure::NoChat);
    }

    fn fail_calls_where(&mut self, which: fn(&CallSlot) -> bool, failure: &Failure) {
        let (failed, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.lanes.calls)
            .into_iter()
            .partition(which);
        self.lanes.calls = kept;
        for slot in failed {
            self.events.push_back(Event::OpFailed {
                op: slot.id,
                failure: failure.clone(),
            });
        }
    }

    // ----- the commands -----

    /// Asks whether agents can take a chat (`GET /chat/availability`).
    pub fn check_availability(&mut self, query: AvailabilityQuery, now: Instant) -> OpId {
        let call = Call::new(RequestKind::Availability).query(availability_query(&query));
        self.add_call(call, now)
    }

    /// Asks how many chat slots are free (`GET /chat/availableSlots`).
    pub fn check_available_slots(&mut self, query: AvailabilityQuery, now: Instant) -> OpId {
        let call = Call::new(RequestKind::AvailableSlots).query(availability_query(&query));
        self.add_call(call, now)
    }

    /// Asks for the estimated wait (`GET /chat/estimatedWaitTime`).
    pub fn check_estimated_wait_time(&mut self, query: WaitTimeQuery, now: Instant) -> OpId {
        let call = Call::new(RequestKind::EstimatedWaitTime).query(wait_time_query(&query));
        self.add_call(call, now)
    }

    /// Fetches the pre-chat survey; its answers travel in the chat request's `survey`.
    pub fn fetch_pre_chat_survey(&mut self, query: SurveyQuery, now: Instant) -> OpId {
        let call = Call::new(RequestKind::PreChatSurvey).query(survey_query(&query));
        self.add_call(call, now)
    }

    /// Fetches the offline survey, for when no agent can take a chat.
    pub fn fetch_offline_survey(&mut self, query: SurveyQuery, now: Instant) -> OpId {
        let call = Call::new(RequestKind::OfflineSurvey).query(survey_query(&query));
        self.add_call(call, now)
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
        crate::survey::validate(survey, &submission.answers).map_err(Error::InvalidAnswers)?;
        let call = Call::new(RequestKind::SubmitOfflineSurvey).body(to_json(submission));
        Ok(self.add_call(call, now))
    }

    /// Authenticates the visitor (`POST /conversation.json`) for an authenticated chat.
    pub fn authenticate(&mut self, request: &wire::AuthRequest, now: Instant) -> OpId {
        let call = Call::new(RequestKind::Authenticate).body(to_json(request));
        self.add_call(call, now)
    }

    /// Creates (or, given the [`VisitorSession`] of an earlier answer, renews) an App Engagement
    /// visitor session: `POST …/app/engagement/visitors/{visitorId}?v=1.0&sid={sessionId}` on the
    /// App Engagement host ([`ChatConfig::engagement_endpoint`]), without the app key. The result
    /// is an [`OpResult::Engagement`]; copy it into the chat request with
    /// [`ChatRequest::apply_engagement`](crate::wire::ChatRequest::apply_engagement).
    ///
    /// Every call without a visitor session creates a new visitor in the agents' Visitor List, so
    /// call it once per visit. A "Loading account" answer (500, internal code 20) is retried on
    /// the 5xx ladder with the visitor id it names.
    pub fn create_engagement(
        &mut self,
        request: &wire::CreateSessionRequest,
        visitor: Option<&VisitorSession>,
        now: Instant,
    ) -> OpId {
        let mut call = Call::new(RequestKind::CreateEngagement);
        call.engagement = Some(EngagementCall::new(request.to_json(), visitor));
        self.add_call(call, now)
    }

    /// Updates the App Engagement visitor session an earlier Create Session returned: its page's
    /// impressions (`impDisplay`, `impAccept`, ...) and engagement attributes
    /// (`PUT …/app/engagement/visitors/{visitorId}?v=1.0&sid={sessionId}`, without the app key).
    /// The result is an [`OpResult::EngagementUpdated`].
    pub fn update_engagement(
        &mut self,
        request: &wire::UpdateSessionRequest,
        visitor: &VisitorSession,
        now: Instant,
    ) -> OpId {
        let mut call = Call::new(RequestKind::UpdateEngagement);
        call.engagement = Some(EngagementCall::new(request.to_json(), Some(visitor)));
        self.add_call(call, now)
    }

    /// Fetches the chat's information document.
    pub fn fetch_chat_info(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_call(Call::new(RequestKind::GetInfo), now)
    }

    /// Fetches the visitor's name as the server has it.
    pub fn fetch_visitor_name(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_call(Call::new(RequestKind::GetVisitorName), now)
    }

    /// Fetches the visitor's typing state as the server has it.
    pub fn fetch_visitor_typing(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_call(Call::new(RequestKind::GetVisitorTyping), now)
    }

    /// Fetches the agent's typing state (the poll reports changes by itself).
    pub fn fetch_agent_typing(&mut self, now: Instant) -> Result<OpId, Error> {
        self.add_chat_call(Call::new(RequestKind::GetAgentTyping), now)
    }

    /// Fetches the exit survey, normally after the chat ended.
    pub fn fetch_exit_survey(&mut self, query: SurveyQuery, now: Instant) -> Result<OpId, Error> {
        let call = Call::new(RequestKind::ExitSurvey).query(survey_query(&query));
        self.add_chat_call(call, now)
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
        self.check_chat_asked_for()?;
        crate::survey::validate(survey, answers).map_err(Error::InvalidAnswers)?;
        let body = to_json(&wire::ExitSurveySubmission(answers.clone()));
        Ok(self.add_call(Call::new(RequestKind::SubmitExitSurvey).body(body), now))
    }

    /// Asks the server to e-mail the transcript; works after the chat ended too.
    pub fn request_transcript(
        &mut self,
        request: &wire::TranscriptRequest,
        now: Instant,
    ) -> Result<OpId, Error> {
        let call = Call::new(RequestKind::RequestTranscript).body(to_json(request));
        self.add_chat_call(call, now)
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
        let mut call = Call::new(RequestKind::RequestTranscriptWithSubject).body(request.to_json());
        call.fallback = Some(to_json(&request.without_subject()));
        self.add_chat_call(call, now)
    }

    /// Tells the agent's side the visitor read the line with event id `event_id`
    /// (a `line-status` `READ`).
    pub fn mark_line_read(&mut self, event_id: u64, now: Instant) -> Result<OpId, Error> {
        let status = OutgoingEvent::line_status(wire::LineStatusKind::Read, event_id);
        let call = Call::new(RequestKind::SendLineStatus).body(status.to_json());
        self.add_chat_call(call, now)
    }

    /// Reports an action on a card (a `line-status` `ACTION` on the card's line), with the
    /// clicked element's `metadata`, for cards whose choices are not answered by a line.
    pub fn report_line_action(
        &mut self,
        event_id: u64,
        metadata: Vec<serde_json::Value>,
        now: Instant,
    ) -> Result<OpId, Error> {
        let status = OutgoingEvent::LineStatus {
            status: wire::LineStatusKind::Action,
            ref_sequence_id: event_id,
            metadata,
        };
        let call = Call::new(RequestKind::SendLineStatus).body(status.to_json());
        self.add_chat_call(call, now)
    }
}
