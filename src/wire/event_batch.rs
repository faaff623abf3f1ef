//! The `events` section: new events plus the `next` link to poll.

use serde::{Deserialize, Serialize};

use super::decode::Document;
use super::event::StreamEvent;
use super::lenient;
use super::link::Links;

/// `{"events": {"link": …, "event": …}}` (§ 4.10), also embedded in the chat resource.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EventBatch {
    /// `link`: `self` and `next` (the URL of the next poll).
    #[serde(rename = "link", default)]
    pub links: Links,
    /// `event`: one object, an array, `null` or absent (no new events).
    #[serde(
        rename = "event",
        default,
        deserialize_with = "lenient::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub events: Vec<StreamEvent>,
}

impl Document for EventBatch {
    const NAME: &'static str = "event batch";
    const ENVELOPE: Option<&'static str> = Some("events");
}
