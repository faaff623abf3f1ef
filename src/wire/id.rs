//! Identifiers that arrive as JSON strings or numbers.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use serde::{Serialize, Serializer};

/// An identifier on the wire (`engagementId`, survey ids, `agentId`, `skillId`, …), sent as a
/// JSON string or a JSON number; kept as its text, together with the spelling it came in.
///
/// Written back in the spelling it was read or built with: a decoded `"42"` stays a string, a
/// decoded `42` (or [`Id::from`] a `u64`, [`Id::from_i64`]) stays a number, [`Id::from`] a
/// `&str` or `String` is a string. Fields whose documented examples show numbers
/// (`engagementId`, `campaignId` and `visitorId` of the chat request, survey answer ids,
/// `authChatConnId`, …) write numeric text as a number whatever the spelling; their docs say so.
///
/// Equality, ordering and hashing look at the text only: `"42"` and `42` are the same id.
#[derive(Clone, Default)]
pub struct Id {
    text: String,
    /// Whether it is written as a JSON number; only ever set for integer text.
    number: bool,
}

impl Id {
    /// A numeric id that is written as a JSON number, negative ones included (a chat request
    /// carried `"skillId": -1` and the live service accepted it).
    pub fn from_i64(v: i64) -> Self {
        Id {
            text: v.to_string(),
            number: true,
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The id as an unsigned integer, when it is one.
    pub fn as_u64(&self) -> Option<u64> {
        canonical_u64(&self.text)
    }

    /// The id as a signed integer, when it is one (e.g. a skill id of `-1`).
    pub fn as_i64(&self) -> Option<i64> {
        canonical_i64(&self.text)
    }

    /// Whether it is written as a JSON number (it was read or built as one).
    pub fn is_number(&self) -> bool {
        self.number
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

/// `Some` for canonical digit strings, optionally negative (never `-0`), that fit `i64`.
fn canonical_i64(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) if rest != "0" => canonical_u64(rest).and_then(|_| s.parse().ok()),
        Some(_) => None,
        None => canonical_u64(s).and_then(|v| i64::try_from(v).ok()),
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Id {}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Self) -> Ordering {
        self.text.cmp(&other.text)
    }
}

impl From<u64> for Id {
    /// A number, written as a JSON number.
    fn from(v: u64) -> Self {
        Id {
            text: v.to_string(),
            number: true,
        }
    }
}

impl From<&str> for Id {
    /// Text, written as a JSON string (except in fields documented as numbers).
    fn from(v: &str) -> Self {
        Id::from(v.to_owned())
    }
}

impl From<String> for Id {
    /// Text, written as a JSON string (except in fields documented as numbers).
    fn from(text: String) -> Self {
        Id {
            text,
            number: false,
        }
    }
}

impl fmt::Debug for Id {
    /// `Id(42)` for a number, `Id("42")` for a string: the spelling shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.number {
            write!(f, "Id({})", self.text)
        } else {
            write!(f, "Id({:?})", self.text)
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Writes `text` as a JSON number when it is a canonical integer, else as a string.
fn serialize_as_number<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    if let Some(n) = canonical_u64(text) {
        s.serialize_u64(n)
    } else if let Some(n) = canonical_i64(text) {
        s.serialize_i64(n)
    } else {
        s.serialize_str(text)
    }
}

impl Serialize for Id {
    /// In the spelling the id was read or built with.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.number {
            serialize_as_number(&self.text, s)
        } else {
            s.serialize_str(&self.text)
        }
    }
}

/// `serialize_with` for fields whose docs show numbers: numeric text is written as a number
/// whatever its spelling; other text stays a string, so the value never changes.
pub(crate) fn numeric<S: Serializer>(id: &Id, s: S) -> Result<S::Ok, S::Error> {
    serialize_as_number(&id.text, s)
}

/// [`numeric`] for an `Option<Id>` field (used with `skip_serializing_if = "Option::is_none"`).
pub(crate) fn opt_numeric<S: Serializer>(id: &Option<Id>, s: S) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => numeric(id, s),
        None => s.serialize_none(),
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
        Ok(Id::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
        Ok(Id::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
        Ok(Id::from(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
        Ok(Id::from_i64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Id, E> {
        // An integral float (e.g. `40216.0`) is still that integer.
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e18 {
            Ok(Id::from_i64(v as i64))
        } else {
            Err(E::invalid_type(Unexpected::Float(v), &self))
        }
    }
}
