//! The event cursor: each event id reaches the application once, in order; repeats are dropped and
//! skipped ids are reported.

use serde::{Deserialize, Serialize};

use crate::wire;

/// How far past the cursor one event id may jump when the server gives no `next` link to check
/// it against. Real streams number events one by one; holes are a few ids wide.
const MAX_ID_JUMP: u64 = 1 << 20;

/// What a batch of events adds to the stream.
#[derive(Debug)]
pub(crate) enum Step {
    /// Ids `from..to` never arrived.
    Gap { from: u64, to: u64 },
    /// A new event, in id order.
    Event(wire::StreamEvent),
}

/// The new part of one read.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub steps: Vec<Step>,
    /// Ids that cannot belong to the stream: at or past the `next` link's `from`, past any
    /// plausible jump, or the largest id there is (nothing could follow it). Dropped.
    pub impossible: Vec<u64>,
    /// More new events came than one read may deliver; the rest is read from the cursor.
    pub truncated: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    /// The first id not delivered yet.
    pub next_id: u64,
}

impl Cursor {
    /// Sorts a batch, drops what was already delivered (or repeated within the batch) and reports
    /// holes. `bound` is the `from` of the read's own `next` link: the server says every event
    /// of the batch lies below it. At most `max` events are delivered, oldest first; the cursor
    /// advances past exactly those.
    pub fn accept(
        &mut self,
        mut events: Vec<wire::StreamEvent>,
        bound: Option<u64>,
        max: usize,
    ) -> Batch {
        events.sort_by_key(|e| e.id);
        let mut batch = Batch::default();
        let mut delivered = 0;
        for event in events {
            if event.id < self.next_id {
                continue;
            }
            let impossible = event.id == u64::MAX
                || bound.is_some_and(|b| event.id >= b)
                || event.id - self.next_id > MAX_ID_JUMP;
            if impossible {
                batch.impossible.push(event.id);
                continue;
            }
            if delivered == max {
                batch.truncated = true;
                break;
            }
            if event.id > self.next_id {
                batch.steps.push(Step::Gap {
                    from: self.next_id,
                    to: event.id,
                });
            }
            self.next_id = event.id + 1;
            delivered += 1;
            batch.steps.push(Step::Event(event));
        }
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: u64) -> wire::StreamEvent {
        wire::StreamEvent {
            id,
            time: None,
            body: wire::EventBody::State(wire::ChatState::Waiting),
        }
    }

    fn ids(batch: &Batch) -> Vec<String> {
        let steps = &batch.steps;
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
        assert_eq!(
            ids(&c.accept(vec![ev(1), ev(0), ev(1)], None, 100)),
            ["0", "1"]
        );
        assert_eq!(ids(&c.accept(vec![ev(0), ev(1), ev(2)], None, 100)), ["2"]);
        assert_eq!(c.next_id, 3);
    }

    #[test]
    fn holes_are_reported_once() {
        let mut c = Cursor::default();
        assert_eq!(
            ids(&c.accept(vec![ev(0), ev(3)], None, 100)),
            ["0", "gap 1..3", "3"]
        );
        assert_eq!(
            ids(&c.accept(vec![ev(1), ev(2)], None, 100)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_largest_id_is_refused_and_never_delivered_again() {
        let mut c = Cursor::default();
        let batch = c.accept(vec![ev(0), ev(u64::MAX)], None, 100);
        assert_eq!(ids(&batch), ["0"]);
        assert_eq!(batch.impossible, [u64::MAX]);
        assert_eq!(c.next_id, 1);
    }

    #[test]
    fn an_id_past_the_next_link_does_not_move_the_cursor() {
        let mut c = Cursor::default();
        let batch = c.accept(vec![ev(0), ev(1), ev(9_000_000_000)], Some(2), 100);
        assert_eq!(ids(&batch), ["0", "1"]);
        assert_eq!(batch.impossible, [9_000_000_000]);
        assert_eq!(ids(&c.accept(vec![ev(2)], Some(3), 100)), ["2"]);
    }

    #[test]
    fn without_a_next_link_a_wild_jump_is_refused() {
        let mut c = Cursor::default();
        let batch = c.accept(vec![ev(0), ev(1 << 40)], None, 100);
        assert_eq!(batch.impossible, [1 << 40]);
        assert_eq!(c.next_id, 1);
    }

    #[test]
    fn an_oversized_batch_delivers_its_oldest_and_stops_there() {
        let mut c = Cursor::default();
        let batch = c.accept((0..10).map(ev).collect(), Some(10), 4);
        assert_eq!(ids(&batch), ["0", "1", "2", "3"]);
        assert!(batch.truncated);
        assert_eq!(c.next_id, 4);
    }
}
