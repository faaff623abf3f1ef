//! A small seeded generator (SplitMix64) for simulated people's timings and words: the same seed
//! replays the same run.

use std::time::Duration;

const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

pub struct Rng(u64);

impl Rng {
    /// The generator for `seed`, mixed with SplitMix64's constant first.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ GAMMA)
    }

    /// The generator whose state starts at `state` itself, unmixed: the crash test's kill times
    /// and the bench's people were seeded this way, and their seeds must replay the same runs.
    pub fn with_state(state: u64) -> Self {
        Self(state)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[low, high]`; `low` when the range is empty.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high.saturating_sub(low).saturating_add(1)).max(1)
    }

    /// A duration in `[low_ms, high_ms]` milliseconds.
    pub fn millis(&mut self, low_ms: u64, high_ms: u64) -> Duration {
        Duration::from_millis(self.between(low_ms, high_ms))
    }

    /// An index below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
