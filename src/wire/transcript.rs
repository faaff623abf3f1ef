//! Transcript requests: email the chat to the visitor, through the `transcript-request` link
//! (§ 4.20) or the `transcript-with-subject-request` link (observed-behaviour § 3.4).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decode::Document;
use super::envelope::{deserialize_enveloped, serialize_enveloped, Body};
use super::lenient;

/// `{"email": …, "timezoneOffset": -7200000}` (flat, no envelope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptRequest {
    /// `email`: destination address.
    pub email: String,
    /// `timezoneOffset`: milliseconds from GMT (older page versions only); omitted when `None`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone_offset: Option<i64>,
}

impl TranscriptRequest {
    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl Document for TranscriptRequest {
    const NAME: &'static str = "transcript request";
    const ENVELOPE: Option<&'static str> = None;
}

/// Body for the `transcript-with-subject-request` link, as LivePerson's SDK 3.1.0 sends it
/// (POST + `X-HTTP-Method-Override: PUT`):
/// `{"transcriptRequest": {"email": …, "timezoneOffset": …, "subject": …}}`; `None` members
/// are omitted. The SDK falls back to [`TranscriptRequest`] (`{"email": …}`) on the
/// `transcript-request` link when the chat has no such link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct TranscriptWithSubjectRequest {
    /// `email`: destination address.
    #[serde(deserialize_with = "lenient::text")]
    pub email: String,
    /// `timezoneOffset`: milliseconds from GMT, as for [`TranscriptRequest`] (the SDK passes
    /// the caller's value through; read from a number or a numeric string).
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone_offset: Option<i64>,
    /// `subject`: the mail's subject.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub subject: Option<String>,
}

impl TranscriptWithSubjectRequest {
    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The same request for the `transcript-request` link: `email` and `timezoneOffset`, no
    /// subject (that resource documents none).
    pub fn without_subject(&self) -> TranscriptRequest {
        TranscriptRequest {
            email: self.email.clone(),
            timezone_offset: self.timezone_offset,
        }
    }
}

impl Body for TranscriptWithSubjectRequest {
    fn serialize_body<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        TranscriptWithSubjectRequest::serialize(self, s)
    }
    fn deserialize_body<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        TranscriptWithSubjectRequest::deserialize(d)
    }
}

impl Serialize for TranscriptWithSubjectRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_enveloped("transcriptRequest", self, s)
    }
}

impl<'de> Deserialize<'de> for TranscriptWithSubjectRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_enveloped("transcriptRequest", d)
    }
}

impl Document for TranscriptWithSubjectRequest {
    const NAME: &'static str = "transcript with subject request";
    const ENVELOPE: Option<&'static str> = None;
}
