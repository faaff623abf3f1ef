use http::Method;

use crate::support::*;

#[test]
fn json_suffix_version_nc_and_unknown_params() {
    let mut h = Harness::default();
    let id = h.chatting();
    let base = format!("/chat/{id}");
    let variants = [
        base.clone(),
        format!("{base}.json"),
        format!("{base}.json?v=1&NC=true"),
        format!("{base}?from=0&v=1&NC=true&v=1"),
        format!("{base}.json?from=0&v=1&NC=true&__d=18857&appKey=abc"),
        format!("{base}/"),
    ];
    for v in &variants {
        let r = h.get(v);
        assert_eq!(r.status(), 200, "{v}");
        assert_eq!(json(&r)["chat"]["info"]["chatSessionKey"], id, "{v}");
    }
    // The bare, `.json` and trailing-slash forms carry no `v`: accepted, and counted.
    assert_eq!(h.emu.stats().missing_version, 3);
}

#[test]
fn events_json_post_and_absolute_or_relative_uri() {
    let mut h = Harness::default();
    let id = h.chatting();
    let body = br#"{"event":{"@type":"line","text":"hi"}}"#;
    let r = h.call(req(
        Method::POST,
        &url(&format!("/chat/{id}/events.json?v=1&NC=true")),
        body,
    ));
    assert_eq!(r.status(), 201);
    // Origin-form request target, as an HTTP/1.1 server sees it.
    let r = h.call(req(
        Method::POST,
        &format!("/api/account/{ACCOUNT}/chat/{id}/events?v=1"),
        body,
    ));
    assert_eq!(r.status(), 201);
    assert_eq!(h.emu.chat(&id).unwrap().lines_from("visitor"), ["hi", "hi"]);
}

#[test]
fn type_key_without_at_sign() {
    let mut h = Harness::default();
    let id = h.chatting();
    let r = h.post(
        &format!("/chat/{id}/events"),
        r#"{"event":{"type":"line","text":"plain key"}}"#,
    );
    assert_eq!(r.status(), 201);
}

#[test]
fn override_header_in_any_case() {
    let mut h = Harness::default();
    let id = h.chatting();
    let mut r = req(
        Method::POST,
        &url(&format!("/chat/{id}/info/visitorTyping")),
        br#"{"visitorTyping":"typing"}"#,
    );
    r.headers_mut()
        .insert("x-http-method-override", "put".parse().unwrap());
    assert_eq!(h.call(r).status(), 200);
}
