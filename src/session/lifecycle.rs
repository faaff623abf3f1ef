//! The chat's life around the poll: finding the origin, creating the chat, ending it.

use super::*;

/// Whether secrets may go to `origin`, which the Domain API at `domain_api` named: its scheme
/// must be safe, and a LivePerson Domain API may name only LivePerson's hosts.
pub(super) fn trust(config: &ChatConfig, domain_api: &str, origin: &Origin) -> Result<(), String> {
    origin.check_scheme(config.allow_plain_http)?;
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

impl ChatSession {
    /// Counts transport failures in a row of requests to the origin made while no chat exists;
    /// any HTTP answer from it breaks the run.
    pub(super) fn count_origin_failure(&mut self, purpose: &Purpose, reply: &Reply) {
        let to_origin = match purpose {
            Purpose::Start => true,
            Purpose::Op(id) => self.ops.iter().any(|op| op.id == *id && op.needs_origin()),
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
            self.origin_failures = self.origin_failures.saturating_add(1);
        } else {
            self.origin_failures = 0;
        }
    }

    /// After [`ChatConfig::re_resolve_after`] transport failures in a row, a looked-up origin is
    /// forgotten and looked up again before the next attempt. Only while no chat exists: a chat's
    /// links are pinned to the origin that created it.
    pub(super) fn re_resolve_if_unreachable(&mut self) {
        let limit = self.config.re_resolve_after;
        if limit == 0
            || self.origin_failures < limit
            || self.links.is_some()
            || !matches!(self.config.endpoint, Endpoint::Lookup { .. })
            || !self.needs_origin()
        {
            return;
        }
        let Some(origin) = self.origin.take() else {
            return;
        };
        self.events.push_back(Event::OriginAbandoned {
            origin: origin.as_str().to_owned(),
            failures: self.origin_failures,
        });
        self.origin_failures = 0;
        self.domain.reset();
        self.domain.schedule(self.now);
    }

    pub(super) fn on_domain(&mut self, flight: &Flight, reply: Reply) {
        let failure = match reply {
            Reply::Success(response) => {
                let Endpoint::Lookup { domain_api, scheme } = &self.config.endpoint else {
                    return;
                };
                let found = wire::decode::<wire::DomainResponse>(response.body())
                    .map_err(|e| e.to_string())
                    .and_then(|d| {
                        d.base_uri("conversationVep")
                            .map(str::to_owned)
                            .ok_or_else(|| "no conversationVep entry".to_owned())
                    })
                    .and_then(|host| {
                        Origin::from_host(scheme, &host)
                            .ok_or(format!("`{host}` is not a host name"))
                    });
                if let Ok(origin) = &found {
                    if let Err(detail) = trust(&self.config, domain_api, origin) {
                        // Asking again will not make the answer trustworthy.
                        self.events.push_back(Event::ProtocolError {
                            kind: flight.kind,
                            detail: detail.clone(),
                        });
                        self.domain.reset();
                        self.fail_origin_ops(&Failure::NoLink);
                        if self.phase == Phase::Requesting {
                            self.finish(EndReason::ProtocolError(detail));
                        }
                        return;
                    }
                }
                match found {
                    Ok(origin) => {
                        self.domain.reset();
                        self.events.push_back(Event::DomainResolved {
                            origin: origin.as_str().to_owned(),
                        });
                        self.origin = Some(origin);
                        return;
                    }
                    Err(detail) => {
                        self.events.push_back(Event::ProtocolError {
                            kind: flight.kind,
                            detail,
                        });
                        match self.retry(
                            Which::Domain,
                            flight,
                            RetryCause::MalformedResponse,
                            RetryAfter::Absent,
                        ) {
                            Ok(()) => return,
                            Err(f) => f,
                        }
                    }
                }
            }
            Reply::Retry {
                cause, retry_after, ..
            } => match self.retry(Which::Domain, flight, cause, retry_after) {
                Ok(()) => return,
                Err(f) => f,
            },
            Reply::Refused(refusal) => refusal.failure(),
        };
        self.domain.reset();
        self.fail_origin_ops(&failure);
        if self.phase == Phase::Requesting {
            let reason = match failure {
                Failure::Refused {
                    status,
                    internal_code,
                    message,
                } => EndReason::Refused {
                    status,
                    internal_code,
                    message,
                },
                _ => EndReason::ConnectionLost,
            };
            self.finish(reason);
        }
    }

    pub(super) fn on_start(&mut self, flight: &Flight, reply: Reply) {
        match reply {
            Reply::Success(response) => {
                self.start.reset();
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok());
                let Some(location) = location else {
                    self.finish(EndReason::ProtocolError(
                        "chat request succeeded without a Location header".into(),
                    ));
                    return;
                };
                match self.admit_chat_url(location) {
                    Ok(url) => self.open_chat(url.to_string(), Some(flight.sent)),
                    Err(problem) => {
                        self.refuse_link("location", location, problem);
                        self.finish(EndReason::ProtocolError(format!(
                            "unusable Location `{location}`"
                        )));
                    }
                }
            }
            Reply::Retry {
                cause,
                retry_after,
                effect,
            } => {
                if self.end_requested {
                    self.finish(EndReason::Visitor);
                    return;
                }
                let Ok(backoff) = self.plan_retry(Which::Start, cause, retry_after) else {
                    self.finish(EndReason::ConnectionLost);
                    return;
                };
                let mut pause = backoff.pause;
                if effect == Effect::Unknown {
                    // The server may have created a chat whose Location never came back, and the
                    // API has no idempotency key. Asking again at once would leave two chats in
                    // the agents' queue; waiting until the unknown one would have timed out on
                    // the server means they are never there together.
                    pause = pause.max(self.orphan_lifetime());
                }
                self.schedule_retry(Which::Start, flight.kind, cause, backoff.tier, pause);
            }
            Reply::Refused(refusal) => self.finish(refusal.end_reason()),
        }
    }

    /// How long a chat created by a request whose answer was lost lives on the server: its idle
    /// timeout (nobody reads it), and the time the request may still take to be applied.
    fn orphan_lifetime(&self) -> Duration {
        let idle = self
            .config
            .chat_request
            .interaction_timeout
            .map_or(self.config.chat_timeout, |s| {
                Duration::from_secs(u64::from(s))
            });
        idle.saturating_add(self.config.retry.settle_time)
    }

    /// A chat URL the server or the caller handed over: on the origin, and a chat of this
    /// account (`/api/account/{account}/chat/{id}`), nothing else.
    pub(super) fn admit_chat_url(&self, href: &str) -> Result<Url, LinkProblem> {
        let origin = self.origin.as_ref().ok_or(LinkProblem::Foreign)?;
        let chats = origin.account_url(&self.config.account_id, &["chat"]);
        let url = origin.admit_within(href, chats.path())?;
        let below = url
            .path()
            .strip_prefix(chats.path())
            .is_some_and(|rest| rest.len() > 1 && rest.starts_with('/'));
        if below {
            Ok(url)
        } else {
            Err(LinkProblem::Outside)
        }
    }

    /// The server created the chat at `url` (already admitted): start reading it. `confirmed`:
    /// when the request that created it was sent.
    pub(super) fn open_chat(&mut self, url: String, confirmed: Option<Instant>) {
        self.events
            .push_back(Event::ChatCreated { url: url.clone() });
        self.links = Some(ChatLinks::new(url));
        self.origin_failures = 0;
        self.phase = Phase::Live;
        self.confirmed = confirmed;
        self.poll.schedule(self.now);
        if self.end_requested {
            self.phase = Phase::Ending;
            self.fail_queued(LineFailure::ChatEnded);
            self.end.schedule(self.now);
        }
    }

    pub(super) fn refuse_link(&mut self, rel: &str, href: &str, problem: LinkProblem) {
        match problem {
            LinkProblem::Foreign | LinkProblem::Outside => {
                self.events.push_back(Event::ForeignLinkRefused {
                    rel: rel.to_owned(),
                    href: href.to_owned(),
                })
            }
            LinkProblem::Unparseable => self.events.push_back(Event::ProtocolError {
                kind: RequestKind::Poll,
                detail: format!("link `{rel}` is not a URL: `{href}`"),
            }),
        }
    }

    pub(super) fn on_end(&mut self, flight: &Flight, reply: Reply) {
        if self.phase != Phase::Ending {
            return;
        }
        match reply {
            Reply::Success(_) => {
                self.end.reset();
                self.end_accepted = true;
                // One more read collects what came before the end and confirms it.
                self.end_confirm_seq = Some(self.polls_sent + 1);
                self.poll.schedule(self.now);
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                if self.retry(Which::End, flight, cause, retry_after).is_err() {
                    // The server never heard it, and will time the chat out by itself.
                    self.finish(EndReason::Visitor);
                }
            }
            Reply::Refused(refusal) if refusal.status == 404 => self.chat_gone(),
            // Refused while the chat still exists: most likely it ended already (400, not in
            // chat). One read says who ended it; the refusal is the reason if nobody did.
            Reply::Refused(refusal) => {
                self.end.reset();
                self.end_refused = Some(Box::new(refusal.end_reason()));
                self.end_confirm_seq = Some(self.polls_sent + 1);
                self.poll.schedule(self.now);
            }
        }
    }

    /// The host cannot send this request as it is set up: no retry can help, so the work it
    /// belongs to fails at once, and a chat that cannot be read or created ends.
    pub(super) fn unsendable(&mut self, flight: Flight, detail: String) {
        match flight.purpose {
            Purpose::Domain => {
                self.domain.reset();
                self.fail_origin_ops(&Failure::Misconfigured(detail.clone()));
                if self.phase == Phase::Requesting {
                    self.finish(EndReason::Misconfigured(detail));
                }
            }
            Purpose::Start | Purpose::Poll { .. } | Purpose::End => {
                self.finish(EndReason::Misconfigured(detail));
            }
            Purpose::Line(id) => {
                if self.outbox.head().map(|l| l.id) == Some(id) {
                    self.fail_head(LineFailure::Misconfigured(detail));
                }
            }
            Purpose::Typing(_) => {
                self.typing_channel.reset();
                self.typing.sent = Some(self.typing.desired);
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: Failure::Misconfigured(detail),
                });
            }
            Purpose::Name(_) => {
                self.name_channel.reset();
                self.pending_name = None;
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: Failure::Misconfigured(detail),
                });
            }
            Purpose::Op(op) => {
                if let Some(at) = self.ops.iter().position(|o| o.id == op) {
                    self.ops.remove(at);
                    self.events.push_back(Event::Failed {
                        op,
                        failure: Failure::Misconfigured(detail),
                    });
                }
            }
        }
    }

    /// Every line still owed an outcome gets one: the head whose POST may have landed is
    /// delivered if its echo was read and unconfirmed otherwise; the rest failed with the chat.
    pub(super) fn finish_owed_lines(&mut self) {
        if let Head::Reconciling { .. } = self.outbox.head {
            match self.outbox.find_head_echo() {
                Some(event_id) => self.deliver_found(event_id),
                None => self.fail_head(LineFailure::Unconfirmed),
            }
        }
        self.fail_queued(LineFailure::ChatEnded);
    }

    /// The chat is over: report what can no longer happen, then the end itself.
    pub(super) fn finish(&mut self, reason: EndReason) {
        if self.phase == Phase::Ended {
            return;
        }
        let was_requesting = self.phase == Phase::Requesting;
        self.phase = Phase::Ended;
        // The stream was never read past a failed send, whatever ended the chat: the line is
        // there if its echo was read, and may or may not be there otherwise.
        self.finish_owed_lines();
        if self.server.agent_typing {
            self.server.agent_typing = false;
            self.events.push_back(Event::AgentTyping(false));
        }
        for which in [
            Which::Domain,
            Which::Start,
            Which::Poll,
            Which::End,
            Which::Typing,
            Which::Name,
        ] {
            self.channel_mut(which).due = None;
        }
        if was_requesting {
            self.domain.reset();
        }
        self.pending_name = None;
        self.events.push_back(Event::ChatEnded { reason });
        self.fail_chat_ops();
    }
}
