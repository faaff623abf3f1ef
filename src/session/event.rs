//! What the session tells the application.

use std::time::Duration;

use crate::retry::{RetryCause, RetryTier};
use crate::wire;

use super::output::{LineId, OpId, RequestKind};

/// Something the application should know about. Each is emitted once.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// The Domain API named the account's chat host.
    DomainResolved {
        /// `scheme://host[:port]` every later call goes to.
        origin: String,
    },
    /// Requests to the resolved origin failed this many times in a row without any HTTP answer,
    /// before a chat existed: the session forgot it and asks the Domain API again (see
    /// [`ChatConfig::re_resolve_after`](crate::ChatConfig::re_resolve_after)). A
    /// [`DomainResolved`](Event::DomainResolved) follows when the lookup succeeds.
    OriginAbandoned {
        /// The origin given up on.
        origin: String,
        /// Transport failures in a row that made the session give up on it.
        failures: u32,
    },
    /// The server created the chat.
    ChatCreated {
        /// The chat-session URL from `Location`.
        url: String,
    },
    /// The chat's state on the server changed.
    StateChanged(wire::ChatState),
    /// An agent took the chat (or the chat moved to another agent).
    AgentJoined {
        /// The agent's display name, when the server gives one.
        name: Option<String>,
    },
    /// The agent left without ending the chat (the chat went back to the queue).
    AgentLeft,
    /// The agent started or stopped typing (reported on change only).
    AgentTyping(bool),
    /// A line of the chat: the agent's, a system message, or the visitor's own line as the server
    /// echoes it.
    Line {
        /// The event's `@id`.
        event_id: u64,
        /// The server's timestamp, as sent.
        time: Option<String>,
        /// The line; honour `text_type` when rendering (`html` lines need sanitising).
        line: wire::Line,
    },
    /// A receipt on a line: the agent's side read it (`READ`), it was delivered (`ACCEPT`), or a
    /// card's element was acted on (`ACTION`).
    LineStatus {
        /// The event's `@id`.
        event_id: u64,
        /// What happened to the line.
        status: wire::LineStatusKind,
        /// The `@id` of the line it is about (`refSequenceId`).
        about: Option<u64>,
        /// Who says so: `agent` for the agent's side reading the visitor's lines.
        source: Option<wire::LineSource>,
    },
    /// Another event of the stream: `url`, or a type this crate does not know.
    Other {
        /// The event's `@id`.
        event_id: u64,
        /// The event as decoded.
        body: wire::EventBody,
    },
    /// The agent transferred the chat to another account: start a new chat there with
    /// `chat_request_parameters`.
    Transferred {
        /// The event's `@id`.
        event_id: u64,
        /// Where to go and what to send.
        transfer: wire::A2aTransfer,
    },
    /// Events between `from` and `to` (exclusive) never arrived: the server skipped them.
    EventsSkipped {
        /// First missing id.
        from: u64,
        /// First id that arrived after the gap.
        to: u64,
    },
    /// The server accepted a visitor line.
    LineDelivered {
        /// The line.
        line: LineId,
        /// The `@id` of its event, when the server said it.
        event_id: Option<u64>,
    },
    /// A visitor line will not be delivered.
    LineFailed {
        /// The line.
        line: LineId,
        /// Why.
        reason: LineFailure,
    },
    /// The visitor's name was set on the server.
    VisitorNameSet(String),
    /// A request failed and will be sent again.
    Retrying {
        /// What failed.
        kind: RequestKind,
        /// Why.
        cause: RetryCause,
        /// Which ladder the pause comes from.
        tier: RetryTier,
        /// The attempt number of the retry (2 for the first retry).
        attempt: u32,
        /// How long until it goes.
        after: Duration,
    },
    /// A request failed for good; the session carries on without it.
    RequestFailed {
        /// What failed.
        kind: RequestKind,
        /// Why.
        failure: Failure,
    },
    /// The server answered with something the session could not use.
    ProtocolError {
        /// The request it answered.
        kind: RequestKind,
        /// What was wrong.
        detail: String,
    },
    /// The server sent a link to another origin; it was not followed, so the app key never left
    /// the session's origin.
    ForeignLinkRefused {
        /// The link's relation.
        rel: String,
        /// The link.
        href: String,
    },
    /// A one-shot call finished.
    OpCompleted {
        /// The command.
        op: OpId,
        /// What the server answered.
        result: OpResult,
    },
    /// A one-shot call failed.
    OpFailed {
        /// The command.
        op: OpId,
        /// Why.
        failure: Failure,
    },
    /// The chat is over. Lines still queued have been reported failed before this event.
    ChatEnded {
        /// Who or what ended it.
        reason: EndReason,
    },
}

impl Event {
    /// The text of an agent's line, if this is one.
    pub fn agent_line(&self) -> Option<&str> {
        self.line_from(wire::LineSource::Agent)
    }

    /// The text of the visitor's own line as the server echoes it, if this is one.
    pub fn visitor_echo(&self) -> Option<&str> {
        self.line_from(wire::LineSource::Visitor)
    }

    /// The text of a system line (queue position, agent joined, ...), if this is one.
    pub fn system_line(&self) -> Option<&str> {
        self.line_from(wire::LineSource::System)
    }

    fn line_from(&self, source: wire::LineSource) -> Option<&str> {
        match self {
            Event::Line { line, .. } if line.source == source => Some(&line.text),
            _ => None,
        }
    }
}

/// A refusal by the server (a 4xx other than 429, or a 3xx it will not follow), as its error
/// body tells it: the same in every event that reports one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// HTTP status.
    pub status: u16,
    /// LivePerson's `internalCode`, when the error body had one (see
    /// [`wire::internal_code`]).
    pub internal_code: Option<i64>,
    /// The error message, when the body had one.
    pub message: Option<String>,
}

/// Why a request failed for good.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The server refused it (a 4xx, or a 3xx the session does not follow).
    Refused(Refusal),
    /// Every retry the policy allows failed.
    GaveUp {
        /// The last failure.
        cause: RetryCause,
        /// Attempts made.
        attempts: u32,
    },
    /// The chat ended, or the request needed a chat that does not exist.
    NoChat,
    /// The link needed for the call pointed to another origin or was missing.
    NoLink,
    /// The host's HTTP stack cannot send it as set up (TLS, certificate, scheme); what it said.
    Misconfigured(String),
}

/// Why a visitor line was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineFailure {
    /// The chat ended before the line could be delivered.
    ChatEnded,
    /// The server refused the line.
    Refused(Refusal),
    /// The line's request may have reached the server, and the chat ended before the event
    /// stream could show whether it did. The agent may or may not have seen it.
    Unconfirmed,
    /// Every retry the policy allows failed, and the event stream shows the line did not land.
    GaveUp {
        /// The last failure.
        cause: RetryCause,
        /// Attempts made.
        attempts: u32,
    },
    /// The host's HTTP stack cannot send it as set up (TLS, certificate, scheme); what it said.
    Misconfigured(String),
}

/// Why the chat ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndReason {
    /// The visitor ended it.
    Visitor,
    /// The agent (or the system on the agent's side) ended it.
    Agent,
    /// The server ended it after `chatTimeout` seconds without a request.
    Timeout,
    /// The server no longer knows the chat (404, internal code 12).
    NotFound,
    /// The server refused the chat request, or a later call in a way that ends the chat.
    Refused(Refusal),
    /// Every retry the policy allows failed; the server could not be reached.
    ConnectionLost,
    /// The host's HTTP stack cannot send the chat's requests as set up (TLS, certificate,
    /// scheme); what it said.
    Misconfigured(String),
    /// The server answered in a way that cannot continue a chat (e.g. no `Location`).
    ProtocolError(String),
}

/// The answer to a one-shot command.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum OpResult {
    /// Whether agents can take a chat.
    Availability(wire::Availability),
    /// Free chat slots.
    AvailableSlots(wire::AvailableSlots),
    /// Estimated wait.
    EstimatedWaitTime(wire::EstimatedWaitTime),
    /// A survey (pre-chat, offline or exit).
    Survey(wire::Survey),
    /// The server accepted what was sent (survey answers, transcript request).
    Accepted,
    /// Visitor authentication succeeded.
    Authenticated(Authentication),
    /// The visitor's name on the server.
    VisitorName(String),
    /// The visitor's typing state on the server.
    VisitorTyping(wire::TypingState),
    /// The agent's typing state.
    AgentTyping(wire::TypingState),
    /// The chat's information document.
    Info(Box<wire::Info>),
    /// An App Engagement visitor session.
    Engagement(Box<wire::CreateSessionResponse>),
    /// The App Engagement visitor session was updated.
    EngagementUpdated(Box<wire::UpdateSessionResponse>),
}

/// What visitor authentication returned: the body form, the `Location` form, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authentication {
    /// `participantId` and `conversationId`, to copy into the chat request.
    pub ids: Option<wire::AuthResponse>,
    /// The `Location` header, when the server answered 201 with one.
    pub location: Option<String>,
}
