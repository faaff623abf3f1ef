//! Typing indicators and the visitor's name (§ 4.13–4.17).

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::decode::Document;
use super::lenient;

/// Typing state on the wire: `typing`, `not-typing` or `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TypingState {
    /// `typing`.
    Typing,
    /// `not-typing`.
    NotTyping,
    /// `unknown`, and any other string.
    #[default]
    Unknown,
}

impl TypingState {
    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            TypingState::Typing => "typing",
            TypingState::NotTyping => "not-typing",
            TypingState::Unknown => "unknown",
        }
    }

    /// Reads a wire string; anything unrecognised is `Unknown`.
    pub fn from_wire(s: &str) -> Self {
        match s {
            "typing" => TypingState::Typing,
            "not-typing" => TypingState::NotTyping,
            _ => TypingState::Unknown,
        }
    }
}

impl Serialize for TypingState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TypingState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TypingState;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a typing state string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TypingState, E> {
                Ok(TypingState::from_wire(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// `{"visitorTyping": "typing"}`: read and set the visitor's typing state (no envelope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VisitorTyping {
    /// `visitorTyping`.
    pub visitor_typing: TypingState,
}

/// `{"agentTyping": "not-typing"}`: the agent's typing state (no envelope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentTyping {
    /// `agentTyping`.
    pub agent_typing: TypingState,
}

/// `{"visitorName": "Jane"}`: read and set the visitor's display name (no envelope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VisitorName {
    /// `visitorName`.
    #[serde(deserialize_with = "lenient::text")]
    pub visitor_name: String,
}

impl Document for VisitorTyping {
    const NAME: &'static str = "visitor typing";
    const ENVELOPE: Option<&'static str> = None;
}

impl Document for AgentTyping {
    const NAME: &'static str = "agent typing";
    const ENVELOPE: Option<&'static str> = None;
}

impl Document for VisitorName {
    const NAME: &'static str = "visitor name";
    const ENVELOPE: Option<&'static str> = None;
}
