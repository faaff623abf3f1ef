//! When each lane may send, and what it sends: the chat loop's requests are built here, one-shot
//! calls by their [row](super::call_table).

use crate::request::ApiCall;

use super::*;

impl ChatSession {
    /// Whether a lane's work is possible at all right now, whatever its schedule.
    pub(super) fn gate(&self, lane: Lane) -> bool {
        let live = self.stage.has_chat();
        match lane {
            Lane::Domain => self.origins.chat.is_none() && self.needs_origin(),
            Lane::Start => {
                self.stage.phase() == Phase::Requesting
                    && self.origins.chat.is_some()
                    && self.links.is_none()
            }
            Lane::Poll => live,
            Lane::Line => {
                live && self.chatting()
                    && !self.outbox.blocked
                    && self.outbox.head == Head::Ready
                    && !self.outbox.queue.is_empty()
            }
            Lane::End => {
                self.stage
                    .ending()
                    .is_some_and(|e| e.confirm_read.is_none())
                    && self
                        .lanes
                        .get(Lane::Line)
                        .is_some_and(|c| c.in_flight.is_none())
                    && (self.outbox.queue.is_empty() || !self.chatting())
            }
            Lane::Typing => {
                self.stage == Stage::Live && self.chatting() && self.typing.pending().is_some()
            }
            // The `visitor-name` link comes with the first read of the chat, not with its
            // creation: wait for a read (which always reports the state) before sending.
            Lane::Name => {
                self.stage == Stage::Live
                    && self.pending_name.is_some()
                    && self.server.state.is_some()
            }
            Lane::Call(id) => self.call_gate(id),
        }
    }

    /// Builds the request of a ready lane, or settles why it cannot go.
    pub(super) fn build(
        &mut self,
        lane: Lane,
    ) -> Option<(RequestKind, http::Request<Vec<u8>>, Payload)> {
        let (kind, call, payload) = match lane {
            Lane::Domain => {
                let Endpoint::Lookup { domain_api, .. } = &self.config.endpoint else {
                    return None;
                };
                let request = crate::request::domain_lookup(
                    domain_api,
                    &self.config.account_id,
                    "conversationVep",
                )?;
                return Some((RequestKind::ResolveDomain, request, Payload::None));
            }
            Lane::Start => {
                let origin = self.origins.chat.as_ref()?;
                let url = origin.account_url(&self.config.account_id, &["chat", "request"]);
                let body = self.config.chat_request.to_json();
                self.chat_request_leaves();
                (
                    RequestKind::RequestChat,
                    ApiCall::post(url, body),
                    Payload::None,
                )
            }
            Lane::Poll => {
                let Some(url) = self.chat_link(None) else {
                    // Only a corrupt snapshot leaves a chat that cannot be read: say so once
                    // rather than wake up for it forever.
                    self.finish(EndReason::ProtocolError(
                        "the chat's URL is not on the session's origin".into(),
                    ));
                    return None;
                };
                self.reads.polls_sent += 1;
                let read = Payload::Read(self.reads.polls_sent);
                (RequestKind::Poll, ApiCall::get(url), read)
            }
            Lane::Line => {
                let line = self.outbox.head()?.clone();
                let Some(url) = self.chat_link(Some(Rel::Events)) else {
                    self.fail_head(LineFailure::ChatEnded);
                    return None;
                };
                let body = match line.rich {
                    None => OutgoingEvent::Line { text: line.text },
                    Some(rich) => OutgoingEvent::RichContent {
                        text: Some(line.text),
                        json: rich.json,
                        metadata: rich.metadata,
                    },
                }
                .to_json();
                (
                    RequestKind::SendLine,
                    ApiCall::post(url, body),
                    Payload::Line(line.id),
                )
            }
            Lane::End => {
                let Some(url) = self.chat_link(Some(Rel::Events)) else {
                    self.finish(EndReason::Visitor);
                    return None;
                };
                let body = OutgoingEvent::End.to_json();
                (
                    RequestKind::EndChat,
                    ApiCall::post(url, body),
                    Payload::None,
                )
            }
            Lane::Typing => {
                let typing = self.typing.pending()?;
                let Some(url) = self.chat_link(Some(Rel::VisitorTyping)) else {
                    // No link to tell the server with; stop wanting to.
                    self.typing.sent = Some(typing);
                    return None;
                };
                let state = if typing {
                    wire::TypingState::Typing
                } else {
                    wire::TypingState::NotTyping
                };
                let body = to_json(&wire::VisitorTyping {
                    visitor_typing: state,
                });
                (
                    RequestKind::SetTyping,
                    ApiCall::put(url, body),
                    Payload::Typing(typing),
                )
            }
            Lane::Name => {
                let name = self.pending_name.clone()?;
                let Some(url) = self.chat_link(Some(Rel::VisitorName)) else {
                    self.pending_name = None;
                    self.ch(Lane::Name).reset();
                    self.events.push_back(Event::RequestFailed {
                        kind: RequestKind::SetVisitorName,
                        failure: Failure::NoLink,
                    });
                    return None;
                };
                let body = to_json(&wire::VisitorName {
                    visitor_name: name.clone(),
                });
                (
                    RequestKind::SetVisitorName,
                    ApiCall::put(url, body),
                    Payload::Name(name),
                )
            }
            Lane::Call(id) => {
                let (kind, request) = self.build_call(id)?;
                return Some((kind, request, Payload::None));
            }
        };
        Some((kind, call.build(&self.config), payload))
    }

    /// A link of the chat (or the read's URL for `None`), admitted against the origin.
    fn chat_link(&mut self, rel: Option<Rel>) -> Option<Url> {
        let links = self.links.as_ref()?;
        let href = match rel {
            None => links.poll_url(self.cursor.next_id),
            Some(Rel::Events) => links
                .get(Rel::Events)
                .unwrap_or_else(|| format!("{}/events", links.chat())),
            Some(rel) => links.get(rel)?,
        };
        self.origins.chat.as_ref()?.admit(&href).ok()
    }
}
