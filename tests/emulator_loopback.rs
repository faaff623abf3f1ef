//! The emulator over real HTTP on 127.0.0.1, as the examples serve it (`examples/support/
//! loopback.rs`, hyper on its own thread), driven by blocking clients: ureq and raw sockets.

#[path = "../examples/support/loopback.rs"]
#[allow(dead_code)] // `client_config` and the runtime handle are for session hosts.
mod loopback;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{
    AgentBehaviour, Emulator, EmulatorConfig, Fault, FaultPlan, Trigger,
};
use serde_json::Value;

fn spawn_server(agent: AgentBehaviour) -> (String, Arc<Mutex<Emulator>>) {
    spawn_with(agent, FaultPlan::none())
}

fn spawn_with(agent: AgentBehaviour, faults: FaultPlan) -> (String, Arc<Mutex<Emulator>>) {
    let server = loopback::start(|origin| EmulatorConfig {
        origin: origin.to_owned(),
        agent,
        faults,
        ..EmulatorConfig::default()
    })
    .unwrap();
    (server.origin, server.emulator)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into()
}

const AUTH: &str = "LivePerson appKey=721c180b09eb463d9f3191c41762bb68";

fn get(agent: &ureq::Agent, url: &str) -> (u16, Value) {
    let mut r = agent
        .get(url)
        .header("Authorization", AUTH)
        .header("Accept", "application/json")
        .call()
        .unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn post(agent: &ureq::Agent, url: &str, body: &str) -> (u16, Option<String>) {
    let r = agent
        .post(url)
        .header("Authorization", AUTH)
        .header("Content-Type", "application/json")
        .send(body)
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (r.status().as_u16(), location)
}

fn with_query(url: &str) -> String {
    if url.contains('?') {
        format!("{url}&v=1&NC=true")
    } else {
        format!("{url}?v=1&NC=true")
    }
}

fn events(v: &Value) -> Vec<Value> {
    match v {
        Value::Null => vec![],
        Value::Array(a) => a.clone(),
        o => vec![o.clone()],
    }
}

fn rel(links: &Value, rel: &str) -> String {
    links
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["@rel"] == rel)
        .unwrap()["@href"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn whole_chat_over_loopback() {
    let (origin, emu) = spawn_server(AgentBehaviour::Replying {
        accept_after: Duration::from_millis(200),
        greeting: "Hello!".to_owned(),
        reply_after: Duration::from_millis(200),
        typing_for: Duration::from_millis(100),
    });
    let ua = agent();
    let account = format!("{origin}/api/account/12345678");

    let (status, domain) = get(
        &ua,
        &format!("{account}/service/conversationVep/baseURI.json?version=1.0"),
    );
    assert_eq!(status, 200);
    assert_eq!(
        format!("http://{}", domain["baseURI"].as_str().unwrap()),
        origin
    );

    let (status, location) = post(
        &ua,
        &format!("{account}/chat/request.json?v=1&NC=true"),
        r#"{"request":{"skill":"Support"}}"#,
    );
    assert_eq!(status, 201);
    let chat_url = location.expect("Location");
    assert!(chat_url.starts_with(&format!("{account}/chat/H")));

    // Poll the chat resource until the agent has accepted and greeted.
    let mut next = chat_url.clone();
    let mut seen: Vec<Value> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut events_url = String::new();
    while !seen.iter().any(|e| e["source"] == "agent") {
        assert!(Instant::now() < deadline, "no greeting: {seen:?}");
        let (status, doc) = get(&ua, &with_query(&next));
        assert_eq!(status, 200);
        seen.extend(events(&doc["chat"]["events"]["event"]));
        next = rel(&doc["chat"]["link"], "next");
        events_url = rel(&doc["chat"]["link"], "events");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(seen.iter().any(|e| e["state"] == "chatting"));

    let (status, line_location) = post(
        &ua,
        &with_query(&events_url),
        r#"{"event":{"@type":"line","text":"ping"}}"#,
    );
    assert_eq!(status, 201);
    assert!(line_location
        .unwrap()
        .starts_with(&format!("{events_url}/")));

    let deadline = Instant::now() + Duration::from_secs(5);
    while !seen.iter().any(|e| e["text"] == "You said: ping") {
        assert!(Instant::now() < deadline, "no reply: {seen:?}");
        let (_, doc) = get(&ua, &with_query(&next));
        seen.extend(events(&doc["chat"]["events"]["event"]));
        next = rel(&doc["chat"]["link"], "next");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Each event exactly once, in order.
    let ids: Vec<u64> = seen
        .iter()
        .map(|e| e["@id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids, (0..ids.len() as u64).collect::<Vec<_>>());

    let (status, _) = post(
        &ua,
        &with_query(&events_url),
        r#"{"event":{"@type":"state","state":"ended"}}"#,
    );
    assert_eq!(status, 201);
    let (status, doc) = get(&ua, &with_query(&chat_url));
    assert_eq!(status, 200);
    assert_eq!(doc["chat"]["info"]["state"], "ended");

    // Errors come back as wrapped JSON bodies too.
    let (status, _) = post(
        &ua,
        &with_query(&events_url),
        r#"{"event":{"@type":"line","text":"late"}}"#,
    );
    assert_eq!(status, 400);
    let id = chat_url.rsplit('/').next().unwrap();
    assert_eq!(
        emu.lock().unwrap().chat(id).unwrap().lines_from("visitor"),
        ["ping"]
    );
}

/// Writes one request on `stream` (keep-alive unless `close`).
fn send(stream: &mut TcpStream, method: &str, path: &str, body: &str, close: bool) {
    let connection = if close { "close" } else { "keep-alive" };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {AUTH}\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
}

/// Reads one response (head and `Content-Length` body) from a keep-alive connection.
fn receive(stream: &mut TcpStream) -> String {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "the connection closed");
        raw.push(byte[0]);
    }
    let head = String::from_utf8(raw).unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    head + &String::from_utf8_lossy(&body)
}

fn connect(origin: &str) -> TcpStream {
    let stream = TcpStream::connect(origin.trim_start_matches("http://")).unwrap();
    // Not a measurement: only so that a server that never answers fails the test, not hangs it.
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

const DOMAIN_PATH: &str = "/api/account/12345678/service/conversationVep/baseURI.json?version=1.0";
const REQUEST_PATH: &str = "/api/account/12345678/chat/request.json?v=1";

#[test]
fn location_header_spelling_on_the_wire() {
    for (faults, location) in [
        (FaultPlan::none(), "\r\nLocation: http://"),
        (
            FaultPlan::none().lower_case_location(),
            "\r\nlocation: http://",
        ),
    ] {
        let (origin, _emu) = spawn_with(AgentBehaviour::Absent, faults);
        let mut s = connect(&origin);
        send(&mut s, "POST", REQUEST_PATH, r#"{"request":{}}"#, true);
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        assert!(raw.starts_with("HTTP/1.1 201"), "{raw}");
        assert!(raw.contains(location), "{location:?} in {raw}");
    }
}

#[test]
fn a_thousand_keep_alive_connections_are_all_answered_and_reused() {
    let (origin, emu) = spawn_server(AgentBehaviour::Absent);
    // Every connection open at once, each with a request waiting, before any answer is read.
    let mut connections: Vec<TcpStream> = (0..1000).map(|_| connect(&origin)).collect();
    for round in 0..2 {
        for stream in &mut connections {
            send(stream, "GET", DOMAIN_PATH, "", false);
        }
        for stream in &mut connections {
            let answer = receive(stream);
            assert!(
                answer.starts_with("HTTP/1.1 200"),
                "round {round}: {answer}"
            );
        }
    }
    assert_eq!(emu.lock().unwrap().stats().total_requests, 2000);
}

#[test]
fn a_slow_answer_holds_up_no_other_connection() {
    // The first request the emulator handles is answered after a delay.
    let faults = FaultPlan::none().rule(
        Fault::Slow(Duration::from_secs(1)),
        Trigger::Requests { first: 0, count: 1 },
    );
    let (origin, emu) = spawn_with(AgentBehaviour::Absent, faults);
    let mut slow = connect(&origin);
    send(&mut slow, "GET", DOMAIN_PATH, "", false);
    // Once the slow request has reached the emulator, another connection is answered at once.
    let mut other = connect(&origin);
    while emu.lock().unwrap().stats().total_requests == 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    send(&mut other, "GET", DOMAIN_PATH, "", false);
    assert!(receive(&mut other).starts_with("HTTP/1.1 200"));
    let mut pending = [0u8; 1];
    slow.set_nonblocking(true).unwrap();
    assert_eq!(
        slow.read(&mut pending).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::WouldBlock),
        "the delayed answer came before the other one"
    );
    slow.set_nonblocking(false).unwrap();
    assert!(receive(&mut slow).starts_with("HTTP/1.1 200"));
}

#[test]
fn a_lost_answer_never_comes_and_the_server_goes_on() {
    let faults = FaultPlan::none().rule(
        Fault::LoseResponse,
        Trigger::Requests { first: 0, count: 1 },
    );
    let (origin, emu) = spawn_with(AgentBehaviour::Absent, faults);
    let ua: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_millis(300)))
        .build()
        .into();
    let url = format!("{origin}{DOMAIN_PATH}");
    let lost = ua.get(&url).header("Authorization", AUTH).call();
    assert!(
        matches!(lost, Err(ureq::Error::Timeout(_))),
        "expected the client to time out: {lost:?}"
    );
    let next = ua.get(&url).header("Authorization", AUTH).call().unwrap();
    assert_eq!(next.status(), 200);
    let stats = emu.lock().unwrap().stats().clone();
    assert_eq!(stats.total_requests, 2);
    assert_eq!(stats.faults.lost, 1);
}
