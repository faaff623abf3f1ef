//! The session driven by hand through whole chats, one behaviour per file.

#[path = "../common/scripted.rs"]
mod support;

mod agent_presence;
mod ambiguous_line;
mod ended_by_agent;
mod ended_by_timeout;
mod ended_by_visitor;
mod event_ids;
mod foreign_link;
mod happy_path;
mod keepalive;
mod keepalive_after_line;
mod lines_before_agent;
mod misconfigured_transport;
mod no_location;
mod property;
mod rate_limit;
mod run_loop_rules;
mod secrets;
mod server_error_ladder;
mod typing;
mod unconfirmed_at_end;
