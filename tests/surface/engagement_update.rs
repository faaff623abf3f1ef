//! App Engagement Update Session: a real PUT of the page's impressions to
//! `…/app/engagement/visitors/{visitorId}?v=1.0&sid={sessionId}`, without the app key.

use lp_server_chat::wire::UpdateSessionRequest;
use lp_server_chat::{EngagementEndpoint, Failure, OpResult, RequestKind, VisitorSession};
use serde_json::json;

use crate::support::*;

const ENGAGEMENT: &str = "https://va.msdkgw.example.test";

fn visitor() -> VisitorSession {
    VisitorSession {
        visitor_id: "k3JpQm9sTUaB1xYzW0aQcA".into(),
        session_id: "Zq7Vd2kLRfaP0s9tYbWmEw".into(),
    }
}

fn harness() -> Harness {
    let mut config = config();
    config.engagement_endpoint = EngagementEndpoint::BaseUrl(ENGAGEMENT.into());
    Harness::new(config)
}

#[test]
fn the_update_is_a_put_on_the_visitor_with_its_session() {
    let mut h = harness();
    let op =
        h.session
            .update_engagement(&UpdateSessionRequest::new("5829301144"), &visitor(), h.now);
    h.drain();
    let t = h.take(RequestKind::UpdateEngagement);
    assert_eq!(method(&t), "PUT");
    assert_eq!(
        url(&t),
        format!(
            "{ENGAGEMENT}/api/account/{ACCOUNT}/app/engagement/visitors/k3JpQm9sTUaB1xYzW0aQcA"
        )
    );
    assert_eq!(
        query(&t),
        pairs(&[("v", "1.0"), ("sid", "Zq7Vd2kLRfaP0s9tYbWmEw")])
    );
    assert_eq!(header(&t, "authorization"), None);
    assert_eq!(body(&t)["pageId"], json!("5829301144"));
    h.reply(&t, response(200, &[], Vec::new()));
    assert!(matches!(
        h.completed(op),
        Some(OpResult::EngagementUpdated(_))
    ));
}

#[test]
fn an_unknown_visitor_fails_the_update() {
    let mut h = harness();
    let op =
        h.session
            .update_engagement(&UpdateSessionRequest::new("5829301144"), &visitor(), h.now);
    h.drain();
    let t = h.take(RequestKind::UpdateEngagement);
    h.reply(
        &t,
        response(
            401,
            &[],
            br#"{"time":1710166500000,"message":"Unauthorized","internalCode":10}"#.to_vec(),
        ),
    );
    assert!(matches!(
        h.failed(op),
        Some(Failure::Refused(lp_server_chat::Refusal {
            status: 401,
            ..
        }))
    ));
}
