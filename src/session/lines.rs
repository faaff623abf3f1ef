//! Answers to line requests, and settling lines whose fate was unknown.

use super::*;

impl ChatSession {
    pub(super) fn on_line(&mut self, flight: &Flight, id: LineId, reply: Reply) {
        if self.outbox.head().map(|l| l.id) != Some(id) {
            return;
        }
        if self.phase == Phase::Ended {
            match reply {
                Reply::Success(response) => self.deliver_head(event_id_of(&response)),
                Reply::Retry {
                    maybe_applied: true,
                    ..
                } => self.fail_head(LineFailure::Unconfirmed),
                _ => self.fail_head(LineFailure::ChatEnded),
            }
            return;
        }
        match reply {
            Reply::Success(response) => self.deliver_head(event_id_of(&response)),
            Reply::Retry {
                cause,
                retry_after,
                maybe_applied,
            } => {
                if maybe_applied {
                    if let Some(event_id) = self.outbox.find_head_echo() {
                        self.deliver_found(event_id);
                        return;
                    }
                    // Read the stream past this failure before deciding.
                    self.outbox.head = Head::Reconciling {
                        poll_seq: self.polls_sent + 1,
                    };
                    self.poll.schedule(self.now);
                }
                if let Err(failure) = self.retry(Which::Line, flight, cause, retry_after) {
                    if self.outbox.head == Head::Ready {
                        if let Failure::GaveUp { cause, attempts } = failure {
                            self.fail_head(LineFailure::GaveUp { cause, attempts });
                        }
                    } else {
                        // Exhausted, but it may have landed: let the reconciliation decide.
                        self.line.due = None;
                        self.line.retry.failures = u32::MAX;
                    }
                }
            }
            Reply::Refused(refusal) => {
                if refusal.status == 400
                    && refusal.internal_code() == Some(internal_code::NOT_IN_CHAT)
                {
                    // "Cannot add line while not in chat": keep it until a read shows chatting.
                    self.lines_blocked = true;
                    self.poll.schedule(self.now);
                    if self
                        .retry(Which::Line, flight, RetryCause::NotInChat, None)
                        .is_err()
                    {
                        self.fail_head(refusal.line_failure());
                    }
                } else {
                    self.fail_head(refusal.line_failure());
                }
            }
        }
    }

    pub(super) fn deliver_head(&mut self, event_id: Option<u64>) {
        if let Some(line) = self.outbox.delivered(event_id) {
            self.line_done();
            self.events.push_back(Event::LineDelivered {
                line: line.id,
                event_id,
            });
            self.brisk_until = Some(self.now + self.config.poll.after_visitor_line_for);
            if self.poll.retry.failures == 0 && self.poll.in_flight.is_none() {
                if let Some(due) = self.poll.due {
                    self.poll.due = Some(due.min(self.now + self.config.poll.after_visitor_line));
                }
            }
        }
    }

    pub(super) fn deliver_found(&mut self, event_id: u64) {
        if let Some(line) = self.outbox.drop_head() {
            self.line_done();
            self.events.push_back(Event::LineDelivered {
                line: line.id,
                event_id: Some(event_id),
            });
        }
    }

    pub(super) fn fail_head(&mut self, reason: LineFailure) {
        if let Some(line) = self.outbox.drop_head() {
            self.line_done();
            self.events.push_back(Event::LineFailed {
                line: line.id,
                reason,
            });
        }
    }

    /// The head is settled: the next line starts from the bottom of the ladder.
    pub(super) fn line_done(&mut self) {
        self.line.reset();
        if !self.outbox.queue.is_empty() {
            self.line.schedule(self.now);
        }
    }

    /// After a poll: a line whose fate was unknown is either found in the stream or sent again.
    pub(super) fn settle_reconciliation(&mut self, seq: u64) {
        let Head::Reconciling { poll_seq } = self.outbox.head else {
            return;
        };
        if seq < poll_seq {
            return;
        }
        if let Some(event_id) = self.outbox.find_head_echo() {
            self.deliver_found(event_id);
            return;
        }
        self.outbox.head = Head::Ready;
        if self.line.retry.failures == u32::MAX {
            let attempts = self.config.retry.max_attempts;
            self.fail_head(LineFailure::GaveUp {
                cause: RetryCause::Transport,
                attempts,
            });
        } else if self.line.due.is_none() {
            self.line.schedule(self.now);
        }
    }

    /// Fails every queued line except one whose fate is still being settled.
    pub(super) fn fail_queued(&mut self, reason: LineFailure) {
        let busy = self.line.in_flight.is_some() || self.outbox.head != Head::Ready;
        let skip = usize::from(busy).min(self.outbox.queue.len());
        for line in self.outbox.queue.drain(skip..) {
            self.events.push_back(Event::LineFailed {
                line: line.id,
                reason: reason.clone(),
            });
        }
    }
}
