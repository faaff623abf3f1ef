//! Golden transcripts: for scripted chats against the emulator, the exact sequence of what the
//! session hands out — each request (method, URI, kind, attempt), each event, each wait — on a
//! virtual clock, checked in as one text file per scenario. They pin the session's timing and
//! order so that a change of shape cannot change behaviour unnoticed.
//!
//! `GOLDEN_WRITE=1 cargo test --test golden` rewrites the files; review the diff like code.

mod record;

mod end_while_the_chat_request_is_in_flight;
mod happy_path;
mod lost_line_reconciled_by_its_echo;
mod outage_with_recovery;
mod rate_limit_with_an_http_date;
mod resume_from_a_snapshot;
mod server_error_ladder;
