//! The agent side: what happens in a chat without any visitor request.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

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
    /// An agent that offers choices: accepts after `accept_after` and sends a rich-content card
    /// (see [`choice_card`]) saying `prompt`, with one `publishText` button per choice. A
    /// visitor line whose text is a button's title gets that choice's `answer` after
    /// `reply_after`; any other line gets `You said: <line>`, as from
    /// [`Replying`](AgentBehaviour::Replying). "Typing" shows for `typing_for` before each
    /// answer.
    Menu {
        /// Delay between the chat request and the accept.
        accept_after: Duration,
        /// The card's text, above the buttons.
        prompt: String,
        /// The buttons, in order.
        choices: Vec<MenuChoice>,
        /// Delay between a visitor line and the answer.
        reply_after: Duration,
        /// How long before each answer the agent shows as typing.
        typing_for: Duration,
    },
}

/// One button of an [`AgentBehaviour::Menu`] card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuChoice {
    /// The button's title, which is also the text its click publishes for the visitor.
    pub title: String,
    /// What the agent says when the visitor picks it.
    pub answer: String,
}

impl MenuChoice {
    /// A button `title` answered with `answer`.
    pub fn new(title: impl Into<String>, answer: impl Into<String>) -> Self {
        MenuChoice {
            title: title.into(),
            answer: answer.into(),
        }
    }
}

/// A LivePerson structured-content card: a `vertical` layout with a `text` element saying
/// `prompt`, then one `button` per title whose click publishes the title as the visitor's line
/// and carries `metadata: [{"type": "ExternalId", "id": "choice-<n>"}]` (n from 1).
pub fn choice_card<S: AsRef<str>>(prompt: &str, titles: &[S]) -> Value {
    let mut elements = vec![json!({"type": "text", "text": prompt})];
    for (n, title) in titles.iter().enumerate() {
        let title = title.as_ref();
        elements.push(json!({
            "type": "button",
            "title": title,
            "click": {
                "actions": [{"type": "publishText", "text": title}],
                "metadata": [{"type": "ExternalId", "id": format!("choice-{}", n + 1)}],
            },
        }));
    }
    json!({"type": "vertical", "elements": elements})
}

/// Receipts the agent's side sends for each visitor line: `line-status` events with
/// `source: agent` and `refSequenceId` the line's `@id`. The live service's own habits here
/// are not known (a visitor's receipt was seen; LivePerson's SDK reads them), so they are off
/// by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentReceipts {
    /// None.
    #[default]
    Off,
    /// `READ`, `after` the line arrived.
    Read {
        /// Delay between the visitor line and the receipt.
        after: Duration,
    },
    /// `ACCEPT` as the line arrives, then `READ` `after` it.
    AcceptAndRead {
        /// Delay between the visitor line and the `READ`.
        after: Duration,
    },
}

/// One step of a scripted agent.
#[derive(Debug, Clone, PartialEq)]
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
    /// A rich-content agent line: `textType: rich-content`, this card under `json`,
    /// `metadata: []` and no `text` (no fallback text has been seen from the service).
    Card(Value),
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
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AgentAction {
    Accept,
    Typing(bool),
    Say(String),
    SayHtml(String),
    Card(Value),
    /// A `line-status` receipt (`ACCEPT`, `READ`) on the visitor line with this `@id`.
    Receipt {
        status: &'static str,
        about: u64,
    },
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
                    AgentStep::Card(card) => AgentAction::Card(card.clone()),
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
        AgentBehaviour::Menu {
            accept_after,
            prompt,
            choices,
            ..
        } => {
            let at = requested_at
                .checked_add(*accept_after)
                .unwrap_or(requested_at);
            agenda.push(at, AgentAction::Accept);
            let titles: Vec<&str> = choices.iter().map(|c| c.title.as_str()).collect();
            agenda.push(at, AgentAction::Card(choice_card(prompt, &titles)));
        }
    }
    agenda
}

/// Schedules the receipts for the visitor line with `@id` `line` posted at `at`.
pub(crate) fn schedule_receipts(
    receipts: AgentReceipts,
    agenda: &mut Agenda,
    at: Instant,
    line: u64,
) {
    let read_after = match receipts {
        AgentReceipts::Off => return,
        AgentReceipts::Read { after } => after,
        AgentReceipts::AcceptAndRead { after } => {
            agenda.push(
                at,
                AgentAction::Receipt {
                    status: "ACCEPT",
                    about: line,
                },
            );
            after
        }
    };
    // A receipt beyond what `Instant` can hold never comes.
    if let Some(read_at) = at.checked_add(read_after) {
        agenda.push(
            read_at,
            AgentAction::Receipt {
                status: "READ",
                about: line,
            },
        );
    }
}

/// Schedules a conversational agent's answer to a visitor line posted at `at`.
pub(crate) fn schedule_reply(
    behaviour: &AgentBehaviour,
    agenda: &mut Agenda,
    at: Instant,
    text: &str,
) {
    let (reply_after, typing_for, answer) = match behaviour {
        AgentBehaviour::Replying {
            reply_after,
            typing_for,
            ..
        } => (reply_after, typing_for, None),
        AgentBehaviour::Menu {
            reply_after,
            typing_for,
            choices,
            ..
        } => (
            reply_after,
            typing_for,
            choices.iter().find(|c| c.title == text).map(|c| &c.answer),
        ),
        AgentBehaviour::Absent | AgentBehaviour::Scripted(_) => return,
    };
    let Some(reply_at) = at.checked_add(*reply_after) else {
        return;
    };
    if !typing_for.is_zero() {
        let typing_at = reply_at.checked_sub(*typing_for).map_or(at, |t| t.max(at));
        agenda.push(typing_at, AgentAction::Typing(true));
    }
    let answer = answer
        .cloned()
        .unwrap_or_else(|| format!("You said: {text}"));
    agenda.push(reply_at, AgentAction::Say(answer));
}
