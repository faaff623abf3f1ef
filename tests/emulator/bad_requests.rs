use http::Method;

use crate::support::*;

#[test]
fn garbage_bodies_are_400_with_error_body() {
    let mut h = Harness::default();
    let id = h.chatting();
    for body in [
        "",
        "not json",
        "{",
        "[]",
        "null",
        r#"{"event":[]}"#,
        r#"{"event":{"text":"no type"}}"#,
        r#"{"event":{"@type":"line"}}"#,
    ] {
        let r = h.post(&format!("/chat/{id}/events"), body);
        assert_error(&r, 400, 1);
    }
    let r = h.call(req(
        Method::POST,
        &url(&format!("/chat/{id}/events")),
        &[0xff, 0xfe, 0x00],
    ));
    assert_error(&r, 400, 1);
    assert!(h.emu.chat(&id).unwrap().lines_from("visitor").is_empty());
}

#[test]
fn unknown_paths_are_404() {
    let mut h = Harness::default();
    let id = h.start_chat();
    for p in [
        "/nope",
        "/chat/request/extra",
        &format!("/chat/{id}/nope"),
        &format!("/chat/{id}/customVariables"),
    ] {
        let r = h.get(p);
        assert_eq!(r.status(), 404, "{p}");
        assert_eq!(
            header(&r, "content-type").as_deref(),
            Some("application/json")
        );
    }
    let r = h.call(req(
        Method::GET,
        "https://chat.emulator.invalid/elsewhere",
        b"",
    ));
    assert_error(&r, 404, 28);
}

#[test]
fn wrong_methods_are_405() {
    let mut h = Harness::default();
    let id = h.start_chat();
    assert_error(&h.get("/chat/request"), 405, 1);
    assert_error(
        &h.call(req(Method::DELETE, &url(&format!("/chat/{id}")), b"")),
        405,
        1,
    );
    assert_error(&h.post("/chat/availability", "{}"), 405, 1);
}
