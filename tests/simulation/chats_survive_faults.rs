//! The property: every generated chat keeps every invariant.
//!
//! A failure prints the run's seed and the shrunk scenario as a script. Failures are not
//! persisted to a regressions file: a persisted case is replayed from proptest's internal seed,
//! which silently means another scenario once the generators change. Instead each bug found
//! gets a focused, hand-written regression test in `tests/session/`, and `SIM_SEED` replays a
//! whole run exactly.

use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

use crate::invariants::check_all;
use crate::run::run;
use crate::scenario::scenario;

/// Enough for CI to cover every kind of fault many times over in a few seconds.
const DEFAULT_CASES: u32 = 2_000;

fn env_u64(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
    )
}

#[test]
fn chats_survive_faults() {
    let cases = env_u64("SIM_CASES").map_or(DEFAULT_CASES, |n| n as u32);
    let seed = env_u64("SIM_SEED").unwrap_or_else(|| {
        // A fresh seed per run explores new chats; it is printed with any failure.
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let config = Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&scenario(), |scenario| {
        let trace = run(&scenario);
        check_all(&scenario, &trace)
            .map_err(|broken| TestCaseError::fail(format!("{broken}\n{}", trace.transcript(300))))
    });
    if let Err(failure) = result {
        panic!("{failure}\nreplay this run with SIM_SEED={seed} SIM_CASES={cases}");
    }
}
