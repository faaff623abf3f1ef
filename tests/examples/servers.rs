//! Servers on 127.0.0.1 that misbehave on purpose, for both adapters' outcome tests: each test
//! points one adapter at one of these and checks what the session would hear.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

/// A bodiless GET of `url`, the simplest request an adapter can be asked to perform.
pub fn get(url: &str) -> http::Request<Vec<u8>> {
    http::Request::get(url).body(Vec::new()).unwrap()
}

/// Reads one request head (up to the blank line) from `stream`; empty at end of stream.
pub fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A server that accepts one connection, reads the request head, then does `then` with it.
pub fn one_shot(then: impl FnOnce(TcpStream) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/chat", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        read_head(&mut stream);
        then(stream);
    });
    url
}

/// A server that answers one request with `raw`, head and body as written.
pub fn answer(raw: &'static str) -> String {
    one_shot(move |mut stream| {
        let _ = stream.write_all(raw.as_bytes());
    })
}

/// A URL on a port that was just closed: nothing listens there.
pub fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/chat", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// A server that answers `body_len` bytes of body to one request.
pub fn sends_a_body_of(body_len: usize) -> String {
    one_shot(move |mut stream| {
        let body = vec![b'x'; body_len];
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
    })
}

/// A plain HTTP server for one connection, answering the first bytes it reads (a TLS
/// ClientHello, in the tests) the way any plain HTTP server does: a 400 in clear text.
pub fn plain_http() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.read(&mut [0u8; 512]);
        let _ = stream.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    });
    addr
}
