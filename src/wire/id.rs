//! Identifiers that arrive as JSON strings or numbers.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use serde::{Serialize, Serializer};

/// An identifier on the wire (`engagementId`, survey ids, `agentId`, …), sent by the server as
/// a JSON string or a JSON number; kept as its text.
///
/// Serialized as a JSON number when the text is a canonical unsigned integer that fits `u64`
/// (the docs ask for numbers where the value is numeric), otherwise as a string. Leading zeros
/// keep it a string so the value never changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id(String);

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as an unsigned integer, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        canonical_u64(&self.0)
    }
}

/// `Some` only for digit strings without a redundant leading zero that fit `u64`.
fn canonical_u64(s: &str) -> Option<u64> {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

impl From<u64> for Id {
    fn from(v: u64) -> Self {
        Id(v.to_string())
    }
}

impl From<&str> for Id {
    fn from(v: &str) -> Self {
        Id(v.to_owned())
    }
}

impl From<String> for Id {
    fn from(v: String) -> Self {
        Id(v)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_u64() {
            Some(n) => s.serialize_u64(n),
            None => s.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdVisitor)
    }
}

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = Id;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id (string or integer)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
        Ok(Id(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
        Ok(Id(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
        Ok(Id::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
        Ok(Id(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Id, E> {
        // An integral float (e.g. `40216.0`) is still that integer.
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e18 {
            Ok(Id((v as i64).to_string()))
        } else {
            Err(E::invalid_type(Unexpected::Float(v), &self))
        }
    }
}
