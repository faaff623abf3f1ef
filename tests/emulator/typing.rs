use crate::support::*;

#[test]
fn visitor_typing_only_while_chatting() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let r = h.put(
        &format!("/chat/{id}/info/visitorTyping?v=1"),
        r#"{"visitorTyping":"typing"}"#,
    );
    let v = assert_error(&r, 400, 5);
    assert_eq!(
        v["error"]["message"],
        "Cannot set visitor's typing status. Chat was ended"
    );
    h.emu.agent_accept(&id, h.now);
    let r = h.put(
        &format!("/chat/{id}/info/visitorTyping?v=1"),
        r#"{"visitorTyping":"typing"}"#,
    );
    assert_eq!(r.status(), 200);
    let v = json(&h.get(&format!("/chat/{id}/info/visitorTyping")));
    assert_eq!(v["visitorTyping"], "typing");
    assert!(h.emu.chat(&id).unwrap().visitor_typing);
    let r = h.put(
        &format!("/chat/{id}/info/visitorTyping"),
        r#"{"visitorTyping":"maybe"}"#,
    );
    assert_eq!(r.status(), 400);
}

#[test]
fn agent_typing_is_visible_in_info_and_resource() {
    let mut h = Harness::default();
    let id = h.chatting();
    assert!(h.emu.agent_typing(&id, true, h.now));
    assert_eq!(
        json(&h.get(&format!("/chat/{id}/info/agentTyping")))["agentTyping"],
        "typing"
    );
    assert_eq!(h.poll(&id, 0)["chat"]["info"]["agentTyping"], "typing");
    // Sending a line stops the typing indicator.
    h.emu.agent_say(&id, "done", h.now);
    assert_eq!(
        json(&h.get(&format!("/chat/{id}/info/agentTyping")))["agentTyping"],
        "not-typing"
    );
}

#[test]
fn agent_typing_needs_a_chat_in_progress() {
    let mut h = Harness::default();
    let id = h.start_chat();
    assert!(!h.emu.agent_typing(&id, true, h.now));
}
