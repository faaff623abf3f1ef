//! Visitor lines: strictly ordered, one on the wire at a time, and never sent twice blindly.
//!
//! A line whose POST may have reached the server (timeout, reset) is not re-sent until the event
//! stream has been read past the failure: the server echoes each visitor line with
//! `source: visitor`, so an echo nobody has claimed yet with the same text means it landed.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use std::time::Instant;

use crate::retry::{RetryCause, RetryTier};

use super::output::LineId;

/// How many unclaimed or expected echoes are remembered; older ones are forgotten first.
const ECHO_MEMORY: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct QueuedLine {
    pub id: LineId,
    pub text: String,
    /// The card and metadata of a rich-content line; its echo is still matched by `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rich: Option<Box<RichParts>>,
}

/// What a rich-content line carries besides its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RichParts {
    pub json: serde_json::Value,
    #[serde(default)]
    pub metadata: Vec<serde_json::Value>,
}

/// Where the head of the queue stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Head {
    /// Waiting to be sent (or in flight: the line channel knows).
    #[default]
    Ready,
    /// Its POST may have landed: waiting for a poll sent after the failure (`poll_seq` or later).
    Reconciling { poll_seq: u64 },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Outbox {
    pub queue: VecDeque<QueuedLine>,
    pub head: Head,
    echoes: Echoes,
    /// The server refused a line as "not in chat": lines wait for a read that shows chatting.
    #[serde(skip)]
    pub blocked: bool,
    /// Until then a line whose POST may have been applied is not judged by the stream: the
    /// server may still apply it (a request stuck in a queue behind a timeout).
    #[serde(skip)]
    pub settle_until: Option<Instant>,
    /// The retry the head gets if the stream shows it did not land.
    #[serde(skip)]
    pub resend: Option<PendingResend>,
}

/// A line retry decided when its POST failed ambiguously, announced only if the stream shows
/// the line did not land.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PendingResend {
    Retry { cause: RetryCause, tier: RetryTier },
    GiveUp { cause: RetryCause, attempts: u32 },
}

/// Visitor-line echoes seen in the stream, and those still expected for delivered lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Echoes {
    /// Visitor lines in the stream that no delivered line has claimed yet.
    unclaimed: VecDeque<(u64, String)>,
    /// Event ids of delivered lines whose echo has not been read yet.
    expected_ids: VecDeque<u64>,
    /// Texts of lines delivered without an event id, whose echo has not been read yet.
    expected_texts: VecDeque<String>,
}

fn remember<T>(list: &mut VecDeque<T>, item: T) {
    if list.len() == ECHO_MEMORY {
        list.pop_front();
    }
    list.push_back(item);
}

impl Outbox {
    pub fn head(&self) -> Option<&QueuedLine> {
        self.queue.front()
    }

    /// A visitor line read from the stream.
    pub fn observe_echo(&mut self, event_id: u64, text: &str) {
        let e = &mut self.echoes;
        if let Some(at) = e.expected_ids.iter().position(|id| *id == event_id) {
            e.expected_ids.remove(at);
        } else if e.expected_texts.front().is_some_and(|t| t == text) {
            e.expected_texts.pop_front();
        } else {
            remember(&mut e.unclaimed, (event_id, text.to_owned()));
        }
    }

    /// The head was accepted by the server; `event_id` comes from the response's `Location`.
    pub fn delivered(&mut self, event_id: Option<u64>) -> Option<QueuedLine> {
        let line = self.queue.pop_front()?;
        self.head = Head::Ready;
        let e = &mut self.echoes;
        match event_id {
            Some(id) => match e.unclaimed.iter().position(|(seen, _)| *seen == id) {
                Some(at) => {
                    e.unclaimed.remove(at);
                }
                None => remember(&mut e.expected_ids, id),
            },
            None => match e.unclaimed.iter().position(|(_, t)| *t == line.text) {
                Some(at) => {
                    e.unclaimed.remove(at);
                }
                None => remember(&mut e.expected_texts, line.text.clone()),
            },
        }
        Some(line)
    }

    /// If the head's echo has been read, claims it and returns its event id.
    pub fn find_head_echo(&mut self) -> Option<u64> {
        let text = &self.queue.front()?.text;
        let e = &mut self.echoes;
        let at = e.unclaimed.iter().position(|(_, t)| t == text)?;
        e.unclaimed.remove(at).map(|(id, _)| id)
    }

    /// Removes the head without delivering it.
    pub fn drop_head(&mut self) -> Option<QueuedLine> {
        self.head = Head::Ready;
        self.queue.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox(texts: &[&str]) -> Outbox {
        let mut o = Outbox::default();
        for (i, t) in texts.iter().enumerate() {
            o.queue.push_back(QueuedLine {
                rich: None,
                id: LineId(i as u64),
                text: (*t).to_owned(),
            });
        }
        o
    }

    #[test]
    fn an_echo_claimed_by_id_is_not_mistaken_for_a_later_line() {
        let mut o = outbox(&["ok", "ok"]);
        o.delivered(Some(7));
        o.observe_echo(7, "ok");
        assert_eq!(
            o.find_head_echo(),
            None,
            "event 7 belongs to the first line"
        );
        o.observe_echo(9, "ok");
        assert_eq!(o.find_head_echo(), Some(9));
    }

    #[test]
    fn an_echo_read_before_the_201_is_claimed_when_it_arrives() {
        let mut o = outbox(&["hi", "hi"]);
        o.observe_echo(4, "hi");
        o.delivered(Some(4));
        assert_eq!(o.find_head_echo(), None);
    }

    #[test]
    fn without_an_event_id_echoes_are_claimed_in_order_by_text() {
        let mut o = outbox(&["same", "same"]);
        o.delivered(None);
        o.observe_echo(3, "same");
        assert_eq!(o.find_head_echo(), None, "event 3 is the first line's echo");
        o.observe_echo(5, "same");
        assert_eq!(o.find_head_echo(), Some(5));
    }
}
