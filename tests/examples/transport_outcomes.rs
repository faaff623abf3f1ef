//! The blocking adapter: what the session hears about each kind of outcome, against servers on
//! 127.0.0.1 that misbehave on purpose.

use std::io::Read;
use std::time::Duration;

use lp_server_chat::{Limits, TransportErrorKind};

use crate::servers::{answer, closed_port, get, one_shot, plain_http, sends_a_body_of};
use crate::transport::{classify, Outcome, Transport};

const TIMEOUT: Duration = Duration::from_millis(500);

/// A GET of `url` by a fresh adapter, given `TIMEOUT`.
fn perform(url: &str) -> Outcome {
    Transport::new().perform(get(url), TIMEOUT)
}

#[test]
fn closed_port_is_not_sent() {
    let error = perform(&closed_port()).unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::NotSent, "{error}");
}

#[test]
fn no_answer_after_the_request_went_is_maybe_sent() {
    let url = one_shot(|stream| {
        // Hold the connection open, say nothing, until the client gives up.
        let mut stream = stream;
        let _ = stream.read_to_end(&mut Vec::new());
    });
    let error = perform(&url).unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::MaybeSent, "{error}");
}

#[test]
fn connection_closed_after_the_request_is_maybe_sent() {
    let url = one_shot(drop);
    let error = perform(&url).unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::MaybeSent, "{error}");
}

#[test]
fn server_errors_reach_the_session_as_responses() {
    let url = answer(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 4\r\n\r\nbusy",
    );
    let response = perform(&url).unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(response.body(), b"busy");
}

#[test]
fn redirects_are_not_followed() {
    let url = answer(
        "HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/\r\nContent-Length: 0\r\n\r\n",
    );
    let response = perform(&url).unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "http://elsewhere.invalid/");
}

#[test]
fn an_oversized_body_arrives_too_large_for_the_session_not_trimmed_to_fit() {
    let limit = Limits::default().max_body_bytes;
    let url = sends_a_body_of(limit + 4096);
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
    let addr = plain_http();
    let error = perform(&format!("https://{addr}/chat")).unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Misconfigured, "{error}");
}

#[test]
fn what_ureq_cannot_send_is_misconfigured() {
    for url in ["ftp://127.0.0.1:1/chat", "/api/account/1/chat"] {
        let error = perform(url).unwrap_err();
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
