//! Answers to the typing and visitor-name updates.

use super::*;

impl ChatSession {
    pub(super) fn on_typing(&mut self, flight: &Flight, typing: bool, reply: Reply) {
        match reply {
            Reply::Success(_) => {
                self.typing_channel.reset();
                self.typing.sent = Some(typing);
                if self.typing.pending().is_some() {
                    self.typing_channel.schedule(self.now);
                }
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                self.typing.sent = None;
                if let Err(failure) = self.retry(Which::Typing, flight, cause, retry_after) {
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
                self.typing_channel.reset();
                self.typing.sent = Some(typing);
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: refusal.failure(),
                });
            }
        }
    }

    pub(super) fn on_name(&mut self, flight: &Flight, name: String, reply: Reply) {
        match reply {
            Reply::Success(_) => {
                self.name_channel.reset();
                if self.pending_name.as_ref() == Some(&name) {
                    self.pending_name = None;
                } else if self.pending_name.is_some() {
                    self.name_channel.schedule(self.now);
                }
                self.events.push_back(Event::VisitorNameSet(name));
            }
            Reply::Retry {
                cause, retry_after, ..
            } => {
                if let Err(failure) = self.retry(Which::Name, flight, cause, retry_after) {
                    self.pending_name = None;
                    self.events.push_back(Event::RequestFailed {
                        kind: flight.kind,
                        failure,
                    });
                }
            }
            Reply::Refused(refusal) if refusal.status == 404 => {
                self.pending_name = None;
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: refusal.failure(),
                });
                self.chat_gone();
            }
            Reply::Refused(refusal) => {
                self.name_channel.reset();
                if self.pending_name.as_ref() == Some(&name) {
                    self.pending_name = None;
                }
                self.events.push_back(Event::RequestFailed {
                    kind: flight.kind,
                    failure: refusal.failure(),
                });
            }
        }
    }
}
