//! Errors: the caller's mistakes, and the transport failures the host reports.
//!
//! What the network or the server does is never an `Err`: it becomes session state and
//! [`Event`](crate::Event)s.

use std::fmt;

use crate::session::{OpId, RequestId};
use crate::survey::AnswerProblem;

/// A mistake in how the session was called. The session's state is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration cannot work, e.g. an endpoint that is not a URL.
    #[error("invalid configuration: {0}")]
    InvalidConfig(ConfigError),
    /// A response or failure was reported for a request that is not in flight (never issued,
    /// already answered, or answered twice).
    #[error("request {0} is not in flight")]
    UnknownRequest(RequestId),
    /// A line with no visible text.
    #[error("a line must have some text")]
    EmptyLine,
    /// The command needs a chat, and none was requested.
    #[error("no chat has been requested")]
    NoChat,
    /// `request_chat` was called while a chat is already requested or running.
    #[error("a chat is already requested")]
    ChatAlreadyRequested,
    /// The chat has ended; it takes no more lines, typing or names.
    #[error("the chat has ended")]
    ChatEnded,
    /// A URL the session will not send requests to: the app key goes only to the session's
    /// origin, and only to a chat of its account there.
    #[error("cannot use `{url}`: {reason}")]
    UnusableUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: UrlProblem,
    },
    /// Survey answers that the survey would refuse; each entry says what is wrong.
    #[error("survey answers are invalid: {}", join(.0))]
    InvalidAnswers(Vec<AnswerProblem>),
    /// A snapshot this version cannot resume from.
    #[error("cannot resume from snapshot: {0}")]
    BadSnapshot(SnapshotError),
}

fn join(problems: &[AnswerProblem]) -> String {
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    texts.join("; ")
}

/// Why a configuration cannot work: what [`Error::InvalidConfig`] holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The account id is empty or only whitespace.
    #[error("the account id is empty")]
    EmptyAccount,
    /// A configured host name that is not one (empty, or with a path, query or user part).
    #[error("`{host}` is not a host name")]
    NotAHost {
        /// The host as configured.
        host: String,
    },
    /// A base URL or Domain API URL that is not an `http` or `https` URL with a host.
    #[error("`{url}` is not an http(s) URL")]
    NotAUrl {
        /// The URL as configured.
        url: String,
    },
    /// Plain http to a host other than this machine, without
    /// [`ChatConfig::allow_plain_http`](crate::ChatConfig::allow_plain_http).
    #[error(
        "`{url}` is plain http: anyone on the path could read or redirect what is sent \
         (set `ChatConfig::allow_plain_http` to allow it)"
    )]
    PlainHttp {
        /// The origin that would be spoken to.
        url: String,
    },
    /// A Domain API lookup whose `scheme` is `http`, so the hosts it names would be spoken to in
    /// plain http, without [`ChatConfig::allow_plain_http`](crate::ChatConfig::allow_plain_http).
    #[error(
        "plain http to the hosts `{domain_api}` names: anyone on the path could read what is \
         sent (set `ChatConfig::allow_plain_http` to allow it)"
    )]
    PlainHttpLookup {
        /// The Domain API as configured.
        domain_api: String,
    },
    /// A lookup `scheme` that is neither `http` nor `https`.
    #[error("scheme `{scheme}` is neither http nor https")]
    UnknownScheme {
        /// The scheme as configured.
        scheme: String,
    },
    /// An App Engagement lookup with no service name to look up.
    #[error("no App Engagement service name to look up")]
    NoEngagementService,
}

/// Why a URL is refused: what [`Error::UnusableUrl`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlProblem {
    /// It is not a URL, even read leniently.
    #[error("it is not a URL")]
    NotAUrl,
    /// It is on another scheme, host or port than the session's origin.
    #[error("it is not on the session's origin")]
    OtherOrigin,
    /// It is on the session's origin, but not a chat of the account
    /// (`/api/account/{account}/chat/{id}`).
    #[error("it is not a chat of this account (`/api/account/{{account}}/chat/{{id}}`)")]
    OutsideChats,
    /// The session does not know its origin yet: the Domain API has not answered.
    #[error("the session does not know its origin yet")]
    OriginUnknown,
}

/// Why [`ChatSession::resume`](crate::ChatSession::resume) refuses a snapshot: what
/// [`Error::BadSnapshot`] holds. Apart from [`Version`](Self::Version), each means the snapshot
/// was not written by a session as it stands, or was changed since.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// A format version this crate does not read.
    #[error("version {found} (this crate reads {oldest} to {newest})")]
    Version {
        /// The snapshot's version.
        found: u32,
        /// The oldest version this crate reads.
        oldest: u32,
        /// The newest version this crate reads, the one it writes.
        newest: u32,
    },
    /// The stored origin is not an http(s) origin, or not one the configuration would send the
    /// app key to.
    #[error("origin `{origin}`: {why}")]
    Origin {
        /// The origin as stored.
        origin: String,
        /// Why it is refused.
        why: String,
    },
    /// The chat URL is not a chat of the account on the origin, or one of its links leaves the
    /// chat.
    #[error("`{url}` is not within the chat on its origin")]
    OutsideChat {
        /// The URL as stored.
        url: String,
    },
    /// The phase and the chat disagree.
    #[error(transparent)]
    Mismatch(#[from] SnapshotMismatch),
    /// Queued lines with repeated ids, or ids the line counter has not reached: a resumed
    /// session could hand out an id twice.
    #[error("queued lines with repeated ids, or ids the counter has not reached")]
    LineIds,
    /// A line counter with no room left to count.
    #[error("line counter {next_line} leaves no room to count")]
    LineCounter {
        /// The stored counter.
        next_line: u64,
    },
    /// A chat idle timeout over a day, which no session takes from the server.
    #[error("chat timeout of {secs} s is over a day")]
    ChatTimeout {
        /// The stored timeout, in seconds.
        secs: u64,
    },
    /// A pending one-shot call whose id is repeated or not yet counted.
    #[error("call {op} repeated, or not yet counted")]
    PendingCall {
        /// The call's id.
        op: OpId,
    },
}

/// How a snapshot's phase and chat disagree: what [`SnapshotError::Mismatch`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotMismatch {
    /// A live or ending chat without its URL.
    #[error("a live chat without its URL")]
    LiveWithoutUrl,
    /// A chat URL in a session that has not requested a chat.
    #[error("a chat URL in an idle session")]
    ChatWhileIdle,
    /// A chat URL without the origin it belongs to.
    #[error("a chat without the origin it belongs to")]
    ChatWithoutOrigin,
    /// Lines queued in a session that has not requested a chat.
    #[error("queued lines without a chat")]
    LinesWithoutChat,
}

/// Whether a failed request could have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The request was never sent (DNS failure, connection refused, TLS failure before any byte
    /// of the request went out). Safe to send again.
    NotSent,
    /// The request may have reached the server (timeout, connection reset after sending).
    /// A line may have landed: the session checks the event stream before sending it again.
    MaybeSent,
    /// The request cannot succeed as the host is set up: a TLS handshake or certificate failure,
    /// a scheme the HTTP stack does not speak, a request it refuses to build. Retrying will not
    /// help, so the session gives up on the work at once and says why.
    Misconfigured,
}

/// A request that got no HTTP response, as the host's HTTP stack reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// Whether the request could have reached the server.
    pub kind: TransportErrorKind,
    /// What the HTTP stack said, for logs.
    pub detail: String,
}

impl TransportError {
    /// A failure before the request left (connect, DNS, TLS).
    pub fn not_sent(detail: impl Into<String>) -> Self {
        Self {
            kind: TransportErrorKind::NotSent,
            detail: detail.into(),
        }
    }

    /// A failure after the request may have left (timeout, reset).
    pub fn maybe_sent(detail: impl Into<String>) -> Self {
        Self {
            kind: TransportErrorKind::MaybeSent,
            detail: detail.into(),
        }
    }

    /// A failure no retry can mend (TLS, certificate, unsupported scheme): see
    /// [`TransportErrorKind::Misconfigured`].
    pub fn misconfigured(detail: impl Into<String>) -> Self {
        Self {
            kind: TransportErrorKind::Misconfigured,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TransportErrorKind::NotSent => write!(f, "not sent: {}", self.detail),
            TransportErrorKind::MaybeSent => write!(f, "may have been sent: {}", self.detail),
            TransportErrorKind::Misconfigured => write!(f, "cannot be sent: {}", self.detail),
        }
    }
}

impl std::error::Error for TransportError {}
