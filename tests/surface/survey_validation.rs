//! Survey answers checked against their survey, one rule per test, every problem listed.

use lp_server_chat::survey::{validate, AnswerProblem};
use lp_server_chat::wire::{Answer, AnswerValue, Id, Survey, SurveyAnswers};
use lp_server_chat::Error;
use serde_json::json;

fn survey() -> Survey {
    let doc = json!({"survey": {"id": "51822", "questions": {"question": [
        {"id": "20001", "type": "Dropdown Box", "mandatory": "true", "logicId": "1", "label": "Topic",
         "entry": [{"value": "BILLING", "logic": {"showLogicId": ["2", "7"]}}, {"value": "OTHER"}]},
        {"id": "20002", "type": "Text Field", "validationType": "email", "mandatory": "true",
         "logicId": "2", "label": "Invoice email"},
        {"id": "20003", "type": "Checkbox", "mandatory": "false", "logicId": "3", "label": "Products",
         "entry": [{"value": "Phone"}, {"value": "Internet"}, {"value": "TV"}]},
        {"id": "20004", "type": "Text Field", "validationType": "numeric", "mandatory": "false",
         "logicId": "4", "label": "Order number"},
        {"id": "20005", "type": "Radio Button", "mandatory": "true", "logicId": "5", "label": "Member?",
         "entry": [{"value": "yes"}, {"value": "no"}]},
        {"id": "20006", "type": "Text Area", "validationType": "alpha_numeric", "mandatory": "false",
         "logicId": "6", "label": "Anything else"}
    ]}}});
    lp_server_chat::wire::decode(doc.to_string().as_bytes()).unwrap()
}

fn one(question: u64, value: &str) -> Answer {
    Answer {
        question: Id::from(question),
        value: AnswerValue::One(value.into()),
    }
}

fn many(question: u64, values: &[&str]) -> Answer {
    Answer {
        question: Id::from(question),
        value: AnswerValue::Many(values.iter().map(|v| (*v).to_owned()).collect()),
    }
}

fn answers(list: Vec<Answer>) -> SurveyAnswers {
    SurveyAnswers {
        id: Id::from(51822u64),
        answers: list,
    }
}

/// The minimal valid answers: the two mandatory visible questions.
fn minimal() -> Vec<Answer> {
    vec![one(20001, "OTHER"), one(20005, "no")]
}

fn id(n: u64) -> Id {
    Id::from(n)
}

fn problems(list: Vec<Answer>) -> Vec<AnswerProblem> {
    validate(&survey(), &answers(list))
        .err()
        .unwrap_or_default()
}

#[test]
fn complete_valid_answers_pass() {
    let all = vec![
        one(20001, "BILLING"),
        one(20002, "jane.doe@example.com"),
        many(20003, &["Phone", "TV"]),
        one(20004, "-1182.5"),
        one(20005, "yes"),
        one(20006, "anything at all, even <b>html</b>"),
    ];
    assert_eq!(validate(&survey(), &answers(all)), Ok(()));
    assert_eq!(validate(&survey(), &answers(minimal())), Ok(()));
}

#[test]
fn answers_for_another_survey_are_refused() {
    let mut other = answers(minimal());
    other.id = Id::from(99u64);
    let found = validate(&survey(), &other).unwrap_err();
    assert_eq!(
        found,
        [AnswerProblem::WrongSurvey {
            survey: id(51822),
            answered: id(99),
        }]
    );
    assert_eq!(
        found[0].to_string(),
        "the answers are for survey 99, not survey 51822"
    );
}

#[test]
fn unknown_question_ids_are_refused() {
    let mut list = minimal();
    list.push(one(30000, "hello"));
    let found = problems(list);
    assert_eq!(
        found,
        [AnswerProblem::UnknownQuestion {
            question: id(30000)
        }]
    );
}

#[test]
fn mandatory_questions_need_an_answer() {
    let found = problems(vec![one(20001, "OTHER")]);
    assert_eq!(
        found,
        [AnswerProblem::Unanswered {
            question: id(20005),
            label: "Member?".into(),
        }]
    );
}

#[test]
fn a_blank_answer_is_no_answer() {
    let found = problems(vec![one(20001, "OTHER"), one(20005, "  ")]);
    assert_eq!(
        found,
        [AnswerProblem::Unanswered {
            question: id(20005),
            label: "Member?".into(),
        }]
    );
}

#[test]
fn a_mandatory_question_hidden_by_logic_may_stay_unanswered_until_shown() {
    // 20002 (mandatory) is shown only when BILLING is chosen for 20001.
    assert_eq!(problems(minimal()), []);
    let found = problems(vec![one(20001, "BILLING"), one(20005, "no")]);
    assert_eq!(
        found,
        [AnswerProblem::Unanswered {
            question: id(20002),
            label: "Invoice email".into(),
        }]
    );
}

#[test]
fn only_checkbox_questions_take_several_answers() {
    let mut list = minimal();
    list.push(many(20003, &["Phone", "Internet", "TV"]));
    assert_eq!(problems(list), []);

    let found = problems(vec![
        many(20001, &["OTHER", "BILLING"]),
        one(20005, "no"),
        one(20002, "a@b.c"),
    ]);
    assert_eq!(
        found,
        [AnswerProblem::TooManyValues {
            question: id(20001),
            count: 2,
        }]
    );

    // Two answer entries for one question count as several answers too, reported once.
    let found = problems(vec![
        one(20001, "OTHER"),
        one(20005, "no"),
        one(20005, "yes"),
    ]);
    assert_eq!(
        found,
        [AnswerProblem::TooManyValues {
            question: id(20005),
            count: 2,
        }]
    );
}

#[test]
fn choice_answers_must_be_among_the_entries() {
    let found = problems(vec![
        one(20001, "SHIPPING"),
        one(20005, "Yes"),
        many(20003, &["Phone", "Radio"]),
    ]);
    let not_an_option = |question, value: &str| AnswerProblem::NotAnOption {
        question: id(question),
        value: value.into(),
    };
    assert_eq!(
        found,
        [
            not_an_option(20001, "SHIPPING"),
            not_an_option(20005, "Yes"),
            not_an_option(20003, "Radio"),
        ]
    );
}

#[test]
fn numeric_answers_are_digits_with_an_optional_minus_and_fraction() {
    for good in ["0", "1182", "-3", "2.75"] {
        let mut list = minimal();
        list.push(one(20004, good));
        assert_eq!(problems(list), [], "{good}");
    }
    for bad in ["12a", "+3", "1,5", "1e3", " 42", "4.", "--1"] {
        let mut list = minimal();
        list.push(one(20004, bad));
        let found = problems(list);
        let expected = AnswerProblem::NotANumber {
            question: id(20004),
            value: bad.into(),
        };
        assert_eq!(found, [expected], "{bad}");
    }
}

#[test]
fn email_answers_look_like_local_at_domain_dot_tld() {
    for good in ["a@b.co", "jane.doe+chat@mail.example.org"] {
        let list = vec![one(20001, "BILLING"), one(20005, "no"), one(20002, good)];
        assert_eq!(problems(list), [], "{good}");
    }
    for bad in [
        "jane",
        "jane@example",
        "@example.com",
        "jane@exa mple.com",
        "jane@@example.com",
    ] {
        let list = vec![one(20001, "BILLING"), one(20005, "no"), one(20002, bad)];
        let found = problems(list);
        let expected = AnswerProblem::NotAnEmail {
            question: id(20002),
            value: bad.into(),
        };
        assert_eq!(found, [expected], "{bad}");
    }
}

#[test]
fn alpha_numeric_takes_any_text() {
    let mut list = minimal();
    list.push(one(20006, "½ price? ¡Sí! 100% — ok"));
    assert_eq!(problems(list), []);
}

#[test]
fn every_problem_is_listed_at_once() {
    let mut wrong = answers(vec![
        one(20001, "BILLING"),
        one(20002, "not-an-email"),
        one(20004, "twelve"),
        one(31337, "?"),
    ]);
    wrong.id = Id::from(1u64);
    let found = validate(&survey(), &wrong).unwrap_err();
    assert_eq!(
        found,
        [
            AnswerProblem::WrongSurvey {
                survey: id(51822),
                answered: id(1),
            },
            AnswerProblem::NotAnEmail {
                question: id(20002),
                value: "not-an-email".into(),
            },
            AnswerProblem::NotANumber {
                question: id(20004),
                value: "twelve".into(),
            },
            AnswerProblem::UnknownQuestion {
                question: id(31337)
            },
            AnswerProblem::Unanswered {
                question: id(20005),
                label: "Member?".into(),
            },
        ]
    );
    assert_eq!(
        Error::InvalidAnswers(found).to_string(),
        "survey answers are invalid: the answers are for survey 1, not survey 51822; \
         question 20002: `not-an-email` is not an e-mail address; \
         question 20004: `twelve` is not a number; question 31337 is not in the survey; \
         question 20005 (`Member?`) is mandatory and has no answer"
    );
}
