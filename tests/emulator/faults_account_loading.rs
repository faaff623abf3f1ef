use http::Method;
use lp_server_chat::emulator::FaultPlan;

use crate::support::*;

fn create(h: &mut Harness, vid: &str) -> http::Response<Vec<u8>> {
    let u = format!("{ORIGIN}/api/account/{ACCOUNT}/app/engagement/visitors/{vid}?v=1.0");
    h.call(bare(Method::POST, &u, br#"{"appType":"EXTERNAL"}"#))
}

#[test]
fn loading_until_the_announced_vid_is_used() {
    let mut cfg = config();
    cfg.faults = FaultPlan::none().account_loading(1);
    let mut h = Harness::new(cfg);
    let r = create(&mut h, "");
    assert_eq!(r.status(), 500);
    let v = json(&r);
    assert_eq!(v["internalCode"], 20);
    assert!(v["time"].is_u64());
    let message = v["message"].as_str().unwrap();
    let prefix = format!("Loading account: {ACCOUNT}, vid: ");
    let vid = message.strip_prefix(&prefix).expect(message).to_owned();
    // A retry without the vid keeps loading.
    assert_eq!(create(&mut h, "").status(), 500);
    let r = create(&mut h, &vid);
    assert_eq!(r.status(), 200);
    assert_eq!(json(&r)["visitorId"], vid);
    assert_eq!(h.emu.stats().faults.account_loading, 2);
}
