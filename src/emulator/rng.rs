//! A tiny deterministic PRNG (SplitMix64): every random choice of the emulator comes from here,
//! so a run is reproducible from `EmulatorConfig::seed` alone.

/// The session's SplitMix64, split into independent streams and given the helpers test data needs.
#[derive(Debug, Clone)]
pub(crate) struct Rng(crate::rng::Rng);

impl Rng {
    /// A generator for one independent stream: `stream` separates ids, faults and cosmetics so
    /// that turning a fault on does not change the chat ids a test sees.
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        Rng(crate::rng::Rng::new(
            seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03),
        ))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n`; 0 when `n` is 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// True with probability `p` (clamped to 0..=1). Always draws, so the stream position does
    /// not depend on `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.0.fraction() < p.clamp(0.0, 1.0)
    }

    /// `n` decimal digits, the first one non-zero.
    pub(crate) fn digits(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        for i in 0..n {
            let d = if i == 0 {
                1 + self.below(9)
            } else {
                self.below(10)
            };
            s.push(char::from(b'0' + d as u8));
        }
        s
    }

    /// `n` lower-case hex digits.
    pub(crate) fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        (0..n)
            .map(|_| char::from(HEX[(self.next_u64() & 15) as usize]))
            .collect()
    }

    /// A GUID-shaped string (8-4-4-4-12 hex).
    pub(crate) fn guid(&mut self) -> String {
        format!(
            "{}-{}-{}-{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(4),
            self.hex(4),
            self.hex(12)
        )
    }

    /// A URL-safe base64-looking token of `n` characters (App Engagement ids look like this).
    pub(crate) fn token(&mut self, n: usize) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..n)
            .map(|_| char::from(ALPHABET[(self.next_u64() & 63) as usize]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(7, 1);
        let mut b = Rng::new(7, 1);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut c = Rng::new(7, 2);
        assert_ne!(Rng::new(7, 1).next_u64(), c.next_u64());
    }

    #[test]
    fn digits_have_no_leading_zero() {
        let mut r = Rng::new(1, 0);
        for _ in 0..100 {
            let d = r.digits(19);
            assert_eq!(d.len(), 19);
            assert!(!d.starts_with('0'));
        }
    }
}
