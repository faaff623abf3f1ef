use lp_server_chat::emulator::{ChatRequestRejection, FaultPlan, HeaderSpelling};

use crate::support::*;

#[test]
fn observed_chat_request_rejections_then_success() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none()
        .reject_chat_request(ChatRequestRejection::BadCaptcha)
        .reject_chat_request(ChatRequestRejection::InvalidUser)
        .reject_chat_request(ChatRequestRejection::BadAuthorization)
        .reject_chat_request(ChatRequestRejection::PlainTextUnauthorized);
    let mut h = Harness::new(cfg);
    let body = r#"{"request":{}}"#;
    assert_eq!(
        assert_error(&h.post("/chat/request", body), 401, 10)["error"]["message"],
        "Bad captcha"
    );
    assert_eq!(
        assert_error(&h.post("/chat/request", body), 401, 10)["error"]["message"],
        "Invalid User"
    );
    assert_error(&h.post("/chat/request", body), 401, 5);
    let r = h.post("/chat/request", body);
    assert_eq!(r.status(), 401);
    assert!(text(&r).starts_with("oauth_problem="));
    h.start_chat();
}

#[test]
fn lower_case_location_is_flagged_for_the_io_layer() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().lower_case_location();
    let mut h = Harness::new(cfg);
    let r = h.post("/chat/request", r#"{"request":{}}"#);
    assert_eq!(
        r.extensions().get::<HeaderSpelling>(),
        Some(&HeaderSpelling::LowerCaseLocation)
    );
    assert_eq!(
        HeaderSpelling::LowerCaseLocation.spell("Location"),
        "location"
    );
    let mut h = Harness::default();
    let r = h.post("/chat/request", r#"{"request":{}}"#);
    assert_eq!(
        r.extensions().get::<HeaderSpelling>(),
        Some(&HeaderSpelling::Canonical)
    );
}
