//! Reading the chat: applying a decoded chat resource (links, events, info) and pacing the next
//! read.

use super::*;

impl ChatSession {
    pub(super) fn on_poll(&mut self, flight: &Flight, reply: Reply) {
        if !self.stage.has_chat() {
            return;
        }
        let Payload::Read(seq) = flight.payload else {
            return;
        };
        match reply {
            Reply::Success(response) => match wire::decode::<wire::ChatResource>(response.body()) {
                Ok(chat) => {
                    self.ch(Lane::Poll).reset();
                    self.reads.failing_since = None;
                    let server_now = date_ms(&response);
                    self.confirm_read(&chat, server_now, flight.sent);
                    self.apply_chat(chat, seq, flight.sent);
                }
                Err(e) => self.poll_failed(
                    flight,
                    RetryCause::MalformedResponse,
                    RetryAfter::Absent,
                    Some(e.to_string()),
                ),
            },
            Reply::Retry {
                cause, retry_after, ..
            } => self.poll_failed(flight, cause, retry_after, None),
            Reply::Refused(refusal) if refusal.status == 404 => self.chat_gone(),
            Reply::Refused(refusal) => self.finish(refusal.end_reason()),
        }
    }

    pub(super) fn poll_failed(
        &mut self,
        flight: &Flight,
        cause: RetryCause,
        retry_after: RetryAfter,
        detail: Option<String>,
    ) {
        if let Some(detail) = detail {
            self.events.push_back(Event::ProtocolError {
                kind: flight.kind,
                detail,
            });
        }
        if self.retry_poll(flight, cause, retry_after).is_err() {
            // The visitor asked to end it; otherwise the network took it.
            let reason = if self.stage.phase() == Phase::Ending {
                EndReason::Visitor
            } else {
                self.lost_reason()
            };
            self.finish(reason);
        }
    }

    /// Applies a fully decoded chat resource: links, events, then info.
    pub(super) fn apply_chat(&mut self, chat: wire::ChatResource, seq: u64, sent: Instant) {
        let bound = self.adopt_links(&chat);
        // The agent who takes the chat is named in the info; announce them with the state change
        // that lets them in, before their first line.
        let agent = chat.info.as_ref().and_then(|i| i.agent_name.clone());
        let max = self.config.limits.max_events_per_batch;
        let batch = self.cursor.accept(chat.events.events, bound, max);
        if !batch.impossible.is_empty() {
            self.events.push_back(Event::ProtocolError {
                kind: RequestKind::Poll,
                detail: format!(
                    "event ids {:?} cannot belong to the stream read from {}; dropped",
                    batch.impossible, self.cursor.next_id
                ),
            });
        }
        if batch.truncated {
            // The server's `next` would skip what was not delivered: read on from the cursor.
            let from = self.cursor.next_id;
            if let Some(links) = self.links.as_mut() {
                links.rewind_next(from);
            }
        }
        let mut ended = false;
        for step in batch.steps {
            match step {
                Step::Gap { from, to } => self.events.push_back(Event::EventsSkipped { from, to }),
                Step::Event(event) => ended |= self.on_chat_event(event, agent.as_deref()),
            }
        }
        if let Some(info) = chat.info {
            ended |= self.apply_info(info);
        }
        self.unblock_lines_if_chatting();
        self.settle_reconciliation(seq, sent);
        if let Some(reason) = self.end_after_read(seq, ended, !batch.truncated) {
            self.finish(reason);
            return;
        }
        let at = if batch.truncated {
            self.now
        } else {
            self.healthy_poll_at(self.poll_interval())
        };
        self.ch(Lane::Poll).schedule(at);
    }

    pub(super) fn poll_interval(&self) -> Duration {
        let p = &self.config.poll;
        if !self.chatting() {
            p.waiting
        } else if self.server.agent_typing {
            p.agent_typing
        } else if self.reads.brisk_until.is_some_and(|at| self.now < at) {
            p.after_visitor_line
        } else {
            p.chatting
        }
    }

    /// Takes the links the session acts on, each admitted only on the origin and within the
    /// chat. Returns the `from` of the read's own `next` link, which bounds its event ids.
    pub(super) fn adopt_links(&mut self, chat: &wire::ChatResource) -> Option<u64> {
        self.origins.chat.as_ref()?;
        self.links.as_ref()?;
        // The origin and the chat's path, taken only when a link must be admitted: most polls
        // change no link but `next`, and that only in its cursor.
        let mut pin: Option<(Origin, String)> = None;
        let info_links = chat.info.as_ref().map(|i| &i.links);
        let wanted = [
            (Rel::Next, &chat.links),
            (Rel::Events, &chat.links),
            (Rel::Info, &chat.links),
            (Rel::ExitSurvey, &chat.links),
            (Rel::TranscriptRequest, &chat.links),
            (Rel::TranscriptWithSubject, &chat.links),
        ];
        let from_info = [Rel::VisitorName, Rel::VisitorTyping, Rel::AgentTyping]
            .into_iter()
            .filter_map(|rel| info_links.map(|l| (rel, l)));
        let mut bound = None;
        for (rel, links) in wanted.into_iter().chain(from_info) {
            let Some(href) = links.get(rel.name()).map(|href| href.trim()) else {
                continue;
            };
            let held = self.links.as_ref();
            // Most links never change between polls: one already admitted needs no new parse.
            if held.is_some_and(|l| l.holds(rel, href)) {
                if rel == Rel::Next {
                    bound = held.and_then(ChatLinks::next_cursor);
                }
                continue;
            }
            let admitted = if held.is_some_and(|l| l.requeried(rel, href)) {
                Ok(href.to_owned())
            } else {
                if pin.is_none() {
                    pin = self.link_pin();
                }
                let Some((origin, scope)) = &pin else {
                    return bound;
                };
                origin.admit_within(href, scope).map(String::from)
            };
            match admitted {
                Ok(admitted) => {
                    if rel == Rel::Next {
                        bound = links::cursor_in(&admitted);
                        if self.is_backwards(bound) {
                            continue;
                        }
                    }
                    if let Some(store) = self.links.as_mut() {
                        store.set(rel, &admitted);
                    }
                }
                Err(problem) => {
                    if rel == Rel::Next {
                        // An older `next` is stale now: read on from the cursor instead.
                        if let Some(store) = self.links.as_mut() {
                            store.forget(Rel::Next);
                        }
                    }
                    if self.links.as_mut().is_some_and(|l| l.refuse(rel, href)) {
                        self.refuse_link(rel.name(), href, problem);
                    }
                }
            }
        }
        bound
    }

    /// What a changed link is admitted against: the chat's origin and its path.
    fn link_pin(&self) -> Option<(Origin, String)> {
        let chat = Url::parse(self.links.as_ref()?.chat()).ok()?;
        Some((self.origins.chat.clone()?, chat.path().to_owned()))
    }

    /// A `next` link whose cursor is behind the current one would replay the stream.
    pub(super) fn is_backwards(&self, new: Option<u64>) -> bool {
        let current = self.links.as_ref().and_then(ChatLinks::next_cursor);
        match (current, new) {
            (Some(current), Some(new)) => new < current,
            _ => false,
        }
    }

    /// One new event of the stream. Returns whether it ends the chat.
    pub(super) fn on_chat_event(&mut self, event: wire::StreamEvent, agent: Option<&str>) -> bool {
        let id = event.id;
        match event.body {
            EventBody::State(state) => {
                let ended = state == ChatState::Ended;
                self.set_state(state, agent);
                ended
            }
            EventBody::Line(line) => {
                if line.source == wire::LineSource::Visitor {
                    self.outbox.observe_echo(id, &line.text);
                }
                if line.source == wire::LineSource::System {
                    if let Some(message) = line.system_message {
                        self.server.last_system = Some(message);
                    }
                }
                self.events.push_back(Event::Line {
                    event_id: id,
                    time: event.time,
                    line,
                });
                false
            }
            EventBody::LineStatus(receipt) => {
                self.events.push_back(Event::LineStatus {
                    event_id: id,
                    status: receipt.status,
                    about: receipt.ref_sequence_id,
                    source: receipt.source,
                });
                false
            }
            EventBody::A2aTransfer(transfer) => {
                self.events.push_back(Event::Transferred {
                    event_id: id,
                    transfer,
                });
                false
            }
            body => {
                self.events.push_back(Event::Other { event_id: id, body });
                false
            }
        }
    }

    /// Applies the info section. Returns whether it says the chat ended.
    pub(super) fn apply_info(&mut self, info: wire::Info) -> bool {
        // The events carry state changes in order; info only fills in when they are missing.
        if let Some(state) = info
            .state
            .clone()
            .filter(|s| !matches!(s, ChatState::Other(_)))
        {
            self.set_state(state, info.agent_name.as_deref());
        }
        // A timeout beyond a day is no chat's: the keep-alive's bounds would stop meaning
        // anything, so such a value is not taken.
        let timeout = info.chat_timeout.map(|t| Duration::from_secs(u64::from(t)));
        if let Some(timeout) = timeout.filter(|t| !t.is_zero() && *t <= MAX_CHAT_TIMEOUT) {
            self.server.timeout = timeout;
        }
        if info.duration.is_some() {
            self.server.duration = info.duration;
        }
        if let Some(ms) = info.last_update_ms() {
            self.server.last_update_ms = Some(ms);
        }
        let ended = info.state == Some(ChatState::Ended);
        self.agent_named(info.agent_name);
        let typing = info.agent_typing == Some(wire::TypingState::Typing);
        if typing != self.server.agent_typing {
            self.server.agent_typing = typing;
            self.events.push_back(Event::AgentTyping(typing));
        }
        ended
    }
}

/// The answer's `Date` header in Unix milliseconds, if it has a readable one.
fn date_ms(response: &http::Response<Vec<u8>>) -> Option<i64> {
    let date = response.headers().get(http::header::DATE)?.to_str().ok()?;
    let at = httpdate::parse_http_date(date.trim()).ok()?;
    let since = at.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(since.as_millis()).ok()
}

impl ChatSession {
    /// Reports a link the session will not follow.
    pub(super) fn refuse_link(&mut self, rel: &str, href: &str, problem: LinkProblem) {
        match problem {
            LinkProblem::Foreign | LinkProblem::Outside | LinkProblem::NoOrigin => {
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
}
