use serde_json::json;

use crate::support::*;

#[test]
fn pre_chat_survey_both_spellings() {
    let mut h = Harness::default();
    let a = json(&h.get("/chat/preSurvey.json?v=1"));
    let b = json(&h.get("/chat//preSurvey?v=1&NC=true"));
    assert_eq!(a, b);
    let questions = a["survey"]["questions"]["question"].as_array().unwrap();
    assert!(questions.len() > 1);
    // Logic: an entry that shows a hidden question.
    assert_eq!(questions[0]["entry"][0]["logic"]["showLogicId"], "2");
    assert!(questions.iter().any(|q| q["type"] == "Checkbox"));
    // String-typed values, as documented for this survey.
    assert_eq!(questions[0]["mandatory"], "true");
}

#[test]
fn offline_survey_has_a_single_question_object() {
    let mut h = Harness::default();
    let v = json(&h.get("/chat/offlineSurvey?v=1"));
    let q = &v["survey"]["questions"]["question"];
    assert!(q.is_object(), "{q}");
    assert_eq!(q["type"], "Text Area");
}

#[test]
fn offline_survey_submission_is_recorded() {
    let mut h = Harness::default();
    let body = json!({"survey": {"id": 60410, "question": {"id": 30077, "answer": "call me"}}});
    let r = h.put("/chat/offlineSurvey?v=1", &body.to_string());
    assert_eq!(r.status(), 200);
    assert_eq!(h.emu.offline_surveys(), [body["survey"].clone()]);
    let r = h.put("/chat/offlineSurvey?v=1", "{}");
    assert_error(&r, 400, 1);
}

#[test]
fn exit_survey_shape_and_answers() {
    let mut h = Harness::default();
    let id = h.chatting();
    let v = json(&h.get(&format!("/chat/{id}/exitSurvey?v=1")));
    let questions = v["survey"]["questions"]["question"].as_array().unwrap();
    assert_eq!(v["survey"]["id"], 70315);
    assert!(questions.iter().any(|q| q["type"] == "Checkbox"));
    assert_eq!(questions[0]["mandatory"], true);
    assert!(questions[0]["entry"][1]["logic"]["showLogicId"].is_array());
    let answers = json!({"survey": {"id": 70315, "question": [
        {"id": 40001, "answer": "no"},
        {"id": 40002, "answer": ["slow", "unclear"]}
    ]}});
    // Also after the chat ended, as clients submit it then.
    h.emu.agent_end(&id, h.now);
    let r = h.put(&format!("/chat/{id}/exitSurvey?v=1"), &answers.to_string());
    assert_eq!(r.status(), 200);
    assert_eq!(
        h.emu.chat(&id).unwrap().exit_survey_answers,
        [answers["survey"].clone()]
    );
}
