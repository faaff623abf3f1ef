//! `{"key": document}` wrappers: reading one key of an object and writing a one-key object.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// Writes `{key: value}`.
pub(crate) struct Enveloped<'a, T: ?Sized>(pub(crate) &'static str, pub(crate) &'a T);

impl<T: Serialize + ?Sized> Serialize for Enveloped<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.0, self.1)?;
        m.end()
    }
}

/// Reads the value under `key` with `seed`, skipping every other key; the first occurrence wins.
pub(crate) struct EnvelopeVisitor<S> {
    pub(crate) key: &'static str,
    pub(crate) seed: S,
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for EnvelopeVisitor<S> {
    type Value = S::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with key `{}`", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S::Value, A::Error> {
        let mut seed = Some(self.seed);
        let mut found = None;
        while let Some(is_key) = map.next_key_seed(KeyIs(self.key))? {
            match seed.take() {
                Some(s) if is_key => found = Some(map.next_value_seed(s)?),
                s => {
                    seed = s;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        found.ok_or_else(|| de::Error::custom(format_args!("missing envelope key `{}`", self.key)))
    }
}

/// Deserializes `T` through its `Deserialize` impl.
pub(crate) struct TypedSeed<T>(pub(crate) PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for TypedSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

/// A request body whose derived serde impls (`#[serde(remote = "Self")]`) give the inner
/// object, so that its trait impls can add the envelope key.
pub(crate) trait Body: Sized {
    /// Writes the inner object.
    fn serialize_body<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
    /// Reads the inner object.
    fn deserialize_body<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// Adapts a [`Body`] to `Serialize`.
struct BodyRef<'a, T>(&'a T);

impl<T: Body> Serialize for BodyRef<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_body(s)
    }
}

/// Adapts a [`Body`] to `DeserializeSeed`.
struct BodySeed<T>(PhantomData<T>);

impl<'de, T: Body> DeserializeSeed<'de> for BodySeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize_body(d)
    }
}

/// Writes `{key: body}`.
pub(crate) fn serialize_enveloped<S: Serializer, T: Body>(
    key: &'static str,
    body: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    Enveloped(key, &BodyRef(body)).serialize(s)
}

/// Reads `{key: body}`.
pub(crate) fn deserialize_enveloped<'de, D: Deserializer<'de>, T: Body>(
    key: &'static str,
    d: D,
) -> Result<T, D::Error> {
    d.deserialize_map(EnvelopeVisitor {
        key,
        seed: BodySeed(PhantomData),
    })
}

/// Compares a key with the expected one without allocating.
struct KeyIs(&'static str);

impl<'de> DeserializeSeed<'de> for KeyIs {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeyIs {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}
