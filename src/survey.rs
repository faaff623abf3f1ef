//! Survey answers checked against their survey before anything is sent.
//!
//! The server's answer to a bad submission is not documented (the exit survey submit has no
//! documented status at all), so the session checks answers first and refuses them with
//! [`Error::InvalidAnswers`], listing every problem at once as [`AnswerProblem`]s.
//!
//! # Rules
//!
//! - The answers' `id` must be the survey's `id`.
//! - Every answered question id must be a question of the survey.
//! - Only a `Checkbox` question takes several values (counting every answer given for it).
//! - A value of a choice question (`Dropdown Box`, `Radio Button`, `Radio Button (side by side)`,
//!   `Checkbox`, or a type this crate does not know that lists entries) must be the `value` of
//!   one of its entries, exactly.
//! - A value of a free-text question must pass its `validationType`:
//!   - `numeric`: an optional leading `-`, one or more ASCII digits, and optionally a `.` followed
//!     by one or more digits (`42`, `-7`, `3.5`; not `+1`, `1e3`, `1,5` or ` 42`);
//!   - `email`: `local@domain.tld`: one `@`, a non-empty local part, a domain of at least two
//!     non-empty dot-separated labels, and no whitespace;
//!   - `alpha_numeric` (and any type this crate does not know): any text.
//! - A `mandatory` question must have a non-blank value, unless question logic hides it: a
//!   question whose `logicId` some entry lists in `showLogicId` is shown only when one of those
//!   entries is among the answers to the entry's own question.
//!
//! A blank value (empty or only whitespace) counts as no answer: it is never checked against
//! options or validation types, and it does not satisfy `mandatory`.

use std::collections::HashMap;

use crate::error::Error;
use crate::wire::{AnswerValue, ChatRequest, Id, Question, QuestionType, Survey, SurveyAnswers};
use crate::wire::{OfflineSurveySubmission, ValidationType};

/// What is wrong with one answer, or with the answers as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerProblem {
    /// The answers' `id` is not the survey's.
    #[error("the answers are for survey {answered}, not survey {survey}")]
    WrongSurvey {
        /// The survey's id.
        survey: Id,
        /// The id the answers carry.
        answered: Id,
    },
    /// An answer to a question the survey does not have.
    #[error("question {question} is not in the survey")]
    UnknownQuestion {
        /// The question id answered.
        question: Id,
    },
    /// Several values for a question that takes one (only a `Checkbox` takes several).
    #[error("question {question} takes one answer, got {count}")]
    TooManyValues {
        /// The question.
        question: Id,
        /// How many values it was given, across all answers naming it.
        count: usize,
    },
    /// A value of a choice question that is none of its entries.
    #[error("question {question}: `{value}` is not one of its options")]
    NotAnOption {
        /// The question.
        question: Id,
        /// The value given.
        value: String,
    },
    /// A value of a `numeric` question that is not a number.
    #[error("question {question}: `{value}` is not a number")]
    NotANumber {
        /// The question.
        question: Id,
        /// The value given.
        value: String,
    },
    /// A value of an `email` question that is not an e-mail address.
    #[error("question {question}: `{value}` is not an e-mail address")]
    NotAnEmail {
        /// The question.
        question: Id,
        /// The value given.
        value: String,
    },
    /// A mandatory question, shown by the answers given, without an answer.
    #[error("question {question} (`{label}`) is mandatory and has no answer")]
    Unanswered {
        /// The question.
        question: Id,
        /// Its label, as the survey shows it.
        label: String,
    },
}

/// Checks `answers` against `survey`; `Err` lists every problem, in a stable order (survey id,
/// then each answer in turn, then unanswered mandatory questions in survey order).
pub fn validate(survey: &Survey, answers: &SurveyAnswers) -> Result<(), Vec<AnswerProblem>> {
    let mut problems = Vec::new();
    if answers.id != survey.id {
        problems.push(AnswerProblem::WrongSurvey {
            survey: survey.id.clone(),
            answered: answers.id.clone(),
        });
    }
    let given = values_by_question(answers);
    let mut reported_many = Vec::new();
    for answer in &answers.answers {
        let Some(question) = survey.questions.iter().find(|q| q.id == answer.question) else {
            problems.push(AnswerProblem::UnknownQuestion {
                question: answer.question.clone(),
            });
            continue;
        };
        let values = given.get(&question.id).map(Vec::as_slice).unwrap_or(&[]);
        if question.kind != QuestionType::Checkbox
            && values.len() > 1
            && !reported_many.contains(&&question.id)
        {
            reported_many.push(&question.id);
            problems.push(AnswerProblem::TooManyValues {
                question: question.id.clone(),
                count: values.len(),
            });
        }
        for value in values_of(&answer.value).filter(|v| !is_blank(v)) {
            if let Some(problem) = check_value(question, value) {
                problems.push(problem);
            }
        }
    }
    for question in survey.questions.iter().filter(|q| q.mandatory) {
        let answered = given.get(&question.id).is_some_and(|v| !v.is_empty());
        if !answered && is_shown(survey, question, &given) {
            problems.push(AnswerProblem::Unanswered {
                question: question.id.clone(),
                label: question.label.clone(),
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

impl ChatRequest {
    /// Puts pre-chat survey answers into the chat request (`survey`), after checking them against
    /// the pre-chat survey they answer. On `Err` the request is unchanged.
    pub fn set_pre_chat_answers(
        &mut self,
        survey: &Survey,
        answers: SurveyAnswers,
    ) -> Result<(), Error> {
        validate(survey, &answers).map_err(Error::InvalidAnswers)?;
        self.survey = Some(answers);
        Ok(())
    }
}

impl OfflineSurveySubmission {
    /// Checks the submission's answers against the offline survey they answer.
    pub fn validate(&self, survey: &Survey) -> Result<(), Vec<AnswerProblem>> {
        validate(survey, &self.answers)
    }
}

/// Non-blank values given for each question, across every answer entry naming it.
fn values_by_question(answers: &SurveyAnswers) -> HashMap<&Id, Vec<&str>> {
    let mut given: HashMap<&Id, Vec<&str>> = HashMap::new();
    for answer in &answers.answers {
        let values = given.entry(&answer.question).or_default();
        values.extend(values_of(&answer.value).filter(|v| !is_blank(v)));
    }
    given
}

fn values_of(value: &AnswerValue) -> impl Iterator<Item = &str> {
    let values: &[String] = match value {
        AnswerValue::One(v) => std::slice::from_ref(v),
        AnswerValue::Many(v) => v,
    };
    values.iter().map(String::as_str)
}

fn is_blank(value: &str) -> bool {
    value.trim().is_empty()
}

fn is_choice(question: &Question) -> bool {
    match question.kind {
        QuestionType::Dropdown
        | QuestionType::Radio
        | QuestionType::RadioSideBySide
        | QuestionType::Checkbox => true,
        QuestionType::TextField | QuestionType::TextArea => false,
        QuestionType::Other(_) => !question.entries.is_empty(),
    }
}

fn check_value(question: &Question, value: &str) -> Option<AnswerProblem> {
    let (id, given) = (|| question.id.clone(), || value.to_owned());
    if is_choice(question) {
        let listed = question.entries.iter().any(|e| e.value == value);
        return (!listed).then(|| AnswerProblem::NotAnOption {
            question: id(),
            value: given(),
        });
    }
    match question.validation {
        ValidationType::Numeric if !is_numeric(value) => Some(AnswerProblem::NotANumber {
            question: id(),
            value: given(),
        }),
        ValidationType::Email if !is_email(value) => Some(AnswerProblem::NotAnEmail {
            question: id(),
            value: given(),
        }),
        ValidationType::Numeric
        | ValidationType::Email
        | ValidationType::AlphaNumeric
        | ValidationType::Other(_) => None,
    }
}

/// `-?[0-9]+(\.[0-9]+)?`
fn is_numeric(value: &str) -> bool {
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.map_or(true, digits)
}

/// `local@domain.tld`, without whitespace.
fn is_email(value: &str) -> bool {
    if value.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// Whether question logic lets `question` be seen with these answers.
fn is_shown(survey: &Survey, question: &Question, given: &HashMap<&Id, Vec<&str>>) -> bool {
    let Some(logic_id) = &question.logic_id else {
        return true;
    };
    let mut referenced = false;
    for owner in &survey.questions {
        let chosen = given.get(&owner.id).map(Vec::as_slice).unwrap_or(&[]);
        for entry in owner.entries.iter() {
            if entry.show_logic_ids.contains(logic_id) {
                referenced = true;
                if chosen.contains(&entry.value.as_str()) {
                    return true;
                }
            }
        }
    }
    !referenced
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for ok in ["0", "42", "-7", "3.5", "-0.25", "007"] {
            assert!(is_numeric(ok), "{ok}");
        }
        for bad in [
            "", "-", "+1", "1e3", "1,5", " 42", "4 2", "1.", ".5", "1.2.3", "٣",
        ] {
            assert!(!is_numeric(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in ["a@b.c", "jane.doe@example.com", "x+tag@mail.example.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "jane",
            "@example.com",
            "jane@",
            "jane@example",
            "jane@@example.com",
            "jane@exa@mple.com",
            "jane@example..com",
            "jane@.com",
            "jane doe@example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
