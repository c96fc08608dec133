//! The set of (customer, order) pairs seen on non-cancelled lines, which Frequency counts: one
//! `u64` per pair, the pair's 64-bit hash ([`super::hash::order_pair`]), in an open-addressing
//! table (linear probing: a new pair's search usually stays in one cache line of eight slots).
//!
//! Only the hash is kept, 8 bytes an order where the ids would take a string each: two pairs of
//! one file share a hash with odds of about n²/2⁶⁵ for n orders — one in 6 million for the
//! 2.5 million orders of a 10-million-line file —, and then one customer's Frequency is one
//! short. Frequency is exact in practice.

/// An empty slot; a pair whose hash is 0 is stored as [`ZERO`] (its odds of meeting a pair that
/// really hashes to 1 are those of any two pairs sharing a hash).
const EMPTY: u64 = 0;
const ZERO: u64 = 1;

/// Slots in a new set (a power of two).
const INITIAL_SLOTS: usize = 1 << 12;

#[derive(Debug, Clone)]
pub(super) struct OrderSet {
    slots: Vec<u64>,
    len: usize,
}

impl Default for OrderSet {
    fn default() -> OrderSet {
        OrderSet { slots: vec![EMPTY; INITIAL_SLOTS], len: 0 }
    }
}

/// A pair and its first slot, read before it is needed (see [`OrderSet::read_ahead`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Ahead {
    pair: u64,
    first: u64,
    /// Pairs in the set when the slot was read: a set added to since is read again.
    len: usize,
}

impl OrderSet {
    /// `pair`'s first slot, read now: a file of a million customers waits on memory for each of
    /// its orders, here and in the customer index, and reading both before using either lets
    /// the two waits overlap.
    pub(super) fn read_ahead(&self, pair: u64) -> Ahead {
        let pair = if pair == EMPTY { ZERO } else { pair };
        Ahead { pair, first: self.slots[pair as usize & (self.slots.len() - 1)], len: self.len }
    }

    /// Adds the pair read ahead; true if it was not there.
    pub(super) fn insert(&mut self, ahead: Ahead) -> bool {
        let pair = ahead.pair;
        // At most three quarters full: 11 to 21 bytes an order, and short probes.
        let grows = (self.len + 1) * 4 > self.slots.len() * 3;
        if grows {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = pair as usize & mask;
        // The slot read ahead is of this table only if nothing was added and it did not grow.
        let mut slot = if ahead.len == self.len && !grows { ahead.first } else { self.slots[at] };
        loop {
            match slot {
                EMPTY => {
                    self.slots[at] = pair;
                    self.len += 1;
                    return true;
                }
                slot if slot == pair => return false,
                _ => {
                    at = (at + 1) & mask;
                    slot = self.slots[at];
                }
            }
        }
    }

    fn grow(&mut self) {
        let bigger = vec![EMPTY; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for pair in old.into_iter().filter(|&p| p != EMPTY) {
            let mut at = pair as usize & mask;
            while self.slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = pair;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_new_once_across_growth_and_zero_is_a_pair_too() {
        let mut set = OrderSet::default();
        let insert = |set: &mut OrderSet, pair: u64| set.insert(set.read_ahead(pair));
        assert!(insert(&mut set, 0));
        assert!(!insert(&mut set, 0));
        for pair in 1..20_000u64 {
            assert!(insert(&mut set, pair.wrapping_mul(0x9E37_79B9_7F4A_7C15)), "{pair}");
        }
        for pair in 1..20_000u64 {
            assert!(!insert(&mut set, pair.wrapping_mul(0x9E37_79B9_7F4A_7C15)), "{pair}");
        }
        assert_eq!(set.len, 20_000);
        assert!(set.slots.len() * 3 >= set.len * 4);
        // Read ahead, then added to (in its slot, and grown) before it is added: read again.
        let mut set = OrderSet::default();
        let ahead = set.read_ahead(7);
        insert(&mut set, 7);
        for pair in 100..4_000u64 {
            insert(&mut set, pair);
        }
        assert!(!set.insert(ahead), "7 was added since");
        assert!(set.insert(set.read_ahead(8)));
    }

    #[test]
    fn a_pair_already_there_is_found_when_its_insert_grows_the_set() {
        // Found in review: the slot read ahead was of the old table, so a repeat pair whose insert
        // grew the set was probed for from a slot never looked at, and could be added twice.
        let pair = |i: u64| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut full = OrderSet::default();
        let mut n = 0;
        while (full.len + 1) * 4 <= full.slots.len() * 3 {
            full.insert(full.read_ahead(pair(n)));
            n += 1;
        }
        for known in 0..n {
            // Each insert of a pair already there, read ahead at the brink, grows the set.
            let mut set = full.clone();
            assert!(!set.insert(set.read_ahead(pair(known))), "pair {known} added twice");
            assert_eq!(set.len, full.len);
        }
    }
}
