//! The session's only source of randomness: a small PRNG seeded by the host.
//!
//! The core never draws OS randomness, so a seed fully determines every jitter
//! decision; the state is plain data so snapshots can carry it across restarts.

use serde::{Deserialize, Serialize};

/// SplitMix64: tiny, fast, and good enough for spreading retry times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform fraction in `[0, 1)`.
    pub(crate) fn fraction(&mut self) -> f64 {
        // 53 random bits fill an f64 mantissa exactly.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn fractions_stay_in_unit_interval() {
        let mut rng = Rng::new(7);
        for _ in 0..10_000 {
            let f = rng.fraction();
            assert!((0.0..1.0).contains(&f), "{f}");
        }
    }
}
