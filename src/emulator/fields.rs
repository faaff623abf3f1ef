//! The members of a stored event. An event has a handful, set once, so they are kept as a short
//! list with names that are mostly `'static`: a gateway-scale run holds a few dozen events for
//! each of thousands of chats, and a map per event would cost most of the emulator's memory.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// Member names and values of one event, in the order they were set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(Vec<(Cow<'static, str>, Value)>);

impl Fields {
    /// No members, room for `n`.
    pub fn with_capacity(n: usize) -> Self {
        Self(Vec::with_capacity(n))
    }

    /// The value of member `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether member `name` is set.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets member `name`, replacing an earlier value.
    pub fn insert(&mut self, name: impl Into<Cow<'static, str>>, value: Value) {
        let name = name.into();
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some((_, old)) => *old = value,
            None => self.0.push((name, value)),
        }
    }

    /// Every member, in the order set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// How many members are set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Map<String, Value>> for Fields {
    fn from(map: Map<String, Value>) -> Self {
        Self(map.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect())
    }
}
