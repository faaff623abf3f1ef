//! The state of a chat (`state` events and `info.state`).

use super::string_enum::string_enum;

string_enum! {
    /// Chat state on the wire: `waiting` → `chatting` → `ended`.
    pub enum ChatState {
        /// `waiting`: queued, no agent yet.
        Waiting = "waiting",
        /// `chatting`: an agent accepted the chat.
        Chatting = "chatting",
        /// `ended`: either side ended the chat.
        Ended = "ended",
    }
}
