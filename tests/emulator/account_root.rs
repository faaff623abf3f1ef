use crate::support::*;

#[test]
fn account_root_lists_the_bootstrap_rels() {
    let mut h = Harness::default();
    let r = h.get("?v=1");
    assert_eq!(r.status(), 200);
    let v = json(&r);
    let links = &v["account"]["link"];
    assert_eq!(link(links, "chat-request"), url("/chat/request"));
    for rel in [
        "chat-availability",
        "chat-available-slots",
        "chat-estimatedWaitTime",
        "prechat-survey",
        "chat-offline-survey",
    ] {
        link(links, rel);
    }
}
