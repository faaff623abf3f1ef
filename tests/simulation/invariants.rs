//! What must hold after every simulated chat, whatever the faults. Each check returns the first
//! violation as a sentence.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use lp_server_chat::emulator::link::{Exchanged, Outcome};
use lp_server_chat::wire::LineSource;
use lp_server_chat::{EndReason, Event, LineFailure, LineId, RequestKind, RetryCause, RetryTier};

use crate::run::Trace;
use crate::scenario::Scenario;

pub type Check = Result<(), String>;

/// Every invariant, in the order they are most useful to read when several break.
pub fn check_all(scenario: &Scenario, trace: &Trace) -> Check {
    terminates(trace)?;
    deadlines_never_in_the_past(trace)?;
    one_poll_and_one_line_in_flight(trace)?;
    retries_within_policy(scenario, trace)?;
    visitor_lines_land_at_most_once(trace)?;
    agent_lines_reach_the_app_once_in_order(trace)?;
    keepalive_holds_while_the_network_does(trace)?;
    every_expiry_is_probed_before_it_comes(trace)?;
    one_chat_at_a_time_in_the_queue(trace)?;
    Ok(())
}

fn fail(message: String) -> Check {
    Err(message)
}

/// The session says `ChatEnded` within bounded virtual time, every drain reaches `Wait`, and no
/// request is left unanswered.
pub fn terminates(trace: &Trace) -> Check {
    if trace.runaway {
        return fail("poll_output never returned Wait".into());
    }
    let Some(ended) = trace.ended else {
        return fail(format!(
            "no ChatEnded within the horizon; last event: {:?}",
            trace.events.last()
        ));
    };
    if trace.in_transit > 0 {
        return fail(format!(
            "{} requests still in flight after the end at {:.3} s",
            trace.in_transit,
            trace.at(ended)
        ));
    }
    Ok(())
}

/// No `Wait` deadline lies before the last `now` the session was given.
pub fn deadlines_never_in_the_past(trace: &Trace) -> Check {
    for (now, deadline) in &trace.waits {
        if let Some(at) = deadline {
            if at < now {
                return fail(format!(
                    "Wait({:.3} s) given at {:.3} s",
                    trace.at(*at),
                    trace.at(*now)
                ));
            }
        }
    }
    Ok(())
}

/// Never two polls, nor two lines, on the wire at once: each settles before the next goes.
pub fn one_poll_and_one_line_in_flight(trace: &Trace) -> Check {
    for kind in [RequestKind::Poll, RequestKind::SendLine] {
        let mut spans: Vec<&Exchanged> = trace.log.iter().filter(|e| e.kind == kind).collect();
        spans.sort_by_key(|e| e.sent);
        for pair in spans.windows(2) {
            if pair[1].sent < pair[0].settled {
                return fail(format!(
                    "{kind:?} sent at {:.3} s while the one sent at {:.3} s was in flight until {:.3} s",
                    trace.at(pair[1].sent),
                    trace.at(pair[0].sent),
                    trace.at(pair[0].settled)
                ));
            }
        }
    }
    Ok(())
}

/// Attempt numbers stay within `max_attempts` (reads of a live chat excepted); pauses within the
/// longest the policy allows; a 429's `Retry-After` is honoured (up to `max_retry_after`), over
/// the keep-alive too.
pub fn retries_within_policy(scenario: &Scenario, trace: &Trace) -> Check {
    let policy = &trace.retry;
    // A live chat's reads are bounded by its idle timer and `max_elapsed`, not by attempts.
    let counted = |kind: RequestKind| kind != RequestKind::Poll;
    if let Some(s) = trace
        .sent
        .iter()
        .find(|s| counted(s.kind) && s.attempt > policy.max_attempts)
    {
        return fail(format!(
            "{:?} attempt {} at {:.3} s, past max_attempts {}",
            s.kind,
            s.attempt,
            trace.at(s.at),
            policy.max_attempts
        ));
    }
    let stretch = 1.0 + policy.jitter;
    let longest = policy
        .server_error_pauses
        .iter()
        .chain(&policy.outer_pauses)
        .chain([&policy.max_retry_after])
        .max()
        .copied()
        .unwrap_or_default()
        .mul_f64(stretch);
    for (at, event) in &trace.events {
        let Event::Retrying {
            kind,
            cause,
            attempt,
            after,
            tier,
        } = event
        else {
            continue;
        };
        let when = trace.at(*at);
        if counted(*kind) && *attempt > policy.max_attempts {
            return fail(format!(
                "{kind:?} retry {attempt} at {when:.3} s, past max_attempts"
            ));
        }
        if *after > longest {
            return fail(format!("{kind:?} pauses {after:?} at {when:.3} s"));
        }
        if *cause != RetryCause::RateLimited {
            continue;
        }
        if *after > policy.max_retry_after.mul_f64(stretch) {
            return fail(format!(
                "{kind:?} honours a Retry-After of {after:?} at {when:.3} s, past max_retry_after"
            ));
        }
        let asked = scenario
            .least_retry_after()
            .min(policy.max_retry_after)
            .max(policy.rate_limit_pause);
        // The one exception: a single keep-alive probe before the chat's idle expiry.
        if *after < asked && *tier != RetryTier::KeepAlive {
            return fail(format!(
                "{kind:?} retries {after:?} after a 429 at {when:.3} s, though the server asked for {asked:?}"
            ));
        }
    }
    Ok(())
}

/// Every line ends exactly once, delivered or failed; the server holds each delivered line and
/// no failed one, except that a line reported `Unconfirmed` may or may not be there.
pub fn visitor_lines_land_at_most_once(trace: &Trace) -> Check {
    let mut outcome: BTreeMap<LineId, Vec<Option<LineFailure>>> = BTreeMap::new();
    for (_, event) in &trace.events {
        match event {
            Event::LineDelivered { line, .. } => outcome.entry(*line).or_default().push(None),
            Event::LineFailed { line, reason } => {
                outcome.entry(*line).or_default().push(Some(reason.clone()))
            }
            _ => {}
        }
    }
    // Per text: (delivered, unconfirmed) as the session reports, and how many the server has.
    let mut reported: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (id, text) in &trace.lines {
        let ends = outcome.remove(id).unwrap_or_default();
        if ends.len() != 1 {
            return fail(format!(
                "{id} ({text:?}) ended {} times: {ends:?}",
                ends.len()
            ));
        }
        let entry = reported.entry(text).or_default();
        match &ends[0] {
            None => entry.0 += 1,
            Some(LineFailure::Unconfirmed) => entry.1 += 1,
            Some(_) => {}
        }
    }
    if let Some((id, _)) = outcome.iter().next() {
        return fail(format!("{id} ended but was never sent"));
    }
    let mut on_server: BTreeMap<&str, usize> = BTreeMap::new();
    if let Some(chat) = &trace.chat {
        for text in chat.lines_from("visitor") {
            *on_server.entry(text).or_default() += 1;
        }
    }
    for (_, text) in &trace.lines {
        let (delivered, unconfirmed) = reported.get(text.as_str()).copied().unwrap_or_default();
        let held = on_server.get(text.as_str()).copied().unwrap_or_default();
        if held < delivered || held > delivered + unconfirmed {
            return fail(format!(
                "{text:?}: the server holds {held}, the session delivered {delivered} \
                 (and {unconfirmed} unconfirmed)"
            ));
        }
    }
    Ok(())
}

/// The agent's lines reach the application once each, in the server's order, without holes;
/// all of them when the agent ended the chat (the end comes after every line in the stream).
pub fn agent_lines_reach_the_app_once_in_order(trace: &Trace) -> Check {
    let mut last_id = None;
    let mut shown = Vec::new();
    for (_, event) in &trace.events {
        let id = match event {
            Event::Line {
                event_id: id, line, ..
            } => {
                if line.source == LineSource::Agent {
                    shown.push(line.text.as_str());
                }
                *id
            }
            Event::Other { event_id: id, .. } | Event::Transferred { event_id: id, .. } => *id,
            Event::EventsSkipped { from, to } => {
                return fail(format!("events {from}..{to} reported missing"));
            }
            _ => continue,
        };
        if last_id.is_some_and(|last| id <= last) {
            return fail(format!("event {id} shown after event {last_id:?}"));
        }
        last_id = Some(id);
    }
    let on_server = trace
        .chat
        .as_ref()
        .map(|c| c.lines_from("agent"))
        .unwrap_or_default();
    if !on_server.starts_with(&shown) {
        return fail(format!(
            "the app saw {shown:?}, the server has {on_server:?}"
        ));
    }
    let agent_ended = trace.events.iter().any(|(_, e)| {
        matches!(
            e,
            Event::ChatEnded {
                reason: EndReason::Agent
            }
        )
    });
    if agent_ended && shown.len() != on_server.len() {
        return fail(format!(
            "the agent ended the chat, but the app saw only {shown:?} of {on_server:?}"
        ));
    }
    Ok(())
}

/// Requests to the chat: the ones that keep it alive.
fn to_the_chat(kind: RequestKind) -> bool {
    matches!(
        kind,
        RequestKind::Poll
            | RequestKind::SendLine
            | RequestKind::EndChat
            | RequestKind::SetTyping
            | RequestKind::SetVisitorName
    )
}

/// Whether the request surely got through: an answer below 500 other than 429. A 5xx or 429
/// may come from an edge, a timeout may hide a request applied now, later or never; those count
/// as failures here, and `every_expiry_is_probed_before_it_comes` checks what the session did
/// about them.
fn applied(outcome: Outcome) -> bool {
    match outcome {
        Outcome::Status(s) => s < 500 && s != 429,
        Outcome::Lost | Outcome::Unreachable => false,
    }
}

/// Any HTTP answer, or a timeout after sending: what tells the session the server is there.
fn reached(outcome: Outcome) -> bool {
    !matches!(outcome, Outcome::Unreachable)
}

/// While the chat is live (created, and not ended on the server), it never goes
/// `chatTimeout` without a request the server applied, unless the network was down: some
/// request in that gap failed to get through. And the session itself never leaves such a gap
/// between its requests while an answer came within the last `chatTimeout`.
pub fn keepalive_holds_while_the_network_does(trace: &Trace) -> Check {
    let timeout = trace.chat_timeout;
    let Some(created) = trace
        .log
        .iter()
        .find(|e| e.kind == RequestKind::RequestChat && e.outcome == Outcome::Status(201))
        .map(|e| e.settled)
    else {
        return Ok(());
    };
    // The chat is live until it ended on the server (the agent, the visitor, or an idle timeout:
    // the last is what this checks, and its gap ends there) or the session stopped.
    let chat_end = trace.chat.as_ref().and_then(|c| c.ended_at);
    let until = [chat_end, trace.ended].into_iter().flatten().min();
    let Some(until) = until else {
        return Ok(());
    };
    let requests: Vec<&Exchanged> = trace
        .log
        .iter()
        .filter(|e| to_the_chat(e.kind) && e.sent >= created && e.sent < until)
        .collect();

    // The server side: gaps between applied requests.
    let mut applied_at: Vec<Instant> = vec![created];
    applied_at.extend(
        requests
            .iter()
            .filter(|e| applied(e.outcome))
            .map(|e| e.sent),
    );
    applied_at.sort();
    applied_at.push(until);
    for pair in applied_at.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        if to - from < timeout {
            continue;
        }
        let network_down = requests
            .iter()
            .any(|e| e.sent > from && e.sent < to && !applied(e.outcome));
        if !network_down {
            return fail(format!(
                "nothing reached the live chat from {:.3} s to {:.3} s, and nothing failed",
                trace.at(from),
                trace.at(to)
            ));
        }
    }

    // The session side: gaps between sends while the server was answering.
    let mut sends: Vec<Instant> = vec![created];
    sends.extend(requests.iter().map(|e| e.sent));
    sends.sort();
    sends.push(until);
    for pair in sends.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        if to - from < timeout {
            continue;
        }
        let answered = trace
            .log
            .iter()
            .filter(|e| reached(e.outcome) && e.sent < to && e.settled <= to)
            .map(|e| e.settled)
            .chain([created])
            .max()
            .unwrap_or(created);
        if answered + timeout > to + Duration::from_millis(1) {
            return fail(format!(
                "no request from {:.3} s to {:.3} s, though the server answered at {:.3} s",
                trace.at(from),
                trace.at(to),
                trace.at(answered)
            ));
        }
    }
    Ok(())
}

/// The keep-alive's own promise, under every reading: each time the chat's idle expiry, counted
/// from the last request confirmed to reach it (a 2xx), comes while the chat may be needed, a
/// read was sent in the last seconds before it. The session is exempt once it ended, and once
/// the visitor's end was accepted (only the last read is left then).
pub fn every_expiry_is_probed_before_it_comes(trace: &Trace) -> Check {
    let timeout = trace.chat_timeout;
    let window = trace
        .retry
        .expiry_probes
        .iter()
        .max()
        .copied()
        .unwrap_or_default()
        // The server's clock, read through a `Date` of whole seconds, may put it a second early.
        + Duration::from_millis(1_500);
    // A read whose 2xx body could not be decoded confirms nothing: it may be a proxy's page.
    let undecoded: Vec<Instant> = trace
        .events
        .iter()
        .filter(|(_, e)| {
            matches!(
                e,
                Event::Retrying {
                    kind: RequestKind::Poll,
                    cause: RetryCause::MalformedResponse,
                    ..
                }
            )
        })
        .map(|(at, _)| *at)
        .collect();
    let mut confirmed: Vec<Instant> = trace
        .log
        .iter()
        .filter(|e| {
            matches!(e.outcome, Outcome::Status(s) if (200..300).contains(&s))
                && (to_the_chat(e.kind) || e.kind == RequestKind::RequestChat)
                && !(e.kind == RequestKind::Poll && undecoded.contains(&e.settled))
        })
        .map(|e| e.sent)
        .collect();
    confirmed.sort();
    let end_accepted = trace
        .log
        .iter()
        .filter(|e| e.kind == RequestKind::EndChat)
        .filter(|e| matches!(e.outcome, Outcome::Status(s) if (200..300).contains(&s)))
        .map(|e| e.settled)
        .min();
    let chat_over = trace.chat.as_ref().and_then(|c| c.ended_at);
    let stop = [trace.ended, end_accepted, chat_over]
        .into_iter()
        .flatten()
        .min();
    for (i, c) in confirmed.iter().enumerate() {
        let expiry = *c + timeout;
        let renewed = confirmed.get(i + 1).is_some_and(|next| *next < expiry);
        if renewed || stop.is_some_and(|s| s <= expiry) {
            continue;
        }
        let probed = trace
            .sent
            .iter()
            .any(|s| s.kind == RequestKind::Poll && s.at + window >= expiry && s.at < expiry);
        if !probed {
            return fail(format!(
                "confirmed at {:.3} s, expiry at {:.3} s came without a read in the {window:?} before it",
                trace.at(*c),
                trace.at(expiry)
            ));
        }
    }
    Ok(())
}

/// A chat request whose answer was lost may have created a chat nobody reads; the session asks
/// again only once that chat would have timed out, so the agents never see two at once.
pub fn one_chat_at_a_time_in_the_queue(trace: &Trace) -> Check {
    for pair in trace.chats.windows(2) {
        let (first, second) = (&pair[0], &pair[1]);
        // Out of the queue once ended (it may stay readable for a while after).
        let first_over = first.ended_at.or(first.gone_at);
        if !first_over.is_some_and(|over| second.started >= over) {
            return fail(format!(
                "chat {} created at {:.3} s while chat {} (created at {:.3} s, ended at {:?}, gone at {:?}) was still there",
                second.id,
                trace.at(second.started),
                first.id,
                trace.at(first.started),
                first.ended_at.map(|t| trace.at(t)),
                first.gone_at.map(|t| trace.at(t)),
            ));
        }
    }
    Ok(())
}
