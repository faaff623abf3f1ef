//! Turning an HTTP outcome into a decision: use it, give up on it, or retry it.

use std::time::Duration;

use http::header::{DATE, RETRY_AFTER};

use crate::config::Limits;
use crate::error::TransportErrorKind;
use crate::retry::{parse_retry_after, RetryCause};
use crate::wire::ErrorBody;

use super::event::{EndReason, Failure, LineFailure};

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
        retry_after: Option<Duration>,
        /// The request may have been applied (a timeout or reset after sending).
        maybe_applied: bool,
    },
}

impl Reply {
    /// Whether the request reached the server: any HTTP answer, or a failure after sending.
    pub fn reached_server(&self) -> bool {
        match self {
            Reply::Success(_) | Reply::Refused(_) => true,
            Reply::Retry {
                cause,
                maybe_applied,
                ..
            } => *maybe_applied || *cause != RetryCause::Transport,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub status: u16,
    pub error: Option<ErrorBody>,
}

impl Refusal {
    pub fn internal_code(&self) -> Option<i64> {
        self.error.as_ref().and_then(|e| e.internal_code)
    }

    fn message(&self) -> Option<String> {
        self.error.as_ref().and_then(|e| e.message.clone())
    }

    pub fn failure(&self) -> Failure {
        Failure::Refused {
            status: self.status,
            internal_code: self.internal_code(),
            message: self.message(),
        }
    }

    pub fn line_failure(&self) -> LineFailure {
        LineFailure::Refused {
            status: self.status,
            internal_code: self.internal_code(),
            message: self.message(),
        }
    }

    pub fn end_reason(&self) -> EndReason {
        EndReason::Refused {
            status: self.status,
            internal_code: self.internal_code(),
            message: self.message(),
        }
    }
}

pub(crate) fn classify(response: http::Response<Vec<u8>>, limits: &Limits) -> Reply {
    let status = response.status();
    if status.is_success() {
        if response.body().len() > limits.max_body_bytes {
            return Reply::Retry {
                cause: RetryCause::MalformedResponse,
                retry_after: None,
                maybe_applied: true,
            };
        }
        return Reply::Success(response);
    }
    if status == http::StatusCode::TOO_MANY_REQUESTS {
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &http::HeaderValue| v.to_str().ok())
        };
        let retry_after = header(RETRY_AFTER).and_then(|v| parse_retry_after(v, header(DATE)));
        return Reply::Retry {
            cause: RetryCause::RateLimited,
            retry_after,
            maybe_applied: false,
        };
    }
    if status.is_server_error() {
        return Reply::Retry {
            cause: RetryCause::ServerError(status.as_u16()),
            retry_after: None,
            maybe_applied: false,
        };
    }
    let body = response.body();
    let error = ErrorBody::parse(&body[..body.len().min(limits.max_body_bytes)]);
    Reply::Refused(Refusal {
        status: status.as_u16(),
        error,
    })
}

pub(crate) fn transport(kind: TransportErrorKind) -> Reply {
    Reply::Retry {
        cause: RetryCause::Transport,
        retry_after: None,
        maybe_applied: kind == TransportErrorKind::MaybeSent,
    }
}
