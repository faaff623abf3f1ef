//! `info.duration` counts seconds since the chat was requested (until it ended), and
//! `info.lastUpdate` is the time of the last request that reached the chat.

use std::time::Duration;

use http::Method;

use crate::support::*;

fn harness() -> Harness {
    let mut cfg = config();
    // 2024-03-11T14:15:00.000Z, printed in UTC.
    cfg.start_unix_ms = 1_710_166_500_000;
    cfg.utc_offset_minutes = 0;
    Harness::new(cfg)
}

fn info(h: &mut Harness, id: &str) -> serde_json::Value {
    let r = h.get(&format!("/chat/{id}/info"));
    assert_eq!(r.status(), 200);
    json(&r)["info"].clone()
}

#[test]
fn duration_counts_seconds_since_the_request() {
    let mut h = harness();
    let id = h.start_chat();
    assert_eq!(info(&mut h, &id)["duration"], 0);
    h.wait(Duration::from_millis(30_900));
    assert_eq!(info(&mut h, &id)["duration"], 30);
    h.secs(10);
    h.emu.agent_accept(&id, h.now);
    h.secs(5);
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["duration"], 45);
}

#[test]
fn duration_stops_when_the_chat_ends() {
    let mut h = harness();
    let id = h.chatting();
    h.secs(20);
    h.emu.agent_end(&id, h.now);
    h.secs(30);
    assert_eq!(info(&mut h, &id)["duration"], 20);
}

#[test]
fn last_update_is_the_last_request_that_reached_the_chat() {
    let mut h = harness();
    let id = h.chatting();
    h.wait(Duration::from_millis(12_345));
    assert_eq!(
        info(&mut h, &id)["lastUpdate"],
        "2024-03-11T14:15:12.345+00:00"
    );
    h.secs(5);
    assert_eq!(h.say(&id, "hi").status(), 201);
    let said = h.now;
    // What happens without a request reaching the chat leaves it where it was: the agent's
    // own line, time passing, a request without credentials.
    h.secs(3);
    h.emu.agent_say(&id, "hello", h.now);
    let denied = h.call(bare(Method::GET, &url(&format!("/chat/{id}")), b""));
    assert_eq!(denied.status(), 401);
    assert_eq!(h.emu.chat(&id).unwrap().last_update, said);
    h.secs(1);
    assert_eq!(
        h.poll(&id, 0)["chat"]["info"]["lastUpdate"],
        "2024-03-11T14:15:21.345+00:00"
    );
}
