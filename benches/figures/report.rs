//! The figures, laid out as the one table the bench prints, with each goal and whether it is met.

use std::time::Duration;

use lp_server_chat::EndReason;

use crate::baseline::Client;
use crate::decode::DecodeRow;
use crate::drive::DriveFigures;
use crate::efficiency::{PolicyRun, CHAT};
use crate::machine::Machine;
use crate::memory::{MemoryFigures, PerSession};
use crate::outage::{
    OutageRow, Reading, MARGIN, NETWORK_UP_INPUT, OUTAGE_START, RUN_AFTER, TIMEOUTS,
};
use crate::table::{Section, Table};

pub struct Figures {
    pub machine: Machine,
    pub latency: Duration,
    pub decode: Vec<DecodeRow>,
    pub memory: MemoryFigures,
    pub drive: DriveFigures,
    /// Ours, then the SDK cadence.
    pub efficiency: [PolicyRun; 2],
    pub outages: Vec<OutageRow>,
    pub wall: Duration,
}

const GOAL_BYTES: f64 = 2048.0;

fn f(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

fn s(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn met(ok: bool) -> String {
    if ok { "met" } else { "NOT met" }.to_owned()
}

fn decode_section(rows: &[DecodeRow]) -> (Section, bool) {
    let mut sec = Section::new(
        "1. CPU per poll: a chat-resource response through the session vs serde_json::Value",
        &[
            "events/poll",
            "body B",
            "session MB/s",
            "Value MB/s",
            "session ÷ Value",
            "session µs/poll",
            "Value µs/poll",
            "typed decode MB/s",
        ],
    );
    let mut ok = true;
    for r in rows {
        let ratio = r.session.mb_per_s() / r.value.mb_per_s();
        ok &= ratio >= 1.0;
        let micros = |mbps: f64| r.body_bytes as f64 / mbps;
        sec.row(vec![
            r.events.to_string(),
            r.body_bytes.to_string(),
            f(r.session.mb_per_s(), 1),
            f(r.value.mb_per_s(), 1),
            f(ratio, 2),
            f(micros(r.session.mb_per_s()), 1),
            f(micros(r.value.mb_per_s()), 1),
            f(r.typed.mb_per_s(), 1),
        ]);
    }
    sec.note("session = handle_response on the emulator's chat-resource body + draining poll_output to Wait, in a chatting session; every body brings new event ids (fresh session per round, resumed from one snapshot); building the next poll request is not timed");
    sec.note("Value = serde_json::from_slice::<Value> of the same bytes, then dropping it; typed decode = wire::decode::<ChatResource> alone (the session's parse without links, dedup or events)");
    sec.note(format!(
        "MB = 10^6 bytes; methods alternate round by round; {} / {} / {} bodies per round; the counting allocator is active for all columns",
        rows.first().map_or(0, |r| r.bodies_per_round),
        rows.get(1).map_or(0, |r| r.bodies_per_round),
        rows.get(2).map_or(0, |r| r.bodies_per_round),
    ));
    sec.note(format!(
        "goal: session ÷ Value ≥ 1.00 at every size: {}",
        met(ok)
    ));
    (sec, ok)
}

fn memory_row(sec: &mut Section, name: &str, inline: usize, heap: PerSession) -> f64 {
    let total = inline as f64 + heap.heap;
    sec.row(vec![
        name.to_owned(),
        inline.to_string(),
        f(heap.heap, 0),
        f(heap.blocks, 1),
        f(total, 0),
        f(total / GOAL_BYTES, 2),
    ]);
    total
}

fn memory_section(m: &MemoryFigures) -> (Section, bool) {
    let mut sec = Section::new(
        "2. Memory per idle chatting session (all sessions share one Arc<ChatConfig>)",
        &[
            "session",
            "inline B",
            "heap B",
            "heap blocks",
            "total B",
            "÷ 2 KiB",
        ],
    );
    memory_row(&mut sec, "idle, just created", m.inline, m.idle);
    let chatting = memory_row(
        &mut sec,
        "chatting, brought there through Link",
        m.inline,
        m.chatting,
    );
    let one = memory_row(
        &mut sec,
        "chatting, resumed from its snapshot",
        m.inline,
        m.resumed_one,
    );
    let many_heap = PerSession {
        heap: m.resumed_many.heap - m.inline as f64,
        blocks: m.resumed_many.blocks,
    };
    let many = memory_row(
        &mut sec,
        &format!("chatting, resumed ×{} (per session, Vec included)", m.many),
        m.inline,
        many_heap,
    );
    memory_row(
        &mut sec,
        "bare poller (its next URL only)",
        m.bare_inline,
        m.bare,
    );
    let ok = [chatting, one, many].iter().all(|t| *t <= GOAL_BYTES);
    sec.note("inline = size_of::<ChatSession>(), held wherever the host keeps the session; heap = bytes it owns, counted by a global allocator (requested sizes; malloc adds ~8–16 B per block)");
    sec.note(format!(
        "the shared ChatConfig holds {} B of heap once, not per session; the ×{} sessions hold {:.1} MB in all, Vec included",
        m.shared_config,
        m.many,
        m.resumed_many.heap * m.many as f64 / 1e6
    ));
    sec.note(format!(
        "where the heap goes: {:.0} B is the origin URL (all an idle session has); chatting adds {:.0} B in {:.0} blocks: the chat URL, the link table (8 relations) with one short suffix per link, the agent's name",
        m.idle.heap,
        m.resumed_one.heap - m.idle.heap,
        m.resumed_one.blocks - m.idle.blocks
    ));
    sec.note(format!(
        "a session brought to chatting through requests holds {:.0} B more heap than one resumed from its snapshot (buffers kept from its work)",
        m.chatting.heap - m.resumed_one.heap
    ));
    sec.note(format!(
        "goal: under 2 KiB (2 048 B) per idle chatting session, inline + heap: {}",
        met(ok)
    ));
    (sec, ok)
}

fn drive_section(d: &DriveFigures) -> Section {
    let mut sec = Section::new(
        format!(
            "3. Drive rate: one thread, {} chats, full poll round trips against the in-memory emulator",
            d.chats
        ),
        &[
            "client",
            "round trips/s",
            "client µs/trip",
            "emulator µs/trip",
            "client-only trips/s",
            "client CPU ÷ bare",
        ],
    );
    for (name, spent) in [("ChatSession", d.session), ("bare poller", d.bare)] {
        sec.row(vec![
            name.to_owned(),
            f(spent.per_second(), 0),
            f(spent.client_micros(), 2),
            f(spent.server_micros(), 2),
            f(spent.client_per_second(), 0),
            f(spent.client_micros() / d.bare.client_micros(), 2),
        ]);
    }
    sec.note("round trip = handle_timeout → poll_output (request) → Emulator::handle → handle_response → drain to Wait; every 5th round the agent says a line in every chat first (1 poll in 5 carries an event)");
    sec.note("bare poller = format the GET, serde_json::Value parse, take the next link, count events: no retries, dedup, typed events or link checks");
    sec.note(format!(
        "{} round trips per client; each chat has its own emulator; client and emulator time are clocked apart",
        d.session.round_trips
    ));
    sec
}

fn efficiency_section(runs: &[PolicyRun; 2], latency: Duration) -> (Section, bool) {
    let [ours, sdk] = runs;
    let mut sec = Section::new(
        format!(
            "4. Network efficiency: {} simulated {}-minute chats per client, {} ms response latency",
            ours.chats,
            CHAT.as_secs() / 60,
            latency.as_millis()
        ),
        &[
            "client",
            "requests/chat-min",
            "polls/chat-min",
            "agent lines",
            "mean delay s",
            "p95 delay s",
        ],
    );
    for run in runs {
        sec.row(vec![
            run.client.name().to_owned(),
            f(run.requests_per_minute(), 1),
            f(run.polls_per_minute(), 1),
            run.delays.len().to_string(),
            s(run.mean_delay()),
            s(run.p95_delay()),
        ]);
    }
    let ratio = |a: f64, b: f64| f(a / b, 2);
    sec.row(vec![
        "ours ÷ SDK".to_owned(),
        ratio(ours.requests_per_minute(), sdk.requests_per_minute()),
        ratio(ours.polls_per_minute(), sdk.polls_per_minute()),
        String::new(),
        ratio(
            ours.mean_delay().as_secs_f64(),
            sdk.mean_delay().as_secs_f64(),
        ),
        ratio(
            ours.p95_delay().as_secs_f64(),
            sdk.p95_delay().as_secs_f64(),
        ),
    ]);
    let ok = ours.requests_per_minute() <= REQUESTS_GOAL * sdk.requests_per_minute()
        && ours.mean_delay() <= sdk.mean_delay()
        && ours.p95_delay() <= sdk.p95_delay();
    sec.note("agent accepts 5–15 s after the request, types 2–5 s, greets; replies 5–60 s after each visitor line, typing for its last 2–8 s; the visitor answers 2–10 s after seeing each agent line; seeds 1..=N, the same for both clients");
    sec.note("requests = everything sent (chat request, polls, lines); delay = agent line said on the server → Event::Line handed to the application, virtual clock");
    sec.note("ours = ChatConfig defaults: poll 4 s while waiting, 5 s while chatting, 1.5 s while the agent types, 1.5 s for 3 s after a visitor line; SDK = fixed 2 s start-to-start (see benches/figures/baseline.rs)");
    sec.note(format!(
        "goal: at most {REQUESTS_GOAL:.2}x the requests of the 2 s cadence at no worse mean and p95 delay: {}",
        met(ok)
    ));
    (sec, ok)
}

/// The outcome of the rows a goal judges: met, or how many of them miss it.
struct Verdict {
    judged: usize,
    missed: usize,
}

impl Verdict {
    fn of<'a>(
        rows: impl IntoIterator<Item = &'a OutageRow>,
        ok: impl Fn(&OutageRow) -> bool,
    ) -> Self {
        let mut verdict = Verdict {
            judged: 0,
            missed: 0,
        };
        for row in rows {
            verdict.judged += 1;
            verdict.missed += usize::from(!ok(row));
        }
        verdict
    }

    fn status(&self) -> String {
        if self.judged == 0 {
            "no rows".to_owned()
        } else if self.missed == 0 {
            met(true)
        } else {
            format!("NOT met ({} of {} rows)", self.missed, self.judged)
        }
    }
}

/// What the goals ask of the client, judged on this crate's rows (both readings).
struct OutageGoals {
    /// Every outage up to `T − 8 s` survives the harsh reading.
    short_ones_survive: Verdict,
    /// The next agent line within 10 s of the network's return, whenever the chat survived.
    prompt_recovery: Verdict,
    /// A lost chat reported as timed out within 10 s of the network's return.
    lost_reported_timeout: Verdict,
    /// At most 12 requests per minute of outage.
    frugal: Verdict,
}

/// Requests per chat-minute, as a share of the SDK cadence's, that the default polling may send.
const REQUESTS_GOAL: f64 = 0.60;
const RECOVERY_GOAL_S: f64 = 10.0;
const REPORT_GOAL_S: f64 = 10.0;
const REQUESTS_PER_MINUTE_GOAL: f64 = 12.0;

fn outage_goals(rows: &[OutageRow]) -> OutageGoals {
    let ours = || rows.iter().filter(|r| r.contender.client == Client::Ours);
    OutageGoals {
        short_ones_survive: Verdict::of(
            ours().filter(|r| r.reading == Reading::Harsh && r.must_survive()),
            |r| r.survived,
        ),
        prompt_recovery: Verdict::of(ours().filter(|r| r.survived), |r| {
            r.recovery_to_line
                .is_some_and(|d| d.as_secs_f64() <= RECOVERY_GOAL_S)
        }),
        lost_reported_timeout: Verdict::of(
            ours().filter(|r| !r.survived),
            |r| matches!(&r.reported, Some((EndReason::Timeout, after)) if *after <= REPORT_GOAL_S),
        ),
        frugal: Verdict::of(ours(), |r| {
            r.busiest_minute as f64 <= REQUESTS_PER_MINUTE_GOAL
        }),
    }
}

fn reported(row: &OutageRow) -> (String, String) {
    match &row.reported {
        Some((reason, after)) => {
            let why = match reason {
                EndReason::Refused(lp_server_chat::Refusal { status, .. }) => {
                    format!("Refused({status})")
                }
                other => format!("{other:?}"),
            };
            (format!("{after:+.1}"), why)
        }
        None if row.survived => ("—".to_owned(), "—".to_owned()),
        None => ("—".to_owned(), "never".to_owned()),
    }
}

fn outage_section(title: String, rows: &[&OutageRow]) -> Section {
    let mut sec = Section::new(
        title,
        &[
            "client",
            "timeout s",
            "outage s",
            "survives",
            "requests during",
            "per outage-min",
            "busiest 60 s",
            "recovery → agent line s",
            "reported s",
            "reported as",
            "chat on server",
        ],
    );
    let mut last_timeout = None;
    for r in rows {
        if last_timeout.is_some_and(|t| t != r.timeout) {
            sec.row(Vec::new());
        }
        last_timeout = Some(r.timeout);
        let (when, why) = reported(r);
        sec.row(vec![
            r.contender.label(),
            r.timeout.to_string(),
            r.outage.as_secs().to_string(),
            if r.survived { "yes" } else { "no" }.to_owned(),
            r.requests_during.to_string(),
            f(r.requests_per_minute(), 1),
            r.busiest_minute.to_string(),
            r.recovery_to_line.map_or_else(|| "—".to_owned(), s),
            when,
            why,
            if r.alive_on_server {
                "alive"
            } else {
                "dropped"
            }
            .to_owned(),
        ]);
    }
    sec
}

fn outage_sections(rows: &[OutageRow], goals: &OutageGoals) -> [Section; 2] {
    let of = |reading: Reading| {
        rows.iter()
            .filter(|r| r.reading == reading)
            .collect::<Vec<_>>()
    };
    let start = OUTAGE_START.as_secs();
    let mut harsh = outage_section(
        format!("5. Outage survival, harsh reading: LivePerson's edge answers 5xx from {start} s into the chat, before any request reaches it"),
        &of(Reading::Harsh),
    );
    let mut down = outage_section(
        format!("6. Outage survival, unreachable server: every connection refused from {start} s into the chat"),
        &of(Reading::Unreachable),
    );
    harsh.note("harsh reading = FaultPlan::server_errors_during: a 503 (internalCode 27) or 500 (internalCode 28) is answered before the request reaches the chat, so nothing is applied and the chat's idle timer is not refreshed; the server drops the chat once no request has reached it for its timeout");
    harsh.note(format!("survives = never reported ended, still chatting {} s after the outage, and the agent line said 30 s after it reached the application", RUN_AFTER.as_secs()));
    harsh.note("requests during = requests sent inside the outage window; per outage-min = the same per minute of outage; busiest 60 s = the most sent in any minute of it, the rate the server sees (an outage shorter than a minute has at most its own count); recovery → agent line = end of the outage → the application shows the next agent line (said mid-outage)");
    harsh.note("reported s / as = when (from the end of the outage; negative: during it) and how the session reported the chat over (EndReason); never = the chat is lost but the session still says it is on");
    harsh.note(format!(
        "timeout = chat_request.interaction_timeout, which the emulator honours; outages from 5 s to twice the timeout, T − {} s included; the SDK cadence gives up after {} consecutive failed polls (~18 s) whatever the timeout",
        MARGIN.as_secs(),
        crate::baseline::FAILURE_TOLERANCE
    ));
    harsh.note(format!(
        "goal: every outage up to T − {} s survives: {}",
        MARGIN.as_secs(),
        goals.short_ones_survive.status()
    ));
    down.note("same columns as 5; the refused connections never reach the server either, so the chat's idle timer runs the same way");
    if NETWORK_UP_INPUT {
        down.note("ours + network-up input = the host tells the session the network is back at the end of the outage");
    } else {
        down.note("rows with the connectivity input (the host telling the session the network is back) appear once the session takes it: see network_up in benches/figures/outage.rs");
    }
    down.note(format!(
        "goals on ours, both tables: recovery ≤ {RECOVERY_GOAL_S:.0} s after the outage when the chat survives: {}; a lost chat reported as Timeout ≤ {REPORT_GOAL_S:.0} s after it: {}; ≤ {REQUESTS_PER_MINUTE_GOAL:.0} requests in any minute of outage: {}",
        goals.prompt_recovery.status(),
        goals.lost_reported_timeout.status(),
        goals.frugal.status()
    ));
    [harsh, down]
}

pub fn table(fig: &Figures) -> Table {
    let m = &fig.machine;
    let (decode, decode_ok) = decode_section(&fig.decode);
    let (memory, memory_ok) = memory_section(&fig.memory);
    let drive = drive_section(&fig.drive);
    let (efficiency, efficiency_ok) = efficiency_section(&fig.efficiency, fig.latency);
    let outage_goals = outage_goals(&fig.outages);
    let [harsh, unreachable] = outage_sections(&fig.outages, &outage_goals);
    let mut goals = Section::new("Goals", &["goal", "status"]);
    goals.row(vec![
        "1. session no slower than a Value parse of the same bytes".into(),
        met(decode_ok),
    ]);
    goals.row(vec![
        "2. under 2 KiB per idle chatting session".into(),
        met(memory_ok),
    ]);
    goals.row(vec![
        format!("4. at most {REQUESTS_GOAL:.2}x the requests of the 2 s cadence at no worse delay"),
        met(efficiency_ok),
    ]);
    goals.row(vec![
        format!(
            "5. every outage up to T − {} s survives the harsh reading ({})",
            MARGIN.as_secs(),
            TIMEOUTS
                .iter()
                .map(|t| format!("{} s at {t}", u64::from(*t) - MARGIN.as_secs()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        outage_goals.short_ones_survive.status(),
    ]);
    goals.row(vec![
        format!("5, 6. next agent line ≤ {RECOVERY_GOAL_S:.0} s after the network returns, every surviving outage"),
        outage_goals.prompt_recovery.status(),
    ]);
    goals.row(vec![
        format!("5, 6. a chat lost in an outage reported as timed out ≤ {REPORT_GOAL_S:.0} s after the network returns"),
        outage_goals.lost_reported_timeout.status(),
    ]);
    goals.row(vec![
        format!(
            "5, 6. at most {REQUESTS_PER_MINUTE_GOAL:.0} requests in any minute of outage per chat"
        ),
        outage_goals.frugal.status(),
    ]);
    Table {
        title: "lp-server-chat figures (cargo bench --bench figures)".to_owned(),
        facts: vec![
            ("date".into(), m.date.clone()),
            ("cpus".into(), m.cpus.to_string()),
            ("cpu".into(), m.cpu_model.clone()),
            ("profile".into(), "bench (release), one thread".into()),
            (
                "bench wall time".into(),
                format!("{:.1} s", fig.wall.as_secs_f64()),
            ),
        ],
        sections: vec![decode, memory, drive, efficiency, harsh, unreachable, goals],
    }
}
