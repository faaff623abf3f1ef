//! A scripted server and a virtual clock for driving one session by hand, shared by the suites
//! that script the server (each uses part of it).
#![allow(dead_code)]

use std::time::{Duration, Instant};

use lp_server_chat::{
    ChatConfig, ChatSession, Endpoint, Event, Failure, OpId, OpResult, Output, RequestKind,
    Transmit,
};
use serde_json::{json, Value};

pub const ORIGIN: &str = "https://chat.example.test";
pub const CHAT: &str = "https://chat.example.test/api/account/123/chat/H1-abcK1";

pub fn config() -> ChatConfig {
    ChatConfig::new("123", Endpoint::BaseUrl(ORIGIN.into()))
}

/// A session plus everything it has asked for and said, on a clock that only moves when told.
pub struct Harness {
    pub session: ChatSession,
    pub start: Instant,
    pub now: Instant,
    pub pending: Vec<Transmit>,
    pub events: Vec<Event>,
    pub wait: Option<Instant>,
    /// Every request handed out, with the instant it was.
    pub sent: Vec<(Instant, RequestKind, String)>,
}

impl Harness {
    pub fn new(config: ChatConfig) -> Self {
        Self::with_seed(config, 7)
    }

    pub fn with_seed(config: ChatConfig, seed: u64) -> Self {
        let start = Instant::now();
        let session = ChatSession::new(config, start, seed).expect("valid config");
        Self {
            session,
            start,
            now: start,
            pending: Vec::new(),
            events: Vec::new(),
            wait: None,
            sent: Vec::new(),
        }
    }

    /// Seconds since the start, for readable assertions.
    pub fn at(&self) -> f64 {
        (self.now - self.start).as_secs_f64()
    }

    /// Runs `poll_output` until it says to wait.
    pub fn drain(&mut self) {
        loop {
            match self.session.poll_output() {
                Output::Transmit(t) => {
                    assert!(
                        !self.pending.iter().any(|p| p.kind == RequestKind::Poll)
                            || t.kind != RequestKind::Poll,
                        "two polls in flight"
                    );
                    self.sent
                        .push((self.now, t.kind, t.request.uri().to_string()));
                    self.pending.push(t);
                }
                Output::Event(e) => self.events.push(e),
                Output::Wait(at) => {
                    if let Some(at) = at {
                        assert!(at >= self.now, "deadline in the past");
                    }
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

    pub fn has(&self, kind: RequestKind) -> bool {
        self.pending.iter().any(|t| t.kind == kind)
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

    /// Moves the clock forward and lets the session act on it.
    pub fn advance(&mut self, by: Duration) {
        self.now += by;
        self.session.handle_timeout(self.now);
        self.drain();
    }

    /// Jumps to the session's deadline.
    pub fn wake(&mut self) {
        let at = self.wait.expect("session has a deadline");
        self.now = self.now.max(at);
        self.session.handle_timeout(self.now);
        self.drain();
    }

    /// Events since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The result of `op`, once it completed.
    pub fn completed(&self, op: OpId) -> Option<&OpResult> {
        self.events.iter().find_map(|e| match e {
            Event::OpCompleted { op: o, result } if *o == op => Some(result),
            _ => None,
        })
    }

    /// Why `op` failed, once it did.
    pub fn failed(&self, op: OpId) -> Option<&Failure> {
        self.events.iter().find_map(|e| match e {
            Event::OpFailed { op: o, failure } if *o == op => Some(failure),
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

    /// The kinds of request whose answers were protocol errors, in order.
    pub fn protocol_errors(&self) -> Vec<RequestKind> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::ProtocolError { kind, .. } => Some(*kind),
                _ => None,
            })
            .collect()
    }

    /// Starts a chat and answers the chat request with a Location.
    pub fn start_chat(&mut self) {
        let t = self.chat_request();
        self.reply(&t, created(CHAT));
    }

    /// Asks for a chat and takes the chat request it sends.
    pub fn chat_request(&mut self) -> Transmit {
        self.session.request_chat(self.now).unwrap();
        self.drain();
        self.take(RequestKind::RequestChat)
    }

    /// Lets time pass, answering every poll with "nothing new, still chatting", until a request
    /// of `kind` is pending.
    pub fn idle_until(&mut self, kind: RequestKind) {
        for _ in 0..1_000 {
            if self.has(kind) {
                return;
            }
            if self.has(RequestKind::Poll) && kind != RequestKind::Poll {
                self.poll_with(json!([]), info("chatting", Some("Dana"), false));
            } else {
                self.wake();
            }
        }
        panic!("no {kind:?} came");
    }

    /// For five wake-ups, answering every poll with "nothing new, still chatting", checks that
    /// no line is sent: a line known to be delivered is never sent again.
    #[track_caller]
    pub fn assert_no_line_resent(&mut self) {
        for _ in 0..5 {
            self.wake();
            assert!(!self.has(RequestKind::SendLine), "never re-sent");
            if self.has(RequestKind::Poll) {
                self.poll_with(json!([]), info("chatting", Some("Dana"), false));
            }
        }
    }

    /// Until `until_secs` on the clock, answers every poll with `reply`.
    pub fn answer_polls_until(
        &mut self,
        until_secs: f64,
        mut reply: impl FnMut(&mut Self, Transmit),
    ) {
        while self.at() < until_secs && self.wait.is_some() {
            self.wake();
            if self.has(RequestKind::Poll) {
                let t = self.take(RequestKind::Poll);
                reply(self, t);
            }
        }
    }

    /// Answers the pending poll with these events (`next` = last id + 1) and info.
    pub fn poll_with(&mut self, events: Value, info: Value) {
        let t = self.take(RequestKind::Poll);
        // The server's `next` is one past the last event, whether `event` is a list or one.
        let last = events.as_array().map_or(Some(&events), |a| a.last());
        let next = last
            .and_then(|e| e["@id"].as_str())
            .and_then(|id| id.parse::<u64>().ok())
            .map(|id| id + 1)
            .unwrap_or_else(|| from_of(t.request.uri()));
        self.reply(&t, ok(chat_doc(next, events, info)));
    }
}

fn from_of(uri: &http::Uri) -> u64 {
    uri.query()
        .and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("from="))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The request's JSON body; `Null` when it has none.
pub fn body(t: &Transmit) -> Value {
    if t.request.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(t.request.body()).expect("a JSON body")
    }
}

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

pub fn info(state: &str, agent: Option<&str>, typing: bool) -> Value {
    let mut info = json!({
        "link": [
            {"@href": format!("{CHAT}/info"), "@rel": "self"},
            {"@href": format!("{CHAT}/info/visitorName"), "@rel": "visitor-name"},
            {"@href": format!("{CHAT}/info/visitorTyping"), "@rel": "visitor-typing"},
            {"@href": format!("{CHAT}/info/agentTyping"), "@rel": "agent-typing"}
        ],
        "state": state,
        "chatTimeout": 40,
        "agentTyping": if typing { "typing" } else { "not-typing" },
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

/// Brings a fresh harness to a chatting chat with events 0..=2 delivered.
pub fn chatting() -> Harness {
    let mut h = Harness::new(config());
    h.start_chat();
    h.poll_with(
        json!([
            state(0, "waiting"),
            state(1, "chatting"),
            system(2, 3, "You are now chatting with Dana.")
        ]),
        info("chatting", Some("Dana"), false),
    );
    h.take_events();
    h
}

pub fn lines_of(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Line { line, .. } => Some(line.text.clone()),
            _ => None,
        })
        .collect()
}
