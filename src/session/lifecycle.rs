//! The chat's life around the poll: finding the origin, creating the chat, ending it.

use super::*;

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
                let scheme = match &self.config.endpoint {
                    Endpoint::Lookup { scheme, .. } => scheme.clone(),
                    _ => "https".to_owned(),
                };
                let found = wire::decode::<wire::DomainResponse>(response.body())
                    .map_err(|e| e.to_string())
                    .and_then(|d| {
                        d.base_uri("conversationVep")
                            .map(str::to_owned)
                            .ok_or_else(|| "no conversationVep entry".to_owned())
                    })
                    .and_then(|host| {
                        Origin::from_host(&scheme, &host)
                            .ok_or(format!("`{host}` is not a host name"))
                    });
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
                        match self.retry(Which::Domain, flight, RetryCause::MalformedResponse, None)
                        {
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
                let admitted = self.origin.as_ref().map(|o| o.admit(location));
                match admitted {
                    Some(Ok(url)) => self.open_chat(url.to_string()),
                    Some(Err(problem)) => {
                        self.refuse_link("location", location, problem);
                        self.finish(EndReason::ProtocolError(format!(
                            "unusable Location `{location}`"
                        )));
                    }
                    None => self.finish(EndReason::ProtocolError("no origin".into())),
                }
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                if self.end_requested {
                    self.finish(EndReason::Visitor);
                } else if self
                    .retry(Which::Start, flight, cause, retry_after)
                    .is_err()
                {
                    self.finish(EndReason::ConnectionLost);
                }
            }
            Reply::Refused(refusal) => self.finish(refusal.end_reason()),
        }
    }

    /// The server created the chat at `url` (already admitted): start reading it.
    pub(super) fn open_chat(&mut self, url: String) {
        self.events
            .push_back(Event::ChatCreated { url: url.clone() });
        self.links = Some(ChatLinks::new(url));
        self.origin_failures = 0;
        self.phase = Phase::Live;
        self.last_sent = Some(self.now);
        self.last_reached = Some(self.now);
        self.poll.schedule(self.now);
        if self.end_requested {
            self.phase = Phase::Ending;
            self.fail_queued(LineFailure::ChatEnded);
            self.end.schedule(self.now);
        }
    }

    pub(super) fn refuse_link(&mut self, rel: &str, href: &str, problem: LinkProblem) {
        match problem {
            LinkProblem::Foreign => self.events.push_back(Event::ForeignLinkRefused {
                rel: rel.to_owned(),
                href: href.to_owned(),
            }),
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
                // One more read collects what came before the end and confirms it.
                self.end_confirm_seq = Some(self.polls_sent + 1);
                self.poll.schedule(self.now);
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                if self.retry(Which::End, flight, cause, retry_after).is_err() {
                    self.finish(EndReason::Visitor);
                }
            }
            // Refused: not in chat any more, or gone. Either way it is over.
            Reply::Refused(_) => self.finish(EndReason::Visitor),
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

    /// The chat is over: report what can no longer happen, then the end itself.
    pub(super) fn finish(&mut self, reason: EndReason) {
        if self.phase == Phase::Ended {
            return;
        }
        let was_requesting = self.phase == Phase::Requesting;
        self.phase = Phase::Ended;
        if let Head::Reconciling { .. } = self.outbox.head {
            // The stream was never read past the failed send, whatever ended the chat: the line
            // is there if its echo was read, and may or may not be there otherwise.
            match self.outbox.find_head_echo() {
                Some(event_id) => self.deliver_found(event_id),
                None => self.fail_head(LineFailure::Unconfirmed),
            }
        }
        self.fail_queued(LineFailure::ChatEnded);
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
