use http::Method;

use crate::support::*;

#[test]
fn default_name_and_set_with_override() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let v = json(&h.get(&format!("/chat/{id}/info/visitorName.json?v=1")));
    assert_eq!(v["visitorName"], "you");
    let r = h.put(
        &format!("/chat/{id}/info/visitorName?v=1"),
        r#"{"visitorName":"Jane"}"#,
    );
    assert_eq!(r.status(), 200);
    let v = json(&h.get(&format!("/chat/{id}/info/visitorName")));
    assert_eq!(v["visitorName"], "Jane");
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["visitorName"], "Jane");
    assert_eq!(h.emu.stats().method_overrides, 1);
}

#[test]
fn real_put_is_accepted_plain_post_is_not() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let u = url(&format!("/chat/{id}/info/visitorName?v=1"));
    let r = h.call(req(Method::PUT, &u, br#"{"visitorName":"Sam"}"#));
    assert_eq!(r.status(), 200);
    let r = h.call(req(Method::POST, &u, br#"{"visitorName":"Bob"}"#));
    assert_error(&r, 405, 1);
    assert_eq!(h.emu.chat(&id).unwrap().visitor_name, "Sam");
}

#[test]
fn missing_name_is_a_400() {
    let mut h = Harness::default();
    let id = h.start_chat();
    assert_error(
        &h.put(&format!("/chat/{id}/info/visitorName"), r#"{"name":"x"}"#),
        400,
        1,
    );
}
