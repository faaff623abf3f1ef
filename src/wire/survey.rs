//! Survey structure: pre-chat, offline and exit surveys (§ 7).

use serde::{Deserialize, Serialize};

use super::decode::Document;
use super::id::Id;
use super::lenient;
use super::string_enum::string_enum;

/// `{"survey": {"id", "title", "header", "questions": {"question": …}}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    /// `id`: sent back with the answers.
    pub id: Id,
    /// `title`: reserved.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
    /// `header`: heading to display.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub header: Option<String>,
    /// `questions.question`: one object, an array, or absent (no questions).
    #[serde(default, with = "questions")]
    pub questions: Vec<Question>,
}

/// One question: `{"id", "type", "validationType", "logicId", "order", "mandatory", "label", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    /// `id`: the key of the answer.
    pub id: Id,
    /// `type`: the input control.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// `validationType`; `alpha_numeric` (no constraint) when absent.
    #[serde(rename = "validationType", default)]
    pub validation: ValidationType,
    /// `logicId`: what `Entry::show_logic_ids` refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logic_id: Option<Id>,
    /// `order`: display order.
    #[serde(
        default,
        deserialize_with = "lenient::opt_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub order: Option<i64>,
    /// `mandatory` (bool or `"true"`/`"false"`); false when absent.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub mandatory: bool,
    /// `label`: the question text; empty when absent.
    #[serde(default, deserialize_with = "lenient::text")]
    pub label: String,
    /// `lastKnownValue`: prior answer to prefill (text questions).
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_known_value: Option<String>,
    /// `entry`: the options (dropdown, radio, checkbox); one-or-many, absent means none.
    #[serde(
        rename = "entry",
        default,
        deserialize_with = "lenient::one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub entries: Vec<Entry>,
}

/// One option of a question: `{"value", "displayValue", "checked", "logic": {"showLogicId"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `value`: the option, and what is sent back as the answer.
    #[serde(default, deserialize_with = "lenient::text")]
    pub value: String,
    /// `displayValue`: text to show instead of `value`, when given.
    #[serde(
        default,
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_value: Option<String>,
    /// `checked`: preselected.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub checked: bool,
    /// `logic.showLogicId`: `logicId`s of questions to show when this entry is selected.
    #[serde(
        rename = "logic",
        default,
        with = "logic",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub show_logic_ids: Vec<Id>,
}

string_enum! {
    /// `type` of a question.
    pub enum QuestionType {
        /// `Dropdown Box`.
        Dropdown = "Dropdown Box",
        /// `Checkbox`: the only type with several answers.
        Checkbox = "Checkbox",
        /// `Radio Button`.
        Radio = "Radio Button",
        /// `Radio Button (side by side)`.
        RadioSideBySide = "Radio Button (side by side)",
        /// `Text Field`.
        TextField = "Text Field",
        /// `Text Area`.
        TextArea = "Text Area",
    }
}

string_enum! {
    /// `validationType` of a question.
    pub enum ValidationType {
        /// `alpha_numeric` (tables also write `alphanumeric`): any text.
        AlphaNumeric = "alpha_numeric" | "alphanumeric",
        /// `numeric`.
        Numeric = "numeric",
        /// `email`.
        Email = "email",
    }
}

impl Default for ValidationType {
    /// Absent means no constraint beyond text.
    fn default() -> Self {
        ValidationType::AlphaNumeric
    }
}

/// `questions: {"question": one-or-many}`; `null` or absent means none.
mod questions {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{lenient, Question};

    #[derive(Deserialize, Default)]
    struct Wrapper {
        #[serde(default, deserialize_with = "lenient::one_or_many")]
        question: Vec<Question>,
    }

    #[derive(Serialize)]
    struct WrapperRef<'a> {
        question: &'a [Question],
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Question>, D::Error> {
        Ok(Option::<Wrapper>::deserialize(d)?
            .unwrap_or_default()
            .question)
    }

    pub(super) fn serialize<S: Serializer>(q: &[Question], s: S) -> Result<S::Ok, S::Error> {
        WrapperRef { question: q }.serialize(s)
    }
}

/// `logic: {"showLogicId": one-or-many}`; `null` or absent means none.
mod logic {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{lenient, Id};

    #[derive(Deserialize, Default)]
    struct Wrapper {
        #[serde(
            rename = "showLogicId",
            default,
            deserialize_with = "lenient::one_or_many"
        )]
        show: Vec<Id>,
    }

    #[derive(Serialize)]
    struct WrapperRef<'a> {
        #[serde(rename = "showLogicId")]
        show: &'a [Id],
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Id>, D::Error> {
        Ok(Option::<Wrapper>::deserialize(d)?.unwrap_or_default().show)
    }

    pub(super) fn serialize<S: Serializer>(ids: &[Id], s: S) -> Result<S::Ok, S::Error> {
        WrapperRef { show: ids }.serialize(s)
    }
}

impl Document for Survey {
    const NAME: &'static str = "survey";
    const ENVELOPE: Option<&'static str> = Some("survey");
}
