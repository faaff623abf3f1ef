//! Wire model tests: one module per quirk or resource.

mod auth;
mod availability;
mod bool_strings;
mod chat_request;
mod chat_resource;
mod decode_errors;
mod domain;
mod engagement;
mod error_body;
mod events;
mod events_survive_encode;
mod id_spelling;
mod info;
mod int_strings;
mod line_status_events;
mod links;
mod never_panics;
mod one_or_many;
mod outgoing_events;
mod rich_content_lines;
mod string_or_number_ids;
mod structured_content;
mod survey_answers;
mod surveys;
mod system_messages;
mod timestamps;
mod transcript;
mod transcript_with_subject;
mod typing;
mod unknown_fields;
mod update_session;
mod wait_time;

/// The bytes of a JSON value.
pub fn bytes(v: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&v).expect("a Value always serializes")
}

/// The JSON value a serializable type writes.
pub fn to_value<T: serde::Serialize>(t: &T) -> serde_json::Value {
    serde_json::to_value(t).expect("serializes")
}
