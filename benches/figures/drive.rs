//! Poll round trips per second of one thread driving many chats, each against its own in-memory
//! emulator (one emulator holding every chat would scan them all on each request and measure the
//! emulator instead of the client).
//!
//! A round trip: `handle_timeout` → `poll_output` (the poll request) → `Emulator::handle` →
//! `handle_response` → drain `poll_output` to `Wait`. Every round advances the virtual clock 3 s
//! (the default chatting cadence, so each session has exactly one poll due); every 5th round the
//! agent says a line in every chat first, so a fifth of the polls carry a new event and the rest
//! are empty, as in a real chat. The same chats are also driven by a [`BarePoller`] side by side,
//! round by round. Client time and emulator time are clocked separately.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lp_server_chat::emulator::{Emulator, Exchange};
use lp_server_chat::{ChatSession, Output};

use crate::bare_poller::BarePoller;
use crate::setup;

/// Time spent by the client and by the emulator over some round trips.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spent {
    pub round_trips: u64,
    pub client: Duration,
    pub server: Duration,
}

impl Spent {
    pub fn per_second(&self) -> f64 {
        self.round_trips as f64 / (self.client + self.server).as_secs_f64()
    }

    pub fn client_per_second(&self) -> f64 {
        self.round_trips as f64 / self.client.as_secs_f64()
    }

    pub fn client_micros(&self) -> f64 {
        self.client.as_secs_f64() * 1e6 / self.round_trips as f64
    }

    pub fn server_micros(&self) -> f64 {
        self.server.as_secs_f64() * 1e6 / self.round_trips as f64
    }
}

pub struct DriveFigures {
    pub chats: usize,
    pub session: Spent,
    pub bare: Spent,
}

struct Chat<C> {
    client: C,
    server: Emulator,
    id: String,
}

fn session_round(chats: &mut [Chat<ChatSession>], now: Instant, spent: &mut Spent) {
    for chat in chats {
        let t0 = Instant::now();
        chat.client.handle_timeout(now);
        let Output::Transmit(poll) = chat.client.poll_output() else {
            panic!("a poll is due every 3 s");
        };
        let t1 = Instant::now();
        let exchange = chat.server.handle(&poll.request, now);
        let t2 = Instant::now();
        let Exchange::Respond(response) = exchange else {
            panic!("no faults planned");
        };
        chat.client
            .handle_response(poll.id, response, now)
            .expect("known request");
        drop(poll);
        loop {
            match chat.client.poll_output() {
                Output::Wait(at) => {
                    black_box(at);
                    break;
                }
                other => {
                    let _ = black_box(other);
                }
            }
        }
        let t3 = Instant::now();
        spent.round_trips += 1;
        spent.client += (t1 - t0) + (t3 - t2);
        spent.server += t2 - t1;
    }
}

fn bare_round(chats: &mut [Chat<BarePoller>], now: Instant, spent: &mut Spent) {
    for chat in chats {
        let t0 = Instant::now();
        let request = chat.client.request();
        let t1 = Instant::now();
        let exchange = chat.server.handle(&request, now);
        let t2 = Instant::now();
        let Exchange::Respond(response) = exchange else {
            panic!("no faults planned");
        };
        black_box(chat.client.handle(response.body()));
        drop(response);
        drop(request);
        let t3 = Instant::now();
        spent.round_trips += 1;
        spent.client += (t1 - t0) + (t3 - t2);
        spent.server += t2 - t1;
    }
}

fn agent_says(chats: &mut [Chat<impl Sized>], now: Instant) {
    for chat in chats {
        chat.server
            .agent_say(&chat.id, "Thanks, one moment while I check.", now);
    }
}

/// Drives `count` chats of each kind, alternating rounds, until each has been clocked for at least
/// `budget`.
pub fn measure(count: usize, budget: Duration) -> DriveFigures {
    // A fixed 3 s cadence, so every round is one poll per chat whatever the default policy.
    let mut config = setup::config();
    config.poll = lp_server_chat::PollPolicy::fixed(Duration::from_secs(3));
    let config = Arc::new(config);
    let mut now = Instant::now();
    let mut sessions = Vec::with_capacity(count);
    let mut bares = Vec::with_capacity(count);
    for i in 0..count as u64 {
        let (client, server, at) = setup::chatting_pair(config.clone(), i);
        let id = setup::only_chat(&server);
        sessions.push(Chat { client, server, id });
        now = now.max(at);

        let (session, server, at) = setup::chatting_pair(config.clone(), i);
        let id = setup::only_chat(&server);
        let base = server.chat(&id).expect("chat").events.len();
        let url = session.chat_url().expect("chat created").to_owned();
        bares.push(Chat {
            client: BarePoller::new(format!("{url}?from={base}")),
            server,
            id,
        });
        now = now.max(at);
    }
    let (mut session, mut bare) = (Spent::default(), Spent::default());
    let mut round = 0u64;
    while session.client + session.server < budget || bare.client + bare.server < budget {
        now += Duration::from_secs(3);
        if round % 5 == 4 {
            agent_says(&mut sessions, now);
            agent_says(&mut bares, now);
        }
        session_round(&mut sessions, now, &mut session);
        bare_round(&mut bares, now, &mut bare);
        round += 1;
    }
    DriveFigures {
        chats: count,
        session,
        bare,
    }
}
