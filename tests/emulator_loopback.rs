//! A whole chat over real HTTP on 127.0.0.1: the emulator behind tiny_http, driven with ureq.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{
    AgentBehaviour, Emulator, EmulatorConfig, Exchange, HeaderSpelling,
};
use serde_json::Value;

/// Minimal serving loop (the example has the documented one).
fn spawn_server(agent: AgentBehaviour) -> (String, Arc<Mutex<Emulator>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let addr = server.server_addr().to_ip().unwrap();
    let origin = format!("http://{addr}");
    let config = EmulatorConfig {
        origin: origin.clone(),
        agent,
        ..EmulatorConfig::default()
    };
    let emu = Arc::new(Mutex::new(Emulator::new(config, Instant::now())));
    let shared = Arc::clone(&emu);
    std::thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let mut body = Vec::new();
            request.as_reader().read_to_end(&mut body).unwrap();
            let mut builder = http::Request::builder()
                .method(request.method().as_str())
                .uri(request.url());
            for h in request.headers() {
                builder = builder.header(h.field.as_str().as_str(), h.value.as_str());
            }
            let http_request = builder.body(body).unwrap();
            let exchange = {
                let mut e = shared.lock().unwrap();
                let now = Instant::now();
                e.advance(now);
                e.handle(&http_request, now)
            };
            let Exchange::Respond(response) = exchange else {
                drop(request.into_writer());
                continue;
            };
            let spelling = response
                .extensions()
                .get::<HeaderSpelling>()
                .copied()
                .unwrap_or_default();
            let mut out = tiny_http::Response::from_data(response.body().clone())
                .with_status_code(response.status().as_u16());
            for (k, v) in response.headers() {
                out.add_header(
                    tiny_http::Header::from_bytes(
                        spelling.spell(k.as_str()).as_bytes(),
                        v.as_bytes(),
                    )
                    .unwrap(),
                );
            }
            let _ = request.respond(out);
        }
    });
    (origin, emu)
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

#[test]
fn location_header_spelling_on_the_wire() {
    use std::io::Write;
    use std::net::TcpStream;

    let (origin, _emu) = spawn_server(AgentBehaviour::Absent);
    let addr = origin.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    let body = r#"{"request":{}}"#;
    write!(
        s,
        "POST /api/account/12345678/chat/request.json?v=1 HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {AUTH}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 201"), "{raw}");
    assert!(raw.contains("\r\nLocation: http://"), "{raw}");
}
