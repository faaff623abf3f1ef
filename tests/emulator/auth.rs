use http::{Method, Request};

use crate::support::*;

fn with_auth(name: &str, value: &str) -> Request<Vec<u8>> {
    Request::builder()
        .method(Method::GET)
        .uri(url("/chat/availability?v=1"))
        .header(name, value)
        .body(Vec::new())
        .unwrap()
}

#[test]
fn missing_credentials_are_refused() {
    let mut h = Harness::default();
    let r = h.call(bare(Method::GET, &url("/chat/availability?v=1"), b""));
    let v = assert_error(&r, 401, 5);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Bad authorization request"));
    let r = h.call(with_auth("Authorization", "LivePerson appKey="));
    assert_error(&r, 401, 5);
    let r = h.call(with_auth("Authorization", "Basic abc"));
    assert_error(&r, 401, 5);
}

#[test]
fn every_accepted_form() {
    let mut h = Harness::default();
    for (name, value) in [
        ("Authorization", "LivePerson appKey=abc"),
        ("AUTHORIZATION", "LivePerson appKey=abc"),
        ("authorization", "liveperson appkey=abc"),
        ("Authorization", "Bearer eyJ.token"),
    ] {
        assert_eq!(
            h.call(with_auth(name, value)).status(),
            200,
            "{name}: {value}"
        );
    }
    for q in ["appKey=abc", "appkey=abc"] {
        let r = h.call(bare(
            Method::GET,
            &url(&format!("/chat/availability.json?v=1&{q}")),
            b"",
        ));
        assert_eq!(r.status(), 200, "{q}");
    }
    assert_eq!(h.emu.stats().query_app_key, 2);
}

#[test]
fn other_account_is_refused() {
    let mut h = Harness::default();
    let u = format!("{ORIGIN}/api/account/87654321/chat/availability?v=1");
    assert_error(&h.call(req(Method::GET, &u, b"")), 401, 10);
}

#[test]
fn chat_urls_need_credentials_too() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let r = h.call(bare(Method::GET, &url(&format!("/chat/{id}")), b""));
    assert_error(&r, 401, 5);
}
