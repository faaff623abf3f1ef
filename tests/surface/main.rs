//! The protocol surface, one file per method: the exact request each command sends, the decoding
//! of its answer, and its main failure. Plus the helpers around it (survey validation,
//! engagement and authentication into the chat request, a2a follow-up, re-resolution).

#[path = "../common/scripted.rs"]
mod scripted;
mod support;

mod a2a_transfer;
mod agent_typing;
mod availability;
mod available_slots;
mod chat_info;
mod chat_info_fields;
mod chat_request;
mod chat_resource;
mod domain_lookup;
mod end_chat;
mod engagement_create;
mod engagement_update;
mod estimated_wait_time;
mod exit_survey;
mod line_status;
mod lines;
mod method_override_and_query;
mod offline_survey;
mod pre_chat_survey;
mod re_resolution;
mod rich_lines;
mod survey_validation;
mod transcript;
mod transcript_with_subject;
mod visitor_authentication;
mod visitor_name;
mod visitor_typing;
