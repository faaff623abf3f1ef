//! What the session hands back to its host: requests to perform, events to show, when to wake it.

use std::fmt;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::event::Event;

/// Names one HTTP request the session asked for. Each attempt of a retried operation has its
/// own id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RequestId(pub u64);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Names one line the visitor sent; it ends in exactly one
/// [`Event::LineDelivered`] or [`Event::LineFailed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineId(pub u64);

impl fmt::Display for LineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.0)
    }
}

/// Names one call made with a one-shot command (availability, surveys, transcript, ...); its
/// result arrives as [`Event::OpCompleted`] or [`Event::OpFailed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[must_use = "the call's answer or failure is reported under this id; without it, it cannot be told \
              which call failed"]
pub struct OpId(pub u64);

impl fmt::Display for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "op {}", self.0)
    }
}

/// Which API method a request performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RequestKind {
    /// Domain API: the account's `conversationVep` host.
    ResolveDomain,
    /// App Engagement API: create a visitor session.
    CreateEngagement,
    /// App Engagement API: update a visitor session (impressions, attributes).
    UpdateEngagement,
    /// `GET /chat/availability`.
    Availability,
    /// `GET /chat/availableSlots`.
    AvailableSlots,
    /// `GET /chat/estimatedWaitTime`.
    EstimatedWaitTime,
    /// `GET /chat/preSurvey`.
    PreChatSurvey,
    /// `GET /chat/offlineSurvey`.
    OfflineSurvey,
    /// `PUT /chat/offlineSurvey`.
    SubmitOfflineSurvey,
    /// `POST /conversation.json`: visitor authentication.
    Authenticate,
    /// `POST /chat/request`.
    RequestChat,
    /// `GET` the chat resource's `next` link: events, info and keep-alive in one.
    Poll,
    /// `POST …/events` with a line.
    SendLine,
    /// `POST …/events` with `state: ended`.
    EndChat,
    /// `PUT …/info/visitorTyping`.
    SetTyping,
    /// `PUT …/info/visitorName`.
    SetVisitorName,
    /// `GET …/info/visitorName`.
    GetVisitorName,
    /// `GET …/info/visitorTyping`.
    GetVisitorTyping,
    /// `GET …/info/agentTyping`.
    GetAgentTyping,
    /// `GET …/info`.
    GetInfo,
    /// `GET …/exitSurvey`.
    ExitSurvey,
    /// `PUT …/exitSurvey`.
    SubmitExitSurvey,
    /// `PUT …/transcriptRequest`.
    RequestTranscript,
    /// `PUT …/transcriptWithSubjectRequest`.
    RequestTranscriptWithSubject,
    /// `POST …/events` with a `line-status` (a line read, or an action on a card).
    SendLineStatus,
}

/// One HTTP request for the host to perform, then report with
/// [`ChatSession::handle_response`](crate::ChatSession::handle_response) or
/// [`ChatSession::handle_transport_error`](crate::ChatSession::handle_transport_error).
///
/// Its `Debug` form is safe to log: the `Authorization` header (marked sensitive) and an
/// `appKey` query parameter are shown as `<redacted>`. The `request` itself prints them as
/// `http` does.
#[must_use = "the session waits for this request's outcome: perform it and report it"]
pub struct Transmit {
    /// The id to report the outcome under.
    pub id: RequestId,
    /// What the request does.
    pub kind: RequestKind,
    /// 1 for a first try, 2 for the first retry, ...
    pub attempt: u32,
    /// The request itself.
    pub request: http::Request<Vec<u8>>,
    /// How long the host should wait for an answer before giving up and reporting a
    /// [`TransportError`](crate::TransportError).
    pub timeout: Duration,
}

impl fmt::Debug for Transmit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .request
            .headers()
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() || name == http::header::AUTHORIZATION {
                    "<redacted>"
                } else {
                    value.to_str().unwrap_or("<binary>")
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("Transmit")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("attempt", &self.attempt)
            .field("method", self.request.method())
            .field("uri", &redacted_uri(self.request.uri()))
            .field("headers", &headers)
            .field("body_bytes", &self.request.body().len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// The URI with the value of any `appKey` query parameter hidden.
fn redacted_uri(uri: &http::Uri) -> String {
    let text = uri.to_string();
    let Some((base, query)) = text.split_once('?') else {
        return text;
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("appkey") => format!("{key}=<redacted>"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// The next thing the host must do. See the crate docs for the run loop.
#[derive(Debug)]
#[must_use = "an output is a request to perform, an event to show or when to wake the session"]
pub enum Output {
    /// Perform this request.
    Transmit(Transmit),
    /// Show this to the application.
    Event(Event),
    /// Nothing more to do now: call
    /// [`ChatSession::handle_timeout`](crate::ChatSession::handle_timeout) at this instant, or
    /// earlier if a response or a command comes first. `None`: nothing is scheduled, wait for a
    /// response or a command.
    Wait(Option<Instant>),
}
