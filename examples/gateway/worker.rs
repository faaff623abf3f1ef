//! The store on a thread of its own, so the chats' tasks never block the runtime on the database.
//!
//! Writes that arrive while one is being applied go together in the next transaction (a group
//! commit): with hundreds of chats draining at once, the store commits a few times per
//! millisecond at most instead of once per drain. Each drain still gets its own outcome.

use std::collections::VecDeque;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::store::{Claimed, DrainWrite, Store, StoreError, Written};

/// Writes applied in one transaction at most.
const MAX_BATCH: usize = 256;

enum Job {
    /// A write, when it was sent, and where to answer.
    Write(
        DrainWrite,
        Instant,
        oneshot::Sender<Result<Written, StoreError>>,
    ),
    Claim {
        owner: String,
        limit: usize,
        reply: oneshot::Sender<Result<Vec<Claimed>, StoreError>>,
    },
    OpenChats(oneshot::Sender<Result<u64, StoreError>>),
}

/// How busy the store's thread has been.
#[derive(Debug, Default, Clone)]
pub struct WorkerStats {
    /// Transactions of writes, and the writes in them.
    pub batches: u64,
    pub writes: u64,
    /// Time spent applying writes, all batches.
    pub busy: Duration,
    /// Each write's time in the store, µs: from its sending to its answer, waiting behind
    /// other work of the store's thread included.
    pub write_us: Vec<u32>,
}

/// Sends work to the store's thread. Cheap to clone; the thread ends when the last one is
/// dropped.
#[derive(Clone)]
pub struct StoreHandle {
    jobs: mpsc::Sender<Job>,
    stats: Arc<Mutex<WorkerStats>>,
}

fn gone() -> StoreError {
    StoreError("the store's thread has stopped".to_owned())
}

impl StoreHandle {
    /// Starts the thread that owns `store`; every write renews its lease by `lease`.
    pub fn spawn(store: Box<dyn Store>, lease: Duration) -> Result<Self, String> {
        let (jobs, queue) = mpsc::channel();
        let stats = Arc::new(Mutex::new(WorkerStats::default()));
        let shared = Arc::clone(&stats);
        std::thread::Builder::new()
            .name("store".to_owned())
            .spawn(move || serve(store, lease, queue, shared))
            .map_err(|e| format!("cannot start the store's thread: {e}"))?;
        Ok(Self { jobs, stats })
    }

    /// Applies one drain's write.
    pub async fn write(&self, write: DrainWrite) -> Result<Written, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Write(write, Instant::now(), reply))
            .map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Claims up to `limit` chats whose lease has run out.
    pub async fn claim(&self, owner: &str, limit: usize) -> Result<Vec<Claimed>, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Claim {
                owner: owner.to_owned(),
                limit,
                reply,
            })
            .map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// How many chats are still open.
    pub async fn open_chats(&self) -> Result<u64, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job::OpenChats(reply)).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// The thread's figures so far.
    pub fn stats(&self) -> WorkerStats {
        self.stats.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

fn serve(
    mut store: Box<dyn Store>,
    lease: Duration,
    queue: mpsc::Receiver<Job>,
    stats: Arc<Mutex<WorkerStats>>,
) {
    // Jobs taken from the queue while gathering a batch, to run after it.
    let mut held: VecDeque<Job> = VecDeque::new();
    loop {
        let job = match held.pop_front() {
            Some(job) => job,
            None => match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        match job {
            Job::Write(write, sent, reply) => {
                let mut writes = vec![write];
                let mut replies = vec![(sent, reply)];
                while writes.len() < MAX_BATCH && held.is_empty() {
                    match queue.try_recv() {
                        Ok(Job::Write(write, sent, reply)) => {
                            writes.push(write);
                            replies.push((sent, reply));
                        }
                        Ok(other) => held.push_back(other),
                        Err(_) => break,
                    }
                }
                let started = Instant::now();
                let outcome = store.write(&writes, lease);
                let done = Instant::now();
                if let Ok(mut stats) = stats.lock() {
                    stats.batches += 1;
                    stats.writes += writes.len() as u64;
                    stats.busy += done - started;
                    for (sent, _) in &replies {
                        let us = done.saturating_duration_since(*sent).as_micros();
                        stats.write_us.push(u32::try_from(us).unwrap_or(u32::MAX));
                    }
                }
                let outcomes = match outcome {
                    Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(e); replies.len()],
                };
                for ((_, reply), written) in replies.into_iter().zip(outcomes) {
                    // A chat that went away meanwhile needs no answer.
                    let _ = reply.send(written);
                }
            }
            Job::Claim {
                owner,
                limit,
                reply,
            } => {
                let _ = reply.send(store.claim(&owner, lease, limit));
            }
            Job::OpenChats(reply) => {
                let _ = reply.send(store.open_chats());
            }
        }
    }
}
