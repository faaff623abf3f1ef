use http::Method;
use lp_server_chat::emulator::DomainForm;

use crate::support::*;

fn domain_url(service: &str) -> String {
    format!("{ORIGIN}/api/account/{ACCOUNT}/service/{service}/baseURI.json?version=1.0")
}

#[test]
fn single_form_names_the_origin_host() {
    let mut h = Harness::default();
    let r = h.call(bare(Method::GET, &domain_url("conversationVep"), b""));
    assert_eq!(r.status(), 200);
    let v = json(&r);
    assert_eq!(v["service"], "conversationVep");
    assert_eq!(v["account"], ACCOUNT);
    assert_eq!(v["baseURI"], "chat.emulator.invalid");
}

#[test]
fn list_form_for_the_per_service_url() {
    let mut cfg = config();
    cfg.domain_form = DomainForm::List;
    cfg.origin = "http://127.0.0.1:8080".into();
    let mut h = Harness::new(cfg);
    let v = json(&h.call(bare(Method::GET, &domain_url("msdkgw"), b"")));
    let list = v["baseURIs"].as_array().unwrap();
    let services: Vec<_> = list
        .iter()
        .map(|e| e["service"].as_str().unwrap())
        .collect();
    assert_eq!(services, ["conversationVep", "msdkgw", "smt"]);
    assert!(list.iter().all(|e| e["baseURI"] == "127.0.0.1:8080"));
}

#[test]
fn all_services_url_is_always_a_list() {
    let mut h = Harness::default();
    let u = format!("{ORIGIN}/api/account/{ACCOUNT}/service/baseURI.json?version=1.0");
    let v = json(&h.call(bare(Method::GET, &u, b"")));
    assert_eq!(v["baseURIs"].as_array().unwrap().len(), 3);
}

#[test]
fn unknown_service_and_other_account() {
    let mut h = Harness::default();
    let r = h.call(bare(Method::GET, &domain_url("nope"), b""));
    assert_eq!(r.status(), 404);
    let other = format!("{ORIGIN}/api/account/999/service/smt/baseURI.json?version=1.0");
    let r = h.call(bare(Method::GET, &other, b""));
    assert_error(&r, 401, 10);
}
