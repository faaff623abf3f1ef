//! Snapshot and resume: the same chat continued by a fresh session.

mod support;

mod expired_chat;
mod format;
mod pending_calls;
mod resume_at_every_step;
mod unknown_chat_request;
mod unknown_line;
