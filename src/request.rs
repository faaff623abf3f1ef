//! Building `http::Request` values: the origin the session is pinned to, link admission, query
//! merging and the headers every call carries.

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderValue, Method, Request};
use url::Url;

use crate::config::{ChatConfig, KeyPlacement};
use crate::error::ConfigError;

/// `X-HTTP-Method-Override`: how the API tunnels its "PUT" methods through POST.
pub const METHOD_OVERRIDE: &str = "x-http-method-override";

/// The scheme, host and port the session talks to. Secrets go to this origin and no other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin(Url);

/// Why a link from the server was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkProblem {
    /// The href is not a URL, even read leniently.
    Unparseable,
    /// The href points at another origin.
    Foreign,
    /// The href is on the origin but outside the resource it must belong to (a chat link that
    /// leaves the chat, say through `..` segments).
    Outside,
    /// There is no origin to admit it to yet (the Domain API has not answered).
    NoOrigin,
}

impl Origin {
    /// Reads `scheme://host[:port]`; any path is dropped.
    pub(crate) fn parse(base: &str) -> Option<Self> {
        let mut url = Url::parse(base.trim()).ok()?;
        if url.host_str().is_none() || !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        url.set_path("/");
        url.set_query(None);
        url.set_fragment(None);
        Some(Self(url))
    }

    /// `{scheme}://{host}` for a bare host name handed out by the Domain API.
    pub(crate) fn from_host(scheme: &str, host: &str) -> Option<Self> {
        let host = host.trim().trim_end_matches('/');
        if host.is_empty() || host.contains(['/', '?', '#', '@']) {
            return None;
        }
        Self::parse(&format!("{scheme}://{host}"))
    }

    /// Whether secrets may go to this origin: over https, over plain http to this machine (an
    /// emulator on loopback), or over plain http anywhere when the configuration allows it.
    pub(crate) fn check_scheme(&self, allow_plain_http: bool) -> Result<(), ConfigError> {
        if self.0.scheme() == "https" || allow_plain_http || self.is_loopback() {
            Ok(())
        } else {
            Err(ConfigError::PlainHttp {
                url: self.as_str().to_owned(),
            })
        }
    }

    /// Whether the host is this machine.
    pub(crate) fn is_loopback(&self) -> bool {
        match self.0.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => false,
        }
    }

    /// Whether the host is one of `domains` or below one (`va.convep.liveperson.net` is within
    /// `liveperson.net`).
    pub(crate) fn is_within(&self, domains: &[String]) -> bool {
        let host = self.0.host_str().unwrap_or("").to_ascii_lowercase();
        domains.iter().any(|d| {
            let d = d.trim_start_matches('.').to_ascii_lowercase();
            !d.is_empty() && (host == d || host.ends_with(&format!(".{d}")))
        })
    }

    /// The origin as text, `scheme://host[:port]`.
    pub(crate) fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// `{origin}/api/account/{account}/{path}`.
    pub(crate) fn account_url(&self, account: &str, path: &[&str]) -> Url {
        let mut url = self.0.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments
                .clear()
                .extend(["api", "account", account])
                .extend(path);
        }
        url
    }

    /// Admits a server-supplied href: read leniently (the docs show `https:/host/...` and
    /// scheme-less hosts), and only if it stays on this origin.
    pub(crate) fn admit(&self, href: &str) -> Result<Url, LinkProblem> {
        let href = href.trim();
        let url = match Url::parse(href) {
            Ok(url) if url.host_str().is_some() => url,
            Ok(_) => return Err(LinkProblem::Unparseable),
            Err(url::ParseError::RelativeUrlWithoutBase) if href.starts_with('/') => {
                self.0.join(href).map_err(|_| LinkProblem::Unparseable)?
            }
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                Url::parse(&format!("{}://{href}", self.0.scheme()))
                    .map_err(|_| LinkProblem::Unparseable)?
            }
            Err(_) => return Err(LinkProblem::Unparseable),
        };
        if self.same_origin(&url) {
            Ok(url)
        } else {
            Err(LinkProblem::Foreign)
        }
    }

    /// Admits an href that must also lie within `scope`, a path (`/api/account/1/chat/K`): the
    /// path itself, a suffix of it (`.json`), or below it. The URL parser has already resolved
    /// any `..` segments, so a link cannot climb out.
    pub(crate) fn admit_within(&self, href: &str, scope: &str) -> Result<Url, LinkProblem> {
        let url = self.admit(href)?;
        let scope = scope.trim_end_matches('/');
        let inside = url
            .path()
            .strip_prefix(scope)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('.'));
        if inside && !scope.is_empty() {
            Ok(url)
        } else {
            Err(LinkProblem::Outside)
        }
    }

    fn same_origin(&self, url: &Url) -> bool {
        url.scheme() == self.0.scheme()
            && url.host_str().map(str::to_ascii_lowercase)
                == self.0.host_str().map(str::to_ascii_lowercase)
            && url.port_or_known_default() == self.0.port_or_known_default()
    }
}

/// What one Server Chat API call sends.
pub(crate) struct ApiCall {
    pub method: Method,
    pub url: Url,
    /// Tunnel as POST with `X-HTTP-Method-Override: PUT`.
    pub put_override: bool,
    pub body: Option<Vec<u8>>,
}

impl ApiCall {
    pub(crate) fn get(url: Url) -> Self {
        Self {
            method: Method::GET,
            url,
            put_override: false,
            body: None,
        }
    }

    pub(crate) fn post(url: Url, body: Vec<u8>) -> Self {
        Self {
            method: Method::POST,
            url,
            put_override: false,
            body: Some(body),
        }
    }

    pub(crate) fn put(url: Url, body: Vec<u8>) -> Self {
        Self {
            put_override: true,
            ..Self::post(url, body)
        }
    }

    /// The request as it goes on the wire: `v=1&NC=true` merged into whatever query the URL
    /// already has, the app key, JSON headers and the method override.
    pub(crate) fn build(self, config: &ChatConfig) -> Request<Vec<u8>> {
        let mut url = self.url;
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !matches!(k.as_ref(), "v" | "NC" | "appKey" | "appkey"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        {
            let mut query = url.query_pairs_mut();
            query.clear().extend_pairs(kept);
            query.append_pair("v", "1").append_pair("NC", "true");
            if config.key_placement == KeyPlacement::Query {
                query.append_pair("appKey", config.app_key.expose());
            }
        }
        let mut builder = Request::builder()
            .method(self.method)
            .uri(url.as_str())
            .header(ACCEPT, "application/json");
        if config.key_placement == KeyPlacement::Header {
            let value = format!("LivePerson appKey={}", config.app_key.expose());
            if let Ok(mut value) = HeaderValue::from_str(&value) {
                // Marked so that HTTP stacks keep it out of logs and header compression.
                value.set_sensitive(true);
                builder = builder.header(AUTHORIZATION, value);
            }
        }
        if self.body.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/json");
        }
        if self.put_override {
            builder = builder.header(METHOD_OVERRIDE, "PUT");
        }
        if let Some(agent) = config
            .user_agent
            .as_deref()
            .and_then(|ua| HeaderValue::from_str(ua).ok())
        {
            builder = builder.header(USER_AGENT, agent);
        }
        finish(builder, self.body.unwrap_or_default())
    }
}

/// The Domain API request for `service` of `account`:
/// `{domain_api}/api/account/{account}/service/{service}/baseURI.json?version=1.0`.
pub(crate) fn domain_lookup(
    domain_api: &str,
    account: &str,
    service: &str,
) -> Option<Request<Vec<u8>>> {
    let base = Origin::parse(domain_api)?;
    let mut url = base.account_url(account, &["service", service, "baseURI.json"]);
    url.set_query(Some("version=1.0"));
    Some(plain(Method::GET, &url, None))
}

/// A request to a service that takes no app key (Domain API, App Engagement).
pub(crate) fn plain(method: Method, url: &Url, body: Option<Vec<u8>>) -> Request<Vec<u8>> {
    let mut builder = Request::builder()
        .method(method)
        .uri(url.as_str())
        .header(ACCEPT, "application/json");
    if body.is_some() {
        builder = builder.header(CONTENT_TYPE, "application/json");
    }
    finish(builder, body.unwrap_or_default())
}

fn finish(builder: http::request::Builder, body: Vec<u8>) -> Request<Vec<u8>> {
    // Every part comes from a parsed `Url` or a constant, which `http` always accepts; should it
    // ever refuse one, an empty GET to the same URL is safer than a panic.
    builder
        .body(body)
        .unwrap_or_else(|_| Request::new(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Endpoint;

    fn origin() -> Origin {
        Origin::parse("https://va.example.net").unwrap()
    }

    #[test]
    fn links_on_the_same_origin_are_admitted_leniently() {
        let o = origin();
        for href in [
            "https://va.example.net/api/account/1/chat/X/info",
            "https:/va.example.net/api/account/1/chat/X/info",
            "va.example.net/api/account/1/chat/X/info",
            "/api/account/1/chat/X/info",
            "HTTPS://VA.EXAMPLE.NET:443/api/account/1/chat/X/info",
        ] {
            let url = o.admit(href).unwrap_or_else(|e| panic!("{href}: {e:?}"));
            assert_eq!(url.path(), "/api/account/1/chat/X/info", "{href}");
        }
    }

    #[test]
    fn links_to_other_origins_are_refused() {
        let o = origin();
        for href in [
            "https://evil.example.org/api/account/1/chat/X",
            "http://va.example.net/api/account/1/chat/X",
            "https://va.example.net:8443/api/account/1/chat/X",
            "https://va.example.net.evil.org/x",
        ] {
            assert_eq!(o.admit(href), Err(LinkProblem::Foreign), "{href}");
        }
        assert_eq!(o.admit("mailto:x@y"), Err(LinkProblem::Unparseable));
    }

    #[test]
    fn api_query_is_merged_not_appended() {
        let config = ChatConfig::new("1", Endpoint::Host("va.example.net".into()));
        let url = origin()
            .admit("https://va.example.net/api/account/1/chat/X?from=5&v=1")
            .unwrap();
        let req = ApiCall::get(url).build(&config);
        assert_eq!(
            req.uri().to_string(),
            "https://va.example.net/api/account/1/chat/X?from=5&v=1&NC=true"
        );
        assert_eq!(
            req.headers()[AUTHORIZATION],
            "LivePerson appKey=721c180b09eb463d9f3191c41762bb68"
        );
    }

    #[test]
    fn account_urls_escape_the_account_id() {
        let url = origin().account_url("12/../3", &["chat", "availability"]);
        assert_eq!(
            url.as_str(),
            "https://va.example.net/api/account/12%2F..%2F3/chat/availability"
        );
    }

    #[test]
    fn links_are_pinned_to_their_scope() {
        let o = origin();
        let chat = "/api/account/1/chat/K";
        for href in [
            "https://va.example.net/api/account/1/chat/K",
            "https://va.example.net/api/account/1/chat/K.json?from=3",
            "https://va.example.net/api/account/1/chat/K/events?from=3",
        ] {
            assert!(o.admit_within(href, chat).is_ok(), "{href}");
        }
        for href in [
            "https://va.example.net/api/account/1/chat/K/../../999/chat/OTHER",
            "https://va.example.net/api/account/1/chat/K/%2e%2e/OTHER",
            "https://va.example.net/api/account/1/chat/KX",
            "https://va.example.net/api/account/2/chat/K",
        ] {
            assert_eq!(
                o.admit_within(href, chat),
                Err(LinkProblem::Outside),
                "{href}"
            );
        }
    }
}
