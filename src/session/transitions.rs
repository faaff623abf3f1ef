//! Every change of the chat's phase, and of the flags of the smaller machines that hang off it,
//! in one place.
//!
//! # The rules
//!
//! The phase ([`Stage`], seen from outside as [`Phase`]) moves only forward:
//!
//! | from       | on                                                        | to                     |
//! |------------|-----------------------------------------------------------|------------------------|
//! | Idle       | `request_chat`                                            | Requesting             |
//! | Idle       | `join_chat` (an authentication's `Location`)              | Live                   |
//! | Requesting | `end_chat` while the chat request is on the wire          | Requesting, end asked  |
//! | Requesting | 2xx + `Location`                                          | Live, or Ending if the end was asked |
//! | Requesting | `end_chat` otherwise, a refusal, the retries given up     | Ended                  |
//! | Live       | `end_chat`                                                | Ending                 |
//! | Live       | the stream or info says ended, a 404, a refusal, given up | Ended                  |
//! | Ending     | a read after the end, a 404, a refusal, given up          | Ended                  |
//! | Ended      | nothing: exit survey, transcript and chat info still work | Ended                  |
//!
//! The smaller machines' flags, each set and cleared here only:
//!
//! - the end: asked for before the chat existed ([`Stage::Requesting`]); accepted, refused, and
//!   the read that must confirm it ([`Ending`]);
//! - the chat request: whether one may have created a chat nobody heard of, so that neither a
//!   retry nor a resumed session asks again before that chat would have timed out;
//! - the agent: present once the chat is `chatting`, gone when it goes back to `waiting`;
//! - lines: blocked after a "not in chat" refusal until a read shows `chatting`.

use super::*;

/// Where the chat stands, with what only that phase knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stage {
    Idle,
    Requesting {
        /// The visitor ended it while the chat request was on the wire: end it once created.
        end_asked: bool,
        /// A chat request has left whose fate is unknown (on the wire, or lost after it may
        /// have been applied): the server may hold a chat this session never heard of.
        maybe_created: bool,
    },
    Live,
    Ending(Ending),
    Ended,
}

/// The visitor's end, on its way to the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ending {
    /// The server accepted it.
    pub accepted: bool,
    /// Why the server refused it; the reason, unless the stream shows the chat ended anyway.
    pub refused: Option<Box<EndReason>>,
    /// It is confirmed by a read numbered at least this.
    pub confirm_read: Option<u64>,
}

/// The phase changes [`ChatSession::enter`] makes, as the crate docs draw them.
pub(crate) const TRANSITIONS: [(Phase, Phase); 8] = [
    (Phase::Idle, Phase::Requesting),
    (Phase::Idle, Phase::Live),
    (Phase::Requesting, Phase::Live),
    (Phase::Requesting, Phase::Ending),
    (Phase::Requesting, Phase::Ended),
    (Phase::Live, Phase::Ending),
    (Phase::Live, Phase::Ended),
    (Phase::Ending, Phase::Ended),
];

impl Stage {
    pub fn phase(&self) -> Phase {
        match self {
            Stage::Idle => Phase::Idle,
            Stage::Requesting { .. } => Phase::Requesting,
            Stage::Live => Phase::Live,
            Stage::Ending(_) => Phase::Ending,
            Stage::Ended => Phase::Ended,
        }
    }

    /// The chat may still change: commands on it are taken.
    pub fn is_open(&self) -> bool {
        matches!(self, Stage::Requesting { .. } | Stage::Live)
    }

    /// A chat exists that is read.
    pub fn has_chat(&self) -> bool {
        matches!(self, Stage::Live | Stage::Ending(_))
    }

    pub fn ending(&self) -> Option<&Ending> {
        match self {
            Stage::Ending(e) => Some(e),
            _ => None,
        }
    }

    /// The end was accepted by the server.
    pub fn end_accepted(&self) -> bool {
        self.ending().is_some_and(|e| e.accepted)
    }
}

impl ChatSession {
    /// Moves to `to`. Only the changes in [`TRANSITIONS`] happen.
    fn enter(&mut self, to: Stage) {
        debug_assert!(
            TRANSITIONS.contains(&(self.stage.phase(), to.phase())),
            "{:?} → {:?}",
            self.stage.phase(),
            to.phase()
        );
        self.stage = to;
    }

    /// The visitor ended the chat while its request was on the wire.
    pub(super) fn end_asked_early(&self) -> bool {
        matches!(
            self.stage,
            Stage::Requesting {
                end_asked: true,
                ..
            }
        )
    }

    /// The chat request leaves: until its answer, the server may be creating a chat.
    pub(super) fn chat_request_leaves(&mut self) {
        if let Stage::Requesting { maybe_created, .. } = &mut self.stage {
            *maybe_created = true;
        }
    }

    /// A chat request may have created a chat the session has not heard of.
    pub(super) fn chat_maybe_created(&self) -> bool {
        matches!(
            self.stage,
            Stage::Requesting {
                maybe_created: true,
                ..
            }
        )
    }

    // ----- Idle -----

    pub(super) fn begin_request(&mut self) -> Result<(), Error> {
        if self.stage != Stage::Idle {
            return Err(Error::ChatAlreadyRequested);
        }
        self.enter(Stage::Requesting {
            end_asked: false,
            maybe_created: false,
        });
        let now = self.now;
        self.ch(Lane::Start).schedule(now);
        if self.origins.chat.is_none() {
            self.ch(Lane::Domain).schedule(now);
        }
        Ok(())
    }

    pub(super) fn join(&mut self, url: &str) -> Result<(), Error> {
        if self.stage != Stage::Idle {
            return Err(Error::ChatAlreadyRequested);
        }
        let admitted = self
            .admit_chat_url(url)
            .map_err(|problem| Error::UnusableUrl {
                url: url.to_owned(),
                reason: match problem {
                    LinkProblem::Unparseable => UrlProblem::NotAUrl,
                    LinkProblem::Foreign => UrlProblem::OtherOrigin,
                    LinkProblem::Outside => UrlProblem::OutsideChats,
                    LinkProblem::NoOrigin => UrlProblem::OriginUnknown,
                },
            })?;
        // The authentication that created it has just been answered.
        self.open_chat(admitted.to_string(), Some(self.now));
        Ok(())
    }

    // ----- Requesting -----

    pub(super) fn on_start(&mut self, flight: &Flight, reply: Reply) {
        match reply {
            Reply::Success(response) => {
                self.ch(Lane::Start).reset();
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok());
                let Some(location) = location else {
                    self.finish(EndReason::ProtocolError(
                        "chat request succeeded without a Location header".into(),
                    ));
                    return;
                };
                match self.admit_chat_url(location) {
                    Ok(url) => self.open_chat(url.to_string(), Some(flight.sent)),
                    Err(problem) => {
                        self.refuse_link("location", location, problem);
                        self.finish(EndReason::ProtocolError(format!(
                            "unusable Location `{location}`"
                        )));
                    }
                }
            }
            Reply::Retry {
                cause,
                retry_after,
                effect,
            } => {
                if self.end_asked_early() {
                    self.finish(EndReason::Visitor);
                    return;
                }
                let Ok(backoff) = self.plan_retry(Lane::Start, cause, retry_after) else {
                    self.finish(EndReason::ConnectionLost);
                    return;
                };
                let mut pause = backoff.pause;
                if let Stage::Requesting { maybe_created, .. } = &mut self.stage {
                    // An earlier unknown request's chat has timed out by now: only this one counts.
                    *maybe_created = effect == Effect::Unknown;
                }
                if effect == Effect::Unknown {
                    // The server may have created a chat whose Location never came back, and the
                    // API has no idempotency key. Asking again at once would leave two chats in
                    // the agents' queue; waiting until the unknown one would have timed out on
                    // the server means they are never there together.
                    pause = pause.max(self.orphan_lifetime());
                }
                self.schedule_retry(Lane::Start, flight.kind, cause, backoff.tier, pause);
            }
            Reply::Refused(refusal) => self.finish(refusal.end_reason()),
        }
    }

    /// How long a chat created by a request whose answer was lost lives on the server: its idle
    /// timeout (nobody reads it), and the time the request may still take to be applied.
    fn orphan_lifetime(&self) -> Duration {
        let idle = self
            .config
            .chat_request
            .interaction_timeout
            .map_or(self.config.chat_timeout, |s| {
                Duration::from_secs(u64::from(s))
            });
        idle.saturating_add(self.config.retry.settle_time)
    }

    /// A chat URL the server or the caller handed over: on the origin, and a chat of this
    /// account (`/api/account/{account}/chat/{id}`), nothing else.
    pub(super) fn admit_chat_url(&self, href: &str) -> Result<Url, LinkProblem> {
        let origin = self.origins.chat.as_ref().ok_or(LinkProblem::NoOrigin)?;
        let chats = origin.account_url(&self.config.account_id, &["chat"]);
        let url = origin.admit_within(href, chats.path())?;
        let below = url
            .path()
            .strip_prefix(chats.path())
            .is_some_and(|rest| rest.len() > 1 && rest.starts_with('/'));
        if below {
            Ok(url)
        } else {
            Err(LinkProblem::Outside)
        }
    }

    /// The server created the chat at `url` (already admitted): start reading it. `confirmed`:
    /// when the request that created it was sent.
    pub(super) fn open_chat(&mut self, url: String, confirmed: Option<Instant>) {
        self.events
            .push_back(Event::ChatCreated { url: url.clone() });
        self.links = Some(ChatLinks::new(url));
        self.origins.chat_failures = 0;
        let end_asked = self.end_asked_early();
        self.enter(Stage::Live);
        self.reads.confirmed = confirmed;
        let now = self.now;
        self.ch(Lane::Poll).schedule(now);
        if end_asked {
            self.begin_ending();
        }
    }

    /// A request that could only be made while the chat was being requested failed for good.
    pub(super) fn fail_request(&mut self, reason: EndReason) {
        if self.stage.phase() == Phase::Requesting {
            self.finish(reason);
        }
    }

    // ----- the visitor's end -----

    pub(super) fn ask_end(&mut self) -> Result<(), Error> {
        match self.stage {
            Stage::Idle => Err(Error::NoChat),
            Stage::Ending(_) | Stage::Ended => Err(Error::ChatEnded),
            Stage::Requesting { .. } => {
                if self
                    .lanes
                    .get(Lane::Start)
                    .is_some_and(|c| c.in_flight.is_some())
                {
                    // The server may be creating the chat right now: end it once it says where.
                    self.stage = Stage::Requesting {
                        end_asked: true,
                        maybe_created: true,
                    };
                } else {
                    self.finish(EndReason::Visitor);
                }
                Ok(())
            }
            Stage::Live => {
                self.begin_ending();
                Ok(())
            }
        }
    }

    fn begin_ending(&mut self) {
        self.enter(Stage::Ending(Ending::default()));
        if !self.chatting() {
            self.fail_queued(LineFailure::ChatEnded);
        }
        let now = self.now;
        self.ch(Lane::End).schedule(now);
    }

    pub(super) fn on_end(&mut self, flight: &Flight, reply: Reply) {
        if self.stage.phase() != Phase::Ending {
            return;
        }
        match reply {
            Reply::Success(_) => {
                self.ch(Lane::End).reset();
                // One more read collects what came before the end and confirms it.
                let read = self.reads.polls_sent + 1;
                if let Stage::Ending(e) = &mut self.stage {
                    e.accepted = true;
                    e.confirm_read = Some(read);
                }
                let now = self.now;
                self.ch(Lane::Poll).schedule(now);
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                if self
                    .retry(flight.lane, flight.kind, cause, retry_after)
                    .is_err()
                {
                    // The server never heard it, and will time the chat out by itself.
                    self.finish(EndReason::Visitor);
                }
            }
            Reply::Refused(refusal) if refusal.status == 404 => self.chat_gone(),
            // Refused while the chat still exists: most likely it ended already (400, not in
            // chat). One read says who ended it; the refusal is the reason if nobody did.
            Reply::Refused(refusal) => {
                self.ch(Lane::End).reset();
                let read = self.reads.polls_sent + 1;
                if let Stage::Ending(e) = &mut self.stage {
                    e.refused = Some(Box::new(refusal.end_reason()));
                    e.confirm_read = Some(read);
                }
                let now = self.now;
                self.ch(Lane::Poll).schedule(now);
            }
        }
    }

    /// After read number `read`: whether the chat is over, and why. `ended`: the stream or the
    /// info said so; `complete`: the read delivered all it brought.
    pub(super) fn end_after_read(
        &mut self,
        read: u64,
        ended: bool,
        complete: bool,
    ) -> Option<EndReason> {
        let confirming = self
            .stage
            .ending()
            .and_then(|e| e.confirm_read)
            .is_some_and(|s| read >= s)
            && complete;
        if confirming && !ended {
            // The read after the visitor's end: over either way. When the server refused the end
            // and the stream does not show the chat ended, the refusal is why.
            if let Stage::Ending(e) = &mut self.stage {
                if let Some(reason) = e.refused.take() {
                    return Some(*reason);
                }
            }
        }
        if !(ended || confirming) {
            return None;
        }
        let refused = self.stage.ending().is_some_and(|e| e.refused.is_some());
        Some(if self.stage.phase() == Phase::Ending && !refused {
            EndReason::Visitor
        } else if self.server.last_system == Some(SystemMessage::Disconnected) {
            EndReason::Timeout
        } else {
            EndReason::Agent
        })
    }

    /// The chat's URLs answer 404: it is gone.
    pub(super) fn chat_gone(&mut self) {
        let reason = if self.stage.end_accepted() {
            EndReason::Visitor
        } else {
            self.gone_reason()
        };
        self.finish(reason);
    }

    // ----- Ended -----

    /// The host cannot send this request as it is set up: no retry can help, so the work it
    /// belongs to fails at once, and a chat that cannot be read or created ends.
    pub(super) fn unsendable(&mut self, flight: Flight, detail: String) {
        let failed = || Failure::Misconfigured(detail.clone());
        match flight.lane {
            Lane::Domain => {
                self.ch(Lane::Domain).reset();
                self.fail_origin_calls(&failed());
                self.fail_request(EndReason::Misconfigured(detail));
            }
            Lane::Start | Lane::Poll | Lane::End => {
                self.finish(EndReason::Misconfigured(detail));
            }
            Lane::Line => {
                let head = self.outbox.head().map(|l| l.id);
                if matches!(flight.payload, Payload::Line(id) if Some(id) == head) {
                    self.fail_head(LineFailure::Misconfigured(detail));
                }
            }
            Lane::Typing => {
                self.ch(Lane::Typing).reset();
                self.typing.sent = Some(self.typing.desired);
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: failed(),
                });
            }
            Lane::Name => {
                self.ch(Lane::Name).reset();
                self.pending_name = None;
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: failed(),
                });
            }
            Lane::Call(id) => self.fail_call(id, failed()),
        }
    }

    /// Every line still owed an outcome gets one: the head whose POST may have landed is
    /// delivered if its echo was read and unconfirmed otherwise; the rest failed with the chat.
    pub(super) fn finish_owed_lines(&mut self) {
        if let Head::Reconciling { .. } = self.outbox.head {
            match self.outbox.find_head_echo() {
                Some(event_id) => self.deliver_found(event_id),
                None => self.fail_head(LineFailure::Unconfirmed),
            }
        }
        self.fail_queued(LineFailure::ChatEnded);
    }

    /// The chat is over: report what can no longer happen, then the end itself.
    pub(super) fn finish(&mut self, reason: EndReason) {
        if self.stage == Stage::Ended {
            return;
        }
        let was_requesting = self.stage.phase() == Phase::Requesting;
        self.enter(Stage::Ended);
        // The stream was never read past a failed send, whatever ended the chat: the line is
        // there if its echo was read, and may or may not be there otherwise.
        self.finish_owed_lines();
        if self.server.agent_typing {
            self.server.agent_typing = false;
            self.events.push_back(Event::AgentTyping(false));
        }
        for lane in [
            Lane::Domain,
            Lane::Start,
            Lane::Poll,
            Lane::End,
            Lane::Typing,
            Lane::Name,
        ] {
            self.ch(lane).due = None;
        }
        if was_requesting {
            self.ch(Lane::Domain).reset();
        }
        self.pending_name = None;
        self.events.push_back(Event::ChatEnded { reason });
        self.fail_chat_calls();
    }

    // ----- the agent, from the server's state -----

    pub(super) fn set_state(&mut self, state: ChatState, agent: Option<&str>) {
        if self.server.state.as_ref() == Some(&state) {
            return;
        }
        let was_chatting = self.chatting();
        self.server.state = Some(state.clone());
        self.events.push_back(Event::StateChanged(state));
        if self.chatting() {
            let now = self.now;
            self.ch(Lane::Line).schedule(now);
            self.ch(Lane::Typing).schedule(now);
            if !self.server.agent_present {
                self.agent_joins(agent.map(str::to_owned));
            }
        } else if was_chatting
            && self.server.state == Some(ChatState::Waiting)
            && self.server.agent_present
        {
            self.server.agent_present = false;
            self.server.agent_name = None;
            self.events.push_back(Event::AgentLeft);
        }
    }

    /// The info names the agent: a new one, or the first once chatting.
    pub(super) fn agent_named(&mut self, name: Option<String>) {
        if !self.chatting() {
            return;
        }
        let renamed = name.is_some() && name != self.server.agent_name;
        if !self.server.agent_present || renamed {
            self.agent_joins(name);
        }
    }

    fn agent_joins(&mut self, name: Option<String>) {
        self.server.agent_present = true;
        self.server.agent_name = name.clone();
        self.events.push_back(Event::AgentJoined { name });
    }

    // ----- lines -----

    /// "Cannot add line while not in chat": lines wait until a read shows chatting.
    pub(super) fn block_lines(&mut self) {
        self.outbox.blocked = true;
        let now = self.now;
        self.ch(Lane::Poll).schedule(now);
    }

    pub(super) fn unblock_lines_if_chatting(&mut self) {
        if self.chatting() {
            self.outbox.blocked = false;
        }
    }

    // ----- resume -----

    /// The stage a snapshot's phase resumes in, scheduling what it must do first.
    /// The stage a snapshot describes. `maybe_created`: the snapshot's chat request may have
    /// created a chat without its Location coming back.
    pub(super) fn resume_stage(&mut self, phase: Phase, end_asked: bool, maybe_created: bool) {
        let now = self.now;
        self.stage = match phase {
            Phase::Idle => Stage::Idle,
            Phase::Ended => Stage::Ended,
            Phase::Requesting if self.links.is_none() && end_asked => {
                // The visitor left before the chat existed: as when its request fails, nothing
                // is asked again, and a chat it may have created times out on the server.
                self.stage = Stage::Requesting {
                    end_asked,
                    maybe_created,
                };
                self.finish(EndReason::Visitor);
                return;
            }
            Phase::Requesting if self.links.is_none() => {
                // Without the Location the only way on is to ask again; if the last request may
                // have created a chat, only once that chat would have timed out.
                let at = if maybe_created {
                    later(now, self.orphan_lifetime())
                } else {
                    now
                };
                self.ch(Lane::Start).schedule(at);
                if self.origins.chat.is_none() {
                    self.ch(Lane::Domain).schedule(now);
                }
                Stage::Requesting {
                    end_asked,
                    maybe_created,
                }
            }
            Phase::Requesting | Phase::Live if end_asked => {
                self.ch(Lane::End).schedule(now);
                Stage::Ending(Ending::default())
            }
            Phase::Requesting | Phase::Live => Stage::Live,
            Phase::Ending => {
                self.ch(Lane::End).schedule(now);
                Stage::Ending(Ending::default())
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{Phase, TRANSITIONS};

    fn phase(name: &str) -> Option<Phase> {
        Some(match name {
            "Idle" => Phase::Idle,
            "Requesting" => Phase::Requesting,
            "Live" => Phase::Live,
            "Ending" => Phase::Ending,
            "Ended" => Phase::Ended,
            _ => return None,
        })
    }

    /// The crate docs list each change as `From ──how──▶ To`.
    #[test]
    fn the_diagram_in_the_crate_docs_draws_exactly_these_transitions() {
        let docs = include_str!("../lib.rs");
        let mut drawn: Vec<(Phase, Phase)> = docs
            .lines()
            .filter_map(|line| {
                let line = line.trim_start_matches("//!").trim();
                let (from, rest) = line.split_once(" ──")?;
                let (_, to) = rest.split_once("──▶ ")?;
                Some((phase(from.trim())?, phase(to.split_whitespace().next()?)?))
            })
            .collect();
        drawn.sort_by_key(|(a, b)| (*a as u8, *b as u8));
        drawn.dedup();
        let mut table = TRANSITIONS.to_vec();
        table.sort_by_key(|(a, b)| (*a as u8, *b as u8));
        assert_eq!(drawn, table);
    }
}
