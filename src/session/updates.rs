//! Answers to the typing and visitor-name updates.

use super::*;

impl ChatSession {
    pub(super) fn on_typing(&mut self, flight: &Flight, reply: Reply) {
        let Payload::Typing(typing) = flight.payload else {
            return;
        };
        match reply {
            Reply::Success(_) => {
                self.ch(Lane::Typing).reset();
                self.typing.sent = Some(typing);
                if self.typing.pending().is_some() {
                    let now = self.now;
                    self.ch(Lane::Typing).schedule(now);
                }
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                self.typing.sent = None;
                if let Err(failure) = self.retry(flight.lane, flight.kind, cause, retry_after) {
                    self.typing.sent = Some(self.typing.desired);
                    self.events.push_back(Event::RequestFailed {
                        kind: flight.kind,
                        failure,
                    });
                }
            }
            Reply::Refused(refusal) if refusal.status == 404 => self.chat_gone(),
            Reply::Refused(refusal) => {
                // Typing is advisory: give up on this state; the next change tries again.
                self.ch(Lane::Typing).reset();
                self.typing.sent = Some(typing);
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: refusal.failure(),
                });
            }
        }
    }

    pub(super) fn on_name(&mut self, flight: &Flight, reply: Reply) {
        let Payload::Name(name) = &flight.payload else {
            return;
        };
        let name = name.clone();
        match reply {
            Reply::Success(_) => {
                self.ch(Lane::Name).reset();
                if self.pending_name.as_ref() == Some(&name) {
                    self.pending_name = None;
                } else if self.pending_name.is_some() {
                    let now = self.now;
                    self.ch(Lane::Name).schedule(now);
                }
                self.events.push_back(Event::VisitorNameSet(name));
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                if let Err(failure) = self.retry(flight.lane, flight.kind, cause, retry_after) {
                    self.pending_name = None;
                    self.events.push_back(Event::RequestFailed {
                        kind: flight.kind,
                        failure,
                    });
                }
            }
            Reply::Refused(refusal) => {
                self.ch(Lane::Name).reset();
                if refusal.status == 404 || self.pending_name.as_ref() == Some(&name) {
                    self.pending_name = None;
                }
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: refusal.failure(),
                });
                if refusal.status == 404 {
                    self.chat_gone();
                }
            }
        }
    }
}
