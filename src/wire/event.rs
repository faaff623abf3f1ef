//! Chat events (spec § 6): one element of an `event` collection.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::a2a::A2aTransfer;
use super::chat_state::ChatState;
use super::line::Line;
use super::line_status::LineStatus;

/// One chat event: `{"@id": "7", "@type": "line", "time": …, …}`.
///
/// Decoding requires an integer `@id` (string or number; the session orders by it) and a type
/// key (`@type`, or `type`). Unknown event types are kept, not rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `@id`: sequential per chat, from 0.
    pub id: u64,
    /// `time`: when it happened (ISO-8601 with offset), as sent.
    pub time: Option<String>,
    /// What happened, by `@type`.
    pub body: EventBody,
}

impl Event {
    /// `time` in milliseconds since the Unix epoch; `None` when absent or not an ISO-8601 time
    /// with an offset (see [`parse_timestamp_ms`](super::time::parse_timestamp_ms)).
    pub fn time_ms(&self) -> Option<i64> {
        self.time
            .as_deref()
            .and_then(super::time::parse_timestamp_ms)
    }
}

/// The content of an event, by its `@type`.
#[derive(Debug, Clone, PartialEq)]
pub enum EventBody {
    /// `state`: the chat changed state.
    State(ChatState),
    /// `line`: chat text.
    Line(Line),
    /// `url`: undocumented; the whole event object as sent.
    Url(serde_json::Map<String, serde_json::Value>),
    /// `a2a-transfer`: the chat moves to another account.
    A2aTransfer(A2aTransfer),
    /// `line-status`: a delivery/read receipt.
    LineStatus(LineStatus),
    /// Any other `@type`, with the whole event object as sent.
    Other {
        /// The `@type` value.
        kind: String,
        /// The whole event object.
        raw: serde_json::Value,
    },
}

impl EventBody {
    /// The `@type` string of this body.
    pub fn kind(&self) -> &str {
        match self {
            EventBody::State(_) => "state",
            EventBody::Line(_) => "line",
            EventBody::Url(_) => "url",
            EventBody::A2aTransfer(_) => "a2a-transfer",
            EventBody::LineStatus(_) => "line-status",
            EventBody::Other { kind, .. } => kind,
        }
    }
}

/// Keys written from `Event` fields; raw bodies must not repeat them.
const HEADER_KEYS: [&str; 4] = ["@id", "@type", "type", "time"];

impl Serialize for Event {
    /// Writes the server's shape: `@id` as a numeric string, then `@type`, `time` and the body.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("@id", &self.id.to_string())?;
        m.serialize_entry("@type", self.body.kind())?;
        if let Some(time) = &self.time {
            m.serialize_entry("time", time)?;
        }
        match &self.body {
            EventBody::State(state) => m.serialize_entry("state", state)?,
            EventBody::Line(line) => {
                m.serialize_entry("text", &line.text)?;
                m.serialize_entry("textType", &line.text_type)?;
                if let Some(by) = &line.by {
                    m.serialize_entry("by", by)?;
                }
                if !line.source.as_str().is_empty() {
                    m.serialize_entry("source", &line.source)?;
                }
                if let Some(sm) = &line.system_message {
                    m.serialize_entry("systemMessageId", sm)?;
                }
                if let Some(sub) = &line.sub_type {
                    m.serialize_entry("subType", sub)?;
                }
                if let Some(json) = &line.json {
                    m.serialize_entry("json", json)?;
                }
                // Rich-content lines carry `metadata` even when empty, as observed.
                if line.json.is_some() || !line.metadata.is_empty() {
                    m.serialize_entry("metadata", &line.metadata)?;
                }
            }
            EventBody::A2aTransfer(a2a) => {
                if let Some(domain) = &a2a.domain {
                    m.serialize_entry("domain", domain)?;
                }
                if let Some(site) = &a2a.remote_site_id {
                    m.serialize_entry("remoteSiteId", site)?;
                }
                m.serialize_entry("chatRequestParameters", &a2a.chat_request_parameters)?;
                if let Some(href) = &a2a.link {
                    let link = super::link::Link {
                        rel: "a2a-transfer".to_owned(),
                        href: href.clone(),
                    };
                    m.serialize_entry("link", &link)?;
                }
                if let Some(skill) = &a2a.skill {
                    m.serialize_entry("skill", skill)?;
                }
            }
            EventBody::LineStatus(ls) => {
                m.serialize_entry("lineStatus", &ls.status)?;
                if let Some(r) = ls.ref_sequence_id {
                    m.serialize_entry("refSequenceId", &r.to_string())?;
                }
                if let Some(source) = &ls.source {
                    m.serialize_entry("source", source)?;
                }
                m.serialize_entry("metadata", &ls.metadata)?;
            }
            EventBody::Url(raw) => serialize_raw(&mut m, raw)?,
            EventBody::Other { raw, .. } => {
                if let Some(raw) = raw.as_object() {
                    serialize_raw(&mut m, raw)?;
                }
            }
        }
        m.end()
    }
}

/// Writes the members of a raw event object except those already written from the header.
fn serialize_raw<M: SerializeMap>(
    m: &mut M,
    raw: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), M::Error> {
    for (k, v) in raw {
        if !HEADER_KEYS.contains(&k.as_str()) {
            m.serialize_entry(k, v)?;
        }
    }
    Ok(())
}
