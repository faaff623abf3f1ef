//! Survey answers: inside the chat request, and the exit/offline survey submissions.

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decode::Document;
use super::envelope::{deserialize_enveloped, serialize_enveloped, Body};
use super::id::{self, Id};
use super::lenient;

/// `{"id": <surveyId>, "question": [{"id": <questionId>, "answer": …}, …]}`. Ids are read
/// from strings or numbers and written as numbers when numeric, as the docs' examples show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswers {
    /// `id`: the survey id.
    #[serde(serialize_with = "id::numeric")]
    pub id: Id,
    /// `question`: always written as an array; read one-or-many.
    #[serde(
        rename = "question",
        default,
        deserialize_with = "lenient::one_or_many"
    )]
    pub answers: Vec<Answer>,
}

/// `{"id": <questionId>, "answer": "x" | ["a", "b"]}` (`value` is accepted for `answer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// `id`: the question id.
    #[serde(rename = "id", serialize_with = "id::numeric")]
    pub question: Id,
    /// `answer`.
    #[serde(rename = "answer", alias = "value")]
    pub value: AnswerValue,
}

/// An answer: one string, or several for a `Checkbox` question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerValue {
    /// A single answer (a JSON string).
    One(String),
    /// Several answers (a JSON array of strings).
    Many(Vec<String>),
}

impl Serialize for AnswerValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerValue::One(v) => s.serialize_str(v),
            AnswerValue::Many(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnswerValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerValue, A::Error> {
                let mut out = Vec::new();
                while let Some(TextItem(v)) = seq.next_element()? {
                    out.push(v);
                }
                Ok(AnswerValue::Many(out))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnswerValue, E> {
                Ok(AnswerValue::One(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<AnswerValue, E> {
                Ok(AnswerValue::One(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::One(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::One(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::One(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AnswerValue, E> {
                Ok(AnswerValue::One(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One element of a `Many` answer, read leniently as text.
struct TextItem(String);

impl<'de> Deserialize<'de> for TextItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::text(d).map(TextItem)
    }
}

/// Exit survey submission body (§ 4.19): serializes as `{"survey": {"id", "question"}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitSurveySubmission(pub SurveyAnswers);

impl ExitSurveySubmission {
    /// The request body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl Body for SurveyAnswers {
    fn serialize_body<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize(s)
    }
    fn deserialize_body<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize(d)
    }
}

impl Serialize for ExitSurveySubmission {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_enveloped("survey", &self.0, s)
    }
}

impl<'de> Deserialize<'de> for ExitSurveySubmission {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_enveloped("survey", d).map(ExitSurveySubmission)
    }
}

impl Document for ExitSurveySubmission {
    const NAME: &'static str = "exit survey submission";
    const ENVELOPE: Option<&'static str> = None;
}
