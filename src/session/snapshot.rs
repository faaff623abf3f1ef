//! Snapshot and resume: the same chat continued by a new process.
//!
//! A snapshot holds what the server cannot tell a new process: where the chat is, how far the
//! application has read, which lines are still owed an outcome, and the PRNG state. It holds no
//! `Instant` (they mean nothing in another process) and no secret unless asked for.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::config::{AppKey, ChatConfig, Endpoint};
use crate::error::{Error, SnapshotError, SnapshotMismatch};
use crate::request::{LinkProblem, Origin};
use crate::rng::Rng;
use crate::wire::{ChatRequest, ChatState};

use super::call_table::Call;
use super::cursor::Cursor;
use super::lanes::Lane;
use super::links::ChatLinks;
use super::outbox::{Head, Outbox};
use super::output::OpId;
use super::transitions::Stage;
use super::{later, ChatSession, Phase};

/// The version of the snapshot format this crate writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;

/// The oldest version [`ChatSession::resume`] still reads. Version 1 lacked pending one-shot
/// calls and the chat request; it reads as a version 2 without them.
pub const OLDEST_SNAPSHOT_VERSION: u32 = 1;

/// Everything needed to continue a chat in another process. Serialise it with serde (JSON is
/// stable and versioned); restore it with [`ChatSession::resume`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[must_use = "taking a snapshot changes nothing: it is of use only once stored"]
pub struct Snapshot {
    /// Format version; [`SNAPSHOT_VERSION`] when written by this crate.
    pub version: u32,
    phase: SnapshotPhase,
    origin: Option<String>,
    chat: Option<ChatLinks>,
    cursor: Cursor,
    state: Option<ChatState>,
    agent_present: bool,
    agent_name: Option<String>,
    agent_typing: bool,
    chat_timeout_secs: u64,
    outbox: Outbox,
    /// A line was on the wire when the snapshot was taken: its fate is unknown.
    line_in_flight: bool,
    next_line: u64,
    typing: bool,
    visitor_name: Option<String>,
    end_requested: bool,
    rng: Rng,
    /// One-shot calls not answered yet, re-sent after resume under the same [`OpId`]s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    calls: Vec<PendingCall>,
    #[serde(default, skip_serializing_if = "is_zero")]
    next_op: u64,
    /// A chat request may have created a chat whose Location never came back: a resumed
    /// session asks again only once that chat would have timed out.
    #[serde(default, skip_serializing_if = "is_false")]
    chat_maybe_created: bool,
    /// The chat request as edited with `chat_request_mut`, while it may still be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chat_request: Option<ChatRequest>,
    /// Present only in [`ChatSession::snapshot_with_secrets`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    app_key: Option<AppKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SnapshotPhase {
    Idle,
    Requesting,
    Live,
    Ending,
    Ended,
}

/// A one-shot call in a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PendingCall {
    op: OpId,
    call: Call,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Line ids must be unique and below the counter, which must have room to count: otherwise a
/// resumed session could hand out an id twice.
fn check_lines(snapshot: &Snapshot) -> Result<(), SnapshotError> {
    if snapshot.next_line >= 1 << 63 {
        return Err(SnapshotError::LineCounter {
            next_line: snapshot.next_line,
        });
    }
    let mut ids: Vec<u64> = snapshot.outbox.queue.iter().map(|l| l.id.0).collect();
    ids.sort_unstable();
    let unique = ids.windows(2).all(|w| w[0] != w[1]);
    if !unique || ids.last().is_some_and(|last| *last >= snapshot.next_line) {
        return Err(SnapshotError::LineIds);
    }
    if snapshot.phase == SnapshotPhase::Idle && !ids.is_empty() {
        return Err(SnapshotMismatch::LinesWithoutChat.into());
    }
    Ok(())
}

impl ChatSession {
    /// A snapshot may name a resolved origin, but only one the configuration would have trusted:
    /// the configured host itself, or a host its Domain API may name.
    fn check_resumed_origin(&self, origin: &Origin) -> Result<(), SnapshotError> {
        let refused = |why: String| SnapshotError::Origin {
            origin: origin.as_str().to_owned(),
            why,
        };
        match (&self.config.endpoint, &self.origins.chat) {
            (_, Some(fixed)) if fixed != origin => Err(refused(format!(
                "the configuration talks to `{}`",
                fixed.as_str()
            ))),
            (Endpoint::Lookup { domain_api, .. }, _) => {
                super::origin::trust(&self.config, domain_api, origin).map_err(refused)
            }
            _ => Ok(()),
        }
    }

    /// The chat and its links must lie on the origin and within the chat, as when they were
    /// admitted; and a chat exists exactly when the phase says one does.
    fn check_resumed_links(&self, phase: SnapshotPhase) -> Result<(), SnapshotError> {
        let Some(links) = &self.links else {
            return match phase {
                SnapshotPhase::Live | SnapshotPhase::Ending => {
                    Err(SnapshotMismatch::LiveWithoutUrl.into())
                }
                _ => Ok(()),
            };
        };
        if phase == SnapshotPhase::Idle {
            return Err(SnapshotMismatch::ChatWhileIdle.into());
        }
        let chat = self
            .admit_chat_url(links.chat())
            .map_err(|problem| match problem {
                LinkProblem::NoOrigin => SnapshotMismatch::ChatWithoutOrigin.into(),
                _ => SnapshotError::OutsideChat {
                    url: links.chat().to_owned(),
                },
            })?;
        let origin = self
            .origins
            .chat
            .as_ref()
            .ok_or(SnapshotMismatch::ChatWithoutOrigin)?;
        for href in links.all() {
            origin
                .admit_within(&href, chat.path())
                .map_err(|_| SnapshotError::OutsideChat { url: href.clone() })?;
        }
        Ok(())
    }

    /// The state needed to continue this chat elsewhere, without secrets.
    ///
    /// Take it after draining [`poll_output`](Self::poll_output) to `Wait`, once the application
    /// has handled the events it returned: the snapshot says those events were delivered, so a
    /// resumed session will not repeat them. Lines reported delivered or failed are not in it;
    /// lines still queued or on the wire are, and will each get exactly one outcome after resume.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            version: SNAPSHOT_VERSION,
            phase: match self.stage.phase() {
                Phase::Idle => SnapshotPhase::Idle,
                Phase::Requesting => SnapshotPhase::Requesting,
                Phase::Live => SnapshotPhase::Live,
                Phase::Ending => SnapshotPhase::Ending,
                Phase::Ended => SnapshotPhase::Ended,
            },
            origin: self.origins.chat.as_ref().map(|o| o.as_str().to_owned()),
            chat: self.links.clone(),
            cursor: self.cursor.clone(),
            state: self.server.state.clone(),
            agent_present: self.server.agent_present,
            agent_name: self.server.agent_name.clone(),
            agent_typing: self.server.agent_typing,
            chat_timeout_secs: self.server.timeout.as_secs(),
            outbox: self.outbox.clone(),
            line_in_flight: self
                .lanes
                .get(Lane::Line)
                .is_some_and(|c| c.in_flight.is_some()),
            next_line: self.ids.next_line,
            typing: self.typing.desired,
            visitor_name: self.pending_name.clone(),
            end_requested: self.end_asked_early(),
            rng: self.rng.clone(),
            calls: self
                .lanes
                .calls
                .iter()
                .map(|slot| PendingCall {
                    op: slot.id,
                    call: slot.call.clone(),
                })
                .collect(),
            next_op: self.ids.next_op,
            chat_maybe_created: self.chat_maybe_created(),
            chat_request: matches!(self.stage.phase(), Phase::Idle | Phase::Requesting)
                .then(|| self.config.chat_request.clone()),
            app_key: None,
        }
    }

    /// Like [`snapshot`](Self::snapshot), but carrying the app key, for hosts that store
    /// snapshots somewhere as safe as the key itself.
    pub fn snapshot_with_secrets(&self) -> Snapshot {
        Snapshot {
            app_key: Some(self.config.app_key.clone()),
            ..self.snapshot()
        }
    }

    /// Continues the chat a snapshot describes. The first poll reads from the stored cursor, so
    /// nothing delivered before is repeated and nothing after is missed; a line whose fate was
    /// unknown is looked for in the stream before it is sent again. If the chat expired meanwhile
    /// the first poll ends it with [`EndReason::NotFound`](super::EndReason::NotFound).
    pub fn resume(
        config: impl Into<Arc<ChatConfig>>,
        snapshot: Snapshot,
        now: Instant,
    ) -> Result<Self, Error> {
        if !(OLDEST_SNAPSHOT_VERSION..=SNAPSHOT_VERSION).contains(&snapshot.version) {
            return Err(Error::BadSnapshot(SnapshotError::Version {
                found: snapshot.version,
                oldest: OLDEST_SNAPSHOT_VERSION,
                newest: SNAPSHOT_VERSION,
            }));
        }
        let mut config: Arc<ChatConfig> = config.into();
        if let Some(key) = snapshot.app_key.clone() {
            // Copy the configuration only when the key really differs: many chats resumed from
            // one shared configuration keep sharing it.
            if config.app_key != key {
                Arc::make_mut(&mut config).app_key = key;
            }
        }
        if let Some(request) = &snapshot.chat_request {
            if config.chat_request != *request {
                Arc::make_mut(&mut config).chat_request = request.clone();
            }
        }
        let mut session = ChatSession::new(config, now, 0)?;
        if let Some(origin) = &snapshot.origin {
            let origin = Origin::parse(origin).ok_or_else(|| {
                Error::BadSnapshot(SnapshotError::Origin {
                    origin: origin.clone(),
                    why: "not an http(s) origin".into(),
                })
            })?;
            session
                .check_resumed_origin(&origin)
                .map_err(Error::BadSnapshot)?;
            session.origins.chat = Some(origin);
        }
        check_lines(&snapshot).map_err(Error::BadSnapshot)?;
        session.rng = snapshot.rng;
        session.links = snapshot.chat;
        session
            .check_resumed_links(snapshot.phase)
            .map_err(Error::BadSnapshot)?;
        session.cursor = snapshot.cursor;
        session.server.state = snapshot.state;
        session.server.agent_present = snapshot.agent_present;
        session.server.agent_name = snapshot.agent_name;
        session.server.agent_typing = snapshot.agent_typing;
        // A session takes no idle timeout longer than a day from the server; a larger one was
        // not written by a session.
        if snapshot.chat_timeout_secs > super::MAX_CHAT_TIMEOUT.as_secs() {
            return Err(Error::BadSnapshot(SnapshotError::ChatTimeout {
                secs: snapshot.chat_timeout_secs,
            }));
        }
        session.server.timeout = Duration::from_secs(snapshot.chat_timeout_secs.max(1));
        session.outbox = snapshot.outbox;
        session.ids.next_line = snapshot.next_line;
        session.typing.desired = snapshot.typing;
        session.pending_name = snapshot.visitor_name;
        let unknown_head = snapshot.line_in_flight || session.outbox.head != Head::Ready;
        if unknown_head && !session.outbox.queue.is_empty() {
            // Whatever was on the wire may have landed, and may still land: read the stream,
            // after the settle time, before sending it again.
            session.outbox.head = Head::Reconciling { poll_seq: 1 };
            session.outbox.settle_until = Some(later(now, session.config.retry.settle_time));
        }
        let phase = match snapshot.phase {
            SnapshotPhase::Idle => Phase::Idle,
            SnapshotPhase::Requesting => Phase::Requesting,
            SnapshotPhase::Live => Phase::Live,
            SnapshotPhase::Ending => Phase::Ending,
            SnapshotPhase::Ended => Phase::Ended,
        };
        session.resume_stage(phase, snapshot.end_requested, snapshot.chat_maybe_created);
        if session.stage.has_chat() {
            for lane in [Lane::Poll, Lane::Line, Lane::Typing, Lane::Name] {
                session.ch(lane).schedule(now);
            }
        }
        if session.stage == Stage::Ended {
            // Lines the ended chat still owed an outcome get it now: nothing will send them.
            session.finish_owed_lines();
        }
        if session.stage == Stage::Live && session.typing.desired {
            session.typing.quiet_until = Some(later(now, session.config.typing_quiet));
        }
        session.ids.next_op = snapshot.next_op;
        for pending in snapshot.calls {
            let repeated = session.slot(pending.op).is_some();
            if pending.op.0 >= session.ids.next_op || repeated {
                return Err(Error::BadSnapshot(SnapshotError::PendingCall {
                    op: pending.op,
                }));
            }
            session.queue_call(pending.op, pending.call);
        }
        // A call on a chat that never came to exist has nowhere to go.
        session.fail_chat_calls();
        Ok(session)
    }
}
