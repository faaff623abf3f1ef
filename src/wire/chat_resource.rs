//! The chat resource: links, events and info of one chat.

use serde::{Deserialize, Serialize};

use super::decode::Document;
use super::event_batch::EventBatch;
use super::info::Info;
use super::lenient;
use super::link::Links;

/// `{"chat": {"link": …, "events": …, "info": …}}` (§ 4.9).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatResource {
    /// `link`: `events`, `info`, `next`, `transcript-request`, `exit-survey`, ….
    #[serde(rename = "link", default)]
    pub links: Links,
    /// `events`: empty when absent or `null`.
    #[serde(default, deserialize_with = "lenient::or_default")]
    pub events: EventBatch,
    /// `info`: the chat information, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<Info>,
}

impl Document for ChatResource {
    const NAME: &'static str = "chat resource";
    const ENVELOPE: Option<&'static str> = Some("chat");
}
