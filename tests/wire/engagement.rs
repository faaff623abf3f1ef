use lp_server_chat::wire::{
    decode, AppDetails, AppType, CreateSessionRequest, CreateSessionResponse, EngagementStatus, Id,
};
use serde_json::json;

use crate::{bytes, to_value};

#[test]
fn request_body() {
    let r = CreateSessionRequest {
        app_type: AppType::External,
        app_details: Some(AppDetails {
            os: Some("LINUX".into()),
            os_version: Some("6.1".into()),
            app_version: Some("0.9.0".into()),
            device_family: Some("DESKTOP".into()),
            ip_address: None,
        }),
        consumer_sections: vec!["Orders".into()],
        engagement_attributes: vec![json!({"type": "ctmrinfo", "info": {"customerId": "c-77"}})],
    };
    assert_eq!(
        to_value(&r),
        json!({
            "appType": "EXTERNAL",
            "appDetails": {"os": "LINUX", "osVersion": "6.1", "appVersion": "0.9.0", "deviceFamily": "DESKTOP"},
            "consumerSections": ["Orders"],
            "engagementAttributes": [{"type": "ctmrinfo", "info": {"customerId": "c-77"}}]
        })
    );
    assert_eq!(decode::<CreateSessionRequest>(&r.to_json()).unwrap(), r);
}

#[test]
fn minimal_request_body() {
    let r = CreateSessionRequest {
        app_type: AppType::Msdk,
        app_details: None,
        consumer_sections: vec![],
        engagement_attributes: vec![],
    };
    assert_eq!(to_value(&r), json!({"appType": "MSDK"}));
}

#[test]
fn available_response_with_mixed_id_types() {
    let body = bytes(json!({
        "status": "Available", "sessionId": "ses-xyz", "visitorId": "vis-xyz", "pageId": 4410001,
        "engagementDetails": {
            "campaignId": "3301", "engagementId": 3302, "contextId": 1, "windowId": "3303",
            "language": "de-DE", "engagementRevision": 4, "validForSeconds": "600",
            "skillId": 3304, "skillName": "Care", "connectorId": "3305"
        }
    }));
    let r = decode::<CreateSessionResponse>(&body).unwrap();
    assert_eq!(r.status, EngagementStatus::Available);
    assert_eq!(r.session_id, "ses-xyz");
    assert_eq!(r.visitor_id, "vis-xyz");
    assert_eq!(r.page_id.as_deref(), Some("4410001"));
    let d = r.engagement_details.unwrap();
    assert_eq!(d.campaign_id, Some(Id::from(3301u64)));
    assert_eq!(d.engagement_id, Some(Id::from(3302u64)));
    assert_eq!(d.context_id.as_deref(), Some("1"));
    assert_eq!(d.window_id, Some(Id::from(3303u64)));
    assert_eq!(d.engagement_revision, Some(Id::from(4u64)));
    assert_eq!(d.valid_for_seconds, Some(600));
    assert_eq!(d.skill_name.as_deref(), Some("Care"));
    assert_eq!(d.connector_id.as_ref().and_then(Id::as_u64), Some(3305));
}

#[test]
fn not_available_and_unknown_status() {
    let r = decode::<CreateSessionResponse>(
        br#"{"status":"NotAvailable","sessionId":"s","visitorId":"v"}"#,
    )
    .unwrap();
    assert_eq!(r.status, EngagementStatus::NotAvailable);
    assert!(r.engagement_details.is_none() && r.page_id.is_none());
    let r =
        decode::<CreateSessionResponse>(br#"{"status":"Pending","sessionId":"s","visitorId":"v"}"#)
            .unwrap();
    assert_eq!(r.status, EngagementStatus::Other("Pending".into()));
}

#[test]
fn missing_session_id_is_an_error() {
    let err =
        decode::<CreateSessionResponse>(br#"{"status":"Available","visitorId":"v"}"#).unwrap_err();
    assert_eq!(err.resource, "create session response");
}
