use lp_server_chat::wire::*;
use proptest::prelude::*;
use serde_json::Value;

/// Decodes `body` as every document type; only panics would fail.
fn decode_all(body: &[u8]) {
    let _ = decode::<ChatResource>(body);
    let _ = decode::<EventBatch>(body);
    let _ = decode::<Info>(body);
    let _ = decode::<VisitorName>(body);
    let _ = decode::<VisitorTyping>(body);
    let _ = decode::<AgentTyping>(body);
    let _ = decode::<Availability>(body);
    let _ = decode::<AvailableSlots>(body);
    let _ = decode::<EstimatedWaitTime>(body);
    let _ = decode::<Survey>(body);
    let _ = decode::<ExitSurveySubmission>(body);
    let _ = decode::<OfflineSurveySubmission>(body);
    let _ = decode::<ChatRequest>(body);
    let _ = decode::<OutgoingEvent>(body);
    let _ = decode::<TranscriptRequest>(body);
    let _ = decode::<TranscriptWithSubjectRequest>(body);
    let _ = decode::<AuthRequest>(body);
    let _ = decode::<AuthResponse>(body);
    let _ = decode::<DomainResponse>(body);
    let _ = decode::<CreateSessionRequest>(body);
    let _ = decode::<CreateSessionResponse>(body);
    let _ = decode::<UpdateSessionRequest>(body);
    let _ = decode::<UpdateSessionResponse>(body);
    let _ = UpdateSessionResponse::parse(body);
    let _ = decode::<ErrorBody>(body);
    let _ = ErrorBody::parse(body).map(|e| e.time_ms());
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        read_cards(&v);
    }
}

/// Reads `v` as a card, and every line's card in it as a chat resource would carry them.
fn read_cards(v: &Value) {
    let card = Card::from_json(v);
    let _ = (card.to_text(), card.texts());
    for choice in &card.choices {
        let _ = (
            choice.answer(),
            choice
                .rich_answer()
                .map(|l| OutgoingEvent::from(l).to_json()),
        );
    }
    if let Ok(batch) = serde_json::from_value::<EventBatch>(v.clone()) {
        for event in &batch.events {
            let _ = event.time_ms();
            if let EventBody::Line(line) = &event.body {
                let _ = line.card().map(|c| c.choices);
            }
        }
    }
}

const KEYS: &[&str] = &[
    "chat",
    "events",
    "event",
    "info",
    "link",
    "@href",
    "@rel",
    "href",
    "rel",
    "@id",
    "@type",
    "type",
    "state",
    "text",
    "source",
    "systemMessageId",
    "survey",
    "questions",
    "question",
    "entry",
    "logic",
    "showLogicId",
    "id",
    "availability",
    "AvailabilityForSkills",
    "skillAvailability",
    "request",
    "preChatLines",
    "line",
    "chatRequestParameters",
    "error",
    "internalCode",
    "baseURIs",
    "baseURI",
    "engagementDetails",
    "answer",
    "lineStatus",
    "refSequenceId",
    "visitorTyping",
    "agentTyping",
    "visitorName",
    "availableSlots",
    "estimatedWaitTime",
    "status",
    "sessionId",
    "visitorId",
    "textType",
    "json",
    "metadata",
    "elements",
    "replies",
    "click",
    "actions",
    "title",
    "lastUpdate",
    "duration",
    "sharkContextId",
    "skillId",
    "pageId",
    "impAttributes",
    "eContext",
    "engId",
    "engagementAttributes",
    "transcriptRequest",
    "email",
    "timezoneOffset",
    "subject",
];

const STRINGS: &[&str] = &[
    "state",
    "line",
    "url",
    "a2a-transfer",
    "line-status",
    "waiting",
    "ended",
    "typing",
    "12",
    "-1",
    "true",
    "false",
    "",
    "x",
    "{\"a\":1}",
    "Checkbox",
    "rich-content",
    "vertical",
    "button",
    "text",
    "publishText",
    "link",
    "ACCEPT",
    "impDisplay",
    "Available",
    "2024-03-11T09:15:02.300+00:00",
    "{\"type\":\"button\",\"click\":{\"actions\":[{\"type\":\"publishText\",\"text\":1}]}}",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(STRINGS).prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_all(&body);
    }

    #[test]
    fn arbitrary_json(v in json_value()) {
        decode_all(&serde_json::to_vec(&v).unwrap());
    }

    #[test]
    fn arbitrary_json_inside_envelopes(v in json_value(), key in prop::sample::select(KEYS)) {
        let wrapped = serde_json::json!({ key: v });
        decode_all(&serde_json::to_vec(&wrapped).unwrap());
    }

    #[test]
    fn arbitrary_timestamps(
        text in ".{0,40}",
        near in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}([.,][0-9]{0,12})?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?.?",
    ) {
        let _ = time::parse_timestamp_ms(&text);
        let _ = time::parse_timestamp_ms(&near);
    }

    #[test]
    fn arbitrary_events(events in prop::collection::vec(json_value(), 0..4)) {
        let body = serde_json::json!({"chat": {"events": {"event": events}}});
        decode_all(&serde_json::to_vec(&body).unwrap());
    }
}

#[test]
fn deep_nesting_is_rejected_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    decode_all(deep.as_bytes());
    let deep = format!(
        r#"{{"events":{{"event":{{"@type":"url","x":{}1{}}}}}}}"#,
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    decode_all(deep.as_bytes());
}
