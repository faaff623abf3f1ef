//! A scripted server on a virtual clock, and what every test reads off a request.

use std::time::{Duration, Instant};

use lp_server_chat::emulator::{Emulator, EmulatorConfig, Link};
use lp_server_chat::{
    ChatConfig, ChatSession, Endpoint, Event, Failure, OpId, OpResult, Output, RequestKind,
    Transmit,
};
use serde_json::{json, Value};

pub const ORIGIN: &str = "https://chat.example.test";
pub const ACCOUNT: &str = "123";
pub const CHAT: &str = "https://chat.example.test/api/account/123/chat/H1-abcK1";
pub const APP_KEY_HEADER: &str = "LivePerson appKey=721c180b09eb463d9f3191c41762bb68";

pub fn config() -> ChatConfig {
    ChatConfig::new(ACCOUNT, Endpoint::BaseUrl(ORIGIN.into()))
}

/// A session and everything it asked for and said, on a clock that moves only when told.
pub struct Harness {
    pub session: ChatSession,
    pub now: Instant,
    pub pending: Vec<Transmit>,
    pub events: Vec<Event>,
    pub wait: Option<Instant>,
}

impl Harness {
    pub fn new(config: ChatConfig) -> Self {
        let now = Instant::now();
        let session = ChatSession::new(config, now, 7).expect("valid config");
        Self {
            session,
            now,
            pending: Vec::new(),
            events: Vec::new(),
            wait: None,
        }
    }

    /// Runs `poll_output` until it says to wait.
    pub fn drain(&mut self) {
        loop {
            match self.session.poll_output() {
                Output::Transmit(t) => self.pending.push(t),
                Output::Event(e) => self.events.push(e),
                Output::Wait(at) => {
                    self.wait = at;
                    return;
                }
            }
        }
    }

    /// Takes the one pending request of `kind`.
    pub fn take(&mut self, kind: RequestKind) -> Transmit {
        let at = self
            .pending
            .iter()
            .position(|t| t.kind == kind)
            .unwrap_or_else(|| panic!("no pending {kind:?}; pending: {:?}", self.kinds()));
        self.pending.remove(at)
    }

    pub fn kinds(&self) -> Vec<RequestKind> {
        self.pending.iter().map(|t| t.kind).collect()
    }

    pub fn reply(&mut self, t: &Transmit, response: http::Response<Vec<u8>>) {
        self.session
            .handle_response(t.id, response, self.now)
            .expect("request was in flight");
        self.drain();
    }

    pub fn fail(&mut self, t: &Transmit, error: lp_server_chat::TransportError) {
        self.session
            .handle_transport_error(t.id, error, self.now)
            .expect("request was in flight");
        self.drain();
    }

    /// Jumps to the session's deadline.
    pub fn wake(&mut self) {
        let at = self.wait.expect("session has a deadline");
        self.now = self.now.max(at);
        self.session.handle_timeout(self.now);
        self.drain();
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The result of `op`, once it completed.
    pub fn completed(&self, op: OpId) -> Option<&OpResult> {
        self.events.iter().find_map(|e| match e {
            Event::Completed { op: o, result } if *o == op => Some(result),
            _ => None,
        })
    }

    /// Why `op` failed, once it did.
    pub fn failed(&self, op: OpId) -> Option<&Failure> {
        self.events.iter().find_map(|e| match e {
            Event::Failed { op: o, failure } if *o == op => Some(failure),
            _ => None,
        })
    }

    /// Every retry announced so far, as (kind, attempt, seconds until it goes).
    pub fn retries(&self) -> Vec<(RequestKind, u32, u64)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Retrying {
                    kind,
                    attempt,
                    after,
                    ..
                } => Some((*kind, *attempt, after.as_secs())),
                _ => None,
            })
            .collect()
    }

    pub fn protocol_errors(&self) -> Vec<RequestKind> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::ProtocolError { kind, .. } => Some(*kind),
                _ => None,
            })
            .collect()
    }

    /// Lets time pass, answering polls of a chatting chat with no news, until a request of `kind`
    /// is pending.
    pub fn until(&mut self, kind: RequestKind) {
        for _ in 0..100 {
            if self.kinds().contains(&kind) {
                return;
            }
            if self.kinds().contains(&RequestKind::Poll) {
                self.poll_with(json!([]), info("chatting", Some("Dana")));
            } else {
                self.wake();
            }
        }
        panic!("no {kind:?} came");
    }

    /// Requests a chat and answers with a Location.
    pub fn start_chat(&mut self) {
        self.session.request_chat(self.now).unwrap();
        self.drain();
        let t = self.take(RequestKind::RequestChat);
        self.reply(&t, created(CHAT));
    }

    /// Answers the pending poll with these events (`next` = last id + 1) and info.
    pub fn poll_with(&mut self, events: Value, info: Value) {
        let t = self.take(RequestKind::Poll);
        let next = events
            .as_array()
            .and_then(|a| a.last())
            .and_then(|e| e["@id"].as_str())
            .and_then(|id| id.parse::<u64>().ok())
            .map_or(0, |id| id + 1);
        self.reply(&t, ok(chat_doc(next, events, info)));
    }
}

/// A fresh harness with a chat an agent has joined; events 0..=2 read.
pub fn chatting() -> Harness {
    let mut h = Harness::new(config());
    h.start_chat();
    h.poll_with(
        json!([
            state(0, "waiting"),
            state(1, "chatting"),
            system(2, 3, "You are now chatting with Dana.")
        ]),
        info("chatting", Some("Dana")),
    );
    h.take_events();
    h
}

/// A fresh harness whose chat the agent ended; events 0..=3 read.
pub fn ended() -> Harness {
    let mut h = chatting();
    h.wake();
    h.poll_with(json!([state(3, "ended")]), info("ended", Some("Dana")));
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

/// The body as JSON (`Null` for an empty body).
pub fn body(t: &Transmit) -> Value {
    if t.request.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(t.request.body()).expect("a JSON body")
    }
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

pub fn response(status: u16, headers: &[(&str, &str)], body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body).unwrap()
}

pub fn ok(body: Value) -> http::Response<Vec<u8>> {
    response(
        200,
        &[("content-type", "application/json")],
        body.to_string().into_bytes(),
    )
}

pub fn raw(status: u16, body: &str) -> http::Response<Vec<u8>> {
    response(status, &[], body.as_bytes().to_vec())
}

pub fn created(location: &str) -> http::Response<Vec<u8>> {
    response(201, &[("Location", location)], Vec::new())
}

pub fn error(status: u16, code: i64, message: &str) -> http::Response<Vec<u8>> {
    let body = json!({"error": {"time": "2024-03-11T09:15:02.118+00:00", "message": message, "internalCode": code}});
    response(
        status,
        &[("content-type", "application/json")],
        body.to_string().into_bytes(),
    )
}

pub fn chat_doc(next: u64, events: Value, info: Value) -> Value {
    json!({"chat": {
        "link": [
            {"@href": CHAT, "@rel": "self"},
            {"@href": format!("{CHAT}/events"), "@rel": "events"},
            {"@href": format!("{CHAT}/info"), "@rel": "info"},
            {"@href": format!("{CHAT}?from={next}"), "@rel": "next"},
            {"@href": format!("{CHAT}/transcriptRequest"), "@rel": "transcript-request"},
            {"@href": format!("{CHAT}/exitSurvey"), "@rel": "exit-survey"}
        ],
        "events": {
            "link": [
                {"@href": format!("{CHAT}/events"), "@rel": "self"},
                {"@href": format!("{CHAT}/events?from={next}"), "@rel": "next"}
            ],
            "event": events
        },
        "info": info
    }})
}

pub fn info(state: &str, agent: Option<&str>) -> Value {
    let mut info = json!({
        "link": [
            {"@href": format!("{CHAT}/info"), "@rel": "self"},
            {"@href": format!("{CHAT}/info/visitorName"), "@rel": "visitor-name"},
            {"@href": format!("{CHAT}/info/visitorTyping"), "@rel": "visitor-typing"},
            {"@href": format!("{CHAT}/info/agentTyping"), "@rel": "agent-typing"}
        ],
        "state": state,
        "chatTimeout": 40,
        "agentTyping": "not-typing",
        "visitorTyping": "not-typing",
        "visitorName": "you"
    });
    if let Some(agent) = agent {
        info["agentName"] = json!(agent);
        info["agentId"] = json!(1122);
    }
    info
}

pub fn state(id: u64, state: &str) -> Value {
    json!({"@id": id.to_string(), "@type": "state", "time": "2024-03-11T09:15:02.118+00:00", "state": state})
}

pub fn line(id: u64, source: &str, text: &str) -> Value {
    let by = match source {
        "system" => "info",
        "agent" => "Dana",
        _ => "you",
    };
    json!({"@id": id.to_string(), "@type": "line", "time": "2024-03-11T09:15:40.011+00:00",
           "textType": "plain", "text": text, "by": by, "source": source})
}

pub fn system(id: u64, message_id: u64, text: &str) -> Value {
    let mut l = line(id, "system", text);
    l["systemMessageId"] = json!(message_id);
    l
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
        Event::Completed { op: o, result } if *o == op => Some(result),
        _ => None,
    })
}
