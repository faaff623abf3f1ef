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
                reply if reply.may_have_applied() => self.fail_head(LineFailure::Unconfirmed),
                _ => self.fail_head(LineFailure::ChatEnded),
            }
            return;
        }
        let may_have_applied = reply.may_have_applied();
        match reply {
            Reply::Success(response) => self.deliver_head(event_id_of(&response)),
            Reply::Retry {
                cause, retry_after, ..
            } if may_have_applied => self.reconcile_head(cause, retry_after),
            Reply::Retry {
                cause, retry_after, ..
            } => {
                if let Err(Failure::GaveUp { cause, attempts }) =
                    self.retry(Which::Line, flight, cause, retry_after)
                {
                    self.fail_head(LineFailure::GaveUp { cause, attempts });
                }
            }
            Reply::Refused(refusal) if refusal.status == 404 => self.chat_gone(),
            Reply::Refused(refusal) => {
                if refusal.status == 400
                    && refusal.internal_code() == Some(internal_code::NOT_IN_CHAT)
                {
                    // "Cannot add line while not in chat": keep it until a read shows chatting.
                    self.lines_blocked = true;
                    self.poll.schedule(self.now);
                    if self
                        .retry(
                            Which::Line,
                            flight,
                            RetryCause::NotInChat,
                            RetryAfter::Absent,
                        )
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

    /// The head's POST failed in a way that may have applied it (a timeout, any 5xx: a gateway
    /// may have given up after the backend added the line). It is not sent again until the
    /// stream, read `settle_time` after the failure, shows it did not land; the retry is
    /// announced only then.
    fn reconcile_head(&mut self, cause: RetryCause, retry_after: RetryAfter) {
        if let Some(event_id) = self.outbox.find_head_echo() {
            self.deliver_found(event_id);
            return;
        }
        let settle = later(self.now, self.config.retry.settle_time);
        self.outbox.head = Head::Reconciling {
            poll_seq: self.polls_sent + 1,
        };
        self.settle_until = Some(settle);
        self.pending_resend = Some(match self.plan_retry(Which::Line, cause, retry_after) {
            Ok(backoff) => {
                self.line.due = Some(later(self.now, backoff.pause));
                PendingResend::Retry {
                    cause,
                    tier: backoff.tier,
                }
            }
            Err(Failure::GaveUp { cause, attempts }) => {
                self.line.due = None;
                PendingResend::GiveUp { cause, attempts }
            }
            Err(_) => PendingResend::GiveUp { cause, attempts: 1 },
        });
        self.poll.schedule(settle);
    }

    pub(super) fn deliver_head(&mut self, event_id: Option<u64>) {
        if let Some(line) = self.outbox.delivered(event_id) {
            self.line_done();
            self.events.push_back(Event::LineDelivered {
                line: line.id,
                event_id,
            });
            self.brisk_until = Some(later(self.now, self.config.poll.after_visitor_line_for));
            if self.poll.retry.failures == 0 && self.poll.in_flight.is_none() {
                if let Some(due) = self.poll.due {
                    let brisk = later(self.now, self.config.poll.after_visitor_line);
                    self.poll.due = Some(due.min(brisk));
                }
            }
        }
    }

    pub(super) fn deliver_found(&mut self, event_id: u64) {
        self.settle_until = None;
        self.pending_resend = None;
        if let Some(line) = self.outbox.drop_head() {
            self.line_done();
            self.events.push_back(Event::LineDelivered {
                line: line.id,
                event_id: Some(event_id),
            });
        }
    }

    pub(super) fn fail_head(&mut self, reason: LineFailure) {
        self.settle_until = None;
        self.pending_resend = None;
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
    /// Only a read sent after the failure and after the settle time counts.
    pub(super) fn settle_reconciliation(&mut self, seq: u64, sent: Instant) {
        let Head::Reconciling { poll_seq } = self.outbox.head else {
            return;
        };
        // Its echo proves it landed, whenever it is read.
        if let Some(event_id) = self.outbox.find_head_echo() {
            self.deliver_found(event_id);
            return;
        }
        if let Some(at) = self.settle_until.filter(|at| sent < *at) {
            // Read too soon to say it did not land: the server may still apply it.
            self.poll.schedule(at);
            return;
        }
        if seq < poll_seq {
            return;
        }
        self.outbox.head = Head::Ready;
        self.settle_until = None;
        match self.pending_resend.take() {
            Some(PendingResend::GiveUp { cause, attempts }) => {
                self.fail_head(LineFailure::GaveUp { cause, attempts });
            }
            Some(PendingResend::Retry { cause, tier }) => {
                let due = self.line.due.unwrap_or(self.now).max(self.now);
                self.line.due = Some(due);
                self.events.push_back(Event::Retrying {
                    kind: RequestKind::SendLine,
                    cause,
                    tier,
                    attempt: self.line.retry.next_attempt(),
                    after: due - self.now,
                });
            }
            // Resumed from a snapshot: nothing was decided yet; send it now.
            None => self.line.schedule(self.now),
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
