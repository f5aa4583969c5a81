//! Helpers shared by the tests of several crates. A dev-dependency only.

/// A small deterministic generator (xorshift64*), so that randomized tests need no dependency and
/// a failure reproduces from its seed and case number.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// One of `items`, chosen with [`Rng::below`] (so a test keeps its sequence). Panics on an empty
    /// slice, as indexing would: the callers pass fixed, non-empty tables.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn deterministic_and_bounded() {
        let (mut a, mut b) = (super::Rng(7), super::Rng(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
            assert_eq!(a.below(10), b.below(10));
            assert!(a.below(10) < 10 && b.below(10) < 10);
        }
        assert_eq!(a.below(0), 0);
    }
}
