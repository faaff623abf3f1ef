//! What every surface test reads off a request, on top of the shared scripted server.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{Emulator, EmulatorConfig, Link};
use lp_server_chat::{ChatConfig, ChatSession, Endpoint, Event, OpId, OpResult, Transmit};
use serde_json::{json, Value};

pub use crate::scripted::*;

pub const ACCOUNT: &str = "123";
pub const APP_KEY_HEADER: &str = "LivePerson appKey=721c180b09eb463d9f3191c41762bb68";

/// A fresh harness whose chat the agent ended; events 0..=3 read.
pub fn ended() -> Harness {
    let mut h = chatting();
    h.wake();
    h.poll_with(
        json!([state(3, "ended")]),
        info("ended", Some("Dana"), false),
    );
    assert_eq!(h.session.phase(), lp_server_chat::Phase::Ended);
    h.take_events();
    h
}

// ----- reading a request -----

pub fn method(t: &Transmit) -> &str {
    t.request.method().as_str()
}

/// Scheme, host and path, without the query.
pub fn url(t: &Transmit) -> String {
    let uri = t.request.uri();
    format!(
        "{}://{}{}",
        uri.scheme_str().unwrap_or(""),
        uri.authority().map_or("", |a| a.as_str()),
        uri.path()
    )
}

/// The query pairs, decoded, in order.
pub fn query(t: &Transmit) -> Vec<(String, String)> {
    url::form_urlencoded::parse(t.request.uri().query().unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

pub fn header<'a>(t: &'a Transmit, name: &str) -> Option<&'a str> {
    t.request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The headers every Server Chat API GET carries, and nothing that marks a write.
pub fn assert_api_get(t: &Transmit) {
    assert_eq!(method(t), "GET");
    assert_eq!(header(t, "authorization"), Some(APP_KEY_HEADER));
    assert_eq!(header(t, "accept"), Some("application/json"));
    assert_eq!(header(t, "x-http-method-override"), None);
    assert!(t.request.body().is_empty());
}

/// A documented "PUT": POST with the override header, the app key and a JSON body.
pub fn assert_api_put(t: &Transmit) {
    assert_eq!(method(t), "POST");
    assert_eq!(header(t, "x-http-method-override"), Some("PUT"));
    assert_eq!(header(t, "authorization"), Some(APP_KEY_HEADER));
    assert_eq!(header(t, "content-type"), Some("application/json"));
}

// ----- answers -----

pub fn raw(status: u16, body: &str) -> http::Response<Vec<u8>> {
    response(status, &[], body.as_bytes().to_vec())
}

/// A survey with a choice question whose entry shows an optional e-mail question.
pub fn survey_doc() -> Value {
    json!({"survey": {
        "id": "51822", "title": "", "header": "Before we start",
        "questions": {"question": [
            {"mandatory": "true", "validationType": "alpha_numeric", "order": "0", "logicId": "1",
             "id": "20001", "type": "Dropdown Box", "label": "Topic",
             "entry": [
                {"checked": "false", "value": "BILLING", "logic": {"showLogicId": "2"}},
                {"checked": "false", "value": "OTHER"}
             ]},
            {"mandatory": "false", "validationType": "email", "order": "1", "logicId": "2",
             "id": "20002", "type": "Text Field", "label": "Email for the invoice", "lastKnownValue": ""}
        ]}
    }})
}

// ----- the emulator -----

/// A session on `config` wired to an emulator on `emulator` (same account and origin).
pub fn emulated(emulator: EmulatorConfig, configure: impl FnOnce(&mut ChatConfig)) -> Link {
    let now = Instant::now();
    let mut config = ChatConfig::new(
        emulator.account_id.clone(),
        Endpoint::BaseUrl(emulator.origin.clone()),
    );
    configure(&mut config);
    let session = ChatSession::new(config, now, 11).expect("valid config");
    Link::new(session, Emulator::new(emulator, now), now)
}

/// Runs the link until nothing is left to happen or `limit` passed, collecting events.
pub fn run(link: &mut Link, limit: Duration) -> Vec<Event> {
    let deadline = link.now + limit;
    let mut events = Vec::new();
    link.run_until(deadline, |_, _, e| events.push(e))
        .expect("no caller mistakes");
    events
}

/// The result of `op` among `events`.
pub fn result_of(events: &[Event], op: OpId) -> Option<&OpResult> {
    events.iter().find_map(|e| match e {
        Event::OpCompleted { op: o, result } if *o == op => Some(result),
        _ => None,
    })
}
