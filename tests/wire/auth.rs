use lp_server_chat::wire::{decode, AuthRequest, AuthResponse, EngagementTags, Id};
use serde_json::json;

use crate::to_value;

fn request() -> AuthRequest {
    AuthRequest {
        auth_chat_conn_id: Some(Id::from("4455660011")),
        sso_key: "header.payload.signature".into(),
        engagement_id: Some(Id::from(31u64)),
        le_tags: EngagementTags {
            context_id: Some("2".into()),
            session_id: Some("ses-9".into()),
            visitor_id: Some("vis-9".into()),
        },
        redirect_uri: Some("https://app.example.org/cb".into()),
    }
}

#[test]
fn flat_body_with_numeric_ids() {
    assert_eq!(
        to_value(&request()),
        json!({
            "authChatConnId": 4455660011u64, "ssoKey": "header.payload.signature", "engagementId": 31,
            "LETagContextId": "2", "LETagSessionId": "ses-9", "LETagVisitorId": "vis-9",
            "redirectUri": "https://app.example.org/cb"
        })
    );
    assert_eq!(
        decode::<AuthRequest>(&request().to_json()).unwrap(),
        request()
    );
}

#[test]
fn optional_members_are_omitted() {
    let r = AuthRequest {
        auth_chat_conn_id: None,
        sso_key: "k".into(),
        engagement_id: None,
        le_tags: EngagementTags {
            context_id: None,
            session_id: None,
            visitor_id: None,
        },
        redirect_uri: None,
    };
    assert_eq!(to_value(&r), json!({"ssoKey": "k"}));
}

#[test]
fn debug_redacts_sso_key() {
    let text = format!("{:?}", request());
    assert!(!text.contains("header.payload.signature"), "{text}");
    assert!(text.contains("<redacted>"));
}

#[test]
fn response() {
    let r =
        decode::<AuthResponse>(br#"{"participantId":"p-1","conversationId":"c-1","x":0}"#).unwrap();
    assert_eq!(
        r,
        AuthResponse {
            participant_id: "p-1".into(),
            conversation_id: "c-1".into()
        }
    );
    assert!(decode::<AuthResponse>(br#"{"participantId":"p-1"}"#).is_err());
    assert!(decode::<AuthResponse>(b"").is_err());
}
