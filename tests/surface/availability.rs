//! `GET /chat/availability`: one answer, per-skill answers, and the query it sends.

use lp_server_chat::emulator::EmulatorConfig;
use lp_server_chat::wire::{Availability, SkillAvailability};
use lp_server_chat::{AvailabilityQuery, Failure, OpResult, RequestKind};
use serde_json::json;

use crate::support::*;

#[test]
fn a_plain_query_and_a_boolean_answer() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .check_availability(AvailabilityQuery::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::Availability);
    assert_api_get(&t);
    assert_eq!(
        url(&t),
        format!("{ORIGIN}/api/account/{ACCOUNT}/chat/availability")
    );
    assert_eq!(query(&t), pairs(&[("v", "1"), ("NC", "true")]));
    h.reply(&t, ok(json!({"availability": false})));
    assert_eq!(
        h.completed(op),
        Some(&OpResult::Availability(Availability::Available(false)))
    );
}

#[test]
fn several_skills_repeat_the_skill_parameter_and_get_per_skill_answers() {
    let mut h = Harness::new(config());
    let query_in = AvailabilityQuery {
        skills: vec!["Billing".into(), "Tech Support".into()],
        max_wait_time: Some(0),
        ..AvailabilityQuery::default()
    };
    let op = h.session.check_availability(query_in, h.now);
    h.drain();
    let t = h.take(RequestKind::Availability);
    assert_eq!(
        query(&t),
        pairs(&[
            ("skill", "Billing"),
            ("skill", "Tech Support"),
            ("maxWaitTime", "0"),
            ("v", "1"),
            ("NC", "true")
        ])
    );
    h.reply(
        &t,
        ok(
            json!({"availability": {"AvailabilityForSkills": {"skillAvailability": [
                {"skill": "Billing", "isAvailable": "true"},
                {"skill": "Tech Support", "isAvailable": false}
            ]}}}),
        ),
    );
    let expected = Availability::PerSkill(vec![
        SkillAvailability {
            skill: "Billing".into(),
            available: true,
        },
        SkillAvailability {
            skill: "Tech Support".into(),
            available: false,
        },
    ]);
    assert_eq!(h.completed(op), Some(&OpResult::Availability(expected)));
}

#[test]
fn service_queue_and_agent_travel_as_given() {
    let mut h = Harness::new(config());
    let _ = h.session.check_availability(
        AvailabilityQuery {
            service_queue: Some("Gold".into()),
            max_wait_time: Some(300),
            ..AvailabilityQuery::default()
        },
        h.now,
    );
    let _ = h.session.check_availability(
        AvailabilityQuery {
            agent: Some("dana.k".into()),
            ..AvailabilityQuery::default()
        },
        h.now,
    );
    h.drain();
    let first = h.take(RequestKind::Availability);
    assert_eq!(
        query(&first),
        pairs(&[
            ("maxWaitTime", "300"),
            ("serviceQueue", "Gold"),
            ("v", "1"),
            ("NC", "true")
        ])
    );
    let second = h.take(RequestKind::Availability);
    assert_eq!(
        query(&second),
        pairs(&[("agent", "dana.k"), ("v", "1"), ("NC", "true")])
    );
}

#[test]
fn a_refusal_fails_the_call() {
    let mut h = Harness::new(config());
    let op = h
        .session
        .check_availability(AvailabilityQuery::default(), h.now);
    h.drain();
    let t = h.take(RequestKind::Availability);
    h.reply(&t, error(401, 10, "Unauthorized account access"));
    assert_eq!(
        h.failed(op),
        Some(&Failure::Refused(lp_server_chat::Refusal {
            status: 401,
            internal_code: Some(10),
            message: Some("Unauthorized account access".into())
        }))
    );
    assert!(h.retries().is_empty(), "4xx is never retried");
}

#[test]
fn the_emulator_answers_per_skill_for_several_skills() {
    let mut link = emulated(EmulatorConfig::default(), |_| {});
    let op = link.session.check_availability(
        AvailabilityQuery {
            skills: vec!["A".into(), "B".into()],
            ..AvailabilityQuery::default()
        },
        link.now,
    );
    let events = run(&mut link, std::time::Duration::from_secs(5));
    match result_of(&events, op) {
        Some(OpResult::Availability(Availability::PerSkill(skills))) => {
            let names: Vec<_> = skills.iter().map(|s| s.skill.as_str()).collect();
            assert_eq!(names, ["A", "B"]);
            assert!(skills.iter().all(|s| s.available));
        }
        other => panic!("{other:?}"),
    }
}
