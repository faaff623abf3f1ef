//! The agent side: what happens in a chat without any visitor request.

use std::time::{Duration, Instant};

/// What the agent does for each new chat.
#[derive(Debug, Clone, Default)]
pub enum AgentBehaviour {
    /// Never accepts: the chat waits until it times out or the visitor ends it.
    #[default]
    Absent,
    /// Steps run one after the other on a timeline starting at the chat request.
    Scripted(Vec<AgentStep>),
    /// A simple conversational agent: accepts after `accept_after` and sends `greeting`, then
    /// answers every visitor line after `reply_after` with `You said: <line>`, showing
    /// "typing" for `typing_for` before each answer.
    Replying {
        /// Delay between the chat request and the accept.
        accept_after: Duration,
        /// First agent line, sent right after accepting (skipped when empty).
        greeting: String,
        /// Delay between a visitor line and the answer.
        reply_after: Duration,
        /// How long before each answer the agent shows as typing.
        typing_for: Duration,
    },
}

/// One step of a scripted agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentStep {
    /// Let time pass before the next step.
    Wait(Duration),
    /// Accept the chat (`state: chatting` and system message 3).
    Accept,
    /// Set `info.agentTyping`.
    Typing(bool),
    /// A plain-text agent line.
    Say(String),
    /// An HTML agent line (`textType: html`).
    SayHtml(String),
    /// An account-to-account transfer event.
    Transfer {
        /// Domain of the target account.
        domain: String,
        /// Target account id.
        remote_site_id: u64,
        /// Target skill.
        skill: String,
    },
    /// End the chat (`state: ended` and system message 5).
    End,
}

/// A timed agent action waiting in a chat's agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AgentAction {
    Accept,
    Typing(bool),
    Say(String),
    SayHtml(String),
    Transfer {
        domain: String,
        remote_site_id: u64,
        skill: String,
    },
    End,
}

/// Time-ordered agent actions of one chat.
#[derive(Debug, Clone, Default)]
pub(crate) struct Agenda {
    items: Vec<(Instant, AgentAction)>,
}

impl Agenda {
    /// Inserts after any action due at the same time, so equal-time actions keep their order.
    pub(crate) fn push(&mut self, at: Instant, action: AgentAction) {
        let pos = self.items.partition_point(|(t, _)| *t <= at);
        self.items.insert(pos, (at, action));
    }

    pub(crate) fn next_due(&self) -> Option<Instant> {
        self.items.first().map(|(t, _)| *t)
    }

    pub(crate) fn pop_due(&mut self, now: Instant) -> Option<(Instant, AgentAction)> {
        match self.items.first() {
            Some((t, _)) if *t <= now => Some(self.items.remove(0)),
            _ => None,
        }
    }

    pub(crate) fn clear(&mut self) {
        self.items.clear();
    }
}

/// The agenda a new chat starts with.
pub(crate) fn initial_agenda(behaviour: &AgentBehaviour, requested_at: Instant) -> Agenda {
    let mut agenda = Agenda::default();
    match behaviour {
        AgentBehaviour::Absent => {}
        AgentBehaviour::Scripted(steps) => {
            let mut at = requested_at;
            for step in steps {
                let action = match step {
                    AgentStep::Wait(d) => match at.checked_add(*d) {
                        Some(t) => {
                            at = t;
                            continue;
                        }
                        // Steps after an unrepresentable wait never happen.
                        None => break,
                    },
                    AgentStep::Accept => AgentAction::Accept,
                    AgentStep::Typing(on) => AgentAction::Typing(*on),
                    AgentStep::Say(t) => AgentAction::Say(t.clone()),
                    AgentStep::SayHtml(t) => AgentAction::SayHtml(t.clone()),
                    AgentStep::Transfer {
                        domain,
                        remote_site_id,
                        skill,
                    } => AgentAction::Transfer {
                        domain: domain.clone(),
                        remote_site_id: *remote_site_id,
                        skill: skill.clone(),
                    },
                    AgentStep::End => AgentAction::End,
                };
                agenda.push(at, action);
            }
        }
        AgentBehaviour::Replying {
            accept_after,
            greeting,
            ..
        } => {
            let at = requested_at
                .checked_add(*accept_after)
                .unwrap_or(requested_at);
            agenda.push(at, AgentAction::Accept);
            if !greeting.is_empty() {
                agenda.push(at, AgentAction::Say(greeting.clone()));
            }
        }
    }
    agenda
}

/// Schedules the replying agent's answer to a visitor line posted at `at`.
pub(crate) fn schedule_reply(
    behaviour: &AgentBehaviour,
    agenda: &mut Agenda,
    at: Instant,
    text: &str,
) {
    if let AgentBehaviour::Replying {
        reply_after,
        typing_for,
        ..
    } = behaviour
    {
        let Some(reply_at) = at.checked_add(*reply_after) else {
            return;
        };
        if !typing_for.is_zero() {
            let typing_at = reply_at.checked_sub(*typing_for).map_or(at, |t| t.max(at));
            agenda.push(typing_at, AgentAction::Typing(true));
        }
        agenda.push(reply_at, AgentAction::Say(format!("You said: {text}")));
    }
}
