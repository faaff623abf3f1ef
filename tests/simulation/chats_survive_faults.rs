//! The property: every generated chat keeps every invariant.
//!
//! The cases are split over one runner per core, each with its own seed. A failure prints that
//! runner's seed and case count (enough to replay it alone) and the shrunk scenario as a script.
//! Failures are not persisted to a regressions file: a persisted case is replayed from
//! proptest's internal seed, which silently means another scenario once the generators change.
//! Instead each bug found gets a focused, hand-written regression test in `tests/session/`.

use std::cell::RefCell;
use std::thread;

use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

use crate::invariants::check_all;
use crate::mix::Mix;
use crate::run::run;
use crate::scenario::scenario;

/// A few thousand short chats: every kind of fault many times over, in seconds.
const DEFAULT_CASES: u64 = 3_000;
/// From this many cases on, every kind of ending, line outcome and retry must have occurred.
const MIXED_FROM: u64 = 1_000;

fn env_u64(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
    )
}

/// Runs `cases` scenarios from `seed`; on failure, says how to replay exactly this runner.
fn simulate(seed: u64, cases: u64) -> Result<Mix, String> {
    let config = Config {
        cases: u32::try_from(cases).unwrap_or(u32::MAX),
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    };
    let mix = RefCell::new(Mix::default());
    let result = TestRunner::new(config).run(&scenario(), |scenario| {
        let trace = run(&scenario);
        mix.borrow_mut().add(&trace);
        check_all(&scenario, &trace)
            .map_err(|broken| TestCaseError::fail(format!("{broken}\n{}", trace.transcript(300))))
    });
    match result {
        Ok(()) => Ok(mix.into_inner()),
        Err(failure) => Err(format!(
            "{failure}\nreplay with SIM_SEED={seed} SIM_CASES={cases} SIM_THREADS=1"
        )),
    }
}

#[test]
fn chats_survive_faults() {
    let cases = env_u64("SIM_CASES").unwrap_or(DEFAULT_CASES);
    let threads = env_u64("SIM_THREADS")
        .or_else(|| thread::available_parallelism().ok().map(|n| n.get() as u64))
        .unwrap_or(1)
        .clamp(1, cases.max(1));
    let seed = env_u64("SIM_SEED").unwrap_or_else(|| {
        // A fresh seed per run explores new chats; a failure prints it.
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let runners: Vec<_> = (0..threads)
        .map(|i| {
            let share = cases / threads + u64::from(i < cases % threads);
            let seed = seed.wrapping_add(i);
            thread::spawn(move || simulate(seed, share))
        })
        .collect();
    let mut mix = Mix::default();
    let mut failures = Vec::new();
    for runner in runners {
        match runner.join().expect("a runner thread panicked") {
            Ok(part) => mix.merge(part),
            Err(failure) => failures.push(failure),
        }
    }
    if let Some(failure) = failures.first() {
        panic!("{failure}");
    }
    eprintln!("{cases} simulated chats (SIM_SEED={seed}, {threads} threads):\n{mix}");
    if cases >= MIXED_FROM {
        let missing = mix.missing();
        assert!(missing.is_empty(), "no run exercised {missing:?}");
    }
}
