//! `systemMessageId` of system lines (spec § 6.5).

use serde::{Serialize, Serializer};

/// Meaning of a system line, from its `systemMessageId` (a string or a number on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SystemMessage {
    /// 0: echo of a pre-chat line sent in the chat request (observed, not documented).
    PreChatLine,
    /// 2: all operators are busy.
    OperatorsBusy,
    /// 3: an agent accepted the chat.
    AgentAccepted,
    /// 4: the chat is being routed to an agent.
    Routing,
    /// 5: the agent ended the chat.
    AgentEnded,
    /// 6: the chat was disconnected unexpectedly.
    Disconnected,
    /// 13: the chat was transferred to an agent.
    TransferredToAgent,
    /// 15: the chat was transferred to another skill.
    TransferredToSkill,
    /// 22: ticket id of the chat (deprecated).
    TicketId,
    /// 23: the chat was re-queued.
    Requeued,
    /// Any other id: show the line as generic system text.
    Other(u64),
}

impl SystemMessage {
    /// The message for a wire id.
    pub fn from_id(id: u64) -> Self {
        match id {
            0 => Self::PreChatLine,
            2 => Self::OperatorsBusy,
            3 => Self::AgentAccepted,
            4 => Self::Routing,
            5 => Self::AgentEnded,
            6 => Self::Disconnected,
            13 => Self::TransferredToAgent,
            15 => Self::TransferredToSkill,
            22 => Self::TicketId,
            23 => Self::Requeued,
            other => Self::Other(other),
        }
    }

    /// The wire id.
    pub fn id(self) -> u64 {
        match self {
            Self::PreChatLine => 0,
            Self::OperatorsBusy => 2,
            Self::AgentAccepted => 3,
            Self::Routing => 4,
            Self::AgentEnded => 5,
            Self::Disconnected => 6,
            Self::TransferredToAgent => 13,
            Self::TransferredToSkill => 15,
            Self::TicketId => 22,
            Self::Requeued => 23,
            Self::Other(id) => id,
        }
    }
}

impl Serialize for SystemMessage {
    /// Written as a number, the form real clients compare against.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.id())
    }
}
