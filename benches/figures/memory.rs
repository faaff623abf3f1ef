//! Memory per open chat: heap bytes a chatting session holds at rest, counted by the bench's
//! global allocator (requested sizes; the system allocator's own per-block overhead comes on top).
//!
//! Every session shares one `Arc<ChatConfig>`, as a gateway holding many chats would. The
//! 100 000 sessions are resumed from the snapshot of one session brought to chatting through a
//! [`Link`](lp_server_chat::emulator::Link) (sessions are not `Clone`); their figure includes the
//! `Vec<ChatSession>` buffer that holds them.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use lp_server_chat::{ChatConfig, ChatSession};

use crate::alloc::{self, Live};
use crate::bare_poller::BarePoller;
use crate::setup;

/// Bytes per session.
#[derive(Debug, Clone, Copy)]
pub struct PerSession {
    /// Heap bytes (requested sizes).
    pub heap: f64,
    /// Heap blocks.
    pub blocks: f64,
}

pub struct MemoryFigures {
    /// `size_of::<ChatSession>()`: the part that lives wherever the host stores the session.
    pub inline: usize,
    /// Heap of the one shared `ChatConfig` (paid once, not per session).
    pub shared_config: usize,
    /// A session just created, before `request_chat`.
    pub idle: PerSession,
    /// A session brought to chatting the normal way (request, accept, polls) and left at rest.
    pub chatting: PerSession,
    /// One session resumed from that session's snapshot.
    pub resumed_one: PerSession,
    /// How many were resumed for the large figure.
    pub many: usize,
    /// Heap per session of `many` resumed sessions, `Vec` buffer included (so it counts the
    /// inline part too).
    pub resumed_many: PerSession,
    /// The floor: a [`BarePoller`] for the same chat holds only its `next` URL.
    pub bare_inline: usize,
    pub bare: PerSession,
}

fn per(live: Live, n: usize) -> PerSession {
    PerSession {
        heap: live.bytes as f64 / n as f64,
        blocks: live.blocks as f64 / n as f64,
    }
}

/// Heap freed when `value` is dropped: what it held exclusively.
fn held_by<T>(value: T) -> Live {
    let before = alloc::live();
    drop(black_box(value));
    alloc::live().grown_to(before)
}

pub fn measure(many: usize) -> MemoryFigures {
    let before = alloc::live();
    let config: Arc<ChatConfig> = Arc::new(setup::config());
    let shared_config = before.grown_to(alloc::live()).bytes;

    let before = alloc::live();
    let idle = ChatSession::new(config.clone(), Instant::now(), 1).expect("valid config");
    let idle_live = before.grown_to(alloc::live());
    drop(idle);

    let mut link = setup::chatting_link(config.clone(), 11);
    let now = link.now;
    let snapshot = link.session.snapshot();
    let placeholder = ChatSession::new(config.clone(), now, 0).expect("valid config");
    let chatting = std::mem::replace(&mut link.session, placeholder);
    let next = format!(
        "{}?from={}",
        chatting.chat_url().expect("chat created"),
        link.emulator
            .chat(&setup::only_chat(&link.emulator))
            .expect("chat")
            .events
            .len()
    );
    drop(link);
    let chatting_live = held_by(chatting);

    let before = alloc::live();
    let one = ChatSession::resume(config.clone(), snapshot.clone(), now).expect("resume");
    let one_live = before.grown_to(alloc::live());
    drop(one);

    let before = alloc::live();
    let mut sessions = Vec::with_capacity(many);
    for _ in 0..many {
        sessions.push(ChatSession::resume(config.clone(), snapshot.clone(), now).expect("resume"));
    }
    let many_live = before.grown_to(alloc::live());
    black_box(&sessions);
    drop(sessions);

    let bare_live = held_by(BarePoller::new(next));

    MemoryFigures {
        inline: std::mem::size_of::<ChatSession>(),
        shared_config,
        idle: per(idle_live, 1),
        chatting: per(chatting_live, 1),
        resumed_one: per(one_live, 1),
        many,
        resumed_many: per(many_live, many),
        bare_inline: std::mem::size_of::<BarePoller>(),
        bare: per(bare_live, 1),
    }
}
