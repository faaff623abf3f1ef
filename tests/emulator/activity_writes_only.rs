//! `Activity::WritesOnly`: a server that does not count reads as activity. Polls reach the
//! chat but neither restart its idle timer nor move `info.lastUpdate`; lines, typing, the
//! name and the end do.

use std::time::Duration;

use lp_server_chat::emulator::Activity;

use crate::support::*;

fn harness() -> Harness {
    let mut cfg = config();
    cfg.activity = Activity::WritesOnly;
    // Printed in UTC from 2024-03-11T14:15:00.000Z.
    cfg.start_unix_ms = 1_710_166_500_000;
    cfg.utc_offset_minutes = 0;
    Harness::new(cfg)
}

#[test]
fn a_chat_that_is_only_read_times_out_from_its_last_write() {
    let mut h = harness();
    let id = h.chatting();
    assert_eq!(h.say(&id, "hi").status(), 201);
    for _ in 0..3 {
        h.secs(12);
        let doc = h.poll(&id, 0);
        assert_eq!(doc["chat"]["info"]["state"], "chatting");
        assert_eq!(
            doc["chat"]["info"]["lastUpdate"], "2024-03-11T14:15:00.000+00:00",
            "a read does not move lastUpdate"
        );
        assert_eq!(h.get(&format!("/chat/{id}/info")).status(), 200);
        assert_eq!(h.get(&format!("/chat/{id}/events")).status(), 200);
    }
    h.secs(4);
    assert_error(&h.get(&format!("/chat/{id}")), 404, 12);
}

#[test]
fn each_write_restarts_the_timer() {
    let mut h = harness();
    let id = h.chatting();
    let writes = [
        ("/info/visitorTyping", r#"{"visitorTyping":"typing"}"#),
        ("/info/visitorName", r#"{"visitorName":"Jo"}"#),
        ("/info/visitorTyping", r#"{"visitorTyping":"not-typing"}"#),
    ];
    for (path, body) in writes {
        h.secs(30);
        assert_eq!(
            h.put(&format!("/chat/{id}{path}"), body).status(),
            200,
            "{path}"
        );
        assert_eq!(h.emu.chat(&id).unwrap().last_update, h.now, "{path}");
    }
    h.secs(30);
    assert_eq!(h.say(&id, "still here").status(), 201);
    h.secs(30);
    let end = r#"{"event":{"@type":"state","state":"ended"}}"#;
    assert_eq!(h.post(&format!("/chat/{id}/events"), end).status(), 201);
    assert_eq!(h.emu.chat(&id).unwrap().last_update, h.now);
}

#[test]
fn by_default_a_read_is_activity() {
    let mut cfg = config();
    cfg.chat_timeout = Duration::from_secs(40);
    let mut h = Harness::new(cfg);
    let id = h.chatting();
    for _ in 0..5 {
        h.secs(30);
        assert_eq!(h.poll(&id, 0)["chat"]["info"]["state"], "chatting");
        assert_eq!(h.emu.chat(&id).unwrap().last_update, h.now);
    }
}
