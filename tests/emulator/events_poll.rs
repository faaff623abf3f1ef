use crate::support::*;

#[test]
fn events_document_from_n() {
    let mut h = Harness::default();
    let id = h.chatting();
    let v = json(&h.get(&format!("/chat/{id}/events?v=1&NC=true&from=2")));
    let ev = events(&v["events"]["event"]);
    let ids: Vec<_> = ev.iter().map(|e| e["@id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2", "3"]);
    assert_eq!(ev[0]["state"], "chatting");
    assert_eq!(
        link(&v["events"]["link"], "next"),
        url(&format!("/chat/{id}/events?from=4"))
    );
}

#[test]
fn following_next_links_sees_every_event_once() {
    let mut h = Harness::default();
    let id = h.chatting();
    let mut next = url(&format!("/chat/{id}/events?from=0"));
    let mut seen = Vec::new();
    for round in 0..4 {
        if round == 1 {
            h.emu.agent_say(&id, "one", h.now);
        }
        if round == 2 {
            h.say(&id, "two");
            h.emu.agent_say(&id, "three", h.now);
        }
        let r = h.call(req(http::Method::GET, &format!("{next}&v=1"), b""));
        let v = json(&r);
        for e in events(&v["events"]["event"]) {
            seen.push(e["@id"].as_str().unwrap().parse::<u64>().unwrap());
        }
        next = link(&v["events"]["link"], "next");
        h.secs(2);
    }
    let expected: Vec<u64> = (0..h.emu.chat(&id).unwrap().events.len() as u64).collect();
    assert_eq!(seen, expected);
}

#[test]
fn client_chosen_from_is_honoured() {
    let mut h = Harness::default();
    let id = h.chatting();
    for t in ["a", "b", "c"] {
        h.emu.agent_say(&id, t, h.now);
    }
    let ev = chat_events(&h.poll(&id, 5));
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0]["text"], "b");
    let ev = chat_events(&h.poll(&id, 100));
    assert!(ev.is_empty());
    // Going back re-delivers.
    assert_eq!(chat_events(&h.poll(&id, 0)).len(), 7);
}

#[test]
fn chat_next_link_points_at_the_chat_resource() {
    let mut h = Harness::default();
    let id = h.chatting();
    let doc = h.poll(&id, 0);
    assert_eq!(
        link(&doc["chat"]["link"], "next"),
        url(&format!("/chat/{id}?from=4"))
    );
}
