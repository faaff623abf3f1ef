//! A read with more events than `Limits::max_events_per_batch` (a long chat joined from its
//! start) delivers the oldest ones, in order, and reads on from there, so memory stays bounded
//! and the chat makes progress.

use lp_server_chat::RequestKind;
use serde_json::{json, Value};

use crate::support::*;

#[test]
fn twelve_events_with_a_limit_of_five_arrive_in_three_reads_in_order() {
    let mut config = config();
    config.limits.max_events_per_batch = 5;
    let mut h = Harness::new(config);
    h.start_chat();
    let all: Vec<Value> = (0..12)
        .map(|i| line(i, "agent", &format!("line {i}")))
        .collect();
    let mut reads = 0;
    while lines_of(&h.events).len() < 12 && reads < 10 {
        if !h.has(RequestKind::Poll) {
            h.wake();
            continue;
        }
        let t = h.take(RequestKind::Poll);
        let from = t
            .request
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("from=")))
            .map_or(0, |v| v.parse::<usize>().unwrap());
        let batch: Vec<Value> = all[from.min(12)..].to_vec();
        h.reply(
            &t,
            ok(chat_doc(
                12,
                json!(batch),
                info("chatting", Some("Dana"), false),
            )),
        );
        reads += 1;
    }
    let expected: Vec<String> = (0..12).map(|i| format!("line {i}")).collect();
    assert_eq!(lines_of(&h.events), expected);
    assert_eq!(reads, 3);
}
