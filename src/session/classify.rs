//! Turning an HTTP outcome into a decision: use it, give up on it, or retry it.

use http::header::{DATE, RETRY_AFTER};

use crate::config::Limits;
use crate::error::TransportErrorKind;
use crate::retry::{RetryAfter, RetryCause};
use crate::wire::ErrorBody;

use super::event::{EndReason, Failure, LineFailure, Refusal};

#[derive(Debug)]
pub(crate) enum Reply {
    /// 2xx.
    Success(http::Response<Vec<u8>>),
    /// Not to be retried: 4xx other than 429, or a redirect (never followed: it could carry the
    /// app key elsewhere).
    Refused(Refusal),
    /// Worth another attempt.
    Retry {
        cause: RetryCause,
        retry_after: RetryAfter,
        effect: Effect,
    },
}

/// What a failed attempt may have done on the server. No failure confirms that the request
/// reached the chat: a 5xx or 429 may come from an edge in front of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Surely nothing: never sent, or throttled (429) before it was looked at.
    Nothing,
    /// LivePerson's own service refused it with its JSON error body: most likely before
    /// applying it, though nobody promises that.
    Unlikely,
    /// Unknown: a timeout after sending, a gateway's 502 or 504, a 5xx or a 2xx body that is not
    /// the service's own (an HTML page): the request may well have been applied.
    Unknown,
}

impl Reply {
    /// Whether the request may have been applied although it failed.
    pub fn may_have_applied(&self) -> bool {
        matches!(self, Reply::Retry { effect, .. } if *effect != Effect::Nothing)
    }
}

impl Refusal {
    pub(crate) fn failure(&self) -> Failure {
        Failure::Refused(self.clone())
    }

    pub(crate) fn line_failure(&self) -> LineFailure {
        LineFailure::Refused(self.clone())
    }

    pub(crate) fn end_reason(&self) -> EndReason {
        EndReason::Refused(self.clone())
    }
}

pub(crate) fn classify(response: http::Response<Vec<u8>>, limits: &Limits) -> Reply {
    let status = response.status();
    let body = response.body();
    if status.is_success() {
        // A proxy or captive portal answers 200 with a page of its own: that is no answer from
        // the chat, and says nothing about whether the request got there.
        let foreign = body.len() > limits.max_body_bytes
            || body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
        if foreign {
            return Reply::Retry {
                cause: RetryCause::MalformedResponse,
                retry_after: RetryAfter::Absent,
                effect: Effect::Unknown,
            };
        }
        return Reply::Success(response);
    }
    let error = || ErrorBody::parse(&body[..body.len().min(limits.max_body_bytes)]);
    if status == http::StatusCode::TOO_MANY_REQUESTS {
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &http::HeaderValue| v.to_str().ok())
        };
        return Reply::Retry {
            cause: RetryCause::RateLimited,
            retry_after: RetryAfter::read(header(RETRY_AFTER), header(DATE)),
            effect: Effect::Nothing,
        };
    }
    if status.is_server_error() {
        let gateway = matches!(status.as_u16(), 502 | 504);
        let effect = if !gateway && error().is_some_and(|e| e.internal_code.is_some()) {
            Effect::Unlikely
        } else {
            Effect::Unknown
        };
        return Reply::Retry {
            cause: RetryCause::ServerError(status.as_u16()),
            retry_after: RetryAfter::Absent,
            effect,
        };
    }
    let error = error();
    Reply::Refused(Refusal {
        status: status.as_u16(),
        internal_code: error.as_ref().and_then(|e| e.internal_code),
        message: error.and_then(|e| e.message),
    })
}

pub(crate) fn transport(kind: TransportErrorKind) -> Reply {
    Reply::Retry {
        cause: RetryCause::Transport,
        retry_after: RetryAfter::Absent,
        effect: if kind == TransportErrorKind::NotSent {
            Effect::Nothing
        } else {
            Effect::Unknown
        },
    }
}
