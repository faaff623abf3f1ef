//! Behaviour of the Server Chat emulator, driven through its public API with hand-built requests
//! and a virtual clock.

mod support;

mod account_root;
mod addressing_variants;
mod agent_card;
mod agent_menu;
mod agent_receipts;
mod agent_scripts;
mod auth;
mod availability;
mod bad_requests;
mod chat_request;
mod chat_resource;
mod date_header;
mod determinism;
mod domain;
mod end_chat;
mod engagement;
mod events_poll;
mod faults_account_loading;
mod faults_chat_server_error;
mod faults_dropped;
mod faults_duplicate_events;
mod faults_edge_error;
mod faults_gateway_error;
mod faults_late_apply;
mod faults_lost;
mod faults_malformed;
mod faults_outage;
mod faults_rate_limit;
mod faults_rejections;
mod faults_server_errors;
mod faults_slow;
mod faults_unreachable;
mod idle_timeout;
mod lines;
mod link_delivers_readings;
mod many_chats;
mod never_panics;
mod surveys;
mod transcript;
mod typing;
mod visitor_auth;
mod visitor_name;
mod visitor_receipts;
