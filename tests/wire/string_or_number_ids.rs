use lp_server_chat::wire::{decode, Id, Info};
use serde_json::json;

use crate::{bytes, to_value};

#[test]
fn id_from_string_and_number_are_equal() {
    let a: Id = serde_json::from_value(json!("424242")).unwrap();
    let b: Id = serde_json::from_value(json!(424242)).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.as_str(), "424242");
    assert_eq!(a.as_u64(), Some(424242));
    assert_eq!(a.to_string(), "424242");
}

#[test]
fn non_numeric_id_is_kept_as_text() {
    let id: Id = serde_json::from_value(json!("k3JpQm9s")).unwrap();
    assert_eq!(id.as_u64(), None);
    assert_eq!(to_value(&id), json!("k3JpQm9s"));
}

#[test]
fn numeric_ids_serialize_as_numbers() {
    assert_eq!(to_value(&Id::from("31337")), json!(31337));
    assert_eq!(to_value(&Id::from(0u64)), json!(0));
    assert_eq!(
        to_value(&Id::from(String::from("18446744073709551615"))),
        json!(u64::MAX)
    );
}

#[test]
fn ids_that_would_change_as_numbers_stay_strings() {
    assert_eq!(to_value(&Id::from("007")), json!("007"));
    assert_eq!(
        to_value(&Id::from("18446744073709551616")),
        json!("18446744073709551616")
    );
    assert_eq!(to_value(&Id::from("-5")), json!("-5"));
    assert_eq!(to_value(&Id::from("")), json!(""));
}

#[test]
fn ids_in_info_accept_both_types() {
    let body = bytes(json!({"info": {
        "engagementId": "5550001", "campaignId": 5550002,
        "agentId": 77, "visitorId": "123456789012", "rtSessionId": 9000000001u64,
        "skillId": "44"
    }}));
    let i = decode::<Info>(&body).unwrap();
    assert_eq!(i.engagement_id, Some(Id::from(5550001u64)));
    assert_eq!(i.campaign_id.as_ref().and_then(Id::as_u64), Some(5550002));
    assert_eq!(i.agent_id, Some(Id::from("77")));
    assert_eq!(i.visitor_id.unwrap().as_u64(), Some(123456789012));
    assert_eq!(i.rt_session_id.unwrap().as_str(), "9000000001");
    assert_eq!(i.skill_id.unwrap().as_u64(), Some(44));
}

#[test]
fn id_rejects_objects_and_fractions() {
    assert!(serde_json::from_value::<Id>(json!({"x": 1})).is_err());
    assert!(serde_json::from_value::<Id>(json!(1.5)).is_err());
    assert!(serde_json::from_value::<Id>(json!(true)).is_err());
}

#[test]
fn id_hashes_by_text() {
    let mut set = std::collections::HashSet::new();
    set.insert(Id::from(12u64));
    assert!(set.contains(&Id::from("12")));
}
