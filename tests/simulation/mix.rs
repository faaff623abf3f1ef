//! What a whole run of the simulation exercised: how chats ended, what became of lines, which
//! failures were retried. Printed after the run, and required to be varied, so that a generator
//! that stopped producing some fault or ending would not go unnoticed.

use std::collections::BTreeMap;
use std::fmt;

use lp_server_chat::{EndReason, Event, LineFailure, RetryCause};

use crate::run::Trace;

#[derive(Default)]
pub struct Mix {
    counts: BTreeMap<&'static str, u64>,
}

impl Mix {
    pub fn add(&mut self, trace: &Trace) {
        *self.counts.entry("requests").or_default() += trace.log.len() as u64;
        let f = &trace.faults;
        for (name, count) in [
            ("edge 5xx (idle timer not refreshed)", f.server_errors),
            (
                "chat-service 5xx (idle timer refreshed)",
                f.chat_server_errors,
            ),
            ("gateway 502/504 after apply", f.gateway_errors),
            ("requests applied late", f.late_applied),
            ("requests dropped unseen", f.dropped),
            ("connections refused", f.unreachable),
            ("chats orphaned by a lost answer", f.orphans),
        ] {
            if count > 0 {
                *self.counts.entry(name).or_default() += count;
            }
        }
        for (_, event) in &trace.events {
            let name = match event {
                Event::ChatEnded { reason } => match reason {
                    EndReason::Agent => "ended by the agent",
                    EndReason::Visitor => "ended by the visitor",
                    EndReason::Timeout => "ended by timeout",
                    EndReason::NotFound => "ended as not found",
                    EndReason::ConnectionLost => "ended as connection lost",
                    _ => "ended otherwise",
                },
                Event::LineDelivered { .. } => "lines delivered",
                Event::LineFailed {
                    reason: LineFailure::Unconfirmed,
                    ..
                } => "lines unconfirmed",
                Event::LineFailed { .. } => "lines failed",
                Event::Retrying { cause, .. } => match cause {
                    RetryCause::ServerError(_) => "retries after 5xx",
                    RetryCause::RateLimited => "retries after 429",
                    RetryCause::Transport => "retries after transport failures",
                    RetryCause::MalformedResponse => "retries after malformed bodies",
                    RetryCause::NotInChat => "retries of lines not in chat",
                    _ => "retries for other causes",
                },
                _ => continue,
            };
            *self.counts.entry(name).or_default() += 1;
        }
    }

    pub fn merge(&mut self, other: Mix) {
        for (name, count) in other.counts {
            *self.counts.entry(name).or_default() += count;
        }
    }

    /// The kinds of run every large enough simulation must include.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            "ended by the agent",
            "ended by the visitor",
            "ended by timeout",
            "lines delivered",
            "lines failed",
            "retries after 5xx",
            "retries after 429",
            "retries after transport failures",
            "retries after malformed bodies",
            "edge 5xx (idle timer not refreshed)",
            "chat-service 5xx (idle timer refreshed)",
            "gateway 502/504 after apply",
            "requests applied late",
            "requests dropped unseen",
            "connections refused",
        ]
        .into_iter()
        .filter(|name| !self.counts.contains_key(name))
        .collect()
    }
}

impl fmt::Display for Mix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, count) in &self.counts {
            writeln!(f, "{count:>9} {name}")?;
        }
        Ok(())
    }
}
