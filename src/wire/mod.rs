//! Wire model: serde types for every JSON document of the Server Chat API and of the Domain
//! and App Engagement APIs that precede it.
//!
//! Reading is lenient where the service is known to drift (spec § 1.4): ids and integers arrive
//! as strings or numbers, booleans as `"true"`/`"false"`, repeated elements as one object, an
//! array, `null` or nothing, links with or without `@`, and unknown members are ignored.
//! Members the session acts on structurally (an event's `@id` and type, a link's `href` and
//! `rel`, a `state` event's `state`) are required; content members default when absent.
//!
//! Writing keeps what was read: an [`Id`] goes back in the spelling it came in (string or
//! number), except in request members whose documented examples show numbers, which get
//! numbers; unknown event types, odd receipts and rich-content cards are kept as sent.
//!
//! Use [`decode`] to read a body: it strips the envelope key (`"chat"`, `"events"`, …) of
//! server documents. Request bodies serialize to exactly what is sent, envelope included
//! (`serde_json::to_vec`, or their `to_json`); [`encode`] writes any document as on the wire.
//! Timestamps are kept as text; [`time::parse_timestamp_ms`] reads them.

mod a2a;
mod auth;
mod availability;
mod chat_request;
mod chat_resource;
mod chat_state;
mod decode;
mod domain;
mod engagement;
mod engagement_tags;
mod engagement_update;
mod envelope;
mod error_body;
mod event;
mod event_batch;
mod event_de;
mod id;
mod info;
mod lenient;
mod line;
mod line_status;
mod link;
mod offline_survey;
mod outgoing_event;
mod rich_content;
mod string_enum;
mod survey;
mod survey_answers;
mod system_message;
pub mod time;
mod transcript;
mod typing;

pub use a2a::A2aTransfer;
pub use auth::{AuthRequest, AuthResponse};
pub use availability::{Availability, AvailableSlots, EstimatedWaitTime, SkillAvailability};
pub use chat_request::ChatRequest;
pub use chat_resource::ChatResource;
pub use chat_state::ChatState;
pub use decode::{decode, encode, DecodeError, Document};
pub use domain::{DomainResponse, ServiceDomain};
pub use engagement::{
    AppDetails, AppType, CreateSessionRequest, CreateSessionResponse, EngagementDetails,
    EngagementStatus,
};
pub use engagement_tags::EngagementTags;
pub use engagement_update::{
    EngagementContext, Impression, ImpressionKind, UpdateSessionRequest, UpdateSessionResponse,
};
pub use error_body::{internal_code, ErrorBody};
pub use event::{EventBody, StreamEvent};
pub use event_batch::EventBatch;
pub use id::Id;
pub use info::Info;
pub use line::{Line, LineSource, TextType};
pub use line_status::{LineStatus, LineStatusKind};
pub use link::{Hyperlink, Links};
pub use offline_survey::OfflineSurveySubmission;
pub use outgoing_event::OutgoingEvent;
pub use rich_content::{Action, ActionKind, Card, Choice, Click, Element, ElementKind, RichLine};
pub use survey::{Entry, Question, QuestionType, Survey, ValidationType};
pub use survey_answers::{Answer, AnswerValue, ExitSurveySubmission, SurveyAnswers};
pub use system_message::SystemMessage;
pub use transcript::{TranscriptRequest, TranscriptWithSubjectRequest};
pub use typing::{AgentTyping, TypingState, VisitorName, VisitorTyping};
