//! Decoding (and encoding) whole documents, with their envelope key.

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Deserializer};
use serde::Serialize;

use super::envelope::{EnvelopeVisitor, Enveloped, TypedSeed};

/// A JSON document of the API that [`decode`] can read.
///
/// Server documents (`ChatResource`, `Info`, `Survey`, …) are wrapped in an envelope key that
/// their serde impls do not include; [`decode`] strips it and [`encode`] adds it. Request
/// bodies (`ChatRequest`, `OutgoingEvent`, …) serialize to exactly the body that is sent,
/// envelope included, so their `ENVELOPE` is `None`.
pub trait Document: DeserializeOwned {
    /// Human-readable name of the resource, used in [`DecodeError`].
    const NAME: &'static str;
    /// The single top-level key the document is wrapped in, if its serde impl lacks it.
    const ENVELOPE: Option<&'static str>;
}

/// A body that is not the document it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot decode {resource}: {reason}")]
pub struct DecodeError {
    /// The resource that was expected ([`Document::NAME`]).
    pub resource: &'static str,
    /// What was wrong with it.
    pub reason: String,
}

/// Decodes a response or request body into `T`, stripping its envelope key. Never panics.
pub fn decode<T: Document>(body: &[u8]) -> Result<T, DecodeError> {
    let fail = |e: serde_json::Error| DecodeError {
        resource: T::NAME,
        reason: e.to_string(),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = match T::ENVELOPE {
        Some(key) => de.deserialize_map(EnvelopeVisitor {
            key,
            seed: TypedSeed::<T>(PhantomData),
        }),
        None => T::deserialize(&mut de),
    }
    .map_err(fail)?;
    de.end().map_err(fail)?;
    Ok(value)
}

/// Encodes `doc` as the body the wire carries, adding its envelope key.
pub fn encode<T: Document + Serialize>(doc: &T) -> Vec<u8> {
    // Every key in this model is a string, so serializing cannot fail.
    match T::ENVELOPE {
        Some(key) => serde_json::to_vec(&Enveloped(key, doc)),
        None => serde_json::to_vec(doc),
    }
    .unwrap_or_default()
}
