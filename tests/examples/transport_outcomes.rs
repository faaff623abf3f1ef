//! The blocking adapter: what the session hears about each kind of outcome, against servers on
//! 127.0.0.1 that misbehave on purpose.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use lp_server_chat::{Limits, TransportErrorKind};

use crate::transport::{classify, Transport};

const TIMEOUT: Duration = Duration::from_millis(500);

fn get(url: &str) -> http::Request<Vec<u8>> {
    http::Request::get(url).body(Vec::new()).unwrap()
}

/// A server that accepts one connection, reads the request head, then does `then` with it.
fn one_shot(then: impl FnOnce(TcpStream) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/chat", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        then(stream);
    });
    url
}

fn answer(raw: &'static str) -> String {
    one_shot(move |mut stream| {
        let _ = stream.write_all(raw.as_bytes());
    })
}

#[test]
fn closed_port_is_not_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/chat", listener.local_addr().unwrap());
    drop(listener);
    let error = Transport::new().perform(get(&url), TIMEOUT).unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::NotSent, "{error}");
}

#[test]
fn no_answer_after_the_request_went_is_maybe_sent() {
    let url = one_shot(|stream| {
        // Hold the connection open, say nothing, until the client gives up.
        let mut stream = stream;
        let _ = stream.read_to_end(&mut Vec::new());
    });
    let error = Transport::new().perform(get(&url), TIMEOUT).unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::MaybeSent, "{error}");
}

#[test]
fn connection_closed_after_the_request_is_maybe_sent() {
    let url = one_shot(drop);
    let error = Transport::new().perform(get(&url), TIMEOUT).unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::MaybeSent, "{error}");
}

#[test]
fn server_errors_reach_the_session_as_responses() {
    let url = answer(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 4\r\n\r\nbusy",
    );
    let response = Transport::new().perform(get(&url), TIMEOUT).unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(response.body(), b"busy");
}

#[test]
fn redirects_are_not_followed() {
    let url = answer(
        "HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/\r\nContent-Length: 0\r\n\r\n",
    );
    let response = Transport::new().perform(get(&url), TIMEOUT).unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "http://elsewhere.invalid/");
}

#[test]
fn an_oversized_body_arrives_too_large_for_the_session_not_trimmed_to_fit() {
    let limit = Limits::default().max_body_bytes;
    let url = one_shot(move |mut stream| {
        let body = vec![b'x'; limit + 4096];
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
    });
    let response = Transport::new()
        .perform(get(&url), Duration::from_secs(5))
        .unwrap();
    assert!(response.body().len() > limit);
    assert!(response.body().len() < limit + 4096);
}

#[test]
fn failures_before_the_request_is_written_are_not_sent() {
    use std::io::{Error, ErrorKind};
    for error in [
        ureq::Error::HostNotFound,
        ureq::Error::ConnectionFailed,
        ureq::Error::Timeout(ureq::Timeout::Resolve),
        ureq::Error::Timeout(ureq::Timeout::Connect),
        ureq::Error::Io(Error::from(ErrorKind::ConnectionRefused)),
        ureq::Error::Io(Error::from(ErrorKind::NetworkUnreachable)),
    ] {
        assert_eq!(
            classify(&error).kind,
            TransportErrorKind::NotSent,
            "{error}"
        );
    }
}

#[test]
fn failures_after_the_request_may_have_gone_are_maybe_sent() {
    use std::io::{Error, ErrorKind};
    for error in [
        ureq::Error::Timeout(ureq::Timeout::Global),
        ureq::Error::Timeout(ureq::Timeout::RecvResponse),
        ureq::Error::Timeout(ureq::Timeout::RecvBody),
        ureq::Error::Io(Error::from(ErrorKind::ConnectionReset)),
        ureq::Error::Io(Error::from(ErrorKind::BrokenPipe)),
        ureq::Error::Io(Error::from(ErrorKind::UnexpectedEof)),
    ] {
        assert_eq!(
            classify(&error).kind,
            TransportErrorKind::MaybeSent,
            "{error}"
        );
    }
}

#[test]
fn tls_to_a_plain_http_port_is_misconfigured() {
    // What any plain HTTP server says to a TLS ClientHello: a 400 in clear text.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.read(&mut [0u8; 512]);
        let _ = stream.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    });
    let error = Transport::new()
        .perform(get(&format!("https://{addr}/chat")), TIMEOUT)
        .unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Misconfigured, "{error}");
}

#[test]
fn what_ureq_cannot_send_is_misconfigured() {
    for url in ["ftp://127.0.0.1:1/chat", "/api/account/1/chat"] {
        let error = Transport::new().perform(get(url), TIMEOUT).unwrap_err();
        assert_eq!(
            error.kind,
            TransportErrorKind::Misconfigured,
            "{url}: {error}"
        );
    }
}

#[test]
fn tls_and_certificate_failures_are_misconfigured() {
    use std::io::{Error, ErrorKind};
    let certificate = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
    for error in [
        ureq::Error::Io(Error::new(ErrorKind::InvalidData, certificate.clone())),
        ureq::Error::Rustls(certificate),
        ureq::Error::Tls("Rustls invalid dns name error"),
        ureq::Error::RequireHttpsOnly("http://example.invalid".to_owned()),
    ] {
        assert_eq!(
            classify(&error).kind,
            TransportErrorKind::Misconfigured,
            "{error}"
        );
    }
}
