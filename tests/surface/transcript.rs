//! `…/transcriptRequest` (POST + override PUT), during and after the chat.

use std::time::Duration;

use lp_server_chat::emulator::{AgentBehaviour, EmulatorConfig};
use lp_server_chat::wire::TranscriptRequest;
use lp_server_chat::{Error, Event, Failure, OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

fn request() -> TranscriptRequest {
    TranscriptRequest {
        email: "jane.doe@example.com".into(),
        timezone_offset: Some(-7_200_000),
    }
}

#[test]
fn after_the_chat_ended_the_transcript_still_goes() {
    let mut h = ended();
    let op = h.session.request_transcript(&request(), h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestTranscript);
    assert_api_put(&t);
    assert_eq!(url(&t), format!("{CHAT}/transcriptRequest"));
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    assert_eq!(
        body(&t),
        json!({"email": "jane.doe@example.com", "timezoneOffset": -7200000})
    );
    h.reply(&t, ok(json!({"email": "jane.doe@example.com"})));
    assert_eq!(h.completed(op), Some(&OpResult::Accepted));
}

#[test]
fn without_a_chat_there_is_nothing_to_send() {
    let mut h = Harness::new(config());
    assert_eq!(
        h.session.request_transcript(&request(), h.now),
        Err(Error::NoChat)
    );
}

#[test]
fn a_refused_address_fails_the_call() {
    let mut h = chatting();
    let op = h.session.request_transcript(&request(), h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::RequestTranscript);
    h.reply(&t, error(400, 1, "A valid email is required"));
    assert!(matches!(
        h.failed(op),
        Some(Failure::Refused(lp_server_chat::Refusal {
            status: 400,
            ..
        }))
    ));
}

#[test]
fn the_emulator_takes_the_request_after_the_agent_ended_the_chat() {
    let mut link = emulated(
        EmulatorConfig {
            agent: AgentBehaviour::Replying {
                accept_after: Duration::from_secs(1),
                greeting: "Hi".into(),
                reply_after: Duration::from_secs(1),
                typing_for: Duration::ZERO,
            },
            ..EmulatorConfig::default()
        },
        |_| {},
    );
    link.session.request_chat(link.now).unwrap();
    let mut ended = false;
    let deadline = link.now + Duration::from_secs(30);
    link.run_until(deadline, |session, now, event| {
        if matches!(event, Event::Line { ref line, .. } if line.text == "Hi") {
            session.end_chat(now).unwrap();
        }
        ended |= matches!(event, Event::ChatEnded { .. });
    })
    .unwrap();
    assert!(ended);
    let op = link
        .session
        .request_transcript(&request(), link.now)
        .unwrap();
    let events = run(&mut link, Duration::from_secs(5));
    assert_eq!(result_of(&events, op), Some(&OpResult::Accepted));
    let chat = link.emulator.chat_ids().pop().unwrap();
    let requests = &link.emulator.chat(&chat).unwrap().transcript_requests;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["email"], "jane.doe@example.com");
}
