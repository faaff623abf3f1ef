//! How an emulator instance behaves: identity, timeouts, agent, faults and answer forms.

use std::time::Duration;

use super::agent::{AgentBehaviour, AgentReceipts};
use super::faults::FaultPlan;
use crate::{ChatConfig, Endpoint};

/// Configuration of an [`Emulator`](super::Emulator). Start from [`Default`] and override fields.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Scheme and authority the emulator claims to be served at, e.g.
    /// `https://chat.emulator.invalid` or `http://127.0.0.1:8080`; used in `Location` and link
    /// URLs, and (without the scheme) as the Domain API's `baseURI`.
    pub origin: String,
    /// The only account this server knows; requests for other accounts are refused (401).
    pub account_id: String,
    /// Idle timeout of a chat when its request does not set `interactionTimeout`.
    pub chat_timeout: Duration,
    /// How long an ended chat stays readable before it answers 404 / internalCode 12.
    pub ended_retention: Duration,
    /// What the agent side does for each new chat.
    pub agent: AgentBehaviour,
    /// Display name the agent uses (`info.agentName`, `by` of agent lines).
    pub agent_name: String,
    /// Receipts the agent's side sends for visitor lines; [`AgentReceipts::Off`] by default.
    pub receipts: AgentReceipts,
    /// Which requests restart a chat's idle timer; [`Activity::AnyRequest`] by default.
    pub activity: Activity,
    /// Seeded fault injection; [`FaultPlan::none`] by default.
    pub faults: FaultPlan,
    /// Seed of every random choice (ids, fault draws, cosmetic type drift).
    pub seed: u64,
    /// Shape of Domain API answers for the per-service URL.
    pub domain_form: DomainForm,
    /// Whether agents are online: drives availability, slots, wait time and App Engagement status.
    pub available: bool,
    /// How `POST /conversation.json` (visitor authentication) answers.
    pub visitor_auth_form: VisitorAuthForm,
    /// Wall-clock time (milliseconds since the Unix epoch, UTC) of the `now` given to
    /// [`Emulator::new`](super::Emulator::new); all printed times are offsets from it.
    pub start_unix_ms: u64,
    /// Offset of the server's local time from UTC, in minutes (the service prints local times
    /// with a numeric offset).
    pub utc_offset_minutes: i32,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            origin: "https://chat.emulator.invalid".to_owned(),
            account_id: "12345678".to_owned(),
            chat_timeout: Duration::from_secs(40),
            ended_retention: Duration::from_secs(600),
            agent: AgentBehaviour::Absent,
            agent_name: "Dana".to_owned(),
            receipts: AgentReceipts::Off,
            activity: Activity::AnyRequest,
            faults: FaultPlan::none(),
            seed: 0x5EED,
            domain_form: DomainForm::Single,
            available: true,
            visitor_auth_form: VisitorAuthForm::JsonBody,
            // 2024-03-11T14:15:00.000Z
            start_unix_ms: 1_710_166_500_000,
            utc_offset_minutes: -300,
        }
    }
}

impl EmulatorConfig {
    /// A session configuration that talks to this emulator: its account id at
    /// [`Endpoint::BaseUrl`] of its origin, every other setting at its default (so the Domain
    /// API is not asked, and App Engagement calls go to the same origin). Change fields of the
    /// answer as needed before [`ChatSession::new`](crate::ChatSession::new).
    pub fn client_config(&self) -> ChatConfig {
        ChatConfig::new(
            self.account_id.clone(),
            Endpoint::BaseUrl(self.origin.trim_end_matches('/').to_owned()),
        )
    }
}

/// Which requests to a chat restart its idle timer (and so `info.lastUpdate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activity {
    /// Every request that reaches one of the chat's URLs, reads included: the documented
    /// reading (`lastUpdate` is "the last time any request was sent to the chat session").
    #[default]
    AnyRequest,
    /// Only requests that are not reads (not GET or HEAD): lines and other events, typing,
    /// the visitor's name, the end, surveys, transcripts. A server that does not count polls
    /// as activity: a client that only polls is timed out `chatTimeout` after its last write,
    /// and can see it coming only by reading `info.lastUpdate` (against the `Date` header).
    WritesOnly,
}

/// Shape of the Domain API answer for `/service/{name}/baseURI.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DomainForm {
    /// `{"service":…,"account":…,"baseURI":…}` (oldest documented form).
    #[default]
    Single,
    /// `{"baseURIs":[{"service":…,"account":…,"baseURI":…},…]}` (newer documented form).
    List,
}

/// Answer form of visitor authentication (`POST /conversation.json`); the docs disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VisitorAuthForm {
    /// 200 with `{"participantId":…,"conversationId":…}` (older docs, JS SDK).
    #[default]
    JsonBody,
    /// 201, empty body, `Location` naming a chat created for the authenticated visitor (newer
    /// docs).
    CreatedWithLocation,
}
