use serde_json::json;

use crate::support::*;

#[test]
fn line_while_waiting_is_refused() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let r = h.say(&id, "hello?");
    let v = assert_error(&r, 400, 5);
    assert_eq!(v["error"]["message"], "Cannot add line while not in chat");
    assert!(h.emu.chat(&id).unwrap().lines_from("visitor").is_empty());
}

#[test]
fn visitor_line_is_appended_with_location() {
    let mut h = Harness::default();
    let id = h.chatting();
    let r = h.say(&id, "My invoice is wrong");
    assert_eq!(r.status(), 201);
    let loc = header(&r, "location").unwrap();
    assert_eq!(loc, url(&format!("/chat/{id}/events/4")));
    let ev = chat_events(&h.poll(&id, 4));
    assert_eq!(ev[0]["source"], "visitor");
    assert_eq!(ev[0]["by"], "you");
    assert_eq!(ev[0]["text"], "My invoice is wrong");
    assert_eq!(ev[0]["textType"], "plain");
}

#[test]
fn html_is_not_interpreted() {
    let mut h = Harness::default();
    let id = h.chatting();
    h.say(&id, "<b>bold</b> &amp;");
    assert_eq!(
        h.emu.chat(&id).unwrap().lines_from("visitor"),
        ["<b>bold</b> &amp;"]
    );
}

#[test]
fn agent_html_lines_carry_text_type() {
    let mut h = Harness::default();
    let id = h.chatting();
    assert!(h
        .emu
        .agent_say_html(&id, "<div dir=\"ltr\">Hi</div>", h.now));
    let ev = chat_events(&h.poll(&id, 4));
    assert_eq!(ev[0]["textType"], "html");
    assert_eq!(ev[0]["source"], "agent");
    assert_eq!(ev[0]["by"], "Dana");
}

#[test]
fn line_status_is_kept_with_poster_source() {
    let mut h = Harness::default();
    let id = h.chatting();
    h.emu.agent_say(&id, "hi", h.now);
    let body =
        json!({"event": {"@type": "line-status", "lineStatus": "READ", "refSequenceId": "4"}});
    let r = h.post(&format!("/chat/{id}/events?v=1"), &body.to_string());
    assert_eq!(r.status(), 201);
    let ev = chat_events(&h.poll(&id, 5));
    assert_eq!(ev[0]["@type"], "line-status");
    assert_eq!(ev[0]["source"], "visitor");
    assert_eq!(ev[0]["lineStatus"], "READ");
    assert_eq!(ev[0]["metadata"], json!([]));
}

#[test]
fn unknown_event_types_are_kept() {
    let mut h = Harness::default();
    let id = h.chatting();
    let body = json!({"event": {"@type": "url", "url": "https://example.com"}});
    assert_eq!(
        h.post(&format!("/chat/{id}/events"), &body.to_string())
            .status(),
        201
    );
    let ev = chat_events(&h.poll(&id, 4));
    assert_eq!(ev[0]["@type"], "url");
    assert_eq!(ev[0]["url"], "https://example.com");
}

#[test]
fn visitor_line_uses_the_current_visitor_name() {
    let mut h = Harness::default();
    let id = h.chatting();
    h.put(
        &format!("/chat/{id}/info/visitorName"),
        r#"{"visitorName":"Jane"}"#,
    );
    h.say(&id, "hi");
    let ev = chat_events(&h.poll(&id, 4));
    assert_eq!(ev[0]["by"], "Jane");
}
