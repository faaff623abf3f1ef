//! What an App Engagement visitor session carries into the Server Chat API
//! (`domain-and-engagement.md` § 3): the ids for the chat request, the visitor authentication and
//! the offline survey, and the visitor/session pair for the next Create Session call.

use serde::{Deserialize, Serialize};

use crate::wire::{
    AuthRequest, ChatRequest, CreateSessionResponse, EngagementTags, Id, OfflineSurveySubmission,
};

/// The visitor and visit session App Engagement handed out, to pass to the next
/// [`create_engagement`](crate::ChatSession::create_engagement) so it reuses them instead of
/// creating another visitor in the agents' Visitor List.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorSession {
    /// `visitorId`: the path segment of later calls.
    pub visitor_id: String,
    /// `sessionId`: the `sid` of later calls.
    pub session_id: String,
}

impl CreateSessionResponse {
    /// The `LETag*` ids the chat service knows this visitor session by (`LETagContextId` only
    /// when the engagement is available).
    pub fn tags(&self) -> EngagementTags {
        EngagementTags {
            visitor_id: Some(self.visitor_id.clone()),
            session_id: Some(self.session_id.clone()),
            context_id: self
                .engagement_details
                .as_ref()
                .and_then(|d| d.context_id.clone()),
        }
    }

    /// The visitor and session to reuse on the next Create Session call.
    pub fn visitor_session(&self) -> VisitorSession {
        VisitorSession {
            visitor_id: self.visitor_id.clone(),
            session_id: self.session_id.clone(),
        }
    }
}

impl ChatRequest {
    /// Copies what the engagement says into the chat request: `LETagVisitorId` (`visitorId`),
    /// `LETagSessionId` (`sessionId`) and, when the engagement is available, `LETagContextId`,
    /// `engagementId`, `campaignId` and `language`.
    ///
    /// The skill is filled in only when the request names none: `skill` gets the engagement's
    /// skill name, or its skill id when it has no name (as LivePerson's sample app sends it), and
    /// `skillId` the skill id (as LivePerson's Postman collection sends it).
    pub fn apply_engagement(&mut self, engagement: &CreateSessionResponse) {
        self.le_tags = engagement.tags();
        let Some(details) = &engagement.engagement_details else {
            return;
        };
        if let Some(id) = &details.engagement_id {
            self.engagement_id = Some(id.clone());
        }
        if let Some(id) = &details.campaign_id {
            self.campaign_id = Some(id.clone());
        }
        if let Some(language) = &details.language {
            self.language = Some(language.clone());
        }
        if self.skill.is_none() && self.skill_id.is_none() {
            let skill_id = details.skill_id.as_ref().map(|id| id.to_string());
            self.skill = details.skill_name.clone().or_else(|| skill_id.clone());
            self.skill_id = skill_id.map(Id::from);
        }
    }
}

impl AuthRequest {
    /// The visitor authentication body for an authenticated engagement: `authChatConnId`
    /// (`connectorId`), `engagementId` and the `LETag*` ids from the engagement, with the brand's
    /// `ssoKey`.
    pub fn for_engagement(sso_key: impl Into<String>, engagement: &CreateSessionResponse) -> Self {
        let details = engagement.engagement_details.as_ref();
        AuthRequest {
            auth_chat_conn_id: details.and_then(|d| d.connector_id.clone()),
            sso_key: sso_key.into(),
            engagement_id: details.and_then(|d| d.engagement_id.clone()),
            le_tags: engagement.tags(),
            redirect_uri: None,
        }
    }
}

impl OfflineSurveySubmission {
    /// Copies the engagement's `LETag*` ids into the submission, as the documented example does.
    pub fn apply_engagement(&mut self, engagement: &CreateSessionResponse) {
        self.le_tags = engagement.tags();
    }
}
