//! A 503 from LivePerson's edge need not reach the chat, so it need not refresh its idle timer.
//! Under that reading, a window of 503s up to `chatTimeout − 8 s` still leaves the chat alive:
//! the session probes just before the expiry counted from the last request that got a 2xx.

use lp_server_chat::emulator::FaultPlan;

use crate::emulated::{secs, Chat};

fn outage(timeout: u32, start: f64, length: f64) {
    let faults = FaultPlan::none().server_errors_during(secs(start), secs(length));
    let mut chat = Chat::new(timeout, faults);
    let back = start + length;
    chat.run_to(back + 0.5);
    assert!(
        chat.agent_says("Still there?"),
        "timeout {timeout} s, outage {length} s from {start} s: the chat died on the server"
    );
    chat.run_to(back + 30.0);
    assert_eq!(chat.ended(), None, "timeout {timeout} s, outage {length} s");
    assert!(chat.alive_on_server() && chat.chatting());
    let shown = chat
        .shown_at("Still there?")
        .expect("the line reached the app");
    assert!(
        shown - back <= 10.0,
        "timeout {timeout} s, outage {length} s from {start} s: shown {:.1} s after it",
        shown - back
    );
}

#[test]
fn a_32_s_window_of_edge_503s_at_the_default_40_s_timeout_keeps_the_chat() {
    for start in [30.0, 30.7, 31.4, 32.1, 32.8] {
        outage(40, start, 32.0);
    }
}

#[test]
fn a_7_s_window_at_a_15_s_timeout_keeps_the_chat() {
    for start in [30.0, 30.7, 31.4, 32.1, 32.8] {
        outage(15, start, 7.0);
    }
}

#[test]
fn a_172_s_window_at_a_180_s_timeout_keeps_the_chat() {
    for start in [30.0, 31.4, 32.8] {
        outage(180, start, 172.0);
    }
}
