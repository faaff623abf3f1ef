//! Account-to-account transfer (§ 6.4): the follow-up chat on the target account.

use url::Url;

use crate::config::{ChatConfig, Endpoint};
use crate::wire::{A2aTransfer, ChatRequest};

impl A2aTransfer {
    /// The configuration of the follow-up chat the transfer asks for: `base` with the target
    /// account (`remoteSiteId`, else the account in the `a2a-transfer` link), the target's host
    /// (`domain`, else the link's origin, else `base`'s endpoint) and a chat request carrying
    /// `chatRequestParameters` unchanged in [`ChatRequest::extra`].
    ///
    /// Of `base`'s chat request only what describes the visitor's client is kept (`userAgent`,
    /// `visitorIp`, `chatReferrer`, `interactionTimeout`, `language`); engagement ids, skill,
    /// survey answers and authentication belong to the source account and are dropped. A
    /// top-level `skill` the parameters lack becomes the request's `skill`.
    ///
    /// `None` when the event names no target account at all.
    pub fn follow_up(&self, base: &ChatConfig) -> Option<ChatConfig> {
        let link = self.link.as_deref().and_then(|l| Url::parse(l).ok());
        let account = self
            .remote_site_id
            .as_ref()
            .map(|id| id.to_string())
            .or_else(|| link.as_ref().and_then(account_of))
            .filter(|a| !a.trim().is_empty())?;
        let endpoint = match (&self.domain, &link) {
            (Some(domain), _) if !domain.trim().is_empty() => Endpoint::Host(domain.clone()),
            (_, Some(link)) if link.host_str().is_some() => {
                Endpoint::BaseUrl(link.origin().ascii_serialization())
            }
            _ => base.endpoint.clone(),
        };
        let from = &base.chat_request;
        let mut chat_request = ChatRequest {
            user_agent: from.user_agent.clone(),
            visitor_ip: from.visitor_ip.clone(),
            chat_referrer: from.chat_referrer.clone(),
            interaction_timeout: from.interaction_timeout,
            language: from.language.clone(),
            extra: self.chat_request_parameters.clone(),
            ..ChatRequest::default()
        };
        if !chat_request.extra.contains_key("skill") {
            chat_request.skill = self.skill.clone();
        }
        Some(ChatConfig {
            account_id: account,
            endpoint,
            chat_request,
            ..base.clone()
        })
    }
}

/// `{account}` of `…/api/account/{account}/…`.
fn account_of(url: &Url) -> Option<String> {
    let mut segments = url.path_segments()?;
    segments.find(|s| *s == "account")?;
    segments.next().map(str::to_owned)
}
