//! The async adapter: what the session hears about each kind of outcome, against servers on
//! 127.0.0.1 that misbehave on purpose. The same cases as the blocking adapter's, plus TLS.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use lp_server_chat::{Limits, TransportErrorKind};

use crate::async_transport::{AsyncTransport, Outcome};
use crate::servers::{answer, closed_port, get, one_shot, plain_http, read_head, sends_a_body_of};

const TIMEOUT: Duration = Duration::from_millis(500);

/// A GET of `url` by a fresh adapter, given `TIMEOUT`.
async fn perform(url: &str) -> Outcome {
    AsyncTransport::new().perform(get(url), TIMEOUT).await
}

#[tokio::test]
async fn closed_port_is_not_sent() {
    let error = perform(&closed_port()).await.unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::NotSent, "{error}");
}

#[tokio::test]
async fn a_connect_that_never_completes_is_not_sent() {
    // A listener that never accepts, with room for one queued connection: once that is taken,
    // Linux drops further SYNs and a connect hangs until the client gives up on it.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let _queued = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    let transport = AsyncTransport::with_connect_timeout(Duration::from_millis(200));
    let error = transport
        .perform(get(&format!("http://{addr}/chat")), Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::NotSent, "{error}");
    drop(listener);
}

#[tokio::test]
async fn no_answer_after_the_request_went_is_maybe_sent() {
    let url = one_shot(|mut stream| {
        // Hold the connection open, say nothing, until the client gives up.
        let _ = stream.read_to_end(&mut Vec::new());
    });
    let error = perform(&url).await.unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::MaybeSent, "{error}");
}

#[tokio::test]
async fn connection_closed_after_the_request_is_maybe_sent() {
    let url = one_shot(drop);
    let error = perform(&url).await.unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::MaybeSent, "{error}");
}

#[tokio::test]
async fn server_errors_reach_the_session_as_responses() {
    let url = answer(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 4\r\n\r\nbusy",
    );
    let response = perform(&url).await.unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(response.body(), b"busy");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let url = answer(
        "HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/\r\nContent-Length: 0\r\n\r\n",
    );
    let response = perform(&url).await.unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "http://elsewhere.invalid/");
}

#[tokio::test]
async fn an_oversized_body_arrives_too_large_for_the_session_not_trimmed_to_fit() {
    let limit = Limits::default().max_body_bytes;
    let url = sends_a_body_of(limit + 4096);
    let response = AsyncTransport::new()
        .perform(get(&url), Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(response.body().len(), limit + 1);
}

#[tokio::test]
async fn tls_to_a_plain_http_port_is_misconfigured() {
    let addr = plain_http();
    let error = perform(&format!("https://{addr}/chat")).await.unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Misconfigured, "{error}");
}

#[tokio::test]
async fn what_this_client_cannot_send_is_misconfigured() {
    let transport = AsyncTransport::new();
    for url in ["ftp://127.0.0.1:1/chat", "/api/account/1/chat"] {
        let error = transport.perform(get(url), TIMEOUT).await.unwrap_err();
        assert_eq!(
            error.kind,
            TransportErrorKind::Misconfigured,
            "{url}: {error}"
        );
    }
    let mut http2 = get("http://127.0.0.1:1/chat");
    *http2.version_mut() = http::Version::HTTP_2;
    let error = transport.perform(http2, TIMEOUT).await.unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Misconfigured, "{error}");
}

#[tokio::test]
async fn one_connection_carries_request_after_request() {
    // Accepts a single connection: a second one would find nobody listening.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/chat", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        drop(listener);
        let mut heads = Vec::new();
        for n in 0..2 {
            heads.push(read_head(&mut stream));
            let body = format!("answer {n}");
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(reply.as_bytes()).unwrap();
        }
        heads
    });
    let transport = AsyncTransport::new();
    for n in 0..2 {
        let response = transport.perform(get(&url), TIMEOUT).await.unwrap();
        assert_eq!(response.body(), format!("answer {n}").as_bytes());
    }
    let heads = server.join().unwrap();
    // A GET goes with no body, and so with no body headers.
    for head in heads {
        let head = head.to_ascii_lowercase();
        assert!(head.starts_with("get /chat http/1.1\r\n"), "{head}");
        assert!(!head.contains("content-length"), "{head}");
        assert!(!head.contains("transfer-encoding"), "{head}");
    }
}
