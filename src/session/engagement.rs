//! App Engagement Create Session (`domain-and-engagement.md` § 2) as a one-shot call: it finds the
//! App Engagement host (Domain API, `msdkgw` then `smt`), creates or renews the visitor session,
//! and rides out the "account loading" answer by retrying with the visitor id it announces.

use std::sync::Arc;
use std::time::Instant;

use http::Method;
use serde::{Deserialize, Serialize};

use crate::config::{ChatConfig, EngagementEndpoint};
use crate::engagement::VisitorSession;
use crate::request::{self, Origin};
use crate::wire::{self, internal_code, ErrorBody};

use super::classify::Reply;
use super::event::{Event, OpResult};
use super::ops::Call;
use super::output::{OpId, RequestKind};
use super::{ChatSession, Flight};

/// One Create Session call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EngagementCall {
    #[serde(with = "super::ops::body_text")]
    body: Vec<u8>,
    /// The `visitorId` path segment: the caller's, or the one an "account loading" answer named.
    visitor_id: Option<String>,
    /// `sid`.
    session_id: Option<String>,
    /// Which of the configured service names the lookup is trying.
    #[serde(default)]
    service: usize,
    /// Update Session (a real PUT of impressions and attributes) rather than Create Session.
    #[serde(default)]
    pub update: bool,
}

impl EngagementCall {
    pub fn new(body: Vec<u8>, visitor: Option<&VisitorSession>) -> Self {
        Self {
            body,
            visitor_id: visitor.map(|v| v.visitor_id.clone()),
            session_id: visitor.map(|v| v.session_id.clone()),
            service: 0,
            update: false,
        }
    }

    /// The next request: a Domain API lookup while the App Engagement origin is unknown, then the
    /// Create Session itself. Neither carries the app key.
    pub fn request(
        &self,
        config: &ChatConfig,
        origin: Option<&Origin>,
    ) -> Option<(RequestKind, http::Request<Vec<u8>>)> {
        let Some(origin) = origin else {
            let EngagementEndpoint::Lookup {
                domain_api,
                services,
                ..
            } = &config.engagement_endpoint
            else {
                return None;
            };
            let service = services.get(self.service)?;
            let request = request::domain_lookup(domain_api, &config.account_id, service)?;
            return Some((RequestKind::ResolveDomain, request));
        };
        // The first call has an empty visitor segment (`…/visitors/?v=1.0`), as LivePerson's
        // Postman collection sends it.
        let visitor = self.visitor_id.as_deref().unwrap_or("");
        let mut url = origin.account_url(
            &config.account_id,
            &["app", "engagement", "visitors", visitor],
        );
        url.query_pairs_mut().append_pair("v", "1.0");
        if let Some(sid) = &self.session_id {
            url.query_pairs_mut().append_pair("sid", sid);
        }
        if self.update {
            let request = request::plain(Method::PUT, &url, Some(self.body.clone()));
            return Some((RequestKind::UpdateEngagement, request));
        }
        let request = request::plain(Method::POST, &url, Some(self.body.clone()));
        Some((RequestKind::CreateEngagement, request))
    }
}

/// The App Engagement origin a configuration fixes without a lookup, if any.
pub(crate) fn fixed_origin(
    endpoint: &EngagementEndpoint,
    plain: bool,
) -> Result<Option<Origin>, String> {
    match endpoint {
        EngagementEndpoint::Lookup {
            domain_api,
            scheme,
            services,
        } => {
            super::lookup_origin(domain_api, scheme, plain)?;
            if services.is_empty() {
                return Err("no App Engagement service name to look up".into());
            }
            Ok(None)
        }
        EngagementEndpoint::Domain(host) => Origin::from_host("https", host)
            .map(Some)
            .ok_or_else(|| format!("`{host}` is not a host name")),
        EngagementEndpoint::BaseUrl(base) => {
            let origin = Origin::parse(base)
                .ok_or_else(|| format!("`{base}` is not an http(s) base URL"))?;
            origin.check_scheme(plain)?;
            Ok(Some(origin))
        }
    }
}

/// The visitor id of `Loading account: <account>, vid: <vid>`.
fn loading_vid(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("vid:")?;
    let vid = rest
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()?;
    (!vid.is_empty()).then_some(vid)
}

impl ChatSession {
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
        let call = EngagementCall::new(request.to_json(), visitor);
        self.add_op(Call::Engagement(call), now)
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
        let mut call = EngagementCall::new(request.to_json(), Some(visitor));
        call.update = true;
        self.add_op(Call::Engagement(call), now)
    }

    /// An "account loading" answer names the visitor id the retry must use.
    pub(super) fn note_account_loading(&mut self, op: OpId, response: &http::Response<Vec<u8>>) {
        if response.status() != http::StatusCode::INTERNAL_SERVER_ERROR {
            return;
        }
        let Some(Call::Engagement(call)) = self
            .ops
            .iter_mut()
            .find(|o| o.id == op)
            .map(|o| &mut o.call)
        else {
            return;
        };
        let body = response.body();
        let Some(error) =
            ErrorBody::parse(&body[..body.len().min(self.config.limits.max_body_bytes)])
        else {
            return;
        };
        if !error.has_code(internal_code::ACCOUNT_LOADING) {
            return;
        }
        if let Some(vid) = error.message.as_deref().and_then(loading_vid) {
            call.visitor_id = Some(vid.to_owned());
        }
    }

    pub(super) fn on_engagement(&mut self, flight: &Flight, at: usize, reply: Reply) {
        let id = self.ops[at].id;
        let failure = match reply {
            Reply::Success(response) if flight.kind == RequestKind::ResolveDomain => {
                match self.adopt_engagement_origin(at, &response) {
                    Ok(()) => return,
                    Err(detail) => match self.retry_malformed_op(at, flight, detail) {
                        Ok(()) => return,
                        Err(f) => f,
                    },
                }
            }
            Reply::Success(response) => {
                let decoded = if flight.kind == RequestKind::UpdateEngagement {
                    wire::UpdateSessionResponse::parse(response.body())
                        .map(|r| OpResult::EngagementUpdated(Box::new(r)))
                } else {
                    wire::decode::<wire::CreateSessionResponse>(response.body())
                        .map(|s| OpResult::Engagement(Box::new(s)))
                };
                match decoded {
                    Ok(result) => {
                        self.engagement_failures = 0;
                        self.ops.remove(at);
                        self.events.push_back(Event::Completed { op: id, result });
                        return;
                    }
                    Err(e) => match self.retry_malformed_op(at, flight, e.to_string()) {
                        Ok(()) => return,
                        Err(f) => f,
                    },
                }
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                self.count_engagement_failure(flight, cause);
                match self.retry_op(at, flight, cause, retry_after) {
                    Ok(()) => return,
                    Err(f) => f,
                }
            }
            Reply::Refused(refusal) => {
                // A service the Domain API does not know: try the next name.
                if flight.kind == RequestKind::ResolveDomain
                    && refusal.status == 404
                    && self.next_engagement_service(at)
                {
                    return;
                }
                refusal.failure()
            }
        };
        self.ops.remove(at);
        self.events.push_back(Event::Failed { op: id, failure });
    }

    /// After [`ChatConfig::re_resolve_after`] connection failures in a row to a looked-up App
    /// Engagement host, it is forgotten and looked up again before the next attempt.
    fn count_engagement_failure(&mut self, flight: &Flight, cause: crate::retry::RetryCause) {
        if flight.kind == RequestKind::ResolveDomain {
            return;
        }
        if cause != crate::retry::RetryCause::Transport {
            self.engagement_failures = 0;
            return;
        }
        self.engagement_failures = self.engagement_failures.saturating_add(1);
        let limit = self.config.re_resolve_after;
        let looked_up = matches!(
            self.config.engagement_endpoint,
            EngagementEndpoint::Lookup { .. }
        );
        if looked_up && limit > 0 && self.engagement_failures >= limit {
            if let Some(origin) = self.engagement_origin.take() {
                self.events.push_back(Event::OriginAbandoned {
                    origin: origin.as_str().to_owned(),
                    failures: self.engagement_failures,
                });
            }
            self.engagement_failures = 0;
        }
    }

    /// Reads a Domain API answer: the first configured service it names, from the one asked for.
    fn adopt_engagement_origin(
        &mut self,
        at: usize,
        response: &http::Response<Vec<u8>>,
    ) -> Result<(), String> {
        let config = Arc::clone(&self.config);
        let EngagementEndpoint::Lookup {
            scheme, services, ..
        } = &config.engagement_endpoint
        else {
            return Err("no App Engagement lookup is configured".into());
        };
        let Call::Engagement(call) = &self.ops[at].call else {
            return Err("not an engagement call".into());
        };
        let domains =
            wire::decode::<wire::DomainResponse>(response.body()).map_err(|e| e.to_string())?;
        let found = services
            .iter()
            .skip(call.service)
            .find_map(|service| domains.base_uri(service));
        let Some(host) = found else {
            if self.next_engagement_service(at) {
                return Ok(());
            }
            if let Call::Engagement(call) = &mut self.ops[at].call {
                call.service = 0;
            }
            return Err(format!("no entry for {}", services.join(" or ")));
        };
        let origin =
            Origin::from_host(scheme, host).ok_or(format!("`{host}` is not a host name"))?;
        let EngagementEndpoint::Lookup { domain_api, .. } = &config.engagement_endpoint else {
            return Err("no App Engagement lookup is configured".into());
        };
        super::lifecycle::trust(&config, domain_api, &origin)?;
        self.engagement_origin = Some(Box::new(origin));
        let op = &mut self.ops[at];
        op.channel.reset();
        op.channel.schedule(self.now);
        Ok(())
    }

    /// Moves the lookup to the next configured service name; false when there is none.
    fn next_engagement_service(&mut self, at: usize) -> bool {
        let count = match &self.config.engagement_endpoint {
            EngagementEndpoint::Lookup { services, .. } => services.len(),
            _ => 0,
        };
        let op = &mut self.ops[at];
        let Call::Engagement(call) = &mut op.call else {
            return false;
        };
        if call.service + 1 >= count {
            return false;
        }
        call.service += 1;
        op.channel.schedule(self.now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::loading_vid;

    #[test]
    fn the_loading_message_names_the_visitor() {
        assert_eq!(
            loading_vid("Loading account: 12345678, vid: k3JpQm9sTUaB1xYzW0aQcA"),
            Some("k3JpQm9sTUaB1xYzW0aQcA")
        );
        assert_eq!(
            loading_vid("Loading account: 1, vid: abc, more"),
            Some("abc")
        );
        assert_eq!(loading_vid("Loading account: 1"), None);
        assert_eq!(loading_vid("Loading account: 1, vid: "), None);
    }
}
