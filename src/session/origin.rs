//! Where requests go: the account's chat origin (configured, or named by the Domain API's
//! `conversationVep`), the App Engagement host (`msdkgw`, then `smt`), what makes a host one the
//! app key may go to, and looking either up again after repeated connection failures.

use std::sync::Arc;

use crate::config::EngagementEndpoint;
use crate::wire::ErrorBody;

use super::engagement_call::loading_vid;
use super::lanes::Outcome;
use super::*;

/// The hosts the session talks to, and how reachable they have been.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    /// The chat service's origin; every chat link is pinned to it.
    pub chat: Option<Origin>,
    /// Connection failures in a row of requests to `chat` made while no chat exists.
    pub chat_failures: u32,
    /// The App Engagement host, once known. Boxed: most chats never use it.
    pub engagement: Option<Box<Origin>>,
    /// Connection failures in a row of requests to the App Engagement host.
    pub engagement_failures: u32,
}

/// Why a Domain API answer cannot be used.
enum Unusable {
    /// Not a document naming a host: asked again.
    Unreadable(String),
    /// A host the app key may not go to: asking again will not change it.
    Untrusted(String),
}

/// Checks a Domain API lookup's configuration: the Domain API itself over https (or loopback),
/// and a scheme for the hosts it names that keeps secrets safe.
pub(crate) fn lookup_origin(
    domain_api: &str,
    scheme: &str,
    plain: bool,
) -> Result<Origin, ConfigError> {
    let origin = Origin::parse(domain_api).ok_or_else(|| ConfigError::NotAUrl {
        url: domain_api.to_owned(),
    })?;
    origin.check_scheme(plain)?;
    match scheme {
        "https" => Ok(origin),
        "http" if plain || origin.is_loopback() => Ok(origin),
        "http" => Err(ConfigError::PlainHttpLookup {
            domain_api: domain_api.to_owned(),
        }),
        other => Err(ConfigError::UnknownScheme {
            scheme: other.to_owned(),
        }),
    }
}

/// Whether secrets may go to `origin`, which the Domain API at `domain_api` named: its scheme
/// must be safe, and a LivePerson Domain API may name only LivePerson's hosts.
pub(crate) fn trust(config: &ChatConfig, domain_api: &str, origin: &Origin) -> Result<(), String> {
    origin
        .check_scheme(config.allow_plain_http)
        .map_err(|e| e.to_string())?;
    let domains = &config.liveperson_domains;
    let from_liveperson = Origin::parse(domain_api).is_some_and(|api| api.is_within(domains));
    if from_liveperson && !origin.is_within(domains) {
        return Err(format!(
            "the Domain API named `{}`, which is not a LivePerson host ({})",
            origin.as_str(),
            domains.join(", ")
        ));
    }
    Ok(())
}

/// The origins a configuration fixes without a lookup, after checking every endpoint in it.
pub(crate) fn configured(config: &ChatConfig) -> Result<Origins, Error> {
    let plain = config.allow_plain_http;
    let chat = match &config.endpoint {
        Endpoint::Lookup { domain_api, scheme } => {
            lookup_origin(domain_api, scheme, plain).map_err(Error::InvalidConfig)?;
            None
        }
        Endpoint::Host(host) => Some(known_host(host)?),
        Endpoint::BaseUrl(base) => Some(known_base(base, plain)?),
    };
    let engagement = match &config.engagement_endpoint {
        EngagementEndpoint::Lookup {
            domain_api,
            scheme,
            services,
        } => {
            lookup_origin(domain_api, scheme, plain).map_err(Error::InvalidConfig)?;
            if services.is_empty() {
                return Err(Error::InvalidConfig(ConfigError::NoEngagementService));
            }
            None
        }
        EngagementEndpoint::Host(host) => Some(known_host(host)?),
        EngagementEndpoint::BaseUrl(base) => Some(known_base(base, plain)?),
    };
    Ok(Origins {
        chat,
        engagement: engagement.map(Box::new),
        ..Origins::default()
    })
}

/// A configured host name, spoken to over https.
fn known_host(host: &str) -> Result<Origin, Error> {
    Origin::from_host("https", host).ok_or_else(|| {
        Error::InvalidConfig(ConfigError::NotAHost {
            host: host.to_owned(),
        })
    })
}

/// A configured base URL, over https unless plain http is safe or allowed.
fn known_base(base: &str, plain: bool) -> Result<Origin, Error> {
    let origin = Origin::parse(base).ok_or_else(|| {
        Error::InvalidConfig(ConfigError::NotAUrl {
            url: base.to_owned(),
        })
    })?;
    origin.check_scheme(plain).map_err(Error::InvalidConfig)?;
    Ok(origin)
}

impl ChatSession {
    /// Whether anything waits for the chat origin: the chat request, or a pre-chat call.
    pub(super) fn needs_origin(&self) -> bool {
        self.stage.phase() == Phase::Requesting || self.lanes.calls.iter().any(|c| c.needs_origin())
    }

    /// Counts transport failures in a row of requests to the origin made while no chat exists;
    /// any HTTP answer from it breaks the run.
    pub(super) fn count_origin_failure(&mut self, lane: Lane, reply: &Reply) {
        let to_origin = match lane {
            Lane::Start => true,
            Lane::Call(id) => self.slot(id).is_some_and(|c| c.needs_origin()),
            _ => false,
        };
        if !to_origin || self.links.is_some() {
            return;
        }
        if let Reply::Retry {
            cause: RetryCause::Transport,
            ..
        } = reply
        {
            self.origins.chat_failures = self.origins.chat_failures.saturating_add(1);
        } else {
            self.origins.chat_failures = 0;
        }
    }

    /// After [`ChatConfig::re_resolve_after`] transport failures in a row, a looked-up origin is
    /// forgotten and looked up again before the next attempt. Only while no chat exists: a chat's
    /// links are pinned to the origin that created it.
    pub(super) fn re_resolve_if_unreachable(&mut self) {
        let limit = self.config.re_resolve_after;
        if limit == 0
            || self.origins.chat_failures < limit
            || self.links.is_some()
            || !matches!(self.config.endpoint, Endpoint::Lookup { .. })
            || !self.needs_origin()
        {
            return;
        }
        let Some(origin) = self.origins.chat.take() else {
            return;
        };
        self.events.push_back(Event::OriginAbandoned {
            origin: origin.as_str().to_owned(),
            failures: self.origins.chat_failures,
        });
        self.origins.chat_failures = 0;
        let now = self.now;
        let domain = self.ch(Lane::Domain);
        domain.reset();
        domain.schedule(now);
    }

    /// The Domain API's answer for the chat service.
    pub(super) fn on_domain(&mut self, flight: &Flight, reply: Reply) {
        let failure = match self.ladder(flight, reply) {
            Outcome::Retrying => return,
            Outcome::Failed(failure) => failure,
            Outcome::Refused(refusal) => refusal.failure(),
            Outcome::Answer(response) => match self.read_domain(&response) {
                Ok(origin) => {
                    self.ch(Lane::Domain).reset();
                    self.events.push_back(Event::DomainResolved {
                        origin: origin.as_str().to_owned(),
                    });
                    self.origins.chat = Some(origin);
                    return;
                }
                Err(Unusable::Untrusted(detail)) => {
                    // Asking again will not make the answer trustworthy.
                    self.events.push_back(Event::ProtocolError {
                        kind: flight.kind,
                        detail: detail.clone(),
                    });
                    self.ch(Lane::Domain).reset();
                    self.fail_origin_calls(&Failure::NoLink);
                    self.fail_request(EndReason::ProtocolError(detail));
                    return;
                }
                Err(Unusable::Unreadable(detail)) => match self.malformed(flight, detail) {
                    Outcome::Failed(failure) => failure,
                    _ => return,
                },
            },
        };
        self.ch(Lane::Domain).reset();
        self.fail_origin_calls(&failure);
        let reason = match failure {
            Failure::Refused(refusal) => EndReason::Refused(refusal),
            _ => EndReason::ConnectionLost,
        };
        self.fail_request(reason);
    }

    /// The chat service's origin in a Domain API answer, if it is one the app key may go to.
    fn read_domain(&self, response: &http::Response<Vec<u8>>) -> Result<Origin, Unusable> {
        let Endpoint::Lookup { domain_api, scheme } = &self.config.endpoint else {
            return Err(Unusable::Untrusted("no Domain API is configured".into()));
        };
        let domains = wire::decode::<wire::DomainResponse>(response.body())
            .map_err(|e| Unusable::Unreadable(e.to_string()))?;
        let host = domains
            .base_uri("conversationVep")
            .ok_or_else(|| Unusable::Unreadable("no conversationVep entry".into()))?;
        let origin = Origin::from_host(scheme, host)
            .ok_or_else(|| Unusable::Unreadable(format!("`{host}` is not a host name")))?;
        trust(&self.config, domain_api, &origin).map_err(Unusable::Untrusted)?;
        Ok(origin)
    }

    /// The Domain API's answer for an App Engagement call's host (call at `at`).
    pub(super) fn on_engagement_lookup(&mut self, flight: &Flight, at: usize, reply: Reply) {
        let id = self.lanes.calls[at].id;
        let failure = match self.ladder(flight, reply) {
            Outcome::Retrying => return,
            Outcome::Failed(failure) => failure,
            // A service the Domain API does not know: try the next name.
            Outcome::Refused(refusal)
                if refusal.status == 404 && self.next_engagement_service(at) =>
            {
                return;
            }
            Outcome::Refused(refusal) => refusal.failure(),
            Outcome::Answer(response) => match self.adopt_engagement_origin(at, &response) {
                Ok(()) => return,
                Err(detail) => match self.malformed(flight, detail) {
                    Outcome::Failed(failure) => failure,
                    _ => return,
                },
            },
        };
        self.fail_call(id, failure);
    }

    /// Reads a Domain API answer: the first configured service it names, from the one asked for.
    fn adopt_engagement_origin(
        &mut self,
        at: usize,
        response: &http::Response<Vec<u8>>,
    ) -> Result<(), String> {
        let config = Arc::clone(&self.config);
        let EngagementEndpoint::Lookup {
            domain_api,
            scheme,
            services,
        } = &config.engagement_endpoint
        else {
            return Err("no App Engagement lookup is configured".into());
        };
        let Some(call) = &self.lanes.calls[at].call.engagement else {
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
            if let Some(call) = &mut self.lanes.calls[at].call.engagement {
                call.service = 0;
            }
            return Err(format!("no entry for {}", services.join(" or ")));
        };
        let origin =
            Origin::from_host(scheme, host).ok_or(format!("`{host}` is not a host name"))?;
        trust(&config, domain_api, &origin)?;
        self.origins.engagement = Some(Box::new(origin));
        let slot = &mut self.lanes.calls[at];
        slot.channel.reset();
        slot.channel.schedule(self.now);
        Ok(())
    }

    /// Moves the lookup to the next configured service name; false when there is none.
    fn next_engagement_service(&mut self, at: usize) -> bool {
        let count = match &self.config.engagement_endpoint {
            EngagementEndpoint::Lookup { services, .. } => services.len(),
            _ => 0,
        };
        let slot = &mut self.lanes.calls[at];
        let Some(call) = &mut slot.call.engagement else {
            return false;
        };
        if call.service + 1 >= count {
            return false;
        }
        call.service += 1;
        slot.channel.schedule(self.now);
        true
    }

    /// After [`ChatConfig::re_resolve_after`] connection failures in a row to a looked-up App
    /// Engagement host, it is forgotten and looked up again before the next attempt.
    pub(super) fn count_engagement_failure(&mut self, cause: RetryCause) {
        if cause != RetryCause::Transport {
            self.origins.engagement_failures = 0;
            return;
        }
        let o = &mut self.origins;
        o.engagement_failures = o.engagement_failures.saturating_add(1);
        let limit = self.config.re_resolve_after;
        let looked_up = matches!(
            self.config.engagement_endpoint,
            EngagementEndpoint::Lookup { .. }
        );
        if looked_up && limit > 0 && o.engagement_failures >= limit {
            if let Some(origin) = o.engagement.take() {
                self.events.push_back(Event::OriginAbandoned {
                    origin: origin.as_str().to_owned(),
                    failures: o.engagement_failures,
                });
            }
            o.engagement_failures = 0;
        }
    }

    /// An "account loading" answer (500, internal code 20) names the visitor id the App
    /// Engagement retry must use.
    pub(super) fn note_account_loading(&mut self, lane: Lane, response: &http::Response<Vec<u8>>) {
        let Lane::Call(id) = lane else {
            return;
        };
        if response.status() != http::StatusCode::INTERNAL_SERVER_ERROR {
            return;
        }
        let body = response.body();
        let limit = body.len().min(self.config.limits.max_body_bytes);
        let Some(error) = ErrorBody::parse(&body[..limit]) else {
            return;
        };
        if !error.has_code(internal_code::ACCOUNT_LOADING) {
            return;
        }
        let Some(vid) = error.message.as_deref().and_then(loading_vid) else {
            return;
        };
        let slot = self.lanes.calls.iter_mut().find(|c| c.id == id);
        if let Some(call) = slot.and_then(|c| c.call.engagement.as_mut()) {
            call.visitor_id = Some(vid.to_owned());
        }
    }
}
