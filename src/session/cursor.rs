//! The event cursor: each event id reaches the application once, in order; repeats are dropped and
//! skipped ids are reported.

use serde::{Deserialize, Serialize};

use crate::wire;

/// What a batch of events adds to the stream.
#[derive(Debug)]
pub(crate) enum Step {
    /// Ids `from..to` never arrived.
    Gap { from: u64, to: u64 },
    /// A new event, in id order.
    Event(wire::Event),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    /// The first id not delivered yet.
    pub next_id: u64,
}

impl Cursor {
    /// Sorts a batch, drops what was already delivered (or repeated within the batch) and reports
    /// holes. Advances past everything returned.
    pub fn accept(&mut self, mut events: Vec<wire::Event>) -> Vec<Step> {
        events.sort_by_key(|e| e.id);
        let mut steps = Vec::with_capacity(events.len());
        for event in events {
            if event.id < self.next_id {
                continue;
            }
            if event.id > self.next_id {
                steps.push(Step::Gap {
                    from: self.next_id,
                    to: event.id,
                });
            }
            self.next_id = event.id.saturating_add(1);
            steps.push(Step::Event(event));
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: u64) -> wire::Event {
        wire::Event {
            id,
            time: None,
            body: wire::EventBody::State(wire::ChatState::Waiting),
        }
    }

    fn ids(steps: &[Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| match s {
                Step::Gap { from, to } => format!("gap {from}..{to}"),
                Step::Event(e) => e.id.to_string(),
            })
            .collect()
    }

    #[test]
    fn repeats_and_reordering_are_absorbed() {
        let mut c = Cursor::default();
        assert_eq!(ids(&c.accept(vec![ev(1), ev(0), ev(1)])), ["0", "1"]);
        assert_eq!(ids(&c.accept(vec![ev(0), ev(1), ev(2)])), ["2"]);
        assert_eq!(c.next_id, 3);
    }

    #[test]
    fn holes_are_reported_once() {
        let mut c = Cursor::default();
        assert_eq!(ids(&c.accept(vec![ev(0), ev(3)])), ["0", "gap 1..3", "3"]);
        assert_eq!(ids(&c.accept(vec![ev(1), ev(2)])), Vec::<String>::new());
    }
}
