//! Events the visitor posts to the `events` link (§ 4.11): one per POST.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::decode::Document;
use super::envelope::{deserialize_enveloped, serialize_enveloped, Body};
use super::lenient;
use super::line_status::LineStatusKind;

/// A posted event; serializes as the whole body, `{"event": {"@type": …, …}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutgoingEvent {
    /// `{"@type": "line", "text": …}`: a chat line (shown to the agent as literal text).
    Line {
        /// `text`.
        text: String,
    },
    /// `{"@type": "line", "text": …, "textType": "rich-content", "json": …, "metadata": […]}`:
    /// a structured-content line, `text` written only when given.
    ///
    /// The shape is what LivePerson's SDK 3.1.0 posts for `addLine({text, json, metadata})`
    /// (observed-behaviour § 3.2); whether the chat service relays it to every agent console is
    /// not observed, so prefer a plain [`OutgoingEvent::Line`] unless the agent's side asks for
    /// rich content.
    RichContent {
        /// `text`: shown by consoles that do not render cards.
        text: Option<String>,
        /// `json`: the structured content.
        json: Value,
        /// `metadata`: written as an array, `[]` when empty, as the SDK does.
        metadata: Vec<Value>,
    },
    /// `{"@type": "state", "state": "ended"}`: end the chat.
    End,
    /// `{"@type": "line-status", "lineStatus": …, "refSequenceId": "11", "metadata": […]}`:
    /// a receipt for the line with `@id` `ref_sequence_id`, as LivePerson's SDK 3.1.0 posts it
    /// (`addLineStatusEvent`, observed-behaviour § 3.1).
    LineStatus {
        /// `lineStatus`: `READ`, `ACCEPT` or `ACTION` are the values the SDK allows.
        status: LineStatusKind,
        /// `refSequenceId`. Written as a numeric string: the SDK passes the caller's value
        /// through, which is the line's `@id`, a numeric string on the wire; received receipts
        /// carry it so too.
        ref_sequence_id: u64,
        /// `metadata`: written as an array, `[]` when empty, as the SDK does.
        metadata: Vec<Value>,
    },
}

impl OutgoingEvent {
    /// A receipt with no metadata: `{"@type": "line-status", …, "metadata": []}`.
    pub fn line_status(status: LineStatusKind, ref_sequence_id: u64) -> Self {
        OutgoingEvent::LineStatus {
            status,
            ref_sequence_id,
            metadata: Vec::new(),
        }
    }

    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The members a posted event may carry, for decoding.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fields {
    #[serde(rename = "@type", default)]
    at_type: Option<String>,
    #[serde(rename = "type", default)]
    plain_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    text: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    json: Option<Value>,
    #[serde(default, deserialize_with = "lenient::one_or_many")]
    metadata: Vec<Value>,
    #[serde(default)]
    line_status: Option<LineStatusKind>,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    ref_sequence_id: Option<u64>,
}

impl Body for OutgoingEvent {
    fn serialize_body<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            OutgoingEvent::Line { text } => {
                m.serialize_entry("@type", "line")?;
                m.serialize_entry("text", text)?;
            }
            OutgoingEvent::RichContent {
                text,
                json,
                metadata,
            } => {
                m.serialize_entry("@type", "line")?;
                if let Some(text) = text {
                    m.serialize_entry("text", text)?;
                }
                m.serialize_entry("textType", "rich-content")?;
                m.serialize_entry("json", json)?;
                m.serialize_entry("metadata", metadata)?;
            }
            OutgoingEvent::End => {
                m.serialize_entry("@type", "state")?;
                m.serialize_entry("state", "ended")?;
            }
            OutgoingEvent::LineStatus {
                status,
                ref_sequence_id,
                metadata,
            } => {
                m.serialize_entry("@type", "line-status")?;
                m.serialize_entry("lineStatus", status)?;
                m.serialize_entry("refSequenceId", &ref_sequence_id.to_string())?;
                m.serialize_entry("metadata", metadata)?;
            }
        }
        m.end()
    }

    fn deserialize_body<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let f = Fields::deserialize(d)?;
        match f.at_type.or(f.plain_type).as_deref() {
            // A line with `json` is rich content, whatever its `textType` says.
            Some("line") => Ok(match f.json {
                Some(json) => OutgoingEvent::RichContent {
                    text: f.text,
                    json,
                    metadata: f.metadata,
                },
                None => OutgoingEvent::Line {
                    text: f.text.unwrap_or_default(),
                },
            }),
            Some("state") => match f.state.as_deref() {
                Some("ended") => Ok(OutgoingEvent::End),
                other => Err(D::Error::custom(format_args!(
                    "unsupported state {other:?} in a posted event"
                ))),
            },
            Some("line-status") => Ok(OutgoingEvent::LineStatus {
                status: f.line_status.unwrap_or_default(),
                ref_sequence_id: f
                    .ref_sequence_id
                    .ok_or_else(|| D::Error::custom("line-status without `refSequenceId`"))?,
                metadata: f.metadata,
            }),
            Some(other) => Err(D::Error::custom(format_args!(
                "unsupported posted event type `{other}`"
            ))),
            None => Err(D::Error::custom("posted event without `@type`")),
        }
    }
}

impl Serialize for OutgoingEvent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_enveloped("event", self, s)
    }
}

impl<'de> Deserialize<'de> for OutgoingEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_enveloped("event", d)
    }
}

impl Document for OutgoingEvent {
    const NAME: &'static str = "outgoing event";
    const ENVELOPE: Option<&'static str> = None;
}
