use lp_server_chat::wire::{
    decode, ChatState, EventBatch, EventBody, Id, LineSource, StreamEvent, TextType,
};
use serde_json::json;

use crate::{bytes, to_value};

fn one(event: serde_json::Value) -> StreamEvent {
    try_one(event).expect("decodes")
}

fn try_one(event: serde_json::Value) -> Result<StreamEvent, lp_server_chat::wire::DecodeError> {
    let body = bytes(json!({"events": {"event": [event]}}));
    decode::<EventBatch>(&body).map(|mut b| b.events.remove(0))
}

#[test]
fn state_event() {
    let e = one(
        json!({"@id": "3", "@type": "state", "time": "2025-01-02T10:00:00.001+01:00", "state": "chatting"}),
    );
    assert_eq!(e.id, 3);
    assert_eq!(e.time.as_deref(), Some("2025-01-02T10:00:00.001+01:00"));
    assert_eq!(e.body, EventBody::State(ChatState::Chatting));
}

#[test]
fn unknown_state_is_kept() {
    let e = one(json!({"@id": "3", "@type": "state", "state": "paused"}));
    assert_eq!(e.body, EventBody::State(ChatState::Other("paused".into())));
    assert_eq!(ChatState::Ended.as_str(), "ended");
}

#[test]
fn state_event_without_state_is_an_error() {
    assert!(try_one(json!({"@id": "3", "@type": "state"})).is_err());
}

#[test]
fn agent_html_line() {
    let e = one(json!({
        "@id": 8, "@type": "line", "time": "t", "textType": "html",
        "text": "<p>Hello there</p>", "by": "Morgan", "source": "agent", "subType": "REGULAR"
    }));
    let EventBody::Line(l) = e.body else {
        panic!("not a line")
    };
    assert_eq!(l.text, "<p>Hello there</p>");
    assert_eq!(l.text_type, TextType::Html);
    assert_eq!(l.by.as_deref(), Some("Morgan"));
    assert_eq!(l.source, LineSource::Agent);
    assert_eq!(l.sub_type.as_deref(), Some("REGULAR"));
}

#[test]
fn line_defaults() {
    let EventBody::Line(l) = one(json!({"@id": "1", "@type": "line"})).body else {
        panic!("not a line")
    };
    assert_eq!(l.text, "");
    assert_eq!(l.text_type, TextType::Plain);
    assert_eq!(l.source, LineSource::Other(String::new()));
    assert_eq!(l.by, None);
}

#[test]
fn type_key_without_at_sign() {
    let e = one(json!({"@id": "4", "type": "state", "state": "ended"}));
    assert_eq!(e.body, EventBody::State(ChatState::Ended));
}

#[test]
fn members_before_the_type_key() {
    let e = one(json!({"text": "early", "source": "visitor", "@id": "6", "@type": "line"}));
    let EventBody::Line(l) = e.body else {
        panic!("not a line")
    };
    assert_eq!(l.text, "early");
    assert_eq!(l.source, LineSource::Visitor);
}

#[test]
fn missing_or_bad_id_is_an_error() {
    for bad in [
        json!({"@type": "state", "state": "ended"}),
        json!({"@id": "x1", "@type": "state", "state": "ended"}),
        json!({"@id": -1, "@type": "state", "state": "ended"}),
        json!({"@id": 1.5, "@type": "state", "state": "ended"}),
        json!({"@id": null, "@type": "state", "state": "ended"}),
    ] {
        let err = try_one(bad.clone()).expect_err("must fail");
        assert_eq!(err.resource, "event batch", "{bad}");
    }
}

#[test]
fn missing_type_is_an_error() {
    let err = try_one(json!({"@id": "1", "text": "x"})).unwrap_err();
    assert!(err.reason.contains("@type"), "{}", err.reason);
}

#[test]
fn url_event_keeps_raw_object() {
    let e = one(
        json!({"@id": "5", "@type": "url", "time": "t1", "url": "https://example.com/p", "n": 1}),
    );
    let EventBody::Url(raw) = e.body else {
        panic!("not url")
    };
    assert_eq!(raw.get("url"), Some(&json!("https://example.com/p")));
    assert_eq!(raw.get("@id"), Some(&json!("5")));
    assert_eq!(raw.get("@type"), Some(&json!("url")));
    assert_eq!(raw.get("time"), Some(&json!("t1")));
}

#[test]
fn unknown_type_is_kept_with_raw() {
    let e = one(
        json!({"info": [{"@name": "k", "$": "v"}], "@id": 30, "@type": "leCollaboration", "state": {"odd": 1}}),
    );
    assert_eq!(e.id, 30);
    match e.body {
        EventBody::Other { kind, raw } => {
            assert_eq!(kind, "leCollaboration");
            assert_eq!(raw["info"][0]["$"], json!("v"));
            assert_eq!(raw["state"], json!({"odd": 1}));
            assert_eq!(raw["@id"], json!(30));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a2a_transfer_event() {
    let e = one(json!({
        "@id": "9", "@type": "a2a-transfer", "time": "t",
        "link": {"@href": "https://target.example/api/account/900/chat/request", "@rel": "a2a-transfer"},
        "domain": "target.example", "remoteSiteId": 900,
        "chatRequestParameters": {"a2aEventId": 9, "a2aSourceSessionId": 31, "a2aSourceSiteId": 100, "skill": "Returns"}
    }));
    let EventBody::A2aTransfer(a) = e.body else {
        panic!("not a2a")
    };
    assert_eq!(a.domain.as_deref(), Some("target.example"));
    assert_eq!(a.remote_site_id, Some(Id::from(900u64)));
    assert_eq!(
        a.link.as_deref(),
        Some("https://target.example/api/account/900/chat/request")
    );
    assert_eq!(a.skill.as_deref(), Some("Returns"));
    assert_eq!(a.chat_request_parameters["a2aSourceSessionId"], json!(31));
}

#[test]
fn a2a_ids_at_top_level_are_gathered() {
    let e = one(json!({
        "@id": "9", "@type": "a2a-transfer", "domain": "d", "remoteSiteId": "901",
        "a2aEventId": "9", "a2aSourceSessionId": 77, "a2aSourceSiteId": 100, "skill": "Top",
        "chatRequestParameters": {"a2aEventId": 8}
    }));
    let EventBody::A2aTransfer(a) = e.body else {
        panic!("not a2a")
    };
    assert_eq!(a.skill.as_deref(), Some("Top"));
    // Values inside chatRequestParameters win over top-level copies.
    assert_eq!(a.chat_request_parameters["a2aEventId"], json!(8));
    assert_eq!(a.chat_request_parameters["a2aSourceSessionId"], json!(77));
    assert_eq!(a.chat_request_parameters["a2aSourceSiteId"], json!(100));
    assert_eq!(a.link, None);
}

#[test]
fn a2a_parameters_as_json_string() {
    let e = one(
        json!({"@id": "9", "@type": "a2a-transfer", "chatRequestParameters": "{\"a2aEventId\":3}"}),
    );
    let EventBody::A2aTransfer(a) = e.body else {
        panic!("not a2a")
    };
    assert_eq!(a.chat_request_parameters["a2aEventId"], json!(3));
}

#[test]
fn serialize_then_decode_round_trips() {
    let src = json!({"events": {"link": [{"@href": "https://h/e?from=5", "@rel": "next"}], "event": [
        {"@id": "0", "@type": "state", "time": "t0", "state": "waiting"},
        {"@id": "1", "@type": "line", "time": "t1", "text": "x", "textType": "plain", "by": "info",
         "source": "system", "systemMessageId": 4, "subType": "REGULAR"},
        {"@id": "2", "@type": "line-status", "lineStatus": "READ", "refSequenceId": "1",
         "source": "agent", "metadata": []},
        {"@id": "3", "@type": "url", "url": "u"},
        {"@id": "4", "@type": "mystery", "k": [1]}
    ]}});
    let batch = decode::<EventBatch>(&bytes(src.clone())).unwrap();
    let written = lp_server_chat::wire::encode(&batch);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&written).unwrap(),
        src
    );
    assert_eq!(decode::<EventBatch>(&written).unwrap(), batch);
}

#[test]
fn event_writes_id_as_numeric_string() {
    let e = StreamEvent {
        id: 12,
        time: None,
        body: EventBody::State(ChatState::Ended),
    };
    assert_eq!(
        to_value(&e),
        json!({"@id": "12", "@type": "state", "state": "ended"})
    );
}
