//! Visitor authentication (§ 4.8) feeding the chat request that follows it.

use crate::wire::{AuthResponse, ChatRequest};

impl ChatRequest {
    /// Copies `participantId` and `conversationId` from visitor authentication into the chat
    /// request, which makes it an authenticated chat request.
    ///
    /// Newer servers answer authentication with 201 and a `Location` naming a chat instead of the
    /// ids; continue that chat with [`ChatSession::join_chat`](crate::ChatSession::join_chat).
    pub fn apply_authentication(&mut self, ids: &AuthResponse) {
        self.participant_id = Some(ids.participant_id.clone());
        self.conversation_id = Some(ids.conversation_id.clone());
    }
}
