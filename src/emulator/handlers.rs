//! Applies one (non-faulted) request to the server state and builds the answer.

use std::time::{Duration, Instant};

use http::{header, HeaderValue, Method, Request, Response, StatusCode};
use serde_json::{json, Value};

use super::agent::{initial_agenda, schedule_receipts, schedule_reply};
use super::chat::{ChatRecord, RecordState};
use super::config::{DomainForm, VisitorAuthForm};
use super::errors::{self, code, BAD_AUTHORIZATION};
use super::faults::ChatRequestRejection;
use super::fields::Fields;
use super::render::{self, empty, json_response, Urls};
use super::routes::{authorized, ChatSub, Parsed, Route, Target};
use super::{Emulator, SessionUpdate};

type Answer = Response<Vec<u8>>;

/// Longest idle timeout a chat request may ask for.
const MAX_TIMEOUT: Duration = Duration::from_secs(86_400);

impl Emulator {
    pub(super) fn apply(
        &mut self,
        request: &Request<Vec<u8>>,
        parsed: &Parsed,
        kind: Route,
        now: Instant,
        duplicate: bool,
    ) -> Answer {
        if parsed.overridden {
            self.stats.method_overrides += 1;
        }
        if parsed.param("v").is_none() {
            self.stats.missing_version += 1;
        }
        if request.headers().get(header::AUTHORIZATION).is_none()
            && (parsed.param("appKey").is_some() || parsed.param("appkey").is_some())
        {
            self.stats.query_app_key += 1;
        }
        let path = request.uri().path();
        if parsed.target == Target::Unknown {
            return self.not_found_uri(path, now);
        }
        let engagement = matches!(parsed.target, Target::Engagement(_));
        if parsed.account != self.config.account_id {
            if engagement {
                return errors::flat(
                    StatusCode::UNAUTHORIZED,
                    self.clock.epoch_ms(now),
                    "Unauthorized account access",
                    code::UNAUTHORIZED,
                );
            }
            return self.error(
                StatusCode::UNAUTHORIZED,
                "Unauthorized account access",
                code::UNAUTHORIZED,
                now,
            );
        }
        let needs_auth = !matches!(parsed.target, Target::Domain(_) | Target::Engagement(_));
        if needs_auth && !authorized(request, parsed) {
            return self.error(
                StatusCode::UNAUTHORIZED,
                BAD_AUTHORIZATION,
                code::NOT_ALLOWED,
                now,
            );
        }
        if let Target::Chat(id, sub) = &parsed.target {
            let answer = self.chat_request_to(id, sub, request, parsed, kind, now, duplicate);
            self.reindex(id);
            return answer;
        }
        if kind == Route::Unknown {
            return self.method_not_allowed(parsed, now);
        }
        let body = request.body();
        match &parsed.target {
            Target::Domain(service) => self.domain(service.as_deref(), now),
            Target::AccountRoot => {
                json_response(StatusCode::OK, &render::account_root(&self.urls()))
            }
            Target::Engagement(vid) => self.engagement(kind, vid.as_deref(), parsed, body, now),
            Target::Availability => self.availability(parsed),
            Target::AvailableSlots => {
                let slots = if self.config.available {
                    [-1i64, 1, 3, 5][self.cosmetic.below(4) as usize]
                } else {
                    0
                };
                json_response(StatusCode::OK, &json!({"availableSlots": slots}))
            }
            Target::EstimatedWaitTime => {
                let wait = if self.config.available {
                    [0i64, 0, 12, 45, -2][self.cosmetic.below(5) as usize]
                } else {
                    -1
                };
                json_response(StatusCode::OK, &json!({"estimatedWaitTime": wait}))
            }
            Target::PreSurvey => json_response(StatusCode::OK, &render::pre_survey()),
            Target::OfflineSurvey if kind == Route::OfflineSurveyGet => {
                json_response(StatusCode::OK, &render::offline_survey())
            }
            Target::OfflineSurvey => {
                match parse_body(body).as_ref().and_then(|b| b.get("survey")) {
                    Some(survey) if survey.is_object() => {
                        self.offline_surveys.push(survey.clone());
                        empty(StatusCode::OK)
                    }
                    _ => self.bad_request("Expected a survey object", now),
                }
            }
            Target::ChatRequest => self.chat_request(body, now),
            Target::VisitorAuth => self.visitor_auth(body, now),
            Target::Chat(..) | Target::Unknown => self.not_found_uri(path, now),
        }
    }

    pub(super) fn urls(&self) -> Urls<'_> {
        Urls {
            origin: self.config.origin.trim_end_matches('/'),
            account: &self.config.account_id,
        }
    }

    fn error(&self, status: StatusCode, message: &str, internal: i64, now: Instant) -> Answer {
        errors::wrapped(status, &self.clock.iso(now), message, internal)
    }

    fn bad_request(&self, message: &str, now: Instant) -> Answer {
        self.error(StatusCode::BAD_REQUEST, message, code::BAD_REQUEST, now)
    }

    fn not_found_uri(&self, path: &str, now: Instant) -> Answer {
        self.error(
            StatusCode::NOT_FOUND,
            &format!("null for uri: {path}"),
            code::NULL_FOR_URI,
            now,
        )
    }

    fn method_not_allowed(&self, parsed: &Parsed, now: Instant) -> Answer {
        let message = format!("Method {} not allowed", parsed.method);
        self.error(
            StatusCode::METHOD_NOT_ALLOWED,
            &message,
            code::BAD_REQUEST,
            now,
        )
    }

    fn location(&self, mut answer: Answer, url: &str) -> Answer {
        if let Ok(v) = HeaderValue::from_str(url) {
            answer.headers_mut().insert(header::LOCATION, v);
        }
        answer
    }

    fn domain(&self, service: Option<&str>, now: Instant) -> Answer {
        let urls = self.urls();
        match service {
            None => json_response(StatusCode::OK, &render::domain_list(&urls)),
            Some(s) if render::SERVICES.contains(&s) => match self.config.domain_form {
                DomainForm::Single => {
                    json_response(StatusCode::OK, &render::domain_entry(s, &urls))
                }
                DomainForm::List => json_response(StatusCode::OK, &render::domain_list(&urls)),
            },
            Some(s) => self.error(
                StatusCode::NOT_FOUND,
                &format!("Service {s} not found"),
                code::NULL_FOR_URI,
                now,
            ),
        }
    }

    fn availability(&self, parsed: &Parsed) -> Answer {
        let skills: Vec<&str> = parsed.params("skill").collect();
        let available = self.config.available;
        if skills.len() > 1 {
            let list: Vec<Value> = skills
                .iter()
                .map(|s| json!({"skill": s, "isAvailable": available}))
                .collect();
            return json_response(
                StatusCode::OK,
                &json!({"availability": {"AvailabilityForSkills": {"skillAvailability": list}}}),
            );
        }
        json_response(StatusCode::OK, &json!({"availability": available}))
    }

    fn engagement(
        &mut self,
        kind: Route,
        vid: Option<&str>,
        parsed: &Parsed,
        body: &[u8],
        now: Instant,
    ) -> Answer {
        let epoch = self.clock.epoch_ms(now);
        let flat = |status, message: &str, c| errors::flat(status, epoch, message, c);
        let Some(Value::Object(body)) = parse_body(body) else {
            return flat(
                StatusCode::BAD_REQUEST,
                "Validation error: body must be a JSON object",
                code::BAD_REQUEST,
            );
        };
        let vid = vid.filter(|v| !v.is_empty());
        if kind == Route::EngagementUpdate {
            let sid = parsed.param("sid").filter(|s| !s.is_empty());
            let (Some(vid), Some(sid), Some(Value::String(_))) = (vid, sid, body.get("pageId"))
            else {
                return flat(
                    StatusCode::BAD_REQUEST,
                    "Validation error: visitorId, sid and pageId are required",
                    code::BAD_REQUEST,
                );
            };
            // Impression events are typed objects, engagement attributes objects; both lists.
            let list_of = |key: &str, typed: bool| match body.get(key) {
                None => true,
                Some(Value::Array(items)) => items.iter().all(|i| {
                    i.is_object() && (!typed || i.get("type").is_some_and(Value::is_string))
                }),
                Some(_) => false,
            };
            if !list_of("impAttributes", true) || !list_of("engagementAttributes", false) {
                return flat(
                    StatusCode::BAD_REQUEST,
                    "Validation error: impAttributes and engagementAttributes must be lists of objects",
                    code::BAD_REQUEST,
                );
            }
            self.session_updates.push(SessionUpdate {
                visitor_id: vid.to_owned(),
                session_id: sid.to_owned(),
                body: Value::Object(body),
            });
            return empty(StatusCode::OK);
        }
        if kind != Route::EngagementCreate {
            return flat(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method not allowed",
                code::BAD_REQUEST,
            );
        }
        match body.get("appType").and_then(Value::as_str) {
            Some("MSDK") | Some("EXTERNAL") => {}
            _ => {
                return flat(
                    StatusCode::BAD_REQUEST,
                    "Validation error: appType must be MSDK or EXTERNAL",
                    code::BAD_REQUEST,
                )
            }
        }
        let announced = vid.is_some_and(|v| self.loading_vids.iter().any(|l| l == v));
        if self.loading_left > 0 || (!self.loading_vids.is_empty() && !announced) {
            let loading_vid = if self.loading_left > 0 {
                self.loading_left -= 1;
                let v = self.ids.token(22);
                self.loading_vids.push(v.clone());
                v
            } else {
                self.loading_vids.last().cloned().unwrap_or_default()
            };
            self.stats.faults.account_loading += 1;
            let message = format!(
                "Loading account: {}, vid: {loading_vid}",
                self.config.account_id
            );
            return flat(StatusCode::INTERNAL_SERVER_ERROR, &message, code::LOADING);
        }
        let visitor_id = vid.map_or_else(|| self.ids.token(22), str::to_owned);
        let session_id = parsed
            .param("sid")
            .filter(|s| !s.is_empty())
            .map_or_else(|| self.ids.token(22), str::to_owned);
        let page_id = self.ids.digits(10);
        let mut answer = json!({
            "status": if self.config.available { "Available" } else { "NotAvailable" },
            "sessionId": session_id,
            "visitorId": visitor_id,
            "pageId": page_id,
        });
        if self.config.available {
            answer["engagementDetails"] = json!({
                "campaignId": "1234567610",
                "engagementId": "1234567810",
                "contextId": "1",
                "windowId": "1234567910",
                "language": "en-US",
                "engagementRevision": 12,
                "validForSeconds": 900,
                "skillId": 987654321,
                "skillName": "Support",
                "connectorId": "2233445510",
            });
        }
        json_response(StatusCode::OK, &answer)
    }

    fn new_chat_id(&mut self) -> String {
        format!(
            "H{}-{}K{}",
            self.ids.digits(19),
            self.ids.hex(32),
            self.ids.digits(7)
        )
    }

    fn chat_request(&mut self, body: &[u8], now: Instant) -> Answer {
        let request = match parse_body(body) {
            Some(Value::Object(mut top)) => match top.remove("request") {
                Some(Value::Object(r)) => Value::Object(r),
                _ => return self.bad_request("Expected a request object", now),
            },
            _ => return self.bad_request("Could not parse the request body", now),
        };
        if let Some(rejection) = self.rejections.pop_front() {
            self.stats.faults.chat_request_rejections += 1;
            return match rejection {
                ChatRequestRejection::BadCaptcha => self.error(
                    StatusCode::UNAUTHORIZED,
                    "Bad captcha",
                    code::UNAUTHORIZED,
                    now,
                ),
                ChatRequestRejection::InvalidUser => self.error(
                    StatusCode::UNAUTHORIZED,
                    "Invalid User",
                    code::UNAUTHORIZED,
                    now,
                ),
                ChatRequestRejection::BadAuthorization => self.error(
                    StatusCode::UNAUTHORIZED,
                    BAD_AUTHORIZATION,
                    code::NOT_ALLOWED,
                    now,
                ),
                ChatRequestRejection::PlainTextUnauthorized => {
                    let mut r = Response::new(
                        b"oauth_problem=token_rejected&oauth_problem_advice=the oauth_token is unacceptable to the Service Provider".to_vec(),
                    );
                    *r.status_mut() = StatusCode::UNAUTHORIZED;
                    r.headers_mut()
                        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
                    r
                }
            };
        }
        let id = self.create_chat(request, now);
        let url = self.urls().chat(&id);
        self.location(empty(StatusCode::CREATED), &url)
    }

    /// Creates a chat from a chat-request object and returns its id.
    fn create_chat(&mut self, request: Value, now: Instant) -> String {
        let timeout = match request.get("interactionTimeout") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }
        .filter(|s| *s > 0)
        .map_or(self.config.chat_timeout, |s| {
            Duration::from_secs(s).min(MAX_TIMEOUT)
        });
        let visitor_id = match request.get("visitorId") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.parse().ok(),
            _ => None,
        }
        .unwrap_or_else(|| self.ids.digits(16).parse().unwrap_or(1));
        let rt_session_id = 4_294_967_296 + self.ids.below(1_000_000_000);
        let mut id = self.new_chat_id();
        while self.chats.contains_key(&id) {
            id = self.new_chat_id();
        }
        let pre_chat: Vec<String> = match request.get("preChatLines").and_then(|p| p.get("line")) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        let agenda = initial_agenda(&self.config.agent, now);
        let sys4 = self.system_id(4);
        let mut chat = ChatRecord::new(
            id.clone(),
            now,
            timeout,
            request,
            visitor_id,
            rt_session_id,
            agenda,
        );
        chat.push_state(RecordState::Waiting, now);
        chat.push_system_line(
            "Thank you for choosing to chat with us. An agent will be with you shortly.",
            sys4,
            now,
        );
        for line in pre_chat {
            // Pre-chat lines come back as system lines with systemMessageId 0, always a number.
            chat.push_system_line(&line, Value::from(0), now);
        }
        self.chats.insert(id.clone(), chat);
        self.order.push(id.clone());
        self.reindex(&id);
        id
    }

    fn visitor_auth(&mut self, body: &[u8], now: Instant) -> Answer {
        let Some(Value::Object(body)) = parse_body(body) else {
            return self.bad_request("Could not parse the request body", now);
        };
        let sso_ok = body
            .get("ssoKey")
            .and_then(Value::as_str)
            .is_some_and(|k| !k.trim().is_empty());
        if !sso_ok {
            return self.error(
                StatusCode::UNAUTHORIZED,
                BAD_AUTHORIZATION,
                code::NOT_ALLOWED,
                now,
            );
        }
        let participant = self.ids.guid();
        let conversation = self.ids.guid();
        match self.config.visitor_auth_form {
            VisitorAuthForm::JsonBody => json_response(
                StatusCode::OK,
                &json!({"participantId": participant, "conversationId": conversation}),
            ),
            VisitorAuthForm::CreatedWithLocation => {
                let mut request = body;
                request.insert("participantId".into(), Value::from(participant));
                request.insert("conversationId".into(), Value::from(conversation));
                let id = self.create_chat(Value::Object(request), now);
                let url = self.urls().chat(&id);
                self.location(empty(StatusCode::CREATED), &url)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn chat_request_to(
        &mut self,
        id: &str,
        sub: &ChatSub,
        request: &Request<Vec<u8>>,
        parsed: &Parsed,
        kind: Route,
        now: Instant,
        duplicate: bool,
    ) -> Answer {
        let exists = self.chats.get(id).is_some_and(|c| !c.is_gone());
        if !exists {
            return self.error(
                StatusCode::NOT_FOUND,
                "Chat session not found",
                code::NOT_FOUND,
                now,
            );
        }
        if self.restarts_idle_timer(parsed) {
            if let Some(c) = self.chats.get_mut(id) {
                c.last_update = now;
            }
        }
        if kind == Route::Unknown {
            return self.method_not_allowed(parsed, now);
        }
        let body = request.body();
        let from = parsed
            .param("from")
            .and_then(|f| f.trim().parse::<u64>().ok())
            .unwrap_or(0);
        match sub {
            ChatSub::Root | ChatSub::Events if parsed.method == Method::GET => {
                let from = self.poll_from(id, from, duplicate);
                let Some(c) = self.chats.get(id) else {
                    return self.not_found_uri(request.uri().path(), now);
                };
                let urls = self.urls();
                let doc = if *sub == ChatSub::Root {
                    render::chat_document(c, from, &urls, &self.clock, now)
                } else {
                    json!({"events": render::events_value(c, from, &urls, &self.clock)})
                };
                json_response(StatusCode::OK, &doc)
            }
            ChatSub::Event(n) => {
                let event = n
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| {
                        let c = self.chats.get(id)?;
                        c.events_from(n).first().filter(|e| e.id == n)
                    })
                    .map(|e| render::event_value(e, &self.clock));
                match event {
                    Some(e) => json_response(StatusCode::OK, &json!({"event": e})),
                    None => self.not_found_uri(request.uri().path(), now),
                }
            }
            ChatSub::Info => {
                let Some(c) = self.chats.get(id) else {
                    return self.not_found_uri(request.uri().path(), now);
                };
                let info = render::info_value(c, &self.urls(), &self.clock, false, now);
                json_response(StatusCode::OK, &json!({"info": info}))
            }
            ChatSub::VisitorName if parsed.method == Method::GET => {
                let name = self
                    .chats
                    .get(id)
                    .map(|c| c.visitor_name.clone())
                    .unwrap_or_default();
                json_response(StatusCode::OK, &json!({"visitorName": name}))
            }
            ChatSub::VisitorName => {
                match parse_body(body)
                    .as_ref()
                    .and_then(|b| b.get("visitorName"))
                    .and_then(Value::as_str)
                {
                    Some(name) => {
                        if let Some(c) = self.chats.get_mut(id) {
                            c.visitor_name = name.to_owned();
                        }
                        // The docs say 201; a strict observed client accepts only 200.
                        empty(StatusCode::OK)
                    }
                    None => self.bad_request("Expected visitorName", now),
                }
            }
            ChatSub::VisitorTyping if parsed.method == Method::GET => {
                let on = self.chats.get(id).is_some_and(|c| c.visitor_typing);
                json_response(
                    StatusCode::OK,
                    &json!({"visitorTyping": render::typing(on)}),
                )
            }
            ChatSub::VisitorTyping => {
                let chatting = self
                    .chats
                    .get(id)
                    .is_some_and(|c| c.state == RecordState::Chatting);
                if !chatting {
                    return self.error(
                        StatusCode::BAD_REQUEST,
                        "Cannot set visitor's typing status. Chat was ended",
                        code::NOT_ALLOWED,
                        now,
                    );
                }
                let value = parse_body(body)
                    .as_ref()
                    .and_then(|b| b.get("visitorTyping"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let on = match value.as_deref() {
                    Some("typing") => true,
                    Some("not-typing") => false,
                    _ => {
                        return self.bad_request("visitorTyping must be typing or not-typing", now)
                    }
                };
                if let Some(c) = self.chats.get_mut(id) {
                    c.visitor_typing = on;
                }
                empty(StatusCode::OK)
            }
            ChatSub::AgentTyping => {
                let on = self.chats.get(id).is_some_and(|c| c.agent_typing);
                json_response(StatusCode::OK, &json!({"agentTyping": render::typing(on)}))
            }
            ChatSub::ExitSurvey if parsed.method == Method::GET => {
                json_response(StatusCode::OK, &render::exit_survey())
            }
            ChatSub::ExitSurvey => match parse_body(body).as_ref().and_then(|b| b.get("survey")) {
                Some(survey) if survey.is_object() => {
                    if let Some(c) = self.chats.get_mut(id) {
                        c.exit_survey_answers.push(survey.clone());
                    }
                    empty(StatusCode::OK)
                }
                _ => self.bad_request("Expected a survey object", now),
            },
            ChatSub::TranscriptRequest | ChatSub::TranscriptWithSubject => {
                let Some(b) = parse_body(body) else {
                    return self.bad_request("Could not parse the request body", now);
                };
                // Each URL reads its own body: the documented `{"email", "timezoneOffset"}`
                // on transcriptRequest, LivePerson's SDK's `{"transcriptRequest": {"email",
                // "timezoneOffset", "subject"}}` on the one with a subject.
                let fields = match sub {
                    ChatSub::TranscriptWithSubject => b.get("transcriptRequest"),
                    _ => Some(&b),
                };
                let Some(fields) = fields.filter(|f| f.is_object()) else {
                    return self.bad_request("Expected a transcriptRequest object", now);
                };
                let email = fields
                    .get("email")
                    .and_then(Value::as_str)
                    .filter(|e| e.contains('@'))
                    .map(str::to_owned);
                let Some(email) = email else {
                    return self.bad_request("A valid email is required", now);
                };
                let offset_ok = match fields.get("timezoneOffset") {
                    None | Some(Value::Number(_)) => true,
                    Some(Value::String(s)) => s.trim().parse::<i64>().is_ok(),
                    Some(_) => false,
                };
                if !offset_ok {
                    return self.bad_request("timezoneOffset must be a number", now);
                }
                if fields.get("subject").is_some_and(|s| !s.is_string()) {
                    return self.bad_request("subject must be a string", now);
                }
                if let Some(c) = self.chats.get_mut(id) {
                    c.transcript_requests.push(b);
                }
                json_response(StatusCode::OK, &json!({"email": email}))
            }
            ChatSub::CustomVariables => self.not_found_uri(request.uri().path(), now),
            ChatSub::Root => self.not_found_uri(request.uri().path(), now),
            ChatSub::Events => self.post_event(id, body, now),
        }
    }

    /// The `from` actually served; with the duplicate fault, up to three earlier events too.
    fn poll_from(&mut self, id: &str, from: u64, duplicate: bool) -> u64 {
        if !duplicate || from == 0 {
            return from;
        }
        let known = self.chats.get(id).map_or(0, |c| c.events.len() as u64);
        if known == 0 {
            return from;
        }
        let back = 1 + self.fault_rng.below(3);
        let served = from.min(known).saturating_sub(back);
        if served < from {
            self.stats.faults.duplicated += 1;
        }
        served
    }
    /// `POST /chat/{id}/events`: exactly one event per request.
    fn post_event(&mut self, id: &str, body: &[u8], now: Instant) -> Answer {
        let Some(Value::Object(mut top)) = parse_body(body) else {
            return self.bad_request("Could not parse the request body", now);
        };
        let Some(Value::Object(mut event)) = top.remove("event") else {
            return self.bad_request("Expected one event object", now);
        };
        let event_type = match event.remove("@type").or_else(|| event.remove("type")) {
            Some(Value::String(t)) if !t.is_empty() => t,
            _ => return self.bad_request("The event has no type", now),
        };
        let behaviour = self.config.agent.clone();
        let receipts = self.config.receipts;
        let base = self.urls().chat(id);
        let Some(c) = self.chats.get_mut(id) else {
            return self.error(
                StatusCode::NOT_FOUND,
                "Chat session not found",
                code::NOT_FOUND,
                now,
            );
        };
        let event_id = match event_type.as_str() {
            "line" => {
                let text = event.get("text").and_then(Value::as_str).map(str::to_owned);
                let rich = event.get("textType").and_then(Value::as_str) == Some("rich-content")
                    && event.contains_key("json");
                // A card may come without text, as LivePerson's SDK can send one.
                let Some(text) = text.or_else(|| rich.then(String::new)) else {
                    return errors::wrapped(
                        StatusCode::BAD_REQUEST,
                        &self.clock.iso(now),
                        "A line needs a text",
                        code::BAD_REQUEST,
                    );
                };
                if c.state != RecordState::Chatting {
                    return errors::wrapped(
                        StatusCode::BAD_REQUEST,
                        &self.clock.iso(now),
                        "Cannot add line while not in chat",
                        code::NOT_ALLOWED,
                    );
                }
                let by = c.visitor_name.clone();
                c.visitor_typing = false;
                let event_id = match event.remove("json") {
                    // A card travels as posted, with its metadata always an array.
                    Some(json) if rich => {
                        let metadata = match event.remove("metadata") {
                            Some(Value::Array(items)) => Value::Array(items),
                            None | Some(Value::Null) => Value::Array(Vec::new()),
                            Some(one) => Value::Array(vec![one]),
                        };
                        let text = Some(text.as_str()).filter(|t| !t.is_empty());
                        c.push_rich_line("visitor", &by, text, json, metadata, now)
                    }
                    // HTML is not interpreted: the text is kept verbatim as a plain line.
                    _ => c.push_line("visitor", &by, &text, false, now),
                };
                // Receipts first: at equal times the agent reads a line before answering it.
                schedule_receipts(receipts, &mut c.agenda, now, event_id);
                schedule_reply(&behaviour, &mut c.agenda, now, &text);
                event_id
            }
            "state" => match event.get("state").and_then(Value::as_str) {
                Some("ended") if c.state == RecordState::Ended => {
                    // Ending twice (say, a retry after a lost answer) points at the first end.
                    c.events
                        .iter()
                        .rev()
                        .find(|e| e.state() == Some("ended"))
                        .map_or(0, |e| e.id)
                }
                Some("ended") => c.push_state(RecordState::Ended, now),
                _ => {
                    return errors::wrapped(
                        StatusCode::BAD_REQUEST,
                        &self.clock.iso(now),
                        "Only state ended can be posted",
                        code::BAD_REQUEST,
                    )
                }
            },
            other => {
                let mut fields = Fields::with_capacity(event.len() + 2);
                for (k, v) in event {
                    if k != "@id" && k != "time" && k != "source" {
                        fields.insert(k, v);
                    }
                }
                if other == "line-status" {
                    if !fields.contains_key("metadata") {
                        fields.insert("metadata", Value::Array(Vec::new()));
                    }
                    // The service sends ids as numeric strings, whatever a client posted.
                    if let Some(Value::Number(n)) = fields.get("refSequenceId") {
                        let id = Value::from(n.to_string());
                        fields.insert("refSequenceId", id);
                    }
                }
                fields.insert("source", Value::from("visitor"));
                c.push(other.to_owned(), now, fields)
            }
        };
        let url = format!("{base}/events/{event_id}");
        self.location(empty(StatusCode::CREATED), &url)
    }
}

/// The body as JSON, or `None` when it is empty or not JSON.
fn parse_body(body: &[u8]) -> Option<Value> {
    serde_json::from_slice(body).ok()
}
