//! Where the gateway keeps its chats: one row per chat (owner, lease, fencing epoch, snapshot),
//! the events handed out, the visitor lines queued, and every ownership a chat has had.
//!
//! [`Store`] is all the gateway asks of a database, so another one can take SQLite's place:
//! [`SqliteStore`] (one file, WAL) is the embedded default; a shared database such as PostgreSQL
//! implements the same four methods with the same statements (see the README's gateway section)
//! when gateways on several machines share the chats.
//!
//! The rules every implementation keeps:
//!
//! - A chat is claimed only when it is open and its lease has run out (or it never had one); a
//!   claim adds 1 to its epoch, the fencing token of that ownership.
//! - A write holds only if the row still has the writer's owner and epoch and an unexpired lease.
//!   It then renews the lease and stores the snapshot, the events and the visitor lines of one
//!   drain all together, or nothing of it.
//! - The lease is measured by the store's clock (here this machine's; `now()` in PostgreSQL), so
//!   gateways on several machines need no clock of their own to agree.

use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::types::Value;
use rusqlite::{params, Connection, ErrorCode, TransactionBehavior};

/// One ownership of one chat. Every write carries it; a stale one writes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The chat's key in the store.
    pub chat: i64,
    /// The process that holds it.
    pub owner: String,
    /// Counts the claims of this chat: a later owner always has a higher epoch.
    pub epoch: i64,
}

/// A chat just claimed, with what its new owner needs to go on.
#[derive(Debug)]
pub struct Claimed {
    /// The new ownership.
    pub fence: Fence,
    /// Seeds the chat's session and its scripted visitor.
    pub seed: u64,
    /// The last snapshot written, as stored (it may be anything: it is checked when resumed);
    /// `None` for a chat that was never started.
    pub snapshot: Option<Vec<u8>>,
    /// When each agent line handed out so far was stored (Unix ms), in order.
    pub agent_lines_ms: Vec<i64>,
    /// How many visitor lines were queued so far.
    pub visitor_lines: u32,
}

/// How a chat's ownership ends when a write says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// The chat is over; why, as the session said.
    Ended(String),
    /// The chat cannot go on (a snapshot that does not resume); why.
    Failed(String),
}

/// One event handed out to the application, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// `agent_line`, `visitor_echo`, `line_delivered`, `chat_ended`, ...
    pub kind: &'static str,
    /// The stream's `@id` for events that have one.
    pub event_id: Option<i64>,
    /// The line's text, or a description.
    pub text: String,
}

/// What one drain leaves behind, written in one transaction.
#[derive(Debug)]
pub struct DrainWrite {
    /// Whose write this is.
    pub fence: Fence,
    /// The new snapshot (JSON); `None` when it did not change, so this write only renews.
    pub snapshot: Option<String>,
    /// The chat's URL, once known.
    pub chat_url: Option<String>,
    /// The events the drain handed out, in order.
    pub events: Vec<StoredEvent>,
    /// Visitor lines queued in this drain: (sequence number from 1, text).
    pub visitor_lines: Vec<(u32, String)>,
    /// Set when the chat is over for good.
    pub finish: Option<Finish>,
    /// When the drain ran (Unix ms): stamped on the events and lines.
    pub at_ms: i64,
}

impl DrainWrite {
    /// A write that changes nothing yet: a lease renewal.
    pub fn new(fence: Fence, at_ms: i64) -> Self {
        Self {
            fence,
            snapshot: None,
            chat_url: None,
            events: Vec::new(),
            visitor_lines: Vec::new(),
            finish: None,
            at_ms,
        }
    }

    /// Whether it holds anything beyond a renewal (the snapshot aside).
    pub fn has_news(&self) -> bool {
        !self.events.is_empty()
            || !self.visitor_lines.is_empty()
            || self.finish.is_some()
            || self.chat_url.is_some()
    }
}

/// What became of one write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Stored, and the lease renewed.
    Stored,
    /// The fence no longer holds (another owner, or the lease ran out): nothing was written.
    Lost,
    /// The store refused it (a visitor line queued twice, say): nothing was written.
    Refused(String),
}

/// The store failed as a whole (IO, a lock held too long, a broken file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(format!("sqlite: {e}"))
    }
}

/// What the gateway needs of a database.
pub trait Store: Send {
    /// Adds the chats `0..count` that are missing, chat `n` with seed `seed + n`; returns how
    /// many were added.
    fn add_chats(&mut self, count: u32, seed: u64) -> Result<u32, StoreError>;

    /// Claims for `owner` up to `limit` open chats whose lease has run out, each with a new
    /// epoch and a lease of `lease`, and returns them with what is needed to go on.
    fn claim(
        &mut self,
        owner: &str,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<Claimed>, StoreError>;

    /// Applies each write whole or not at all, renewing its lease by `lease`; one outcome per
    /// write, in order. An `Err` means none of them was applied.
    fn write(&mut self, writes: &[DrainWrite], lease: Duration)
        -> Result<Vec<Written>, StoreError>;

    /// How many chats are still open (neither ended nor failed).
    fn open_chats(&mut self) -> Result<u64, StoreError>;
}

/// The tables. `events.id` orders the events of a chat; `leases` keeps every ownership, so
/// anyone can check afterwards that no two overlapped: its `until_ms` is the lease as the next
/// claim found it, or the end of the chat. `chats` has no index on the lease: a renewal would
/// rewrite it every time, and a claim's scan of the open rows costs little at these sizes.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS chats (
    chat           INTEGER PRIMARY KEY,
    seed           INTEGER NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'open',  -- open | ended | failed
    owner          TEXT,
    epoch          INTEGER NOT NULL DEFAULT 0,
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    snapshot       TEXT,
    chat_url       TEXT,
    end_reason     TEXT,
    updated_ms     INTEGER
);
CREATE TABLE IF NOT EXISTS events (
    id        INTEGER PRIMARY KEY,
    chat      INTEGER NOT NULL,
    epoch     INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    event_id  INTEGER,
    text      TEXT    NOT NULL,
    stored_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_chat ON events (chat, kind, id);
CREATE TABLE IF NOT EXISTS visitor_lines (
    chat      INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    text      TEXT    NOT NULL,
    epoch     INTEGER NOT NULL,
    queued_ms INTEGER NOT NULL,
    PRIMARY KEY (chat, seq)
);
CREATE TABLE IF NOT EXISTS leases (
    chat       INTEGER NOT NULL,
    epoch      INTEGER NOT NULL,
    owner      TEXT    NOT NULL,
    claimed_ms INTEGER NOT NULL,
    until_ms   INTEGER NOT NULL,
    PRIMARY KEY (chat, epoch)
);
";

/// How long a statement waits for another gateway's transaction while this one sets up.
const SETTING_UP: Duration = Duration::from_secs(120);
/// How long it waits while driving chats: less than a lease.
const DRIVING: Duration = Duration::from_secs(2);

/// The embedded store: one SQLite file in WAL mode, shared by every gateway on this machine.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (or creates) the store at `path`.
    ///
    /// WAL lets readers and the one writer go on together; `synchronous = NORMAL` makes a
    /// commit durable against the death of the process (what a kill -9 is), not against a power
    /// cut, and so costs no fsync per drain. `busy_timeout` waits for another gateway's
    /// transaction instead of failing, but for less than a lease, so that one long wait does not
    /// cost this gateway all its chats. Setting up (here and in `add_chats`) waits longer: a
    /// gateway that holds no chat yet loses nothing by waiting for one frozen in a transaction.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(SETTING_UP)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError(format!(
                "{} cannot use WAL (journal mode {mode})",
                path.display()
            )));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Checkpoints copy the log into the file and sync it: a thread of their own does them,
        // so no drain waits for one.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        conn.execute_batch(SCHEMA)?;
        conn.busy_timeout(DRIVING)?;
        let checkpoints = Connection::open(path)?;
        std::thread::Builder::new()
            .name("checkpoint".to_owned())
            .spawn(move || loop {
                std::thread::sleep(Duration::from_millis(250));
                // PASSIVE never waits for the writers; what it cannot copy now, a later one will.
                if let Err(e) =
                    checkpoints.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                {
                    eprintln!("store: checkpoint failed: {e}");
                }
            })
            .map_err(|e| StoreError(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Self { conn })
    }
}

/// This machine's clock in Unix milliseconds: the store's clock for SQLite.
pub fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// A stored snapshot as bytes, whatever type the column holds: a bad one is the chat's
/// problem, found when it is resumed, not the claim's.
fn snapshot_bytes(value: Value) -> Option<Vec<u8>> {
    match value {
        Value::Null => None,
        Value::Text(text) => Some(text.into_bytes()),
        Value::Blob(bytes) => Some(bytes),
        Value::Integer(n) => Some(n.to_string().into_bytes()),
        Value::Real(x) => Some(x.to_string().into_bytes()),
    }
}

impl SqliteStore {
    /// One transaction adding the missing chats `0..count`.
    fn insert_chats(&mut self, count: u32, seed: u64) -> Result<u32, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut added = 0;
        {
            let mut insert =
                tx.prepare("INSERT OR IGNORE INTO chats (chat, seed) VALUES (?1, ?2)")?;
            for chat in 0..count {
                // Seeds keep below 2^63 so they fit the column.
                let seed = (seed.wrapping_add(u64::from(chat)) & i64::MAX as u64) as i64;
                added += insert.execute(params![chat, seed])? as u32;
            }
        }
        tx.commit()?;
        Ok(added)
    }
}

impl Store for SqliteStore {
    fn add_chats(&mut self, count: u32, seed: u64) -> Result<u32, StoreError> {
        self.conn.busy_timeout(SETTING_UP)?;
        let added = self.insert_chats(count, seed);
        self.conn.busy_timeout(DRIVING)?;
        added
    }

    fn claim(
        &mut self,
        owner: &str,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<Claimed>, StoreError> {
        // IMMEDIATE takes the write lock first: a read that later wants to write could meet a
        // newer snapshot of the file and fail without waiting.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = unix_ms();
        let until = now.saturating_add(millis(lease));
        // The chats to take, with the ownership each one ends.
        let expired: Vec<(i64, i64, i64)> = {
            let mut expired = tx.prepare_cached(
                "SELECT chat, epoch, lease_until_ms FROM chats
                 WHERE status = 'open' AND lease_until_ms < ?1
                 ORDER BY lease_until_ms, chat LIMIT ?2",
            )?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = expired.query_map(params![now, limit], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut claimed = Vec::with_capacity(expired.len());
        {
            let mut take = tx.prepare_cached(
                "UPDATE chats SET owner = ?3, epoch = epoch + 1, lease_until_ms = ?4
                 WHERE chat = ?1 AND epoch = ?2
                 RETURNING epoch, seed, snapshot",
            )?;
            let mut close = tx
                .prepare_cached("UPDATE leases SET until_ms = ?3 WHERE chat = ?1 AND epoch = ?2")?;
            let mut open = tx.prepare_cached(
                "INSERT INTO leases (chat, epoch, owner, claimed_ms, until_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut agent_lines = tx.prepare_cached(
                "SELECT stored_ms FROM events WHERE chat = ?1 AND kind = 'agent_line' ORDER BY id",
            )?;
            let mut visitor_lines =
                tx.prepare_cached("SELECT count(*) FROM visitor_lines WHERE chat = ?1")?;
            for (chat, old_epoch, old_until) in expired {
                let (epoch, seed, snapshot): (i64, Value, Value) = take
                    .query_row(params![chat, old_epoch, owner, until], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })?;
                close.execute(params![chat, old_epoch, old_until])?;
                open.execute(params![chat, epoch, owner, now, until])?;
                let agent_lines_ms = agent_lines
                    .query_map([chat], |r| r.get(0))?
                    .collect::<Result<Vec<i64>, _>>()?;
                let visitor: i64 = visitor_lines.query_row([chat], |r| r.get(0))?;
                claimed.push(Claimed {
                    fence: Fence {
                        chat,
                        owner: owner.to_owned(),
                        epoch,
                    },
                    // A seed that is not a number is no reason to lose the chat.
                    seed: match seed {
                        Value::Integer(n) => n as u64,
                        _ => chat as u64,
                    },
                    snapshot: snapshot_bytes(snapshot),
                    agent_lines_ms,
                    visitor_lines: u32::try_from(visitor).unwrap_or(u32::MAX),
                });
            }
        }
        tx.commit()?;
        Ok(claimed)
    }

    fn write(
        &mut self,
        writes: &[DrainWrite],
        lease: Duration,
    ) -> Result<Vec<Written>, StoreError> {
        // One transaction for every drain that is waiting (a group commit), each drain in a
        // savepoint of its own: a write whose fence fails leaves the others alone.
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = unix_ms();
        let mut outcomes = Vec::with_capacity(writes.len());
        for write in writes {
            let savepoint = tx.savepoint()?;
            match apply(&savepoint, write, now, lease) {
                Ok(true) => {
                    savepoint.commit()?;
                    outcomes.push(Written::Stored);
                }
                // Dropping the savepoint rolls it back.
                Ok(false) => outcomes.push(Written::Lost),
                Err(e) if is_constraint(&e) => outcomes.push(Written::Refused(e.to_string())),
                Err(e) => return Err(e.into()),
            }
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn open_chats(&mut self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM chats WHERE status = 'open'",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
}

/// One drain's write; `false` when the fence no longer holds.
fn apply(
    conn: &Connection,
    write: &DrainWrite,
    now: i64,
    lease: Duration,
) -> rusqlite::Result<bool> {
    let fence = &write.fence;
    let (status, reason) = match &write.finish {
        None => (None, None),
        Some(Finish::Ended(why)) => (Some("ended"), Some(why.as_str())),
        Some(Finish::Failed(why)) => (Some("failed"), Some(why.as_str())),
    };
    // A finished chat gives its lease back at once.
    let until = if status.is_some() {
        now
    } else {
        now.saturating_add(millis(lease))
    };
    let renewed = conn
        .prepare_cached(
            "UPDATE chats SET lease_until_ms = ?4,
                              snapshot = COALESCE(?5, snapshot),
                              chat_url = COALESCE(?6, chat_url),
                              status = COALESCE(?7, status),
                              end_reason = COALESCE(?8, end_reason),
                              updated_ms = ?9
             WHERE chat = ?1 AND owner = ?2 AND epoch = ?3
               AND status = 'open' AND lease_until_ms >= ?9",
        )?
        .execute(params![
            fence.chat,
            fence.owner,
            fence.epoch,
            until,
            write.snapshot,
            write.chat_url,
            status,
            reason,
            now,
        ])?;
    if renewed == 0 {
        return Ok(false);
    }
    if status.is_some() {
        // The ownership ends with the chat. (A renewal leaves the history alone: the next
        // claim records how far the lease went.)
        conn.prepare_cached("UPDATE leases SET until_ms = ?3 WHERE chat = ?1 AND epoch = ?2")?
            .execute(params![fence.chat, fence.epoch, until])?;
    }
    let mut event = conn.prepare_cached(
        "INSERT INTO events (chat, epoch, kind, event_id, text, stored_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for e in &write.events {
        event.execute(params![
            fence.chat,
            fence.epoch,
            e.kind,
            e.event_id,
            e.text,
            write.at_ms
        ])?;
    }
    let mut line = conn.prepare_cached(
        "INSERT INTO visitor_lines (chat, seq, text, epoch, queued_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (seq, text) in &write.visitor_lines {
        line.execute(params![fence.chat, seq, text, fence.epoch, write.at_ms])?;
    }
    Ok(true)
}
