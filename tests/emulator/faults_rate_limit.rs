use lp_server_chat::emulator::{FaultPlan, RetryAfterForm};

use crate::support::*;

#[test]
fn retry_after_seconds() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().rate_limit(1.0, RetryAfterForm::Seconds(3));
    let mut h = Harness::new(cfg);
    let r = h.post("/chat/request", r#"{"request":{}}"#);
    assert_error(&r, 429, 29);
    assert_eq!(header(&r, "retry-after").as_deref(), Some("3"));
    assert!(h.emu.chat_ids().is_empty());
    assert_eq!(h.emu.stats().faults.rate_limited, 1);
}

#[test]
fn retry_after_http_date() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().rate_limit(1.0, RetryAfterForm::HttpDate(5));
    cfg.start_unix_ms = 0;
    let mut h = Harness::new(cfg);
    let r = h.get("/chat/availability");
    assert_eq!(r.status(), 429);
    assert_eq!(
        header(&r, "retry-after").as_deref(),
        Some("Thu, 01 Jan 1970 00:00:05 GMT")
    );
    assert_eq!(
        header(&r, "date").as_deref(),
        Some("Thu, 01 Jan 1970 00:00:00 GMT"),
        "the date the Retry-After date is relative to"
    );
}

#[test]
fn retry_after_absent_and_probability_zero() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .rate_limit(0.0, RetryAfterForm::Seconds(1))
        .rate_limit(1.0, RetryAfterForm::Absent);
    let mut h = Harness::new(cfg);
    let r = h.get("/chat/availability");
    assert_eq!(r.status(), 429);
    assert!(header(&r, "retry-after").is_none());
}
