//! App Engagement Update Session (`PUT …/app/engagement/visitors/{vid}?v=1.0&sid=…`): 200
//! for a body with `pageId` and lists of impression events and attributes, recorded for
//! tests; a flat 400 otherwise.

use http::Method;
use serde_json::json;

use crate::support::*;

fn update_url(vid: &str, sid: &str) -> String {
    format!("{ORIGIN}/api/account/{ACCOUNT}/app/engagement/visitors/{vid}?v=1.0&sid={sid}")
}

fn impressions() -> serde_json::Value {
    let ctx = json!([{"type": "engagementContext", "id": "1"}]);
    json!({
        "pageId": "5829301144",
        "impAttributes": [
            {"type": "impDisplay", "campaign": 1234567610u64, "engId": 1234567810u64,
             "revision": 12, "eContext": ctx},
            {"type": "impAccept", "campaign": 1234567610u64, "engId": 1234567810u64,
             "revision": 12, "eContext": ctx}
        ],
        "engagementAttributes": [{"type": "personal", "personal": {"firstname": "Jo"}}]
    })
}

#[test]
fn impressions_are_accepted_and_recorded() {
    let mut h = Harness::default();
    let body = impressions();
    let r = h.call(bare(
        Method::PUT,
        &update_url("vid1", "sid1"),
        body.to_string().as_bytes(),
    ));
    assert_eq!(r.status(), 200);
    assert!(r.body().is_empty());
    let updates = h.emu.session_updates();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].visitor_id, "vid1");
    assert_eq!(updates[0].session_id, "sid1");
    assert_eq!(updates[0].body, body);
}

#[test]
fn a_post_with_a_put_override_is_an_update() {
    let mut h = Harness::default();
    let mut r = bare(
        Method::POST,
        &update_url("vid1", "sid1"),
        br#"{"pageId":"1"}"#,
    );
    r.headers_mut()
        .insert("X-HTTP-Method-Override", "PUT".parse().unwrap());
    assert_eq!(h.call(r).status(), 200);
    assert_eq!(h.emu.session_updates().len(), 1);
}

#[test]
fn malformed_lists_and_missing_ids_are_a_flat_400() {
    let mut h = Harness::default();
    for (url, body) in [
        (
            update_url("vid1", "sid1"),
            json!({"pageId": "1", "impAttributes": {"type": "impDisplay"}}),
        ),
        (
            update_url("vid1", "sid1"),
            json!({"pageId": "1", "impAttributes": [{"campaign": 1}]}),
        ),
        (
            update_url("vid1", "sid1"),
            json!({"pageId": "1", "engagementAttributes": ["x"]}),
        ),
        (update_url("vid1", "sid1"), json!({"pageId": 1})),
        (update_url("vid1", ""), json!({"pageId": "1"})),
        (update_url("", "sid1"), json!({"pageId": "1"})),
    ] {
        let r = h.call(bare(Method::PUT, &url, body.to_string().as_bytes()));
        assert_eq!(r.status(), 400, "{url} {body}");
        let v = json(&r);
        assert!(v["time"].is_u64() && v["internalCode"].is_i64(), "{v}");
    }
    assert!(h.emu.session_updates().is_empty());
}
