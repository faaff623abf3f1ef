//! App Engagement Create and Update Session (`domain-and-engagement.md` § 2) as a one-shot call:
//! it finds the App Engagement host (Domain API, `msdkgw` then `smt`) on its own lane, then
//! creates, renews or updates the visitor session. Neither request carries the app key.

use http::Method;
use serde::{Deserialize, Serialize};

use crate::config::{ChatConfig, EngagementEndpoint};
use crate::engagement::VisitorSession;
use crate::request::{self, Origin};

use super::output::RequestKind;

/// The visitor session a Create or Update Session call is about, and the body it sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EngagementCall {
    #[serde(with = "super::call_table::body_text")]
    pub body: Vec<u8>,
    /// The `visitorId` path segment: the caller's, or the one an "account loading" answer named.
    pub visitor_id: Option<String>,
    /// `sid`.
    pub session_id: Option<String>,
    /// Which of the configured service names the lookup is trying.
    #[serde(default)]
    pub service: usize,
}

impl EngagementCall {
    pub fn new(body: Vec<u8>, visitor: Option<&VisitorSession>) -> Self {
        Self {
            body,
            visitor_id: visitor.map(|v| v.visitor_id.clone()),
            session_id: visitor.map(|v| v.session_id.clone()),
            service: 0,
        }
    }

    /// The next request: a Domain API lookup while the App Engagement origin is unknown, then the
    /// session call itself, with `method`.
    pub fn request(
        &self,
        config: &ChatConfig,
        origin: Option<&Origin>,
        kind: RequestKind,
        method: Method,
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
        let request = request::plain(method, &url, Some(self.body.clone()));
        Some((kind, request))
    }
}

/// The visitor id of `Loading account: <account>, vid: <vid>`.
pub(crate) fn loading_vid(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("vid:")?;
    let vid = rest
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()?;
    (!vid.is_empty()).then_some(vid)
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
