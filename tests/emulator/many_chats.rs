//! One emulator holds 10 000 chats at once: each answers its own requests, and each times out
//! on its own schedule.

use std::time::Duration;

use crate::support::*;

const CHATS: usize = 10_000;

#[test]
fn ten_thousand_chats_each_answer_and_expire_on_their_own() {
    let mut h = Harness::default();
    let ids: Vec<String> = (0..CHATS)
        .map(|_| {
            h.wait(Duration::from_micros(100));
            h.start_chat()
        })
        .collect();
    assert_eq!(h.emu.chat_ids().len(), CHATS);
    h.secs(30);
    // Every other chat is polled, and so kept alive.
    for id in ids.iter().step_by(2) {
        let doc = h.poll(id, 0);
        assert_eq!(doc["chat"]["info"]["chatSessionKey"], id.as_str());
        h.wait(Duration::from_micros(100));
    }
    // 40 s after its request, every chat that was not polled is gone; the others live.
    h.secs(11);
    for (n, id) in ids.iter().enumerate() {
        let r = h.get(&format!("/chat/{id}/info"));
        if n % 2 == 0 {
            assert_eq!(r.status(), 200, "chat {n}: {}", text(&r));
            assert_eq!(json(&r)["info"]["chatSessionKey"], id.as_str());
        } else {
            assert_error(&r, 404, 12);
        }
    }
}
