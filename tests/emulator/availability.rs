use crate::support::*;

#[test]
fn availability_follows_config() {
    let mut h = Harness::default();
    let v = json(&h.get("/chat/availability.json?v=1&appKey=k"));
    assert_eq!(v, serde_json::json!({"availability": true}));
    let mut cfg = config();
    cfg.available = false;
    let mut h = Harness::new(cfg);
    let v = json(&h.get("/chat/availability?v=1&NC=true"));
    assert_eq!(v, serde_json::json!({"availability": false}));
}

#[test]
fn several_skills_use_the_per_skill_form() {
    let mut h = Harness::default();
    let v = json(&h.get("/chat/availability?v=1&skill=a&skill=b"));
    let list = v["availability"]["AvailabilityForSkills"]["skillAvailability"]
        .as_array()
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["skill"], "a");
    assert_eq!(list[1]["isAvailable"], true);
}

#[test]
fn slots_and_wait_time() {
    let mut h = Harness::default();
    for _ in 0..20 {
        let slots = json(&h.get("/chat/availableSlots?v=1"))["availableSlots"]
            .as_i64()
            .unwrap();
        assert!(slots == -1 || slots > 0, "{slots}");
        let wait = json(&h.get("/chat/estimatedWaitTime?v=1"))["estimatedWaitTime"]
            .as_i64()
            .unwrap();
        assert!(wait >= -2 && wait != -1, "{wait}");
    }
    let mut cfg = config();
    cfg.available = false;
    let mut h = Harness::new(cfg);
    assert_eq!(
        json(&h.get("/chat/availableSlots?v=1"))["availableSlots"],
        0
    );
    assert_eq!(
        json(&h.get("/chat/estimatedWaitTime?v=1"))["estimatedWaitTime"],
        -1
    );
}
