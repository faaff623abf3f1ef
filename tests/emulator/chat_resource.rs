use crate::support::*;

#[test]
fn envelope_has_all_links_in_documented_order() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let doc = h.poll(&id, 0);
    let base = url(&format!("/chat/{id}"));
    let rels: Vec<_> = doc["chat"]["link"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["@rel"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        rels,
        [
            "self",
            "events",
            "info",
            "next",
            "transcript-request",
            "transcript-with-subject-request",
            "exit-survey",
            "custom-variables"
        ]
    );
    let links = &doc["chat"]["link"];
    assert_eq!(link(links, "self"), base);
    assert_eq!(link(links, "next"), format!("{base}?from=2"));
    assert_eq!(link(links, "exit-survey"), format!("{base}/exitSurvey"));
    let ev_links = &doc["chat"]["events"]["link"];
    assert_eq!(link(ev_links, "self"), format!("{base}/events"));
    assert_eq!(link(ev_links, "next"), format!("{base}/events?from=2"));
    let info_links = &doc["chat"]["info"]["link"];
    assert_eq!(
        link(info_links, "visitor-name"),
        format!("{base}/info/visitorName")
    );
    assert!(info_links[0].get("@href").is_some());
}

#[test]
fn info_fields_while_waiting_and_after_accept() {
    let mut h = Harness::default();
    let id = h.start_chat_with(
        r#"{"request":{"skill":"Billing","LETagVisitorId":"vid","LETagSessionId":"sid","LETagContextId":"1","engagementId":1234,"language":"en-US"}}"#,
    );
    let info = h.poll(&id, 0)["chat"]["info"].clone();
    assert_eq!(info["state"], "waiting");
    assert_eq!(info["chatSessionKey"], id);
    assert_eq!(info["skillName"], "Billing");
    assert_eq!(info["sharkVisitorId"], "vid");
    assert_eq!(info["engagementId"], 1234);
    assert_eq!(info["visitorName"], "you");
    assert_eq!(info["agentTyping"], "not-typing");
    assert!(info["visitorId"].is_u64());
    assert!(info["rtSessionId"].is_u64());
    assert!(info.get("agentName").is_none());
    assert_iso_time(info["startTime"].as_str().unwrap());
    h.emu.agent_accept(&id, h.now);
    let info = h.poll(&id, 0)["chat"]["info"].clone();
    assert_eq!(info["state"], "chatting");
    assert_eq!(info["agentName"], "Dana");
    assert!(info["agentId"].is_number());
}

#[test]
fn standalone_info_uses_plain_link_keys() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let v = json(&h.get(&format!("/chat/{id}/info?v=1")));
    let first = &v["info"]["link"][0];
    assert_eq!(first["rel"], "self");
    assert!(first.get("@rel").is_none());
    assert_eq!(v["info"]["state"], "waiting");
}

#[test]
fn last_update_tracks_requests() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let before = h.poll(&id, 0)["chat"]["info"]["lastUpdate"].clone();
    h.secs(10);
    let after = h.poll(&id, 0)["chat"]["info"]["lastUpdate"].clone();
    assert_ne!(before, after);
    assert_eq!(h.emu.chat(&id).unwrap().last_update, h.now);
}

#[test]
fn single_event_is_an_object_none_is_absent() {
    let mut h = Harness::default();
    let id = h.start_chat();
    let doc = h.poll(&id, 1);
    assert!(doc["chat"]["events"]["event"].is_object());
    let doc = h.poll(&id, 2);
    assert!(doc["chat"]["events"].get("event").is_none());
    assert_eq!(
        link(&doc["chat"]["events"]["link"], "next"),
        url(&format!("/chat/{id}/events?from=2"))
    );
    let doc = h.poll(&id, 0);
    assert!(doc["chat"]["events"]["event"].is_array());
}

#[test]
fn single_event_resource() {
    let mut h = Harness::default();
    let id = h.chatting();
    let r = h.say(&id, "hello");
    let loc = header(&r, "location").unwrap();
    assert!(loc.starts_with(&url(&format!("/chat/{id}/events/"))));
    let n = loc.rsplit('/').next().unwrap();
    let v = json(&h.get(&format!("/chat/{id}/events/{n}?v=1")));
    assert_eq!(v["event"]["text"], "hello");
    assert_eq!(h.get(&format!("/chat/{id}/events/999")).status(), 404);
}
