use http::Method;
use serde_json::Value;

use crate::support::*;

fn engagement_url(vid: &str, sid: Option<&str>) -> String {
    let mut u = format!("{ORIGIN}/api/account/{ACCOUNT}/app/engagement/visitors/{vid}?v=1.0");
    if let Some(s) = sid {
        u.push_str("&sid=");
        u.push_str(s);
    }
    u
}

const BODY: &[u8] = br#"{"appType":"EXTERNAL","appDetails":{"os":"LINUX"}}"#;

#[test]
fn first_call_available_with_details() {
    let mut h = Harness::default();
    let r = h.call(bare(Method::POST, &engagement_url("", None), BODY));
    assert_eq!(r.status(), 200);
    let v = json(&r);
    assert_eq!(v["status"], "Available");
    for k in ["sessionId", "visitorId", "pageId"] {
        assert!(v[k].as_str().is_some_and(|s| !s.is_empty()), "{k}");
    }
    let d = &v["engagementDetails"];
    for k in [
        "engagementId",
        "campaignId",
        "contextId",
        "language",
        "windowId",
        "connectorId",
    ] {
        assert!(d[k].is_string(), "{k}");
    }
    assert!(d["skillId"].is_number());
}

#[test]
fn later_call_keeps_visitor_and_session() {
    let mut h = Harness::default();
    let r = h.call(bare(
        Method::POST,
        &engagement_url("vid123", Some("sid9")),
        BODY,
    ));
    let v = json(&r);
    assert_eq!(v["visitorId"], "vid123");
    assert_eq!(v["sessionId"], "sid9");
}

#[test]
fn not_available_has_no_details() {
    let mut cfg = config();
    cfg.available = false;
    let mut h = Harness::new(cfg);
    let v = json(&h.call(bare(Method::POST, &engagement_url("", None), BODY)));
    assert_eq!(v["status"], "NotAvailable");
    assert_eq!(v.get("engagementDetails"), None);
}

#[test]
fn bad_app_type_is_a_flat_400() {
    let mut h = Harness::default();
    let r = h.call(bare(
        Method::POST,
        &engagement_url("", None),
        br#"{"appType":"WEB"}"#,
    ));
    assert_eq!(r.status(), 400);
    let v = json(&r);
    assert!(v["time"].is_u64(), "flat form with epoch time: {v}");
    assert!(v["internalCode"].is_i64());
    assert_eq!(v.get("error"), None);
    let r = h.call(bare(Method::POST, &engagement_url("", None), b"garbage"));
    assert_eq!(r.status(), 400);
}

#[test]
fn update_session_needs_page_id() {
    let mut h = Harness::default();
    let u = engagement_url("vid1", Some("sid1"));
    let r = h.call(bare(Method::PUT, &u, br#"{"pageId":"123"}"#));
    assert_eq!(r.status(), 200);
    let r = h.call(bare(Method::PUT, &u, br#"{}"#));
    assert_eq!(r.status(), 400);
    assert!(json(&r)["time"].is_u64());
    let _: Value = json(&r);
}
