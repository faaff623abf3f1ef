//! The JSON documents the service answers with, built directly as `serde_json::Value`s so the
//! emulator shares no decoding or encoding code with the client.

use std::time::Instant;

use http::{header, Response, StatusCode};
use serde_json::{json, Map, Value};

use super::chat::{ChatRecord, StoredEvent};
use super::clock::WallClock;

/// A JSON answer with `Content-Type: application/json` (no parameters: one observed client
/// parses a body only for that exact value).
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response<Vec<u8>> {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut r = Response::new(bytes);
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    r
}

/// An answer without a body.
pub(crate) fn empty(status: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = status;
    r
}

/// Builds link URLs for one account.
#[derive(Debug, Clone)]
pub(crate) struct Urls<'a> {
    pub(crate) origin: &'a str,
    pub(crate) account: &'a str,
}

impl Urls<'_> {
    pub(crate) fn account(&self) -> String {
        format!("{}/api/account/{}", self.origin, self.account)
    }

    pub(crate) fn chat(&self, id: &str) -> String {
        format!("{}/chat/{}", self.account(), id)
    }

    /// The bare host[:port] of the origin, as the Domain API reports it.
    pub(crate) fn host(&self) -> &str {
        let o = self.origin;
        let o = o.split_once("://").map_or(o, |(_, rest)| rest);
        o.trim_end_matches('/')
    }
}

fn link(href: String, rel: &str, at_keys: bool) -> Value {
    if at_keys {
        json!({"@href": href, "@rel": rel})
    } else {
        json!({"href": href, "rel": rel})
    }
}

/// One-or-many: omitted when empty, an object when single, an array otherwise.
fn insert_one_or_many(map: &mut Map<String, Value>, key: &str, mut items: Vec<Value>) {
    match items.len() {
        0 => {}
        1 => {
            map.insert(key.to_owned(), items.remove(0));
        }
        _ => {
            map.insert(key.to_owned(), Value::Array(items));
        }
    }
}

pub(crate) fn event_value(e: &StoredEvent, clock: &WallClock) -> Value {
    let mut m = Map::new();
    m.insert("@id".into(), Value::from(e.id.to_string()));
    m.insert("@type".into(), Value::from(e.event_type.clone()));
    m.insert("time".into(), Value::from(clock.iso(e.time)));
    for (k, v) in e.fields.iter() {
        m.entry(k).or_insert_with(|| v.clone());
    }
    Value::Object(m)
}

/// The `events` object: links plus events with id in `from..`, where `from` may be any
/// client-chosen value.
pub(crate) fn events_value(chat: &ChatRecord, from: u64, urls: &Urls, clock: &WallClock) -> Value {
    let base = urls.chat(&chat.id);
    let next = chat.events.len() as u64;
    let mut m = Map::new();
    m.insert(
        "link".into(),
        json!([
            link(format!("{base}/events"), "self", true),
            link(format!("{base}/events?from={next}"), "next", true),
        ]),
    );
    let events = chat
        .events_from(from)
        .iter()
        .map(|e| event_value(e, clock))
        .collect();
    insert_one_or_many(&mut m, "event", events);
    Value::Object(m)
}

/// The `info` object. Embedded in the chat resource its links use `@href`/`@rel`; the
/// standalone info document uses `href`/`rel`, as documented.
pub(crate) fn info_value(
    chat: &ChatRecord,
    urls: &Urls,
    clock: &WallClock,
    at_keys: bool,
    now: Instant,
) -> Value {
    let base = urls.chat(&chat.id);
    let mut m = Map::new();
    m.insert(
        "link".into(),
        json!([
            link(format!("{base}/info"), "self", at_keys),
            link(format!("{base}/info/visitorName"), "visitor-name", at_keys),
            link(
                format!("{base}/info/visitorTyping"),
                "visitor-typing",
                at_keys
            ),
            link(format!("{base}/info/agentTyping"), "agent-typing", at_keys),
        ]),
    );
    m.insert("state".into(), Value::from(chat.state.as_str()));
    m.insert("chatSessionKey".into(), Value::from(chat.id.clone()));
    let req = &chat.request;
    match req.get("skill") {
        Some(Value::String(s)) if !s.is_empty() => {
            m.insert("skillName".into(), Value::from(s.clone()));
        }
        _ => {
            m.insert("skillName".into(), Value::from("Support"));
        }
    }
    m.insert("skillId".into(), Value::from(987_654_321u64));
    if let Some((name, id)) = &chat.agent {
        m.insert("agentName".into(), Value::from(name.clone()));
        m.insert("agentId".into(), Value::from(*id));
    }
    m.insert("startTime".into(), Value::from(clock.iso(chat.started)));
    let end = chat.ended_at.unwrap_or(now);
    m.insert(
        "duration".into(),
        Value::from(end.saturating_duration_since(chat.started).as_secs()),
    );
    m.insert(
        "lastUpdate".into(),
        Value::from(clock.iso(chat.last_update)),
    );
    m.insert("chatTimeout".into(), Value::from(chat.timeout.as_secs()));
    m.insert("visitorId".into(), Value::from(chat.visitor_id));
    m.insert("agentTyping".into(), Value::from(typing(chat.agent_typing)));
    m.insert(
        "visitorTyping".into(),
        Value::from(typing(chat.visitor_typing)),
    );
    m.insert("visitorName".into(), Value::from(chat.visitor_name.clone()));
    m.insert("rtSessionId".into(), Value::from(chat.rt_session_id));
    for (from, to) in [
        ("LETagVisitorId", "sharkVisitorId"),
        ("LETagSessionId", "sharkSessionId"),
        ("LETagContextId", "sharkContextId"),
        ("engagementId", "engagementId"),
        ("campaignId", "campaignId"),
        ("language", "language"),
        ("participantId", "participantId"),
    ] {
        if let Some(v) = req.get(from) {
            if v.is_string() || v.is_number() {
                m.insert(to.into(), v.clone());
            }
        }
    }
    Value::Object(m)
}

pub(crate) fn typing(on: bool) -> &'static str {
    if on {
        "typing"
    } else {
        "not-typing"
    }
}

/// The whole chat resource: 8 links in documented order, events from `from`, info.
pub(crate) fn chat_document(
    chat: &ChatRecord,
    from: u64,
    urls: &Urls,
    clock: &WallClock,
    now: Instant,
) -> Value {
    let base = urls.chat(&chat.id);
    let next = chat.events.len();
    json!({
        "chat": {
            "link": [
                link(base.clone(), "self", true),
                link(format!("{base}/events"), "events", true),
                link(format!("{base}/info"), "info", true),
                link(format!("{base}?from={next}"), "next", true),
                link(format!("{base}/transcriptRequest"), "transcript-request", true),
                link(format!("{base}/transcriptWithSubjectRequest"), "transcript-with-subject-request", true),
                link(format!("{base}/exitSurvey"), "exit-survey", true),
                link(format!("{base}/customVariables"), "custom-variables", true),
            ],
            "events": events_value(chat, from, urls, clock),
            "info": info_value(chat, urls, clock, true, now),
        }
    })
}

/// `GET /api/account/{id}`: the rels LivePerson's SDK bootstraps from.
pub(crate) fn account_root(urls: &Urls) -> Value {
    let a = urls.account();
    json!({"account": {"link": [
        link(a.clone(), "self", true),
        link(format!("{a}/chat/request"), "chat-request", true),
        link(format!("{a}/chat/availability"), "chat-availability", true),
        link(format!("{a}/chat/availableSlots"), "chat-available-slots", true),
        link(format!("{a}/chat/estimatedWaitTime"), "chat-estimatedWaitTime", true),
        link(format!("{a}/chat//preSurvey"), "prechat-survey", true),
        link(format!("{a}/chat/offlineSurvey"), "chat-offline-survey", true),
    ]}})
}

/// Services the Domain API knows on this emulator.
pub(crate) const SERVICES: [&str; 3] = ["conversationVep", "msdkgw", "smt"];

pub(crate) fn domain_entry(service: &str, urls: &Urls) -> Value {
    json!({"service": service, "account": urls.account, "baseURI": urls.host()})
}

pub(crate) fn domain_list(urls: &Urls) -> Value {
    json!({"baseURIs": SERVICES.iter().map(|s| domain_entry(s, urls)).collect::<Vec<_>>()})
}

/// Pre-chat survey: string-typed values as in the docs, a dropdown whose entry shows a hidden
/// question (logic), a checkbox and a text field.
pub(crate) fn pre_survey() -> Value {
    json!({"survey": {
        "id": "51822",
        "title": "",
        "header": "Before we start, tell us a little about your question.",
        "questions": {"question": [
            {
                "mandatory": "true", "validationType": "alpha_numeric", "order": "0",
                "logicId": "1", "id": "20001", "type": "Dropdown Box", "label": "Topic",
                "entry": [
                    {"checked": "false", "value": "BILLING", "logic": {"showLogicId": "2"}},
                    {"checked": "false", "value": "OTHER"}
                ]
            },
            {
                "mandatory": "true", "validationType": "email", "order": "1",
                "logicId": "2", "id": "20002", "type": "Text Field",
                "label": "Email for the invoice", "lastKnownValue": ""
            },
            {
                "mandatory": "false", "validationType": "alpha_numeric", "order": "2",
                "logicId": "3", "id": "20003", "type": "Checkbox", "label": "Products",
                "entry": [
                    {"checked": "true", "value": "Phone"},
                    {"checked": "false", "value": "Internet"},
                    {"checked": "false", "value": "TV"}
                ]
            }
        ]}
    }})
}

/// Offline survey: a single question, rendered as an object rather than an array.
pub(crate) fn offline_survey() -> Value {
    json!({"survey": {
        "id": "60410",
        "title": "",
        "header": "Leave us a message",
        "questions": {"question": {
            "mandatory": "true", "order": "0", "validationType": "alpha_numeric",
            "logicId": "3", "id": "30077", "type": "Text Area",
            "label": "How can we help?", "lastKnownValue": ""
        }}
    }})
}

/// Exit survey: typed values (numbers, booleans), a radio question whose "no" entry shows a
/// follow-up (a single `showLogicId` list), a checkbox and a text field.
pub(crate) fn exit_survey() -> Value {
    json!({"survey": {
        "id": 70315,
        "title": "",
        "header": "",
        "questions": {"question": [
            {
                "type": "Radio Button", "validationType": "alpha_numeric", "id": 40001,
                "logicId": 1, "order": 0, "mandatory": true,
                "label": "Was your issue resolved?",
                "entry": [
                    {"checked": false, "value": "yes", "displayValue": "Yes"},
                    {"checked": false, "value": "no", "displayValue": "No",
                     "logic": {"showLogicId": [2, 3]}}
                ]
            },
            {
                "type": "Checkbox", "validationType": "alpha_numeric", "id": 40002,
                "logicId": 2, "order": 1, "mandatory": false,
                "label": "What went wrong?",
                "entry": [
                    {"checked": false, "value": "slow", "displayValue": "Too slow"},
                    {"checked": false, "value": "unclear", "displayValue": "Unclear answer"}
                ]
            },
            {
                "type": "Text Field", "validationType": "email", "id": 40003,
                "logicId": 3, "order": 2, "mandatory": false,
                "label": "Email for follow-up", "lastKnownValue": ""
            }
        ]}
    }})
}
