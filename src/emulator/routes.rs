//! Turns a request line into what it addresses, accepting every addressing variant clients use:
//! `.json` before the query, repeated or missing `v`, `NC`, unknown parameters, the documented
//! `chat//preSurvey`, a trailing slash, and POST + `X-HTTP-Method-Override`.

use http::{HeaderMap, Method, Request};

/// Kinds of request, as counted in [`Stats`](super::Stats) and used to scope faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    /// Domain API lookup (`/service/{name}/baseURI`, `/service/baseURI`).
    Domain,
    /// `GET /api/account/{id}` (account root links).
    AccountRoot,
    /// App Engagement create session (POST).
    EngagementCreate,
    /// App Engagement update session (PUT).
    EngagementUpdate,
    /// `GET /chat/availability`.
    Availability,
    /// `GET /chat/availableSlots`.
    AvailableSlots,
    /// `GET /chat/estimatedWaitTime`.
    EstimatedWaitTime,
    /// `GET /chat/preSurvey` (either spelling).
    PreSurvey,
    /// `GET /chat/offlineSurvey`.
    OfflineSurveyGet,
    /// `PUT /chat/offlineSurvey`.
    OfflineSurveySubmit,
    /// `POST /conversation` (visitor authentication).
    VisitorAuth,
    /// `POST /chat/request`.
    ChatRequest,
    /// `GET /chat/{id}` (whole chat resource).
    ChatGet,
    /// `GET /chat/{id}/events`.
    EventsGet,
    /// `POST /chat/{id}/events`.
    EventsPost,
    /// `GET /chat/{id}/events/{eventId}`.
    EventGet,
    /// `GET /chat/{id}/info`.
    InfoGet,
    /// `GET /chat/{id}/info/visitorName`.
    VisitorNameGet,
    /// `PUT /chat/{id}/info/visitorName`.
    VisitorNameSet,
    /// `GET /chat/{id}/info/visitorTyping`.
    VisitorTypingGet,
    /// `PUT /chat/{id}/info/visitorTyping`.
    VisitorTypingSet,
    /// `GET /chat/{id}/info/agentTyping`.
    AgentTypingGet,
    /// `GET /chat/{id}/exitSurvey`.
    ExitSurveyGet,
    /// `PUT /chat/{id}/exitSurvey`.
    ExitSurveySubmit,
    /// `PUT /chat/{id}/transcriptRequest` or `transcriptWithSubjectRequest`.
    TranscriptRequest,
    /// Anything under `/chat/{id}/customVariables` (deprecated, unsupported).
    CustomVariables,
    /// A path this server does not serve, or a method it does not allow there.
    Unknown,
}

/// What a path addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Domain(Option<String>),
    AccountRoot,
    Engagement(Option<String>),
    Availability,
    AvailableSlots,
    EstimatedWaitTime,
    PreSurvey,
    OfflineSurvey,
    ChatRequest,
    VisitorAuth,
    Chat(String, ChatSub),
    Unknown,
}

/// A resource below `/chat/{id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChatSub {
    Root,
    Events,
    Event(String),
    Info,
    VisitorName,
    VisitorTyping,
    AgentTyping,
    ExitSurvey,
    TranscriptRequest,
    TranscriptWithSubject,
    CustomVariables,
}

/// A parsed request line.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    /// Account id from the path (empty when the path has none).
    pub(crate) account: String,
    pub(crate) target: Target,
    pub(crate) query: Vec<(String, String)>,
    /// The method after applying `X-HTTP-Method-Override` to a POST.
    pub(crate) method: Method,
    /// Whether a method override was used.
    pub(crate) overridden: bool,
}

impl Parsed {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn params<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.query
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The kind, from target and effective method.
    pub(crate) fn kind(&self) -> Route {
        use Route as K;
        let get = self.method == Method::GET;
        let put = self.method == Method::PUT;
        let post = self.method == Method::POST;
        match &self.target {
            Target::Domain(_) if get => K::Domain,
            Target::AccountRoot if get => K::AccountRoot,
            Target::Engagement(_) if post => K::EngagementCreate,
            Target::Engagement(_) if put => K::EngagementUpdate,
            Target::Availability if get => K::Availability,
            Target::AvailableSlots if get => K::AvailableSlots,
            Target::EstimatedWaitTime if get => K::EstimatedWaitTime,
            Target::PreSurvey if get => K::PreSurvey,
            Target::OfflineSurvey if get => K::OfflineSurveyGet,
            Target::OfflineSurvey if put => K::OfflineSurveySubmit,
            Target::ChatRequest if post => K::ChatRequest,
            Target::VisitorAuth if post => K::VisitorAuth,
            Target::Chat(_, sub) => match sub {
                ChatSub::Root if get => K::ChatGet,
                ChatSub::Events if get => K::EventsGet,
                ChatSub::Events if post => K::EventsPost,
                ChatSub::Event(_) if get => K::EventGet,
                ChatSub::Info if get => K::InfoGet,
                ChatSub::VisitorName if get => K::VisitorNameGet,
                ChatSub::VisitorName if put => K::VisitorNameSet,
                ChatSub::VisitorTyping if get => K::VisitorTypingGet,
                ChatSub::VisitorTyping if put => K::VisitorTypingSet,
                ChatSub::AgentTyping if get => K::AgentTypingGet,
                ChatSub::ExitSurvey if get => K::ExitSurveyGet,
                ChatSub::ExitSurvey if put => K::ExitSurveySubmit,
                ChatSub::TranscriptRequest | ChatSub::TranscriptWithSubject if put => {
                    K::TranscriptRequest
                }
                ChatSub::CustomVariables => K::CustomVariables,
                _ => K::Unknown,
            },
            _ => K::Unknown,
        }
    }
}

/// Parses method, path and query of `request`.
pub(crate) fn parse<B>(request: &Request<B>) -> Parsed {
    let (method, overridden) = effective_method(request.method(), request.headers());
    let query = request
        .uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    let (account, target) = parse_path(request.uri().path());
    Parsed {
        account,
        target,
        query,
        method,
        overridden,
    }
}

fn effective_method(method: &Method, headers: &HeaderMap) -> (Method, bool) {
    if method == Method::POST {
        let over = headers
            .get("x-http-method-override")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_ascii_uppercase())
            .filter(|v| !v.is_empty());
        if let Some(m) = over.and_then(|v| Method::from_bytes(v.as_bytes()).ok()) {
            return (m, true);
        }
    }
    (method.clone(), false)
}

fn strip_json(path: &str) -> &str {
    let n = path.len();
    if n >= 5 && path.is_char_boundary(n - 5) && path[n - 5..].eq_ignore_ascii_case(".json") {
        &path[..n - 5]
    } else {
        path
    }
}

fn parse_path(path: &str) -> (String, Target) {
    let path = strip_json(path);
    let mut segs: Vec<&str> = path.split('/').collect();
    // A trailing slash is tolerated everywhere.
    if segs.len() > 1 && segs.last() == Some(&"") {
        segs.pop();
    }
    let (prefix, account, rest) = match segs.as_slice() {
        ["", prefix, "account", account, rest @ ..] => (*prefix, *account, rest),
        _ => return (String::new(), Target::Unknown),
    };
    let target = match (prefix, rest) {
        (_, ["service", "baseURI"]) => Target::Domain(None),
        (_, ["service", service, "baseURI"]) => Target::Domain(Some((*service).to_owned())),
        ("api", rest) => api_target(rest),
        _ => Target::Unknown,
    };
    (account.to_owned(), target)
}

fn api_target(rest: &[&str]) -> Target {
    match rest {
        [] => Target::AccountRoot,
        ["app", "engagement", "visitors"] => Target::Engagement(None),
        ["app", "engagement", "visitors", ""] => Target::Engagement(None),
        ["app", "engagement", "visitors", vid] => Target::Engagement(Some((*vid).to_owned())),
        ["conversation"] => Target::VisitorAuth,
        ["chat", "availability"] => Target::Availability,
        ["chat", "availableSlots"] => Target::AvailableSlots,
        ["chat", "estimatedWaitTime"] => Target::EstimatedWaitTime,
        ["chat", "preSurvey"] | ["chat", "", "preSurvey"] => Target::PreSurvey,
        ["chat", "offlineSurvey"] => Target::OfflineSurvey,
        ["chat", "request"] => Target::ChatRequest,
        ["chat", id, sub @ ..] if !id.is_empty() => {
            let sub = match sub {
                [] => ChatSub::Root,
                ["events"] => ChatSub::Events,
                ["events", n] => ChatSub::Event((*n).to_owned()),
                ["info"] => ChatSub::Info,
                ["info", "visitorName"] => ChatSub::VisitorName,
                ["info", "visitorTyping"] => ChatSub::VisitorTyping,
                ["info", "agentTyping"] => ChatSub::AgentTyping,
                ["exitSurvey"] => ChatSub::ExitSurvey,
                ["transcriptRequest"] => ChatSub::TranscriptRequest,
                ["transcriptWithSubjectRequest"] => ChatSub::TranscriptWithSubject,
                ["customVariables"] => ChatSub::CustomVariables,
                _ => return Target::Unknown,
            };
            Target::Chat((*id).to_owned(), sub)
        }
        _ => Target::Unknown,
    }
}

/// Whether the request carries usable credentials: `Authorization: LivePerson appKey=<key>`,
/// `Authorization: Bearer <token>` (header name in any case, as `http` normalises it), or an
/// `appKey`/`appkey` query parameter.
pub(crate) fn authorized<B>(request: &Request<B>, parsed: &Parsed) -> bool {
    let query_key = parsed
        .params("appKey")
        .chain(parsed.params("appkey"))
        .any(|v| !v.trim().is_empty());
    if query_key {
        return true;
    }
    request
        .headers()
        .get_all(http::header::AUTHORIZATION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            let v = v.trim();
            let mut parts = v.splitn(2, char::is_whitespace);
            let scheme = parts.next().unwrap_or("");
            let rest = parts.next().unwrap_or("").trim();
            if scheme.eq_ignore_ascii_case("bearer") {
                !rest.is_empty()
            } else if scheme.eq_ignore_ascii_case("liveperson") {
                rest.split(',').any(|kv| {
                    let mut kv = kv.trim().splitn(2, '=');
                    let k = kv.next().unwrap_or("");
                    let val = kv.next().unwrap_or("").trim().trim_matches('"');
                    k.trim().eq_ignore_ascii_case("appkey") && !val.is_empty()
                })
            } else {
                false
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(path: &str) -> Target {
        parse_path(path).1
    }

    #[test]
    fn variants() {
        assert_eq!(
            target("/api/account/1/chat/request.json"),
            Target::ChatRequest
        );
        assert_eq!(target("/api/account/1/chat//preSurvey"), Target::PreSurvey);
        assert_eq!(
            target("/api/account/1/chat/H1.json"),
            Target::Chat("H1".into(), ChatSub::Root)
        );
        assert_eq!(
            target("/api/account/1/chat/H1/events/"),
            Target::Chat("H1".into(), ChatSub::Events)
        );
        assert_eq!(
            target("/csdr/account/1/service/smt/baseURI.json"),
            Target::Domain(Some("smt".into()))
        );
        assert_eq!(target("/api/account/1/chat/"), Target::Unknown);
        assert_eq!(target("/nothing"), Target::Unknown);
        assert_eq!(target("/api/account/1/chat/H1/éé.json"), Target::Unknown);
    }
}
