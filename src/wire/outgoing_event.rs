//! Events the visitor posts to the `events` link (§ 4.11): one per POST.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    /// `{"@type": "state", "state": "ended"}`: end the chat.
    End,
    /// `{"@type": "line-status", "lineStatus": …, "refSequenceId": "11", "metadata": []}`:
    /// a receipt for the line with `@id` `ref_sequence_id`.
    LineStatus {
        /// `lineStatus`.
        status: LineStatusKind,
        /// `refSequenceId`, written as a numeric string as observed.
        ref_sequence_id: u64,
    },
}

impl OutgoingEvent {
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
    #[serde(default, deserialize_with = "lenient::text")]
    text: String,
    #[serde(default)]
    state: Option<String>,
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
            OutgoingEvent::End => {
                m.serialize_entry("@type", "state")?;
                m.serialize_entry("state", "ended")?;
            }
            OutgoingEvent::LineStatus {
                status,
                ref_sequence_id,
            } => {
                m.serialize_entry("@type", "line-status")?;
                m.serialize_entry("lineStatus", status)?;
                m.serialize_entry("refSequenceId", &ref_sequence_id.to_string())?;
                m.serialize_entry("metadata", &[(); 0])?;
            }
        }
        m.end()
    }

    fn deserialize_body<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let f = Fields::deserialize(d)?;
        match f.at_type.or(f.plain_type).as_deref() {
            Some("line") => Ok(OutgoingEvent::Line { text: f.text }),
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
