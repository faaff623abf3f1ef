//! Server-side state of one chat: its event list and the `info` fields.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::agent::Agenda;
use super::fields::Fields;

/// Server-side chat state (`info.state` and `state` events).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordState {
    /// Queued, no agent yet.
    Waiting,
    /// An agent accepted.
    Chatting,
    /// Ended by either side or by the idle timeout.
    Ended,
}

impl RecordState {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordState::Waiting => "waiting",
            RecordState::Chatting => "chatting",
            RecordState::Ended => "ended",
        }
    }
}

/// One event of a chat as the server stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Sequential id, from 0 (rendered as a numeric string in `@id`).
    pub id: u64,
    /// `@type`: `state`, `line`, `line-status`, `a2a-transfer`, or whatever a visitor posted.
    pub event_type: Cow<'static, str>,
    /// When it happened.
    pub time: Instant,
    /// Every other member as rendered (`state`, `text`, `textType`, `by`, `source`,
    /// `systemMessageId`, …).
    pub fields: Fields,
}

impl StoredEvent {
    /// `source` (`system`, `agent`, `visitor`), if any.
    pub fn source(&self) -> Option<&str> {
        self.fields.get("source").and_then(Value::as_str)
    }

    /// `text` of a line, if any.
    pub fn text(&self) -> Option<&str> {
        self.fields.get("text").and_then(Value::as_str)
    }

    /// `state` of a state event, if any.
    pub fn state(&self) -> Option<&str> {
        self.fields.get("state").and_then(Value::as_str)
    }

    /// `json` of a rich-content line: its card, if any.
    pub fn card(&self) -> Option<&Value> {
        self.fields.get("json")
    }

    /// `lineStatus` of a `line-status` event (`ACCEPT`, `READ`, `ACTION`), if any.
    pub fn line_status(&self) -> Option<&str> {
        self.fields.get("lineStatus").and_then(Value::as_str)
    }

    /// `refSequenceId` of a `line-status` event as a number, whether it is stored as a numeric
    /// string (as the service sends it) or as a number (as a client may post it).
    pub fn ref_sequence_id(&self) -> Option<u64> {
        match self.fields.get("refSequenceId")? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// `systemMessageId` as a number, whether it is stored as a number or a numeric string.
    pub fn system_message_id(&self) -> Option<u64> {
        match self.fields.get("systemMessageId")? {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }
}

/// Everything the server knows about one chat; see [`Emulator::chat`](super::Emulator::chat).
#[derive(Debug, Clone)]
pub struct ChatRecord {
    /// The chat id (last segment of the chat URL, also `info.chatSessionKey`).
    pub id: String,
    /// Current state.
    pub state: RecordState,
    /// All events, in id order.
    pub events: Vec<StoredEvent>,
    /// `info.visitorName` (default `you`).
    pub visitor_name: String,
    /// `info.visitorTyping`.
    pub visitor_typing: bool,
    /// `info.agentTyping`.
    pub agent_typing: bool,
    /// Agent name and id once accepted.
    pub agent: Option<(String, u64)>,
    /// When the chat was requested.
    pub started: Instant,
    /// When the idle timer last restarted (`info.lastUpdate`): the last request that reached
    /// any of the chat's URLs, or under [`Activity::WritesOnly`](super::Activity::WritesOnly)
    /// the last one that was not a read.
    pub last_update: Instant,
    /// Idle timeout (`info.chatTimeout`).
    pub timeout: Duration,
    /// When it ended, if it did.
    pub ended_at: Option<Instant>,
    /// When it stopped existing for clients (404 / internalCode 12 from then on).
    pub gone_at: Option<Instant>,
    /// The `request` object of the chat request, as sent.
    pub request: Value,
    /// Exit-survey submissions (`survey` objects), in order.
    pub exit_survey_answers: Vec<Value>,
    /// Transcript requests (the request bodies), in order, from either transcript URL.
    pub transcript_requests: Vec<Value>,
    /// `info.visitorId`.
    pub visitor_id: u64,
    /// `info.rtSessionId`.
    pub rt_session_id: u64,
    /// Created by a chat request applied late ([`Fault::LateApply`](super::Fault::LateApply)),
    /// after its client had timed out: nobody was told this chat's URL.
    pub orphan: bool,
    pub(crate) agenda: Agenda,
    /// The instant this chat is filed under in the emulator's due-index, if any.
    pub(crate) indexed_due: Option<Instant>,
}

impl ChatRecord {
    pub(crate) fn new(
        id: String,
        now: Instant,
        timeout: Duration,
        request: Value,
        visitor_id: u64,
        rt_session_id: u64,
        agenda: Agenda,
    ) -> Self {
        ChatRecord {
            id,
            state: RecordState::Waiting,
            events: Vec::new(),
            visitor_name: "you".to_owned(),
            visitor_typing: false,
            agent_typing: false,
            agent: None,
            started: now,
            last_update: now,
            timeout,
            ended_at: None,
            gone_at: None,
            request,
            exit_survey_answers: Vec::new(),
            transcript_requests: Vec::new(),
            visitor_id,
            rt_session_id,
            orphan: false,
            agenda,
            indexed_due: None,
        }
    }

    /// Whether the chat is gone: every URL of it answers 404 / internalCode 12.
    pub fn is_gone(&self) -> bool {
        self.gone_at.is_some()
    }

    /// Texts of all `line` events from `source`, in order.
    pub fn lines_from(&self, source: &str) -> Vec<&str> {
        self.events
            .iter()
            .filter(|e| e.event_type == "line" && e.source() == Some(source))
            .filter_map(StoredEvent::text)
            .collect()
    }

    /// Cards (`json`) of all rich-content lines from `source`, in order.
    pub fn cards_from(&self, source: &str) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|e| e.event_type == "line" && e.source() == Some(source))
            .filter_map(StoredEvent::card)
            .collect()
    }

    /// All `line-status` events (receipts) from `source` (`agent`, `visitor`), in order.
    pub fn receipts_from(&self, source: &str) -> Vec<&StoredEvent> {
        self.events
            .iter()
            .filter(|e| e.event_type == "line-status" && e.source() == Some(source))
            .collect()
    }

    /// Events with id `from` or later; a binary search, so a poll costs what it returns.
    pub(crate) fn events_from(&self, from: u64) -> &[StoredEvent] {
        let start = self.events.partition_point(|e| e.id < from);
        &self.events[start..]
    }

    /// Appends an event and returns its id.
    pub(crate) fn push(
        &mut self,
        event_type: impl Into<Cow<'static, str>>,
        time: Instant,
        fields: Fields,
    ) -> u64 {
        let id = self.events.len() as u64;
        self.events.push(StoredEvent {
            id,
            event_type: event_type.into(),
            time,
            fields,
        });
        id
    }

    pub(crate) fn push_state(&mut self, state: RecordState, time: Instant) -> u64 {
        self.state = state;
        if state == RecordState::Ended {
            self.ended_at = Some(time);
            self.agent_typing = false;
            self.visitor_typing = false;
            self.agenda.clear();
        }
        let mut f = Fields::with_capacity(6);
        f.insert("state", Value::from(state.as_str()));
        self.push("state", time, f)
    }

    /// A system line; `id_value` is the `systemMessageId` as it will be rendered.
    pub(crate) fn push_system_line(&mut self, text: &str, id_value: Value, time: Instant) -> u64 {
        let mut f = Fields::with_capacity(6);
        f.insert("textType", Value::from("plain"));
        f.insert("text", Value::from(text));
        f.insert("by", Value::from("info"));
        f.insert("source", Value::from("system"));
        f.insert("systemMessageId", id_value);
        f.insert("subType", Value::from("REGULAR"));
        self.push("line", time, f)
    }

    pub(crate) fn push_line(
        &mut self,
        source: &str,
        by: &str,
        text: &str,
        html: bool,
        time: Instant,
    ) -> u64 {
        let mut f = Fields::with_capacity(6);
        f.insert("textType", Value::from(if html { "html" } else { "plain" }));
        f.insert("text", Value::from(text));
        f.insert("by", Value::from(by));
        f.insert("source", Value::from(source));
        f.insert("subType", Value::from("REGULAR"));
        self.push("line", time, f)
    }

    /// A rich-content line: the card under `json`, empty `metadata`, no `text`.
    pub(crate) fn push_card(&mut self, source: &str, by: &str, card: Value, time: Instant) -> u64 {
        self.push_rich_line(source, by, None, card, Value::Array(Vec::new()), time)
    }

    /// A rich-content line with `json` and `metadata` as given, and `text` when there is one.
    pub(crate) fn push_rich_line(
        &mut self,
        source: &str,
        by: &str,
        text: Option<&str>,
        json: Value,
        metadata: Value,
        time: Instant,
    ) -> u64 {
        let mut f = Fields::with_capacity(7);
        f.insert("textType", Value::from("rich-content"));
        if let Some(text) = text {
            f.insert("text", Value::from(text));
        }
        f.insert("json", json);
        f.insert("metadata", metadata);
        f.insert("by", Value::from(by));
        f.insert("source", Value::from(source));
        f.insert("subType", Value::from("REGULAR"));
        self.push("line", time, f)
    }

    /// A receipt (`line-status`) from `source` on the line with `@id` `about`.
    pub(crate) fn push_receipt(
        &mut self,
        source: &str,
        status: &str,
        about: u64,
        time: Instant,
    ) -> u64 {
        let mut f = Fields::with_capacity(6);
        f.insert("lineStatus", Value::from(status));
        f.insert("refSequenceId", Value::from(about.to_string()));
        f.insert("metadata", Value::Array(Vec::new()));
        f.insert("source", Value::from(source));
        self.push("line-status", time, f)
    }

    /// When this chat next changes on its own: an agent action, the idle timeout, or the end of
    /// the retention of an ended chat.
    pub(crate) fn next_due(&self, retention: Duration) -> Option<Instant> {
        if self.is_gone() {
            return None;
        }
        // A deadline beyond what `Instant` can represent never comes.
        match self.ended_at {
            Some(ended) => ended.checked_add(retention),
            None => {
                let idle = self.last_update.checked_add(self.timeout);
                match (self.agenda.next_due(), idle) {
                    (Some(a), Some(i)) => Some(a.min(i)),
                    (a, i) => a.or(i),
                }
            }
        }
    }
}
