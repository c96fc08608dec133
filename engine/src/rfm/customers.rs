//! The customers of a file by id, in first-seen order, each with its figures: what a file of a
//! million customers waits on (a lookup per order, at random in memory), so every lookup touches
//! as few cache lines as it can.
//!
//! - The index is an open-addressing table of `u64` slots (linear probing), each the top 32 bits
//!   of the id's hash (a tag) beside the customer's place: a probe usually reads one cache line
//!   of eight slots, and a tag that matches is almost always the customer.
//! - A customer's figures and where its id sits in the arena of ids share one 64-byte entry:
//!   the id is compared there (exact: two ids with one hash stay two customers), and the figures
//!   are then in the same cache line.
//! - The ids are kept end to end in one `String`, not a `String` each: no allocation per
//!   customer, and the index's keys cost only their bytes.
//!
//! Per customer: 64 bytes of entry, 11 to 21 of slots (at most three quarters full) and the id.

use std::ops::Range;

use super::hash::hash_bytes;

/// An empty slot: a customer's place is stored plus one.
const EMPTY: u64 = 0;

/// Slots in a new index (a power of two).
const INITIAL_SLOTS: usize = 1 << 12;

/// A customer's figures and where its id is in [`Customers::ids`], one cache line.
#[derive(Debug)]
#[repr(align(64))]
struct Entry<T> {
    figures: T,
    id: Range<usize>,
}

/// Customers with figures `T`, by id.
#[derive(Debug)]
pub(super) struct Customers<T> {
    slots: Vec<u64>,
    entries: Vec<Entry<T>>,
    ids: String,
}

impl<T: Default> Default for Customers<T> {
    fn default() -> Customers<T> {
        Customers { slots: vec![EMPTY; INITIAL_SLOTS], entries: Vec::new(), ids: String::new() }
    }
}

impl<T: Default> Customers<T> {
    /// The place of the customer `id`, added (with default figures) if it is new.
    pub(super) fn place(&mut self, id: &str) -> usize {
        let hash = hash_bytes(id.as_bytes());
        let tag = hash >> 32;
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == EMPTY {
                break;
            }
            if slot >> 32 == tag {
                let place = (slot as u32 - 1) as usize;
                if self.id(place) == id {
                    return place;
                }
            }
            at = (at + 1) & mask;
        }
        let place = self.entries.len();
        // Places are 32 bits in a slot: four billion customers would take 256 GB of entries.
        let stored = u32::try_from(place + 1).expect("fewer than 2³² customers");
        self.slots[at] = (tag << 32) | u64::from(stored);
        if self.entries.len() == self.entries.capacity() {
            // Half again, not double: a table of a million customers wastes less.
            self.entries.reserve_exact((self.entries.len() / 2).max(1024));
        }
        let start = self.ids.len();
        self.ids.push_str(id);
        self.entries.push(Entry { figures: T::default(), id: start..self.ids.len() });
        // At most three quarters full.
        if self.entries.len() * 4 > self.slots.len() * 3 {
            self.grow();
        }
        place
    }

    /// The id of the customer at `place`.
    pub(super) fn id(&self, place: usize) -> &str {
        &self.ids[self.entries[place].id.clone()]
    }

    pub(super) fn figures_mut(&mut self, place: usize) -> &mut T {
        &mut self.entries[place].figures
    }

    /// Every customer's id and figures, in first-seen order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.entries.iter().map(|e| (&self.ids[e.id.clone()], &e.figures))
    }

    /// Twice the slots, every customer placed again from its id's hash (the slots keep only
    /// the top half of it).
    fn grow(&mut self) {
        self.slots = vec![EMPTY; self.slots.len() * 2];
        let mask = self.slots.len() - 1;
        for (place, entry) in self.entries.iter().enumerate() {
            let hash = hash_bytes(self.ids[entry.id.clone()].as_bytes());
            let mut at = hash as usize & mask;
            while self.slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = ((hash >> 32) << 32) | (place as u64 + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_has_one_place_in_first_seen_order_across_growth() {
        let mut customers: Customers<u32> = Customers::default();
        let ids: Vec<String> = (0..10_000).map(|i| format!("C{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(customers.place(id), i);
            *customers.figures_mut(i) += 1;
        }
        for (i, id) in ids.iter().enumerate().rev() {
            assert_eq!(customers.place(id), i, "{id}");
        }
        assert_eq!(customers.len(), ids.len());
        assert!(customers.iter().map(|(id, _)| id).eq(ids.iter().map(String::as_str)));
        assert_eq!(std::mem::size_of::<Entry<[u64; 6]>>(), 64, "figures of 48 bytes and the id fit one cache line");
    }

    #[test]
    fn ids_whose_tags_match_are_told_apart_by_their_bytes() {
        let mut customers: Customers<()> = Customers::default();
        assert_eq!(customers.place("a"), 0);
        // Forge the collision a hash would make once in billions: customer "a" (place 0) under
        // b's tag, in b's first slot.
        let hash = hash_bytes(b"b");
        let home = hash as usize & (customers.slots.len() - 1);
        customers.slots[home] = ((hash >> 32) << 32) | 1;
        assert_eq!(customers.place("b"), 1, "b is not a");
        assert_eq!(customers.place("b"), 1);
        assert_eq!(customers.id(1), "b");
    }
}
