//! The scripted visitor of one chat: what it says and when, decided only by the chat's seed and
//! the agent lines already in the store, so whichever process drives the chat says the same
//! next line at the same moment, and never one its predecessor already queued.
//!
//! The emulator's agent greets, then answers every visitor line. Visitor line `k` (from 1) is
//! due a think time after agent line `k` (the greeting, or the answer to line `k - 1`) was
//! stored; after the answer to the last line the visitor ends the chat, a think time later.
//! The think times, the number of lines and their words come from the seed.

#[path = "../support/rng.rs"]
#[allow(dead_code)] // A script draws numbers and indices, not durations.
mod rng;

use std::sync::Arc;

use rng::Rng;

/// The shape of every chat's script.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Lines per chat, drawn from this range (inclusive).
    pub lines: (u32, u32),
    /// Think time before each line and before the end, in ms (inclusive range).
    pub think_ms: (u64, u64),
    /// Texts to take the lines from (`--lines-file`), instead of generated ones.
    pub texts: Option<Arc<Vec<String>>>,
}

/// Words for generated lines.
const WORDS: [&str; 16] = [
    "invoice", "refund", "order", "delivery", "account", "password", "charge", "card", "address",
    "parcel", "upgrade", "plan", "receipt", "discount", "login", "warranty",
];

/// One chat's lines and think times.
#[derive(Debug, Clone)]
pub struct Script {
    lines: Vec<String>,
    /// One per line, then one before the end.
    think_ms: Vec<i64>,
}

impl Script {
    /// The script of chat `chat`. Each line names its chat and number, so a line seen twice on
    /// the server can be told from two lines that say the same.
    pub fn new(chat: i64, seed: u64, shape: &Shape) -> Self {
        let mut rng = Rng::new(seed);
        let (low, high) = (shape.lines.0.min(shape.lines.1), shape.lines.1);
        let count = rng.between(u64::from(low), u64::from(high)) as u32;
        let lines = (1..=count)
            .map(|seq| {
                let body = match &shape.texts {
                    Some(texts) if !texts.is_empty() => {
                        texts[(seed as usize).wrapping_add(seq as usize) % texts.len()].clone()
                    }
                    _ => format!(
                        "my {} and the {}",
                        WORDS[rng.below(WORDS.len())],
                        WORDS[rng.below(WORDS.len())]
                    ),
                };
                format!("c{chat} #{seq}: {body}")
            })
            .collect();
        let (low, high) = (shape.think_ms.0.min(shape.think_ms.1), shape.think_ms.1);
        let think_ms = (0..=count)
            .map(|_| i64::try_from(rng.between(low, high)).unwrap_or(i64::MAX))
            .collect();
        Self { lines, think_ms }
    }

    /// How many lines the visitor says.
    pub fn len(&self) -> u32 {
        self.lines.len() as u32
    }

    /// Line `seq` (from 1), as [`Visitor::next`] names it.
    pub fn line(&self, seq: u32) -> &str {
        seq.checked_sub(1)
            .and_then(|i| self.lines.get(i as usize))
            .map_or("", String::as_str)
    }
}

/// What the visitor does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// Say line `seq` (from 1).
    Say(u32),
    /// End the chat.
    End,
}

/// Where one chat's visitor is, rebuilt from the store by each new owner.
#[derive(Debug, Clone)]
pub struct Visitor {
    script: Script,
    /// When each agent line was stored (Unix ms).
    agent_lines_ms: Vec<i64>,
    /// Lines queued so far.
    queued: u32,
    /// The end was asked for (by this owner or, as the session says, an earlier one).
    ended: bool,
}

impl Visitor {
    /// The visitor after `agent_lines_ms.len()` agent lines and `queued` lines of its own.
    pub fn new(script: Script, agent_lines_ms: Vec<i64>, queued: u32, ended: bool) -> Self {
        Self {
            script,
            agent_lines_ms,
            queued,
            ended,
        }
    }

    /// An agent line was handed out and stored at `stored_ms`.
    pub fn on_agent_line(&mut self, stored_ms: i64) {
        self.agent_lines_ms.push(stored_ms);
    }

    /// The next move and when it is due (Unix ms), if any is possible yet.
    pub fn next(&self) -> Option<(Move, i64)> {
        if self.ended {
            return None;
        }
        let seen = self.queued as usize;
        let after = *self.agent_lines_ms.get(seen)?;
        // More lines queued than the script has (a row edited by hand): nothing left to do.
        let think = *self.script.think_ms.get(seen)?;
        let due = after.saturating_add(think);
        if self.queued < self.script.len() {
            Some((Move::Say(self.queued + 1), due))
        } else {
            Some((Move::End, due))
        }
    }

    /// The move was made.
    pub fn made(&mut self, made: &Move) {
        match made {
            Move::Say(seq) => self.queued = *seq,
            Move::End => self.ended = true,
        }
    }

    /// The visitor's script.
    pub fn script(&self) -> &Script {
        &self.script
    }
}
