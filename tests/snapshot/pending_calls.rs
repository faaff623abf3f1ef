//! A takeover needs what the visitor asked for and was not answered yet: one-shot calls keep
//! their ids across a snapshot, and the chat request's edits are carried until it is sent.

use std::time::Instant;

use lp_server_chat::{
    AvailabilityQuery, ChatSession, Event, OpId, Output, RequestKind, SurveyQuery,
};

use crate::support::*;

fn drain(session: &mut ChatSession) -> (Vec<RequestKind>, Vec<Event>) {
    let mut kinds = Vec::new();
    let mut events = Vec::new();
    loop {
        match session.poll_output() {
            Output::Transmit(t) => kinds.push(t.kind),
            Output::Event(e) => events.push(e),
            Output::Wait(_) => return (kinds, events),
        }
    }
}

#[test]
fn unanswered_calls_are_sent_again_under_the_same_ids() {
    let now = Instant::now();
    let mut session = ChatSession::new(config(), now, 1).unwrap();
    let availability = session.check_availability(AvailabilityQuery::default(), now);
    let survey = session.fetch_pre_chat_survey(SurveyQuery::default(), now);
    let (sent, _) = drain(&mut session);
    assert_eq!(
        sent,
        [RequestKind::Availability, RequestKind::PreChatSurvey]
    );

    let json = serde_json::to_string(&session.snapshot()).unwrap();
    let mut resumed =
        ChatSession::resume(config(), serde_json::from_str(&json).unwrap(), now).unwrap();
    let (sent, _) = drain(&mut resumed);
    assert_eq!(
        sent,
        [RequestKind::Availability, RequestKind::PreChatSurvey]
    );
    let next = resumed.check_availability(AvailabilityQuery::default(), now);
    assert_ne!(next, availability);
    assert_ne!(next, survey);
    assert_eq!(next, OpId(2));
}

#[test]
fn the_edited_chat_request_survives_until_it_is_sent() {
    let now = Instant::now();
    let mut link = link(now);
    link.session.chat_request_mut().unwrap().skill = Some("Billing".into());
    let snapshot = link.session.snapshot();
    let resumed = ChatSession::resume(config(), snapshot, now).unwrap();
    assert_eq!(resumed.chat_request().skill.as_deref(), Some("Billing"));
}
