//! What the crash test concludes, from three witnesses that do not depend on one another: the
//! emulator's own record of every chat, the store the gateways wrote, and each gateway's
//! journal of the requests it sent.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

/// One SIGKILL of the test.
#[derive(Debug, Clone)]
pub struct Kill {
    /// The killed gateway's owner name.
    pub victim: String,
    /// When, in Unix µs.
    pub at_us: i64,
}

/// Everything counted; see the README's gateway section for each figure.
#[derive(Debug, Default)]
pub struct Findings {
    pub chats: usize,
    /// Visitor lines of the store missing on the server, agent lines of the server missing from
    /// the store, and chats that did not end by the visitor's hand (idle timeout, not found...).
    pub lost: usize,
    /// Visitor lines on the server more than once or never queued, agent lines stored more than
    /// once.
    pub duplicated: usize,
    /// Chats whose lines, all there once, are in another order.
    pub misordered: usize,
    /// Chats two owners drove at once, or one drove outside its lease.
    pub double_driven: usize,
    /// Of `lost`, whole chats.
    pub lost_chats: usize,
    /// Chats on the server no store row points at (a chat request whose answer died with its
    /// gateway); each must hold no visitor line.
    pub orphans: usize,
    /// One-shot calls not answered exactly once in the store.
    pub calls_wrong: usize,
    pub calls: usize,
    pub visitor_lines: usize,
    pub agent_lines: usize,
    /// Seconds from each kill to the successor's first 2xx for each chat the victim held.
    pub takeovers: Vec<f64>,
    /// Per kill: chats taken over, and their slowest takeover (s).
    pub per_kill: Vec<(usize, f64)>,
    /// Chats a kill left that no successor answered for.
    pub not_taken_over: usize,
    /// The first problems found, to show.
    pub problems: Vec<String>,
}

impl Findings {
    fn problem(&mut self, text: String) {
        if self.problems.len() < 20 {
            self.problems.push(text);
        }
    }

    /// The 95th percentile of the takeovers (0 when there were none).
    pub fn takeover_p95(&self) -> f64 {
        percentile(&self.takeovers, 95)
    }
}

/// The `q`th percentile (nearest rank).
pub fn percentile(values: &[f64], q: usize) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
        .get((sorted.len() * q).div_ceil(100).max(1) - 1)
        .copied()
        .unwrap_or(0.0)
}

/// One chat as the server recorded it.
#[derive(Debug, Default)]
struct ServerChat {
    visitor: Vec<String>,
    agent: Vec<String>,
    /// `visitor`, `agent`, `timeout` or `open`.
    ended_by: &'static str,
}

fn server_chats(record: &Value) -> (HashMap<String, ServerChat>, HashMap<i64, Vec<String>>) {
    let mut chats = HashMap::new();
    let mut by_marker: HashMap<i64, Vec<String>> = HashMap::new();
    for chat in record["chats"].as_array().into_iter().flatten() {
        let id = chat["id"].as_str().unwrap_or_default().to_owned();
        let mut server = ServerChat {
            ended_by: "open",
            ..ServerChat::default()
        };
        for event in chat["events"].as_array().into_iter().flatten() {
            let text = event["text"].as_str().unwrap_or_default().to_owned();
            match (event["type"].as_str(), event["source"].as_str()) {
                (Some("line"), Some("visitor")) => server.visitor.push(text),
                (Some("line"), Some("agent")) => server.agent.push(text),
                (Some("line"), Some("system")) => match event["system_message_id"].as_u64() {
                    Some(6) => server.ended_by = "timeout",
                    Some(5) => server.ended_by = "agent",
                    _ => {}
                },
                (Some("state"), _) if event["state"] == "ended" && server.ended_by == "open" => {
                    server.ended_by = "visitor";
                }
                _ => {}
            }
        }
        if let Some(chat_key) = chat["request"]["chatReferrer"]
            .as_str()
            .and_then(|r| r.strip_prefix("gateway://chat/"))
            .and_then(|n| n.parse().ok())
        {
            by_marker.entry(chat_key).or_default().push(id.clone());
        }
        chats.insert(id, server);
    }
    (chats, by_marker)
}

/// A request or a 2xx, as a gateway's journal has it.
#[derive(Debug, Clone)]
struct Entry {
    sent: bool,
    chat: i64,
    epoch: i64,
    owner: String,
    at_us: i64,
}

fn journal(paths: &[PathBuf]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for line in text.lines() {
            let fields: Vec<&str> = line.split(' ').collect();
            // A kill can cut only the last line short; such a line has too few fields.
            if let [what, chat, epoch, owner, at_us, ..] = fields[..] {
                if let (Ok(chat), Ok(epoch), Ok(at_us)) =
                    (chat.parse(), epoch.parse(), at_us.parse())
                {
                    entries.push(Entry {
                        sent: what == "send",
                        chat,
                        epoch,
                        owner: owner.to_owned(),
                        at_us,
                    });
                }
            }
        }
    }
    entries
}

/// (chat, epoch) → (owner, claimed_ms, until_ms).
type Leases = BTreeMap<(i64, i64), (String, i64, i64)>;

/// Compares the three witnesses.
pub fn analyse(db: &Path, record: &Value, journals: &[PathBuf], kills: &[Kill]) -> Findings {
    let conn =
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("the store opens");
    let mut found = Findings::default();
    let (server, by_marker) = server_chats(record);

    let rows: Vec<(i64, String, Option<String>, Option<String>)> = conn
        .prepare("SELECT chat, status, end_reason, chat_url FROM chats ORDER BY chat")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect()
        })
        .expect("chats read");
    found.chats = rows.len();
    let texts = |sql: &str, chat: i64| -> Vec<String> {
        conn.prepare_cached(sql)
            .and_then(|mut s| s.query_map([chat], |r| r.get(0))?.collect())
            .expect("lines read")
    };
    for (chat, status, reason, url) in &rows {
        let chat = *chat;
        let queued = texts(
            "SELECT text FROM visitor_lines WHERE chat = ?1 ORDER BY seq",
            chat,
        );
        let stored_agent = texts(
            "SELECT text FROM events WHERE chat = ?1 AND kind = 'agent_line' ORDER BY id",
            chat,
        );
        let calls = texts(
            "SELECT text FROM events WHERE chat = ?1 AND kind IN ('call_completed', 'call_failed') ORDER BY id",
            chat,
        );
        found.visitor_lines += queued.len();
        found.agent_lines += stored_agent.len();
        if queued.len() >= 2 {
            found.calls += 1;
            if calls.len() != 1 {
                found.calls_wrong += 1;
                found.problem(format!(
                    "chat {chat}: the chat-info call answered {} times",
                    calls.len()
                ));
            }
        }

        let main_id = url
            .as_deref()
            .and_then(|u| u.rsplit('/').next())
            .unwrap_or_default();
        let Some(main) = server.get(main_id) else {
            found.lost += 1 + queued.len();
            found.lost_chats += 1;
            found.problem(format!("chat {chat}: no chat on the server (url {url:?})"));
            continue;
        };
        // Chats the server holds for this row besides the one it points at.
        let others: Vec<&ServerChat> = by_marker
            .get(&chat)
            .into_iter()
            .flatten()
            .filter(|id| id.as_str() != main_id)
            .filter_map(|id| server.get(id))
            .collect();
        found.orphans += others.len();
        for other in &others {
            if !other.visitor.is_empty() {
                found.duplicated += other.visitor.len();
                found.problem(format!(
                    "chat {chat}: {} visitor lines in an orphan chat",
                    other.visitor.len()
                ));
            }
        }

        // Each queued line on the server once, nothing else, in order.
        let count = |lines: &[String], text: &str| lines.iter().filter(|l| *l == text).count();
        for text in &queued {
            match count(&main.visitor, text) {
                0 => {
                    found.lost += 1;
                    found.problem(format!("chat {chat}: `{text}` never reached the server"));
                }
                1 => {}
                n => {
                    found.duplicated += n - 1;
                    found.problem(format!("chat {chat}: `{text}` on the server {n} times"));
                }
            }
        }
        for text in &main.visitor {
            if count(&queued, text) == 0 {
                found.duplicated += 1;
                found.problem(format!(
                    "chat {chat}: `{text}` on the server but never queued"
                ));
            }
        }
        let mut misordered = main.visitor != queued;

        // Each agent line of the server in the store once, in order.
        for text in dedup(&main.agent) {
            let (on_server, stored) = (count(&main.agent, text), count(&stored_agent, text));
            if stored < on_server {
                found.lost += on_server - stored;
                found.problem(format!(
                    "chat {chat}: agent line `{text}` stored {stored} of {on_server} times"
                ));
            } else if stored > on_server {
                found.duplicated += stored - on_server;
                found.problem(format!(
                    "chat {chat}: agent line `{text}` stored {stored} times, said {on_server}"
                ));
            }
        }
        for text in dedup(&stored_agent) {
            if count(&main.agent, text) == 0 {
                found.duplicated += count(&stored_agent, text);
                found.problem(format!(
                    "chat {chat}: stored agent line `{text}` the server never had"
                ));
            }
        }
        misordered |= main.agent != stored_agent;
        if misordered && found.problems.len() < 20 {
            found.problem(format!("chat {chat}: lines differ from the server's order"));
        }
        found.misordered += usize::from(misordered);

        let by_visitor = status == "ended" && reason.as_deref() == Some("Visitor");
        if !by_visitor || main.ended_by != "visitor" {
            found.lost += 1;
            found.lost_chats += 1;
            found.problem(format!(
                "chat {chat}: {status} ({reason:?}) in the store, ended by {} on the server",
                main.ended_by
            ));
        }
    }

    let leases: Leases = conn
        .prepare("SELECT chat, epoch, owner, claimed_ms, until_ms FROM leases")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?)))
            })?
            .collect()
        })
        .expect("leases read");
    let entries = journal(journals);
    drivers(&mut found, &leases, &entries);
    takeovers(&mut found, &leases, &entries, kills);
    found
}

fn dedup(lines: &[String]) -> Vec<&String> {
    let mut seen: Vec<&String> = Vec::new();
    for line in lines {
        if !seen.contains(&line) {
            seen.push(line);
        }
    }
    seen
}

/// No chat driven by two processes at once: in the store, each ownership starts after the one
/// before it ended; in the journals, every request of an ownership lies inside its lease, and
/// all of them before the next ownership's first.
fn drivers(found: &mut Findings, leases: &Leases, entries: &[Entry]) {
    let mut bad: BTreeMap<i64, String> = BTreeMap::new();
    let mut previous: Option<(i64, i64, i64)> = None; // (chat, epoch, until_ms)
    for (&(chat, epoch), (_, claimed, until)) in leases {
        if let Some((last_chat, last_epoch, last_until)) = previous {
            if last_chat == chat && *claimed <= last_until {
                bad.entry(chat).or_insert(format!(
                    "epoch {epoch} claimed at {claimed} ms, epoch {last_epoch}'s lease ran to {last_until} ms"
                ));
            }
        }
        previous = Some((chat, epoch, *until));
    }
    // (chat, epoch) → (owners, first send, last send).
    let mut spans: BTreeMap<(i64, i64), (Vec<&str>, i64, i64)> = BTreeMap::new();
    for entry in entries.iter().filter(|e| e.sent) {
        let span = spans.entry((entry.chat, entry.epoch)).or_insert((
            Vec::new(),
            entry.at_us,
            entry.at_us,
        ));
        if !span.0.contains(&entry.owner.as_str()) {
            span.0.push(&entry.owner);
        }
        span.1 = span.1.min(entry.at_us);
        span.2 = span.2.max(entry.at_us);
        let inside =
            leases
                .get(&(entry.chat, entry.epoch))
                .is_some_and(|(owner, claimed, until)| {
                    // The store counts leases in whole milliseconds, both ends included.
                    let ms = entry.at_us / 1000;
                    *owner == entry.owner && ms >= *claimed && ms <= *until
                });
        if !inside {
            bad.entry(entry.chat).or_insert(format!(
                "{} sent for epoch {} at {} µs, outside its lease",
                entry.owner, entry.epoch, entry.at_us
            ));
        }
    }
    let mut previous: Option<(i64, i64, i64)> = None; // (chat, epoch, last send)
    for (&(chat, epoch), (owners, first, last)) in &spans {
        if owners.len() > 1 {
            bad.entry(chat)
                .or_insert(format!("epoch {epoch} sent from {owners:?}"));
        }
        if let Some((last_chat, last_epoch, last_sent)) = previous {
            if last_chat == chat && *first <= last_sent {
                bad.entry(chat).or_insert(format!(
                    "epoch {epoch} sent at {first} µs, epoch {last_epoch} still at {last_sent} µs"
                ));
            }
        }
        previous = Some((chat, epoch, *last));
    }
    found.double_driven = bad.len();
    for (chat, why) in bad {
        found.problem(format!("chat {chat} driven twice: {why}"));
    }
}

/// For each kill, each chat the victim held: the time to the first 2xx of a later ownership.
fn takeovers(found: &mut Findings, leases: &Leases, entries: &[Entry], kills: &[Kill]) {
    // (chat, epoch) → first 2xx, µs.
    let mut first_ok: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for entry in entries.iter().filter(|e| !e.sent) {
        let at = first_ok
            .entry((entry.chat, entry.epoch))
            .or_insert(entry.at_us);
        *at = (*at).min(entry.at_us);
    }
    for kill in kills {
        // The victim's last ownership of each chat it held at the kill.
        let mut held: BTreeMap<i64, i64> = BTreeMap::new();
        for (&(chat, epoch), (owner, claimed, _)) in leases {
            if *owner == kill.victim && claimed * 1000 < kill.at_us {
                held.insert(chat, epoch);
            }
        }
        let mut taken = Vec::new();
        for (chat, epoch) in held {
            // Chats with no later ownership ended before the kill (or were lost, which the
            // line counts show).
            match leases.get(&(chat, epoch + 1)) {
                Some((owner, claimed, _))
                    if *owner != kill.victim && claimed * 1000 >= kill.at_us =>
                {
                    match first_ok.get(&(chat, epoch + 1)) {
                        Some(&ok) => taken.push((ok - kill.at_us) as f64 / 1e6),
                        None => {
                            found.not_taken_over += 1;
                            found.problem(format!(
                                "chat {chat}: no 2xx after {}'s kill",
                                kill.victim
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        let slowest = taken.iter().copied().fold(0.0, f64::max);
        found.per_kill.push((taken.len(), slowest));
        found.takeovers.extend(taken);
    }
}
