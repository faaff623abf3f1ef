//! Shared helpers: a virtual clock and hand-built requests against one emulator.

use std::time::{Duration, Instant};

use http::{Method, Request, Response};
use lp_server_chat::emulator::{Emulator, EmulatorConfig, Exchange};
use serde_json::Value;

pub const ORIGIN: &str = "https://chat.emulator.invalid";
pub const ACCOUNT: &str = "12345678";

/// An emulator plus a virtual clock.
pub struct Harness {
    pub emu: Emulator,
    pub now: Instant,
}

pub fn config() -> EmulatorConfig {
    EmulatorConfig {
        origin: ORIGIN.to_owned(),
        account_id: ACCOUNT.to_owned(),
        ..EmulatorConfig::default()
    }
}

impl Harness {
    pub fn new(config: EmulatorConfig) -> Self {
        let t0 = Instant::now();
        Harness {
            emu: Emulator::new(config, t0),
            now: t0,
        }
    }

    pub fn default() -> Self {
        Harness::new(config())
    }

    /// Moves the virtual clock forward and lets the emulator run.
    pub fn wait(&mut self, d: Duration) {
        self.now += d;
        self.emu.advance(self.now);
    }

    pub fn secs(&mut self, s: u64) {
        self.wait(Duration::from_secs(s));
    }

    pub fn send(&mut self, request: Request<Vec<u8>>) -> Exchange {
        self.emu.handle(&request, self.now)
    }

    /// Sends the smallest chat request; whatever the emulator makes of it, fault or answer.
    pub fn send_chat_request(&mut self) -> Exchange {
        self.send(req(
            Method::POST,
            &url("/chat/request"),
            br#"{"request":{}}"#,
        ))
    }

    /// Sends and expects an immediate response.
    pub fn call(&mut self, request: Request<Vec<u8>>) -> Response<Vec<u8>> {
        match self.send(request) {
            Exchange::Respond(r) => r,
            other => panic!("expected a response, got {other:?}"),
        }
    }

    pub fn get(&mut self, path: &str) -> Response<Vec<u8>> {
        self.call(req(Method::GET, &url(path), b""))
    }

    pub fn post(&mut self, path: &str, body: &str) -> Response<Vec<u8>> {
        self.call(req(Method::POST, &url(path), body.as_bytes()))
    }

    /// POST with `X-HTTP-Method-Override: PUT`, as the docs say for updates.
    pub fn put(&mut self, path: &str, body: &str) -> Response<Vec<u8>> {
        let mut r = req(Method::POST, &url(path), body.as_bytes());
        r.headers_mut()
            .insert("X-HTTP-Method-Override", "PUT".parse().unwrap());
        self.call(r)
    }

    /// Requests a chat and returns its id.
    pub fn start_chat(&mut self) -> String {
        self.start_chat_with(r#"{"request":{"skill":"Support","interactionTimeout":40}}"#)
    }

    pub fn start_chat_with(&mut self, body: &str) -> String {
        let r = self.post("/chat/request.json?v=1&NC=true", body);
        assert_eq!(r.status(), 201, "chat request answered {}", text(&r));
        let loc = header(&r, "location").expect("Location");
        let id = loc.rsplit('/').next().unwrap().to_owned();
        assert_eq!(loc, format!("{ORIGIN}/api/account/{ACCOUNT}/chat/{id}"));
        id
    }

    /// Starts a chat and has the agent accept it.
    pub fn chatting(&mut self) -> String {
        let id = self.start_chat();
        assert!(self.emu.agent_accept(&id, self.now));
        id
    }

    /// Posts a visitor line; returns the response.
    pub fn say(&mut self, id: &str, text: &str) -> Response<Vec<u8>> {
        let body = serde_json::json!({"event": {"@type": "line", "text": text}}).to_string();
        self.post(&format!("/chat/{id}/events?v=1&NC=true"), &body)
    }

    /// GET of the chat resource from `from`, parsed.
    pub fn poll(&mut self, id: &str, from: u64) -> Value {
        let r = self.get(&format!("/chat/{id}.json?from={from}&v=1&NC=true"));
        assert_eq!(r.status(), 200, "poll answered {}", text(&r));
        json(&r)
    }
}

pub fn url(path: &str) -> String {
    format!("{ORIGIN}/api/account/{ACCOUNT}{path}")
}

/// A request with the documented Authorization header.
pub fn req(method: Method, url: &str, body: &[u8]) -> Request<Vec<u8>> {
    Request::builder()
        .method(method)
        .uri(url)
        .header(
            "Authorization",
            "LivePerson appKey=721c180b09eb463d9f3191c41762bb68",
        )
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(body.to_vec())
        .unwrap()
}

/// A request without credentials.
pub fn bare(method: Method, url: &str, body: &[u8]) -> Request<Vec<u8>> {
    Request::builder()
        .method(method)
        .uri(url)
        .body(body.to_vec())
        .unwrap()
}

pub fn json(r: &Response<Vec<u8>>) -> Value {
    serde_json::from_slice(r.body()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(r)))
}

pub fn text(r: &Response<Vec<u8>>) -> String {
    String::from_utf8_lossy(r.body()).into_owned()
}

pub fn header(r: &Response<Vec<u8>>, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// Asserts a wrapped error body and returns it.
pub fn assert_error(r: &Response<Vec<u8>>, status: u16, internal_code: i64) -> Value {
    assert_eq!(r.status(), status, "body: {}", text(r));
    assert_eq!(
        header(r, "content-type").as_deref(),
        Some("application/json")
    );
    let v = json(r);
    let e = &v["error"];
    assert_eq!(e["internalCode"], internal_code, "body: {v}");
    assert!(e["message"].is_string());
    let time = e["time"].as_str().expect("time string");
    assert_iso_time(time);
    v
}

/// `2017-12-06T16:29:45.438-05:00` shape.
pub fn assert_iso_time(t: &str) {
    let b = t.as_bytes();
    assert_eq!(b.len(), 29, "{t}");
    assert_eq!(b[10], b'T', "{t}");
    assert_eq!(b[19], b'.', "{t}");
    assert!(b[23] == b'+' || b[23] == b'-', "{t}");
    assert_eq!(b[26], b':', "{t}");
}

/// `event` as a list (one-or-many, absent = empty).
pub fn events(doc: &Value) -> Vec<Value> {
    match doc {
        Value::Null => vec![],
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

/// Events of a chat document.
pub fn chat_events(doc: &Value) -> Vec<Value> {
    events(&doc["chat"]["events"]["event"])
}

/// The href of `rel` in a link list.
pub fn link(links: &Value, rel: &str) -> String {
    links
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["@rel"] == rel || l["rel"] == rel)
        .and_then(|l| l["@href"].as_str().or(l["href"].as_str()))
        .unwrap_or_else(|| panic!("no rel {rel} in {links}"))
        .to_owned()
}
