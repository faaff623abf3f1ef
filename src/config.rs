//! What a session needs to know before it starts: where the service is, who is asking, and how
//! patient to be.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::retry::RetryPolicy;
use crate::wire::ChatRequest;

/// LivePerson's public, global application key for the Server Chat API, which the API's overview
/// tells integrators to use.
pub const PUBLIC_APP_KEY: &str = "721c180b09eb463d9f3191c41762bb68";

/// The Domain API that resolves an account's hosts (`conversationVep` for this API).
pub const DOMAIN_API: &str = "https://api.liveperson.net";

/// An application key. Its `Debug` form never shows the key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppKey(String);

impl AppKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for building the `Authorization` header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Default for AppKey {
    fn default() -> Self {
        Self::new(PUBLIC_APP_KEY)
    }
}

impl fmt::Debug for AppKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppKey(<redacted>)")
    }
}

/// Where the Server Chat API of the account lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Endpoint {
    /// Ask the Domain API at `domain_api` (a base URL such as [`DOMAIN_API`]) for the account's
    /// `conversationVep` host, then talk to `{scheme}://{host}`.
    Lookup {
        /// Base URL of the Domain API.
        domain_api: String,
        /// Scheme used with the resolved host: `https` for LivePerson, `http` for a loopback
        /// emulator.
        scheme: String,
    },
    /// A known `conversationVep` host name (`va.convep.liveperson.net`), spoken to over https.
    Host(String),
    /// A base URL (`scheme://host[:port]`), for an emulator, a proxy or a recorded replay.
    BaseUrl(String),
}

impl Default for Endpoint {
    fn default() -> Self {
        Self::Lookup {
            domain_api: DOMAIN_API.to_owned(),
            scheme: "https".to_owned(),
        }
    }
}

/// The Domain API service names tried, in order, for the App Engagement API: `msdkgw` as its
/// overview says, then `smt` as LivePerson's Postman collection uses.
pub const ENGAGEMENT_SERVICES: [&str; 2] = ["msdkgw", "smt"];

/// Where the App Engagement API (Create Session) lives. It takes no app key, so it may live on
/// another host than the Server Chat API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngagementEndpoint {
    /// Ask the Domain API at `domain_api` for the first of `services` it names, then talk to
    /// `{scheme}://{host}`.
    Lookup {
        /// Base URL of the Domain API.
        domain_api: String,
        /// Scheme used with the resolved host.
        scheme: String,
        /// Service names to try, in order (see [`ENGAGEMENT_SERVICES`]).
        services: Vec<String>,
    },
    /// A known App Engagement host name, spoken to over https.
    Host(String),
    /// A base URL (`scheme://host[:port]`), for an emulator or a proxy.
    BaseUrl(String),
}

impl EngagementEndpoint {
    /// The natural companion of a Server Chat endpoint: the same Domain API for a lookup, the same
    /// base URL for an emulator or proxy, and LivePerson's Domain API for a known chat host.
    pub fn beside(chat: &Endpoint) -> Self {
        let lookup = |domain_api: &str, scheme: &str| EngagementEndpoint::Lookup {
            domain_api: domain_api.to_owned(),
            scheme: scheme.to_owned(),
            services: ENGAGEMENT_SERVICES.map(str::to_owned).to_vec(),
        };
        match chat {
            Endpoint::Lookup { domain_api, scheme } => lookup(domain_api, scheme),
            Endpoint::Host(_) => lookup(DOMAIN_API, "https"),
            Endpoint::BaseUrl(base) => EngagementEndpoint::BaseUrl(base.clone()),
        }
    }
}

impl Default for EngagementEndpoint {
    fn default() -> Self {
        Self::beside(&Endpoint::default())
    }
}

/// How the application key travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyPlacement {
    /// `Authorization: LivePerson appKey=<key>`, as the method pages document.
    #[default]
    Header,
    /// `appKey=<key>` in the query, as LivePerson's Postman collection does.
    Query,
}

/// How often the session reads the chat while nothing is failing.
///
/// Each read is the chat resource's own `next` link, so one request brings new events, the agent's
/// typing state and name, and refreshes the server's idle timer. The defaults lean on what the
/// chat itself says: an agent shows "typing" before a line, so an idle chat is read every 5 s
/// and a typing agent every 1.5 s; right after the visitor's own line (when a quick answer, a
/// bot's or a canned one, is likeliest) it is read every 1.5 s for 3 s. Against the fixed 2 s
/// cadence of LivePerson's SDK this sends about half the requests, and shows agent lines sooner
/// on average and at the 95th percentile (`cargo bench --bench figures`, section 4). However
/// long the intervals, the keep-alive reads before the chat's idle expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollPolicy {
    /// Between reads while the chat waits in the queue.
    pub waiting: Duration,
    /// Between reads while chatting and the agent is not typing.
    pub chatting: Duration,
    /// Between reads while the agent is typing: a line is probably coming.
    pub agent_typing: Duration,
    /// Between reads for a while after the visitor sent a line, when a reply is likely.
    pub after_visitor_line: Duration,
    /// How long `after_visitor_line` applies.
    pub after_visitor_line_for: Duration,
}

impl PollPolicy {
    /// The same interval in every state, with no faster reads after a visitor line: a fixed
    /// cadence, for tests, demos and comparisons.
    pub fn fixed(interval: Duration) -> Self {
        Self {
            waiting: interval,
            chatting: interval,
            agent_typing: interval,
            after_visitor_line: interval,
            after_visitor_line_for: Duration::ZERO,
        }
    }
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            waiting: Duration::from_secs(4),
            chatting: Duration::from_secs(5),
            agent_typing: Duration::from_millis(1500),
            after_visitor_line: Duration::from_millis(1500),
            after_visitor_line_for: Duration::from_secs(3),
        }
    }
}

/// Caps on what the session accepts from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest response body decoded; a larger one is treated as malformed.
    pub max_body_bytes: usize,
    /// Most events accepted from one read.
    pub max_events_per_batch: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1 << 20,
            max_events_per_batch: 1_000,
        }
    }
}

/// Everything a [`ChatSession`](crate::ChatSession) is configured with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatConfig {
    /// The LivePerson account (site) id.
    pub account_id: String,
    /// Where the account's Server Chat API lives.
    pub endpoint: Endpoint,
    /// The application key; LivePerson's public key by default.
    pub app_key: AppKey,
    /// How the key is sent.
    pub key_placement: KeyPlacement,
    /// The body of the chat request: skill, engagement, pre-chat lines and survey, ...
    pub chat_request: ChatRequest,
    /// Retry and backoff rules.
    pub retry: RetryPolicy,
    /// Polling cadence.
    pub poll: PollPolicy,
    /// The chat's idle timeout until the server reports one (`info.chatTimeout`).
    pub chat_timeout: Duration,
    /// After the visitor last said they were typing, how long until the session reports
    /// "not typing" by itself.
    pub typing_quiet: Duration,
    /// The timeout the session suggests for each request.
    pub request_timeout: Duration,
    /// A `User-Agent` header to send, if any.
    pub user_agent: Option<String>,
    /// Size caps on responses.
    pub limits: Limits,
    /// Where the App Engagement API lives; [`EngagementEndpoint::beside`] the chat endpoint by
    /// default.
    pub engagement_endpoint: EngagementEndpoint,
    /// With [`Endpoint::Lookup`], how many transport failures in a row (no HTTP answer at all) of
    /// requests to the resolved origin make the session forget it and ask the Domain API again
    /// before the next attempt; 0 never does. Default 3: the end of LivePerson's 5/10/15 s ladder.
    ///
    /// Only while no chat exists (before the chat request succeeds): a live chat's links came from
    /// its server and stay pinned to it, so a new origin applies to the next chat.
    pub re_resolve_after: u32,
    /// Allow plain `http://` to hosts other than this machine. Off by default: over plain http
    /// anyone on the path reads the app key and any `ssoKey`, and can answer in the service's
    /// place. Plain http to loopback (an emulator) is always allowed.
    pub allow_plain_http: bool,
    /// The domains LivePerson's own services live under ([`LIVEPERSON_DOMAINS`]). When the
    /// Domain API is on one of them, every host it names must be too: a tampered answer cannot
    /// send the app key elsewhere.
    pub liveperson_domains: Vec<String>,
}

/// The domains LivePerson's hosts live under.
pub const LIVEPERSON_DOMAINS: [&str; 1] = ["liveperson.net"];

impl ChatConfig {
    /// A configuration for `account_id` at `endpoint`, with every other setting at its default.
    pub fn new(account_id: impl Into<String>, endpoint: Endpoint) -> Self {
        Self {
            account_id: account_id.into(),
            engagement_endpoint: EngagementEndpoint::beside(&endpoint),
            endpoint,
            app_key: AppKey::default(),
            key_placement: KeyPlacement::default(),
            chat_request: ChatRequest::default(),
            retry: RetryPolicy::default(),
            poll: PollPolicy::default(),
            chat_timeout: Duration::from_secs(40),
            typing_quiet: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            user_agent: None,
            limits: Limits::default(),
            re_resolve_after: 3,
            allow_plain_http: false,
            liveperson_domains: LIVEPERSON_DOMAINS.map(str::to_owned).to_vec(),
        }
    }
}
