//! Every answer carries a `Date` header (RFC 1123, from the emulator's wall clock), as real
//! servers send it: successes, errors, faults, delayed answers and the App Engagement host.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{Method, Response};
use lp_server_chat::emulator::{Exchange, FaultPlan, RetryAfterForm, Route};

use crate::support::*;

const START_SECS: u64 = 1_710_166_500;

fn harness(faults: FaultPlan) -> Harness {
    let mut cfg = config();
    cfg.start_unix_ms = START_SECS * 1000;
    cfg.faults = faults;
    Harness::new(cfg)
}

/// Asserts the answer is dated `elapsed` whole seconds after the emulator's start.
fn assert_dated(r: &Response<Vec<u8>>, elapsed: u64) {
    let date = header(r, "date").unwrap_or_else(|| panic!("no Date on {}", r.status()));
    assert!(date.ends_with(" GMT"), "{date}");
    let at = httpdate::parse_http_date(&date).expect("an HTTP date");
    let want = UNIX_EPOCH + Duration::from_secs(START_SECS + elapsed);
    assert_eq!(at, want, "{date} on {}", r.status());
    let _: SystemTime = at;
}

#[test]
fn answers_of_every_kind_are_dated() {
    let mut h = harness(FaultPlan::none());
    let r = h.post("/chat/request.json?v=1", r#"{"request":{}}"#);
    assert_eq!(r.status(), 201);
    assert_dated(&r, 0);
    let id = h.emu.chat_ids()[0].clone();
    h.wait(Duration::from_millis(2_700));
    assert_dated(&h.get(&format!("/chat/{id}?from=0")), 2);
    assert_dated(&h.get(&format!("/chat/{id}/info")), 2);
    assert_dated(&h.say(&id, "too early"), 2);
    assert_dated(&h.get("/chat/nothing-here/events"), 2);
    assert_dated(
        &h.call(bare(Method::GET, &url(&format!("/chat/{id}")), b"")),
        2,
    );
    h.secs(3);
    assert_dated(&h.get("/chat/availability?v=1&skill=Support"), 5);
    let engagement = h.call(bare(
        Method::POST,
        &url("/app/engagement/visitors/?v=1.0"),
        br#"{"appType":"EXTERNAL"}"#,
    ));
    assert_eq!(engagement.status(), 200);
    assert_dated(&engagement, 5);
}

#[test]
fn faulted_answers_are_dated() {
    for faults in [
        FaultPlan::none().server_errors(1.0),
        FaultPlan::none().chat_server_errors(1.0),
        FaultPlan::none().gateway_errors(1.0),
        FaultPlan::none().rate_limit(1.0, RetryAfterForm::Seconds(3)),
        FaultPlan::none().malformed(1.0),
    ] {
        let mut h = harness(faults.clone().only(&[Route::AccountRoot]));
        h.secs(7);
        let r = h.get("?v=1");
        let faulted =
            r.status() != 200 || serde_json::from_slice::<serde_json::Value>(r.body()).is_err();
        assert!(faulted, "{faults:?}");
        assert_dated(&r, 7);
    }
}

#[test]
fn a_slow_answer_is_dated_when_it_was_made() {
    let mut h = harness(FaultPlan::none().slow(1.0, Duration::from_secs(4)));
    h.secs(1);
    match h.send(req(Method::GET, &url("?v=1"), b"")) {
        Exchange::RespondAfter { response, delay } => {
            assert_eq!(delay, Duration::from_secs(4));
            assert_dated(&response, 1);
        }
        other => panic!("expected a slow answer, got {other:?}"),
    }
}
