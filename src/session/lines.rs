//! Answers to line requests, and settling lines whose fate was unknown.

use super::*;

impl ChatSession {
    pub(super) fn on_line(&mut self, flight: &Flight, reply: Reply) {
        let head = self.outbox.head().map(|l| l.id);
        if !matches!(flight.payload, Payload::Line(id) if Some(id) == head) {
            return;
        }
        if self.stage == Stage::Ended {
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
                    self.retry(flight.lane, flight.kind, cause, retry_after)
                {
                    self.fail_head(LineFailure::GaveUp { cause, attempts });
                }
            }
            Reply::Refused(refusal) if refusal.status == 404 => self.chat_gone(),
            Reply::Refused(refusal) => {
                if refusal.status == 400
                    && refusal.internal_code == Some(internal_code::NOT_IN_CHAT)
                {
                    // "Cannot add line while not in chat": keep it until a read shows chatting.
                    self.block_lines();
                    let cause = RetryCause::NotInChat;
                    if self
                        .retry(flight.lane, flight.kind, cause, RetryAfter::Absent)
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
        let now = self.now;
        let settle = later(now, self.config.retry.settle_time);
        self.outbox.head = Head::Reconciling {
            poll_seq: self.reads.polls_sent + 1,
        };
        self.outbox.settle_until = Some(settle);
        self.outbox.resend = Some(match self.plan_retry(Lane::Line, cause, retry_after) {
            Ok(backoff) => {
                self.ch(Lane::Line).due = Some(later(now, backoff.pause));
                PendingResend::Retry {
                    cause,
                    tier: backoff.tier,
                }
            }
            Err(Failure::GaveUp { cause, attempts }) => {
                self.ch(Lane::Line).due = None;
                PendingResend::GiveUp { cause, attempts }
            }
            Err(_) => PendingResend::GiveUp { cause, attempts: 1 },
        });
        self.ch(Lane::Poll).schedule(settle);
    }

    pub(super) fn deliver_head(&mut self, event_id: Option<u64>) {
        if let Some(line) = self.outbox.delivered(event_id) {
            self.line_done();
            self.events.push_back(Event::LineDelivered {
                line: line.id,
                event_id,
            });
            self.reads.brisk_until = Some(later(self.now, self.config.poll.after_visitor_line_for));
            let brisk = later(self.now, self.config.poll.after_visitor_line);
            let poll = self.ch(Lane::Poll);
            if poll.retry.failures == 0 && poll.in_flight.is_none() {
                if let Some(due) = poll.due {
                    poll.due = Some(due.min(brisk));
                }
            }
        }
    }

    pub(super) fn deliver_found(&mut self, event_id: u64) {
        self.close_head(|line| Event::LineDelivered {
            line,
            event_id: Some(event_id),
        });
    }

    pub(super) fn fail_head(&mut self, reason: LineFailure) {
        self.close_head(|line| Event::LineFailed { line, reason });
    }

    /// Settles the head, whatever it was waiting for, with the event `outcome` makes.
    fn close_head(&mut self, outcome: impl FnOnce(LineId) -> Event) {
        self.outbox.settle_until = None;
        self.outbox.resend = None;
        if let Some(line) = self.outbox.drop_head() {
            self.line_done();
            self.events.push_back(outcome(line.id));
        }
    }

    /// The head is settled: the next line starts from the bottom of the ladder.
    pub(super) fn line_done(&mut self) {
        let now = self.now;
        self.ch(Lane::Line).reset();
        if !self.outbox.queue.is_empty() {
            self.ch(Lane::Line).schedule(now);
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
        if let Some(at) = self.outbox.settle_until.filter(|at| sent < *at) {
            // Read too soon to say it did not land: the server may still apply it.
            self.ch(Lane::Poll).schedule(at);
            return;
        }
        if seq < poll_seq {
            return;
        }
        self.outbox.head = Head::Ready;
        self.outbox.settle_until = None;
        match self.outbox.resend.take() {
            Some(PendingResend::GiveUp { cause, attempts }) => {
                self.fail_head(LineFailure::GaveUp { cause, attempts });
            }
            Some(PendingResend::Retry { cause, tier }) => {
                let now = self.now;
                let line = self.ch(Lane::Line);
                let due = line.due.unwrap_or(now).max(now);
                line.due = Some(due);
                let attempt = line.retry.next_attempt();
                self.events.push_back(Event::Retrying {
                    kind: RequestKind::SendLine,
                    cause,
                    tier,
                    attempt,
                    after: due - now,
                });
            }
            // Resumed from a snapshot: nothing was decided yet; send it now.
            None => {
                let now = self.now;
                self.ch(Lane::Line).schedule(now);
            }
        }
    }

    /// Fails every queued line except one whose fate is still being settled.
    pub(super) fn fail_queued(&mut self, reason: LineFailure) {
        let sending = self
            .lanes
            .get(Lane::Line)
            .is_some_and(|c| c.in_flight.is_some());
        let busy = sending || self.outbox.head != Head::Ready;
        let skip = usize::from(busy).min(self.outbox.queue.len());
        for line in self.outbox.queue.drain(skip..) {
            self.events.push_back(Event::LineFailed {
                line: line.id,
                reason: reason.clone(),
            });
        }
    }
}
