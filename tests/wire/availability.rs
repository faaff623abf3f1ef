use lp_server_chat::wire::{decode, encode, Availability, AvailableSlots, SkillAvailability};
use serde_json::json;

use crate::bytes;

#[test]
fn single_boolean() {
    assert_eq!(
        decode::<Availability>(br#"{"availability":true}"#).unwrap(),
        Availability::Available(true)
    );
    let a = decode::<Availability>(br#"{"availability":false}"#).unwrap();
    assert!(!a.any_available());
}

#[test]
fn per_skill_form() {
    let body = bytes(
        json!({"availability": {"AvailabilityForSkills": {"skillAvailability": [
            {"skill": "Sales", "isAvailable": false},
            {"skill": "Care", "isAvailable": "true"}
        ]}}}),
    );
    let a = decode::<Availability>(&body).unwrap();
    assert_eq!(
        a,
        Availability::PerSkill(vec![
            SkillAvailability {
                skill: "Sales".into(),
                available: false
            },
            SkillAvailability {
                skill: "Care".into(),
                available: true
            },
        ])
    );
    assert!(a.any_available());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&encode(&a)).unwrap(),
        json!({
            "availability": {"AvailabilityForSkills": {"skillAvailability": [
                {"skill": "Sales", "isAvailable": false}, {"skill": "Care", "isAvailable": true}
            ]}}
        })
    );
}

#[test]
fn per_skill_single_entry() {
    let body = bytes(
        json!({"availability": {"AvailabilityForSkills": {"skillAvailability":
        {"skill": "Care", "isAvailable": true}}}}),
    );
    let Availability::PerSkill(s) = decode::<Availability>(&body).unwrap() else {
        panic!()
    };
    assert_eq!(s.len(), 1);
}

#[test]
fn slots() {
    assert_eq!(
        decode::<AvailableSlots>(br#"{"availableSlots":-1}"#).unwrap(),
        AvailableSlots::Unlimited
    );
    assert_eq!(
        decode::<AvailableSlots>(br#"{"availableSlots":7}"#).unwrap(),
        AvailableSlots::Count(7)
    );
    assert_eq!(
        decode::<AvailableSlots>(br#"{"availableSlots":"0"}"#).unwrap(),
        AvailableSlots::Count(0)
    );
    assert!(decode::<AvailableSlots>(br#"{"availableSlots":-3}"#).is_err());
    assert_eq!(
        encode(&AvailableSlots::Unlimited),
        br#"{"availableSlots":-1}"#
    );
}
