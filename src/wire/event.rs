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
pub struct StreamEvent {
    /// `@id`: sequential per chat, from 0.
    pub id: u64,
    /// `time`: when it happened (ISO-8601 with offset), as sent.
    pub time: Option<String>,
    /// What happened, by `@type`.
    pub body: EventBody,
}

impl StreamEvent {
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

impl Serialize for StreamEvent {
    /// Writes the server's shape: `@id` as a numeric string, then `@type`, `time` and the body.
    /// A body kept raw (`url`, unknown types, odd receipts) writes its header as it was read
    /// (a numeric `@id`, a `type` key), so that reading it again gives the same event.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = match &self.body {
            EventBody::Url(raw) => Some(raw),
            EventBody::Other { raw, .. } => raw.as_object(),
            _ => None,
        };
        let mut m = s.serialize_map(None)?;
        match raw.and_then(|r| r.get("@id")) {
            Some(id) if id.is_number() => m.serialize_entry("@id", &self.id)?,
            _ => m.serialize_entry("@id", &self.id.to_string())?,
        }
        let kind = self.body.kind();
        let type_key = raw.map_or("@type", |r| type_key(r, kind));
        m.serialize_entry(type_key, kind)?;
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
                    let link = super::link::Hyperlink {
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
            EventBody::Url(_) | EventBody::Other { .. } => {
                for (k, v) in raw.into_iter().flatten() {
                    if !["@id", "time", type_key].contains(&k.as_str()) {
                        m.serialize_entry(k, v)?;
                    }
                }
            }
        }
        m.end()
    }
}

/// The key a raw event's type was read from: `type` when that holds the type and `@type`
/// does not, else `@type`. It is written first, so reading again takes the type from it; the
/// other key, if any, stays an ordinary member.
fn type_key(raw: &serde_json::Map<String, serde_json::Value>, kind: &str) -> &'static str {
    let holds = |key: &str| raw.get(key).and_then(serde_json::Value::as_str) == Some(kind);
    if !holds("@type") && holds("type") {
        "type"
    } else {
        "@type"
    }
}
