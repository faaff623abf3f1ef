//! The least a poll client can do, as the CPU yardstick for the drive rate: build the GET for the
//! `next` link, parse the answer into a `serde_json::Value`, take the new `next` link and count the
//! events. No retry rules, no dedup, no typed events, no link checks.

use std::hint::black_box;

use http::Request;
use serde_json::Value;

pub struct BarePoller {
    next: String,
}

impl BarePoller {
    /// Starts reading at `next` (the chat URL with its `from` cursor).
    pub fn new(mut next: String) -> Self {
        next.shrink_to_fit();
        Self { next }
    }

    /// The poll request, with the same headers the session sends.
    pub fn request(&self) -> Request<Vec<u8>> {
        Request::get(format!("{}&v=1&NC=true", self.next))
            .header("Accept", "application/json")
            .header(
                "Authorization",
                format!("LivePerson appKey={}", lp_server_chat::PUBLIC_APP_KEY),
            )
            .body(Vec::new())
            .expect("valid request")
    }

    /// Takes in a poll answer; returns how many events it carried.
    pub fn handle(&mut self, body: &[u8]) -> usize {
        let Ok(doc) = serde_json::from_slice::<Value>(body) else {
            return 0;
        };
        let chat = &doc["chat"];
        if let Some(links) = chat["link"].as_array() {
            if let Some(next) = links
                .iter()
                .find(|l| l["@rel"] == "next")
                .and_then(|l| l["@href"].as_str())
            {
                self.next = next.to_owned();
            }
        }
        let events = match &chat["events"]["event"] {
            Value::Array(list) => list.len(),
            Value::Object(_) => 1,
            _ => 0,
        };
        black_box(doc);
        events
    }
}
