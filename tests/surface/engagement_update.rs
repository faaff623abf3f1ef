//! App Engagement Update Session: a real PUT of the page's impressions to
//! `…/app/engagement/visitors/{visitorId}?v=1.0&sid={sessionId}`, without the app key.

use lp_server_chat::wire::UpdateSessionRequest;
use lp_server_chat::{Failure, OpId, OpResult, RequestKind, Transmit};
use serde_json::json;

use crate::engagement_create::{assert_addressed_to_the_visitor, at_engagement_host, visitor};
use crate::support::*;

/// Asks to update the engagement with a page id and takes the request it sends.
fn update(h: &mut Harness) -> (OpId, Transmit) {
    let op =
        h.session
            .update_engagement(&UpdateSessionRequest::new("5829301144"), &visitor(), h.now);
    h.drain();
    (op, h.take(RequestKind::UpdateEngagement))
}

#[test]
fn the_update_is_a_put_on_the_visitor_with_its_session() {
    let mut h = Harness::new(at_engagement_host());
    let (op, t) = update(&mut h);
    assert_eq!(method(&t), "PUT");
    assert_addressed_to_the_visitor(&t);
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
    let mut h = Harness::new(at_engagement_host());
    let (op, t) = update(&mut h);
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
