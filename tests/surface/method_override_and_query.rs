//! Across the API: every documented "PUT" goes as POST with `X-HTTP-Method-Override: PUT`, and
//! `v=1&NC=true` is merged into links that already carry a query, never appended twice.

use lp_server_chat::wire::{
    Answer, AnswerValue, Id, OfflineSurveySubmission, Survey, SurveyAnswers, TranscriptRequest,
};
use lp_server_chat::{RequestKind, Transmit};
use serde_json::json;

use crate::support::*;

fn text_survey(id: u64) -> Survey {
    let doc = json!({"survey": {"id": id, "questions": {"question": {"id": 1, "type": "Text Area", "label": "?"}}}});
    lp_server_chat::wire::decode(doc.to_string().as_bytes()).unwrap()
}

fn answers(id: u64) -> SurveyAnswers {
    SurveyAnswers {
        id: Id::from(id),
        answers: vec![Answer {
            question: Id::from(1u64),
            value: AnswerValue::One("fine".into()),
        }],
    }
}

#[test]
fn every_put_method_is_a_post_with_the_override() {
    let mut h = chatting();
    let now = h.now;
    h.session.set_visitor_name("Jane", now).unwrap();
    h.session.set_typing(true, now).unwrap();
    let _ = h
        .session
        .request_transcript(
            &TranscriptRequest {
                email: "a@b.co".into(),
                timezone_offset: None,
            },
            now,
        )
        .unwrap();
    let _ = h
        .session
        .submit_exit_survey(&text_survey(7), &answers(7), now)
        .unwrap();
    let _ = h
        .session
        .submit_offline_survey(
            &text_survey(8),
            &OfflineSurveySubmission::new(answers(8)),
            now,
        )
        .unwrap();
    h.drain();
    let puts = [
        RequestKind::SetVisitorName,
        RequestKind::SetTyping,
        RequestKind::RequestTranscript,
        RequestKind::SubmitExitSurvey,
        RequestKind::SubmitOfflineSurvey,
    ];
    for kind in puts {
        let t = h.take(kind);
        assert_api_put(&t);
    }
    // Nothing else the session sends carries the override.
    let others: Vec<&Transmit> = h.pending.iter().collect();
    for t in others {
        assert_eq!(header(t, "x-http-method-override"), None, "{:?}", t.kind);
    }
}

#[test]
fn links_with_a_query_get_the_api_parameters_merged_in() {
    let mut h = Harness::new(config());
    h.start_chat();
    let t = h.take(RequestKind::Poll);
    // The server's links carry their own query, including a stale `v` and `NC`.
    let doc = json!({"chat": {
        "link": [
            {"@href": CHAT, "@rel": "self"},
            {"@href": format!("{CHAT}/events"), "@rel": "events"},
            {"@href": format!("{CHAT}/info?lang=en"), "@rel": "info"},
            {"@href": format!("{CHAT}?from=1&v=1&NC=false&appKey=stale"), "@rel": "next"}
        ],
        "events": {"event": [state(0, "waiting")]},
        "info": info("waiting", None, false)
    }});
    h.reply(&t, ok(doc));
    let _ = h.session.fetch_chat_info(h.now).unwrap();
    h.drain();
    let t = h.take(RequestKind::GetInfo);
    assert_eq!(url(&t), format!("{CHAT}/info"));
    assert_eq!(
        query(&t),
        pairs(&[("lang", "en"), ("v", "1"), ("NC", "true")])
    );
    h.wake();
    let t = h.take(RequestKind::Poll);
    assert_eq!(
        query(&t),
        pairs(&[("from", "1"), ("v", "1"), ("NC", "true")])
    );
    assert_eq!(
        t.request.uri().to_string(),
        format!("{CHAT}?from=1&v=1&NC=true")
    );
}
