use lp_server_chat::emulator::VisitorAuthForm;

use crate::support::*;

const BODY: &str = r#"{"authChatConnId":2233445510,"ssoKey":"eyJ.payload.sig","engagementId":1234567810,"LETagContextId":"1","LETagSessionId":"s","LETagVisitorId":"v"}"#;

#[test]
fn json_form_returns_participant_and_conversation() {
    let mut h = Harness::default();
    let r = h.post("/conversation.json?v=1&NC=true&__d=18857", BODY);
    assert_eq!(r.status(), 200);
    let v = json(&r);
    assert_eq!(v["participantId"].as_str().unwrap().len(), 36);
    assert_eq!(v["conversationId"].as_str().unwrap().len(), 36);
}

#[test]
fn created_form_returns_a_chat_location() {
    let mut cfg = config();
    cfg.visitor_auth_form = VisitorAuthForm::CreatedWithLocation;
    let mut h = Harness::new(cfg);
    let r = h.post("/conversation.json?v=1", BODY);
    assert_eq!(r.status(), 201);
    assert!(r.body().is_empty());
    let loc = header(&r, "location").unwrap();
    let id = loc.rsplit('/').next().unwrap().to_owned();
    let info = h.poll(&id, 0)["chat"]["info"].clone();
    assert!(info["participantId"].is_string());
}

#[test]
fn unusable_token_is_401_code_5() {
    let mut h = Harness::default();
    let r = h.post("/conversation.json?v=1", r#"{"ssoKey":""}"#);
    assert_error(&r, 401, 5);
}
