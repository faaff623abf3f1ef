//! A visitor's posted `line-status` (READ of an agent line, ACTION on a card) is kept with
//! `source: visitor`, an id as a numeric string and `metadata`, and a test finds it with
//! `ChatRecord::receipts_from`.

use serde_json::json;

use crate::support::*;

#[test]
fn read_and_action_are_kept_with_the_visitors_source() {
    let mut h = Harness::default();
    let id = h.chatting();
    h.emu.agent_say(&id, "Hi", h.now);
    let agent_line = h.emu.chat(&id).unwrap().events.len() as u64 - 1;
    let read = json!({"event": {"@type": "line-status", "lineStatus": "READ",
        "refSequenceId": agent_line.to_string(), "metadata": []}});
    let r = h.post(&format!("/chat/{id}/events?v=1&NC=true"), &read.to_string());
    assert_eq!(r.status(), 201);
    let meta = json!([{"type": "ExternalId", "id": "choice-2"}]);
    // A claimed source and a number for the id: the server keeps its own view of both.
    let action = json!({"event": {"@type": "line-status", "lineStatus": "ACTION",
        "refSequenceId": agent_line, "metadata": meta, "source": "agent"}});
    let r = h.post(&format!("/chat/{id}/events"), &action.to_string());
    assert_eq!(r.status(), 201);
    let loc = header(&r, "location").unwrap();

    let c = h.emu.chat(&id).unwrap();
    let receipts = c.receipts_from("visitor");
    assert_eq!(receipts.len(), 2);
    assert_eq!(receipts[0].line_status(), Some("READ"));
    assert_eq!(receipts[1].line_status(), Some("ACTION"));
    for e in &receipts {
        assert_eq!(e.ref_sequence_id(), Some(agent_line));
    }
    assert!(c.receipts_from("agent").is_empty());
    assert!(loc.ends_with(&format!("/events/{}", receipts[1].id)));

    let events = chat_events(&h.poll(&id, 0));
    let action = events.last().unwrap();
    assert_eq!(action["source"], "visitor");
    assert_eq!(action["refSequenceId"], json!(agent_line.to_string()));
    assert_eq!(action["metadata"], meta);
    let read = &events[events.len() - 2];
    assert_eq!(read["metadata"], json!([]));
}

#[test]
fn missing_metadata_reads_as_empty() {
    let mut h = Harness::default();
    let id = h.chatting();
    let body =
        json!({"event": {"@type": "line-status", "lineStatus": "READ", "refSequenceId": "3"}});
    assert_eq!(
        h.post(&format!("/chat/{id}/events"), &body.to_string())
            .status(),
        201
    );
    let e = chat_events(&h.poll(&id, 0)).pop().unwrap();
    assert_eq!(e["metadata"], json!([]));
}
