//! App Engagement Update Session (`domain-and-engagement.md` § 2.2): request body, the
//! undocumented response, and the flat error body.

use lp_server_chat::wire::{
    decode, CreateSessionResponse, EngagementContext, EngagementStatus, ErrorBody, Id, Impression,
    ImpressionKind, UpdateSessionRequest, UpdateSessionResponse,
};
use serde_json::{json, Value};

use crate::{bytes, to_value};

/// The spec's impression example, verbatim.
fn spec_example() -> Value {
    json!({
        "pageId": "5829301144",
        "impAttributes": [
            { "type": "impDisplay", "campaign": 1234567610u64, "engId": 1234567810u64, "revision": 12,
              "eContext": [ { "type": "engagementContext", "id": "1" } ] },
            { "type": "impAccept",  "campaign": 1234567610u64, "engId": 1234567810u64, "revision": 12,
              "eContext": [ { "type": "engagementContext", "id": "1" } ] }
        ]
    })
}

/// The spec's Create Session example (ids as strings, as there).
fn available() -> CreateSessionResponse {
    decode(&bytes(json!({
        "status": "Available", "sessionId": "Zq7Vd2kLRfaP0s9tYbWmEw",
        "visitorId": "k3JpQm9sTUaB1xYzW0aQcA", "pageId": "5829301144",
        "engagementDetails": {
            "campaignId": "1234567610", "engagementId": "1234567810", "contextId": "1",
            "windowId": "1234567910", "language": "en-US", "engagementRevision": 12,
            "validForSeconds": 900, "skillId": 987654321, "skillName": "Support",
            "connectorId": "2233445510"
        }
    })))
    .unwrap()
}

#[test]
fn the_spec_example_decodes_and_is_written_back_alike() {
    let r = decode::<UpdateSessionRequest>(&bytes(spec_example())).unwrap();
    assert_eq!(r.page_id, "5829301144");
    assert_eq!(r.imp_attributes.len(), 2);
    let display = &r.imp_attributes[0];
    assert_eq!(display.kind, ImpressionKind::Display);
    assert_eq!(display.campaign, Some(Id::from(1234567610u64)));
    assert_eq!(display.engagement_id, Some(Id::from(1234567810u64)));
    assert_eq!(display.revision.as_ref().and_then(Id::as_u64), Some(12));
    assert_eq!(display.contexts, [EngagementContext::new("1")]);
    assert_eq!(r.imp_attributes[1].kind, ImpressionKind::Accept);
    assert_eq!(to_value(&r), spec_example());
}

#[test]
fn built_from_the_create_session_answer() {
    let r = UpdateSessionRequest::impressions(
        &available(),
        &[ImpressionKind::Display, ImpressionKind::Accept],
    )
    .expect("page id and engagement");
    // String ids from Create Session go out as numbers, as in the example.
    assert_eq!(to_value(&r), spec_example());
    let not_available = decode::<CreateSessionResponse>(
        br#"{"status":"NotAvailable","sessionId":"s","visitorId":"v","pageId":"p"}"#,
    )
    .unwrap();
    assert_eq!(
        UpdateSessionRequest::impressions(&not_available, &[ImpressionKind::Display]),
        None
    );
}

#[test]
fn page_id_only_and_engagement_attributes() {
    assert_eq!(
        to_value(&UpdateSessionRequest::new("5829301144")),
        json!({"pageId": "5829301144"})
    );
    let mut r = UpdateSessionRequest::new("p");
    r.engagement_attributes
        .push(json!({"type": "ctmrinfo", "info": {"customerId": "c-77"}}));
    assert_eq!(
        to_value(&r),
        json!({"pageId": "p", "engagementAttributes": [{"type": "ctmrinfo", "info": {"customerId": "c-77"}}]})
    );
    assert_eq!(decode::<UpdateSessionRequest>(&r.to_json()).unwrap(), r);
}

#[test]
fn expanded_impressions_and_unknown_types() {
    let r =
        decode::<UpdateSessionRequest>(&bytes(json!({"pageId": 5829301144u64, "impAttributes": {
            "type": "impExpanded", "expanded": true, "userInit": false, "actionableItems": 2,
            "campaign": "1234567610", "engId": "1234567810", "revision": "12"
        }})))
        .unwrap();
    assert_eq!(r.page_id, "5829301144");
    let e = &r.imp_attributes[0];
    assert_eq!(e.kind, ImpressionKind::Expanded);
    assert_eq!(e.expanded, Some(json!(true)));
    assert_eq!(e.user_init, Some(json!(false)));
    assert_eq!(e.actionable_items, Some(json!(2)));
    assert_eq!(
        to_value(e),
        json!({"type": "impExpanded", "campaign": 1234567610u64, "engId": 1234567810u64,
               "revision": 12, "expanded": true, "userInit": false, "actionableItems": 2})
    );
    let mut other = Impression::new(
        ImpressionKind::Other("impHover".into()),
        &Default::default(),
    );
    other.revision = Some(Id::from("r-2"));
    assert_eq!(
        to_value(&other),
        json!({"type": "impHover", "revision": "r-2"})
    );
}

#[test]
fn missing_page_id_is_an_error() {
    let err = decode::<UpdateSessionRequest>(br#"{"impAttributes":[]}"#).unwrap_err();
    assert_eq!(err.resource, "update session request");
}

#[test]
fn an_empty_answer_is_a_success_without_content() {
    for body in [&b""[..], b"  \n"] {
        assert_eq!(
            UpdateSessionResponse::parse(body).unwrap(),
            UpdateSessionResponse::default()
        );
    }
}

#[test]
fn an_answer_with_a_body_is_read_leniently_and_kept() {
    let r = UpdateSessionResponse::parse(&bytes(
        json!({"status": "Available", "sessionId": "s", "visitorId": 7, "pageId": 55,
                      "engagementDetails": {"engagementId": "1234567810"}, "future": [1]}),
    ))
    .unwrap();
    assert_eq!(r.status, Some(EngagementStatus::Available));
    assert_eq!(r.visitor_id.as_deref(), Some("7"));
    assert_eq!(r.page_id.as_deref(), Some("55"));
    assert_eq!(
        r.engagement_details.unwrap().engagement_id,
        Some(Id::from("1234567810"))
    );
    assert_eq!(r.extra["future"], json!([1]));
    assert_eq!(
        UpdateSessionResponse::parse(b"{}").unwrap(),
        Default::default()
    );
    assert!(UpdateSessionResponse::parse(b"<html>").is_err());
}

#[test]
fn the_flat_error_body() {
    // The App Engagement error shape of the spec (§ 2.1, "Status codes as in 2.1").
    let e = ErrorBody::parse(
        br#"{"time":1499263964605,"message":"Loading account: 12345678, vid: k3Jp","internalCode":20}"#,
    )
    .unwrap();
    assert_eq!(e.internal_code, Some(20));
    assert_eq!(
        e.message.as_deref(),
        Some("Loading account: 12345678, vid: k3Jp")
    );
    assert_eq!(e.time_ms(), Some(1_499_263_964_605));
}
