//! An interactive chat in the terminal, blocking, over real HTTP with ureq.
//!
//! ```text
//! cargo run --example chat                       # an emulated agent on 127.0.0.1, no account
//! cargo run --example chat -- --account 12345678 # LivePerson itself
//! cargo run --example chat -- --domain-api http://127.0.0.1:8080  # emulator_server, via its Domain API
//! echo "Where is my order?" | cargo run --example chat -- --fast
//! ```
//!
//! Run with `--help` for every option. The program only does IO: it performs each request the
//! session hands out, reports what came back, wakes the session at its deadline, and feeds it
//! the lines read from stdin. Every decision (polling, retries, keep-alive, ordering) is the
//! session's.
//!
//! It shows a rich-content card as its text with numbered choices (type the number to answer),
//! marks every agent line read, says when the agent has read yours, and at the end how long the
//! chat lasted by the server's clock.

#[path = "support/args.rs"]
mod args;
#[path = "support/html.rs"]
mod html;
#[path = "support/loopback.rs"]
#[allow(dead_code)] // `start_on` and the server's runtime serve the other examples.
mod loopback;
#[path = "support/transport.rs"]
mod transport;

use std::io::BufRead;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{
    AgentBehaviour, AgentReceipts, EmulatorConfig, FaultPlan, MenuChoice,
};
use lp_server_chat::wire::{ChatState, Choice, LineSource, LineStatusKind, TextType};
use lp_server_chat::{
    ChatConfig, ChatSession, EndReason, Endpoint, Event, Failure, LineFailure, Output, RequestKind,
    RetryCause, DOMAIN_API,
};

use transport::{Outcome, Transport};

const HELP: &str = "\
Chat with a LivePerson agent from the terminal (the visitor side of the Server Chat API).

With no option, an emulated service runs inside this program on 127.0.0.1: an agent accepts,
greets you with a menu card, reads your lines and answers each of them.

Usage: chat [OPTIONS]

Options:
  --account ID     talk to LivePerson itself, account (site) ID; env LP_ACCOUNT
  --domain HOST    with --account: the account's conversationVep host, instead of asking the
                   Domain API
  --domain-api URL ask the Domain API at URL (LivePerson's, or any server that serves it, such
                   as the emulator) for the account's chat host, and talk to that host with
                   URL's scheme; the account is --account or 12345678
  --base-url URL   talk to any server that speaks the API (another emulator, a replay);
                   env LP_BASE_URL; the account is --account or 12345678
  --skill NAME     ask for an agent with this skill
  --name NAME      your display name
  --fast           emulated service only: the agent answers within a fraction of a second
  --flaky          emulated service only: one request in five fails with a 5xx, to watch retries
  -h, --help       this text

Type a line and press Enter to send it; when the agent's card offers numbered choices, a
number answers with that choice. /quit ends the chat. At end of input (Ctrl-D, or the
end of piped lines) the chat ends once the agent has answered your last line. Ctrl-C stops the
program without telling the server: the chat then times out there.";

/// The default account of the emulator.
const EMULATED_ACCOUNT: &str = "12345678";

/// After the end of input, how long to wait for lines to go and be answered before ending anyway.
const EOF_GRACE: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct Args {
    account: Option<String>,
    domain: Option<String>,
    domain_api: Option<String>,
    base_url: Option<String>,
    skill: Option<String>,
    name: Option<String>,
    fast: bool,
    flaky: bool,
}

/// `None` when `--help` was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        account: std::env::var("LP_ACCOUNT").ok().filter(|s| !s.is_empty()),
        base_url: std::env::var("LP_BASE_URL").ok().filter(|s| !s.is_empty()),
        ..Args::default()
    };
    while let Some(arg) = args.next() {
        // Both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.into())),
            _ => (arg, None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--account" => parsed.account = Some(value()?),
            "--domain" => parsed.domain = Some(value()?),
            "--domain-api" => parsed.domain_api = Some(value()?),
            "--base-url" => parsed.base_url = Some(value()?),
            "--skill" => parsed.skill = Some(value()?),
            "--name" => parsed.name = Some(value()?),
            "--fast" => parsed.fast = true,
            "--flaky" => parsed.flaky = true,
            other => return Err(format!("unknown option `{other}` (try --help)")),
        }
    }
    if parsed.domain.is_some() && parsed.account.is_none() {
        return Err("--domain needs --account".into());
    }
    if parsed.domain_api.is_some() && (parsed.domain.is_some() || parsed.base_url.is_some()) {
        return Err(
            "--domain-api names the server already: not with --domain or --base-url".into(),
        );
    }
    Ok(Some(parsed))
}

fn main() -> ExitCode {
    let args = match args::from_command_line("chat", HELP, parse_args) {
        Ok(args) => args,
        Err(exit) => return exit,
    };
    match run(&args) {
        Ok(reason) => match reason {
            EndReason::Visitor | EndReason::Agent => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        },
        Err(e) => {
            eprintln!("chat: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The session's configuration, after starting the emulated service when no server was named.
fn configure(args: &Args) -> Result<ChatConfig, String> {
    let mut config = if let Some(domain_api) = &args.domain_api {
        let account = args.account.as_deref().unwrap_or(EMULATED_ACCOUNT);
        // `--domain` can only mean https; a Domain API given by URL says its own scheme, and a
        // local one (the emulator) serves the chat on the same scheme.
        let scheme = domain_api
            .split_once("://")
            .map(|(scheme, _)| scheme.to_ascii_lowercase())
            .ok_or_else(|| format!("--domain-api needs a URL with a scheme: {domain_api}"))?;
        println!(
            "Chat with account {account}, its host found through the Domain API at {domain_api}."
        );
        ChatConfig::new(
            account,
            Endpoint::Lookup {
                domain_api: domain_api.clone(),
                scheme,
            },
        )
    } else if let Some(base) = &args.base_url {
        let account = args.account.as_deref().unwrap_or(EMULATED_ACCOUNT);
        println!("Chat with {base} (account {account}).");
        ChatConfig::new(account, Endpoint::BaseUrl(base.clone()))
    } else if let Some(account) = &args.account {
        let endpoint = match &args.domain {
            Some(host) => Endpoint::Host(host.clone()),
            None => Endpoint::default(),
        };
        let host = args.domain.as_deref().unwrap_or(DOMAIN_API);
        println!("Chat with LivePerson account {account} ({host}).");
        ChatConfig::new(account, endpoint)
    } else {
        start_emulator(args)?
    };
    config.chat_request.skill.clone_from(&args.skill);
    Ok(config)
}

fn start_emulator(args: &Args) -> Result<ChatConfig, String> {
    let ms = |fast: u64, normal: u64| Duration::from_millis(if args.fast { fast } else { normal });
    let agent = AgentBehaviour::Menu {
        accept_after: ms(200, 2000),
        prompt: "Hi, I'm Dana. What can I do for you today?".to_owned(),
        choices: vec![
            MenuChoice::new(
                "Track my order",
                "Your parcel left our warehouse this morning.",
            ),
            MenuChoice::new(
                "Change my address",
                "Tell me the new address and I'll update it.",
            ),
            MenuChoice::new("Something else", "Sure, tell me more."),
        ],
        // Long enough to type that a poll sees it: the chat shows "Dana is typing".
        reply_after: ms(150, 4000),
        typing_for: ms(100, 3000),
    };
    let faults = if args.flaky {
        FaultPlan::none().server_errors(0.2)
    } else {
        FaultPlan::none()
    };
    let server = loopback::start(|origin| EmulatorConfig {
        origin: origin.to_owned(),
        account_id: EMULATED_ACCOUNT.to_owned(),
        agent,
        faults,
        receipts: AgentReceipts::Read {
            after: ms(50, 1000),
        },
        start_unix_ms: loopback::unix_ms_now(),
        utc_offset_minutes: 0,
        seed: loopback::unix_ms_now(),
        ..EmulatorConfig::default()
    })?;
    println!(
        "Chat with an emulated service at {} (times in UTC).",
        server.origin
    );
    // The same path as with LivePerson: ask the (emulated) Domain API where the chat host is.
    Ok(server.client_config(EMULATED_ACCOUNT, args.fast))
}

/// What wakes the main loop besides a deadline.
enum Input {
    /// A request finished.
    Done(lp_server_chat::RequestId, Outcome),
    /// The visitor typed a line.
    Line(String),
    /// No more input.
    Eof,
}

/// Runs one chat to its end.
fn run(args: &Args) -> Result<EndReason, String> {
    let config = configure(args)?;
    println!("Type a line and press Enter; /quit ends the chat.");
    let transport = Transport::new();
    let seed = loopback::unix_ms_now() ^ u64::from(std::process::id());
    let mut session = ChatSession::new(config, Instant::now(), seed).map_err(|e| e.to_string())?;
    session
        .request_chat(Instant::now())
        .map_err(|e| e.to_string())?;
    if let Some(name) = &args.name {
        session
            .set_visitor_name(name.clone(), Instant::now())
            .map_err(|e| e.to_string())?;
    }

    let (tx, rx) = mpsc::channel();
    let stdin_tx = tx.clone();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if stdin_tx.send(Input::Line(line)).is_err() {
                return;
            }
        }
        let _ = stdin_tx.send(Input::Eof);
    });

    let mut screen = Screen::new();
    let mut eof_at: Option<Instant> = None;
    // Lines typed before an agent joined wait here, so that a number typed early answers the
    // card the agent greets with. (The session itself would hold them just as well.)
    let mut early: Vec<String> = Vec::new();
    loop {
        // Drain: after every command or input, until the session says when to wake it.
        let wake = loop {
            match session.poll_output() {
                Output::Transmit(transmit) => {
                    // One thread per request. The session bounds how many are in flight (one
                    // poll, one line, the end, typing, name), so threads never pile up, and a
                    // poll waiting on a slow server never holds up a line the visitor sends.
                    let transport = transport.clone();
                    let tx = tx.clone();
                    std::thread::spawn(move || {
                        let (id, outcome) = transport.perform_transmit(transmit);
                        let _ = tx.send(Input::Done(id, outcome));
                    });
                }
                Output::Event(event) => {
                    screen.show(&event);
                    // The visitor has seen what was just shown: tell the agent's side.
                    if let Event::Line { event_id, line, .. } = &event {
                        if line.source == LineSource::Agent {
                            if let Err(e) = session.mark_line_read(*event_id, Instant::now()) {
                                screen.status(&format!("could not mark a line read: {e}"));
                            }
                        }
                    }
                }
                Output::Wait(at) => break at,
            }
        };
        if let Some(reason) = screen.ended.clone() {
            if let Some(lasted) = session.chat_duration() {
                let s = lasted.as_secs();
                screen.status(&format!(
                    "the chat lasted {}:{:02} by the server's clock",
                    s / 60,
                    s % 60
                ));
            }
            return Ok(reason);
        }
        if session.chat_state() == Some(&ChatState::Chatting) && !early.is_empty() {
            for line in std::mem::take(&mut early) {
                screen.send(&mut session, &line, Instant::now());
            }
            continue;
        }
        if let Some(since) = eof_at {
            let waited_enough = since.elapsed() >= EOF_GRACE;
            if (early.is_empty() && screen.conversation_settled(&session)) || waited_enough {
                eof_at = None;
                if waited_enough {
                    screen.status("no answer in time after the end of input");
                }
                // Err only when the chat is already ending: nothing to do then.
                let _ = session.end_chat(Instant::now());
                continue;
            }
        }

        let deadline = match (wake, eof_at) {
            (Some(at), Some(since)) => Some(at.min(since + EOF_GRACE)),
            (at, None) => at,
            (None, Some(since)) => Some(since + EOF_GRACE),
        };
        let input = match deadline {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(input) => Some(input),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err("channel closed".into()),
            },
            // Nothing scheduled: only a response or the visitor can move things on.
            None => Some(rx.recv().map_err(|_| "channel closed".to_owned())?),
        };
        let now = Instant::now();
        match input {
            None => session.handle_timeout(now),
            Some(Input::Done(id, outcome)) => {
                if let Err(error) = &outcome {
                    screen.last_transport_error = Some(error.detail.clone());
                }
                transport::report(&mut session, id, outcome, now).map_err(|e| e.to_string())?;
            }
            Some(Input::Line(line)) => {
                let line = line.trim();
                match line {
                    "" => {}
                    "/quit" => {
                        let _ = session.end_chat(now);
                    }
                    _ if session.chat_state() == Some(&ChatState::Chatting) => {
                        screen.send(&mut session, line, now);
                    }
                    _ => early.push(line.to_owned()),
                }
            }
            Some(Input::Eof) => eof_at = Some(now),
        }
    }
}

/// What the visitor sees, and what the loop needs to know about the conversation so far.
struct Screen {
    started: Instant,
    agent_name: Option<String>,
    lines_sent: u64,
    lines_delivered: u64,
    own_lines_seen: u64,
    last_own_line: Option<u64>,
    last_agent_line: Option<u64>,
    /// The detail of the latest transport failure, shown with the retry it causes.
    last_transport_error: Option<String>,
    /// The choices of the agent's latest card that answer with a line, as numbered on screen.
    choices: Vec<Choice>,
    ended: Option<EndReason>,
}

impl Screen {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            agent_name: None,
            lines_sent: 0,
            lines_delivered: 0,
            own_lines_seen: 0,
            last_own_line: None,
            last_agent_line: None,
            last_transport_error: None,
            choices: Vec::new(),
            ended: None,
        }
    }

    /// Every line sent has gone (or failed), shows in the chat, and the agent spoke after the
    /// last one.
    fn conversation_settled(&self, session: &ChatSession) -> bool {
        let answered = match self.last_own_line {
            None => true,
            Some(own) => self.last_agent_line.is_some_and(|agent| agent > own),
        };
        session.queued_lines() == 0 && self.own_lines_seen >= self.lines_delivered && answered
    }

    /// Sends what the visitor typed: a number picks a choice of the latest card, whose
    /// published text is then the line.
    fn send(&mut self, session: &mut ChatSession, typed: &str, now: Instant) {
        let picked = typed
            .parse::<usize>()
            .ok()
            .and_then(|n| self.choices.get(n.checked_sub(1)?)?.answer());
        match session.send_line(picked.unwrap_or(typed), now) {
            Ok(_) => self.lines_sent += 1,
            Err(e) => self.status(&format!("not sent: {e}")),
        }
    }

    fn status(&self, text: &str) {
        println!("* {text}");
    }

    fn agent(&self) -> &str {
        self.agent_name.as_deref().unwrap_or("the agent")
    }

    fn show(&mut self, event: &Event) {
        match event {
            Event::DomainResolved { origin } => self.status(&format!("chat host: {origin}")),
            Event::ChatCreated { .. } => self.status("chat requested"),
            Event::StateChanged(ChatState::Waiting) => self.status("waiting for an agent..."),
            Event::StateChanged(ChatState::Other(state)) => {
                self.status(&format!("chat state: {state}"));
            }
            Event::StateChanged(_) => {}
            Event::AgentJoined { name } => {
                self.agent_name.clone_from(name);
                self.status(&format!("{} joined the chat", self.agent()));
            }
            Event::AgentLeft => self.status(&format!("{} left; back in the queue", self.agent())),
            Event::AgentTyping(true) => self.status(&format!("{} is typing...", self.agent())),
            Event::AgentTyping(false) => {}
            Event::Line {
                event_id: id,
                time,
                line,
            } => {
                let card = line.card();
                let text = match (&card, &line.text_type) {
                    (Some(card), _) => card.to_text(),
                    (None, TextType::Html) => html::html_to_text(&line.text),
                    (None, _) => line.text.clone(),
                };
                let who = match &line.source {
                    LineSource::Visitor => {
                        self.own_lines_seen += 1;
                        self.last_own_line = Some(*id);
                        "you".to_owned()
                    }
                    LineSource::Agent => {
                        self.last_agent_line = Some(*id);
                        line.by.clone().unwrap_or_else(|| self.agent().to_owned())
                    }
                    _ => "(info)".to_owned(),
                };
                let clock = clock(time.as_deref(), self.started.elapsed());
                let mut lines = text.lines();
                println!("[{clock}] {who}: {}", lines.next().unwrap_or(""));
                let indent = " ".repeat(clock.len() + who.len() + 4);
                for more in lines {
                    println!("{indent}{more}");
                }
                if let Some(card) = card {
                    self.show_choices(&card.choices, &indent);
                }
            }
            Event::LineStatus {
                status: LineStatusKind::Read,
                source: Some(LineSource::Agent),
                ..
            } => self.status(&format!("{} read your line", self.agent())),
            Event::LineDelivered { .. } => self.lines_delivered += 1,
            Event::LineFailed { reason, .. } => {
                self.status(&format!(
                    "a line was not delivered: {}",
                    line_failure(reason)
                ));
            }
            Event::Retrying {
                kind,
                cause,
                attempt,
                after,
                ..
            } => {
                let mut why = retry_cause(cause);
                if *cause == RetryCause::Transport {
                    if let Some(detail) = self.last_transport_error.take() {
                        why = format!("{why} ({detail})");
                    }
                }
                self.status(&format!(
                    "{} failed: {why}; attempt {attempt} in {:.1} s",
                    request_kind(*kind),
                    after.as_secs_f64()
                ));
            }
            Event::RequestFailed { kind, failure } => {
                let why = match failure {
                    Failure::Refused(lp_server_chat::Refusal {
                        status, message, ..
                    }) => refused(*status, message.as_deref()),
                    Failure::GaveUp { cause, attempts } => {
                        format!("{} after {attempts} attempts", retry_cause(cause))
                    }
                    Failure::Misconfigured(detail) => misconfigured(detail),
                    other => format!("{other:?}"),
                };
                self.status(&format!("{} failed: {why}", request_kind(*kind)));
            }
            Event::ProtocolError { kind, detail } => {
                self.status(&format!(
                    "unexpected answer to {}: {detail}",
                    request_kind(*kind)
                ));
            }
            Event::ForeignLinkRefused { rel, href } => {
                self.status(&format!("not following the `{rel}` link to {href}"));
            }
            Event::EventsSkipped { from, to } => {
                self.status(&format!("events {from} to {} were skipped", to - 1));
            }
            Event::Transferred { transfer, .. } => {
                self.status(&format!("the agent transferred the chat: {transfer:?}"));
            }
            Event::VisitorNameSet(name) => self.status(&format!("your name is now {name}")),
            Event::ChatEnded { reason } => {
                self.status(&format!("chat ended: {}", end_reason(reason, self.agent())));
                self.ended = Some(reason.clone());
            }
            _ => {}
        }
    }

    /// A card's choices under its text: those that answer with a line numbered, links with
    /// where they go.
    fn show_choices(&mut self, choices: &[Choice], indent: &str) {
        self.choices.clear();
        for choice in choices {
            if choice.answer().is_some() {
                self.choices.push(choice.clone());
                println!("{indent}{}) {}", self.choices.len(), choice.label);
            } else if let Some(link) = &choice.link {
                println!("{indent}-  {}: {link}", choice.label);
            }
        }
        if !self.choices.is_empty() {
            println!("{indent}(type a number to choose)");
        }
    }
}

/// `HH:MM:SS` from the event's own time (`2017-12-06T16:29:45.438-05:00`, the server's local
/// time), or the time since the program started when the event has none.
fn clock(time: Option<&str>, elapsed: Duration) -> String {
    let from_event = time
        .and_then(|t| t.split_once('T'))
        .and_then(|(_, rest)| rest.get(..8))
        .filter(|hms| {
            hms.bytes().enumerate().all(|(i, b)| {
                if i % 3 == 2 {
                    b == b':'
                } else {
                    b.is_ascii_digit()
                }
            })
        });
    match from_event {
        Some(hms) => hms.to_owned(),
        None => {
            let s = elapsed.as_secs();
            format!("+{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        }
    }
}

fn request_kind(kind: RequestKind) -> String {
    match kind {
        RequestKind::ResolveDomain => "finding the chat host".into(),
        RequestKind::RequestChat => "requesting the chat".into(),
        RequestKind::Poll => "reading the chat".into(),
        RequestKind::SendLine => "sending a line".into(),
        RequestKind::EndChat => "ending the chat".into(),
        RequestKind::SetTyping => "sending typing".into(),
        RequestKind::SetVisitorName => "setting your name".into(),
        other => format!("{other:?}"),
    }
}

fn retry_cause(cause: &RetryCause) -> String {
    match cause {
        RetryCause::ServerError(status) => format!("server error {status}"),
        RetryCause::RateLimited => "rate limited (429)".into(),
        RetryCause::Transport => "no answer".into(),
        RetryCause::MalformedResponse => "unreadable answer".into(),
        RetryCause::NotInChat => "no agent in the chat yet".into(),
        other => format!("{other:?}"),
    }
}

fn line_failure(reason: &LineFailure) -> String {
    match reason {
        LineFailure::ChatEnded => "the chat ended first".into(),
        LineFailure::Unconfirmed => "the chat ended before it showed whether it arrived".into(),
        LineFailure::Refused(lp_server_chat::Refusal {
            status, message, ..
        }) => refused(*status, message.as_deref()),
        LineFailure::GaveUp { cause, attempts } => {
            format!("{} after {attempts} attempts", retry_cause(cause))
        }
        LineFailure::Misconfigured(detail) => misconfigured(detail),
        other => format!("{other:?}"),
    }
}

fn end_reason(reason: &EndReason, agent: &str) -> String {
    match reason {
        EndReason::Visitor => "you ended it".into(),
        EndReason::Agent => format!("{agent} ended it"),
        EndReason::Timeout => "it timed out".into(),
        EndReason::NotFound => "the server no longer knows it".into(),
        EndReason::ConnectionLost => "the server could not be reached".into(),
        EndReason::Refused(lp_server_chat::Refusal {
            status, message, ..
        }) => refused(*status, message.as_deref()),
        EndReason::ProtocolError(detail) => format!("unexpected answer: {detail}"),
        EndReason::Misconfigured(detail) => misconfigured(detail),
        other => format!("{other:?}"),
    }
}

/// A failure no retry can mend, said once, with what to check.
fn misconfigured(detail: &str) -> String {
    format!(
        "this program cannot talk to the server as set up ({detail}); check the URL's scheme and port, and the server's certificate"
    )
}

fn refused(status: u16, message: Option<&str>) -> String {
    match message {
        Some(message) => format!("refused by the server ({status}: {message})"),
        None => format!("refused by the server ({status})"),
    }
}
