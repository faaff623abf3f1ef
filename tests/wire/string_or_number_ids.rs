//! Every id-like member of every document is read from a JSON string or a JSON number.

use lp_server_chat::wire::{
    decode, AuthRequest, ChatRequest, CreateSessionResponse, EventBatch, EventBody,
    ExitSurveySubmission, Id, Info, OfflineSurveySubmission, Survey,
};
use serde_json::{json, Value};

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

/// Each id-like member of `doc` at the JSON pointers `paths`, set to `spelling`.
fn with_ids(mut doc: Value, paths: &[&str], spelling: &Value) -> Vec<u8> {
    for path in paths {
        *doc.pointer_mut(path).unwrap_or_else(|| panic!("no {path}")) = spelling.clone();
    }
    bytes(doc)
}

/// Both spellings of a numeric id, and a negative number.
fn spellings() -> [Value; 3] {
    [json!("9876"), json!(9876), json!(-1)]
}

#[test]
fn chat_request_ids() {
    let doc = json!({"request": {
        "skill": "", "skillId": "", "visitorId": "", "engagementId": "", "campaignId": "",
        "LETagVisitorId": "", "LETagSessionId": "", "LETagContextId": "",
        "participantId": "", "conversationId": "", "serviceQueue": "", "agent": "",
        "survey": {"id": "", "question": [{"id": "", "answer": "a"}]}
    }});
    let paths = [
        "/request/skill",
        "/request/skillId",
        "/request/visitorId",
        "/request/engagementId",
        "/request/campaignId",
        "/request/LETagVisitorId",
        "/request/LETagSessionId",
        "/request/LETagContextId",
        "/request/participantId",
        "/request/conversationId",
        "/request/serviceQueue",
        "/request/agent",
        "/request/survey/id",
        "/request/survey/question/0/id",
    ];
    for spelling in spellings() {
        let text = spelling.to_string().trim_matches('"').to_owned();
        let r = decode::<ChatRequest>(&with_ids(doc.clone(), &paths, &spelling))
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(r.skill.as_deref(), Some(text.as_str()));
        assert_eq!(r.skill_id.as_ref().map(Id::as_str), Some(text.as_str()));
        assert_eq!(r.visitor_id.as_ref().map(Id::as_str), Some(text.as_str()));
        assert_eq!(
            r.engagement_id.as_ref().map(Id::as_str),
            Some(text.as_str())
        );
        assert_eq!(r.campaign_id.as_ref().map(Id::as_str), Some(text.as_str()));
        assert_eq!(r.le_tags.visitor_id.as_deref(), Some(text.as_str()));
        assert_eq!(r.le_tags.session_id.as_deref(), Some(text.as_str()));
        assert_eq!(r.le_tags.context_id.as_deref(), Some(text.as_str()));
        assert_eq!(r.participant_id.as_deref(), Some(text.as_str()));
        assert_eq!(r.conversation_id.as_deref(), Some(text.as_str()));
        assert_eq!(r.service_queue.as_deref(), Some(text.as_str()));
        assert_eq!(r.agent.as_deref(), Some(text.as_str()));
        let survey = r.survey.expect("survey");
        assert_eq!(survey.id.as_str(), text);
        assert_eq!(survey.answers[0].question.as_str(), text);
    }
}

#[test]
fn skill_id_minus_one_as_the_live_service_accepted_it() {
    let r = decode::<ChatRequest>(br#"{"request":{"skillId":-1}}"#).unwrap();
    assert_eq!(r.skill_id.as_ref().and_then(Id::as_i64), Some(-1));
}

#[test]
fn engagement_ids() {
    let doc = json!({
        "status": "Available", "sessionId": "", "visitorId": "", "pageId": "",
        "engagementDetails": {
            "campaignId": "", "engagementId": "", "contextId": "", "windowId": "",
            "engagementRevision": "", "skillId": "", "connectorId": ""
        }
    });
    let paths = [
        "/sessionId",
        "/visitorId",
        "/pageId",
        "/engagementDetails/campaignId",
        "/engagementDetails/engagementId",
        "/engagementDetails/contextId",
        "/engagementDetails/windowId",
        "/engagementDetails/engagementRevision",
        "/engagementDetails/skillId",
        "/engagementDetails/connectorId",
    ];
    for spelling in spellings() {
        let text = spelling.to_string().trim_matches('"').to_owned();
        let r = decode::<CreateSessionResponse>(&with_ids(doc.clone(), &paths, &spelling))
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(r.session_id, text);
        assert_eq!(r.visitor_id, text);
        assert_eq!(r.page_id.as_deref(), Some(text.as_str()));
        let d = r.engagement_details.expect("details");
        for id in [
            &d.campaign_id,
            &d.engagement_id,
            &d.window_id,
            &d.engagement_revision,
            &d.skill_id,
            &d.connector_id,
        ] {
            assert_eq!(id.as_ref().map(Id::as_str), Some(text.as_str()));
        }
        assert_eq!(d.context_id.as_deref(), Some(text.as_str()));
    }
}

#[test]
fn authentication_ids() {
    let doc = json!({
        "authChatConnId": "", "ssoKey": "k", "engagementId": "",
        "LETagVisitorId": "", "LETagSessionId": "", "LETagContextId": ""
    });
    let paths = [
        "/authChatConnId",
        "/engagementId",
        "/LETagVisitorId",
        "/LETagSessionId",
        "/LETagContextId",
    ];
    for spelling in spellings() {
        let text = spelling.to_string().trim_matches('"').to_owned();
        let r = decode::<AuthRequest>(&with_ids(doc.clone(), &paths, &spelling))
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(
            r.auth_chat_conn_id.as_ref().map(Id::as_str),
            Some(text.as_str())
        );
        assert_eq!(
            r.engagement_id.as_ref().map(Id::as_str),
            Some(text.as_str())
        );
        assert_eq!(r.le_tags.context_id.as_deref(), Some(text.as_str()));
    }
}

#[test]
fn survey_ids() {
    let doc = json!({"survey": {"id": "", "questions": {"question": {
        "id": "", "type": "Checkbox", "logicId": "",
        "entry": {"value": "v", "logic": {"showLogicId": ""}}
    }}}});
    let paths = [
        "/survey/id",
        "/survey/questions/question/id",
        "/survey/questions/question/logicId",
        "/survey/questions/question/entry/logic/showLogicId",
    ];
    let answers = json!({"survey": {"id": "", "question": {"id": "", "answer": "a"},
                                    "visitorId": "", "skill": ""}});
    let answer_paths = [
        "/survey/id",
        "/survey/question/id",
        "/survey/visitorId",
        "/survey/skill",
    ];
    for spelling in spellings() {
        let text = spelling.to_string().trim_matches('"').to_owned();
        let s = decode::<Survey>(&with_ids(doc.clone(), &paths, &spelling))
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(s.id.as_str(), text);
        assert_eq!(s.questions[0].id.as_str(), text);
        assert_eq!(
            s.questions[0].logic_id.as_ref().map(Id::as_str),
            Some(text.as_str())
        );
        assert_eq!(s.questions[0].entries[0].show_logic_ids[0].as_str(), text);
        let body = with_ids(answers.clone(), &answer_paths, &spelling);
        let exit = decode::<ExitSurveySubmission>(&body).unwrap();
        assert_eq!(exit.0.answers[0].question.as_str(), text);
        let offline = decode::<OfflineSurveySubmission>(&body).unwrap();
        assert_eq!(
            offline.visitor_id.as_ref().map(Id::as_str),
            Some(text.as_str())
        );
        assert_eq!(offline.skill.as_deref(), Some(text.as_str()));
    }
}

#[test]
fn info_ids() {
    let doc = json!({"info": {
        "agentId": "", "skillId": "", "visitorId": "", "rtSessionId": "", "engagementId": "",
        "campaignId": "", "chatSessionKey": "", "participantId": "",
        "sharkVisitorId": "", "sharkSessionId": "", "sharkContextId": ""
    }});
    let paths = [
        "/info/agentId",
        "/info/skillId",
        "/info/visitorId",
        "/info/rtSessionId",
        "/info/engagementId",
        "/info/campaignId",
        "/info/chatSessionKey",
        "/info/participantId",
        "/info/sharkVisitorId",
        "/info/sharkSessionId",
        "/info/sharkContextId",
    ];
    for spelling in spellings() {
        let text = spelling.to_string().trim_matches('"').to_owned();
        let i = decode::<Info>(&with_ids(doc.clone(), &paths, &spelling))
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        for id in [
            &i.agent_id,
            &i.skill_id,
            &i.visitor_id,
            &i.rt_session_id,
            &i.engagement_id,
            &i.campaign_id,
            &i.shark_visitor_id,
            &i.shark_session_id,
            &i.shark_context_id,
        ] {
            assert_eq!(id.as_ref().map(Id::as_str), Some(text.as_str()));
        }
        assert_eq!(i.chat_session_key.as_deref(), Some(text.as_str()));
        assert_eq!(i.participant_id.as_deref(), Some(text.as_str()));
    }
}

#[test]
fn event_and_transfer_ids() {
    let doc = json!({"events": {"event": [
        {"@id": "1", "@type": "line", "text": "t", "systemMessageId": "4"},
        {"@id": "2", "@type": "line-status", "lineStatus": "READ", "refSequenceId": "1"},
        {"@id": "3", "@type": "a2a-transfer", "remoteSiteId": "",
         "chatRequestParameters": {"a2aEventId": "", "a2aSourceSessionId": "", "a2aSourceSiteId": ""}}
    ]}});
    let paths = [
        "/events/event/2/remoteSiteId",
        "/events/event/2/chatRequestParameters/a2aEventId",
        "/events/event/2/chatRequestParameters/a2aSourceSessionId",
        "/events/event/2/chatRequestParameters/a2aSourceSiteId",
    ];
    let numbers = json!({"events": {"event": [
        {"@id": 1, "@type": "line", "text": "t", "systemMessageId": 4},
        {"@id": 2, "@type": "line-status", "lineStatus": "READ", "refSequenceId": 1}
    ]}});
    let typed = decode::<EventBatch>(&bytes(numbers)).unwrap();
    for spelling in spellings() {
        let text = spelling.to_string().trim_matches('"').to_owned();
        let b = decode::<EventBatch>(&with_ids(doc.clone(), &paths, &spelling))
            .unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(b.events[..2], typed.events[..], "ids of lines and receipts");
        let EventBody::A2aTransfer(a) = &b.events[2].body else {
            panic!("not a2a")
        };
        assert_eq!(
            a.remote_site_id.as_ref().map(Id::as_str),
            Some(text.as_str())
        );
        // The parameters go back unchanged to the target account: spelling included.
        assert_eq!(a.chat_request_parameters["a2aEventId"], spelling);
    }
}
