//! The customers of a file by id, in first-seen order, each with its figures: what a file of a
//! million customers waits on (a lookup per order, at random in memory), so every lookup touches
//! as few cache lines as it can.
//!
//! - The index is an open-addressing table of `u64` slots (linear probing), each the top 32 bits
//!   of the id's hash (a tag) beside the customer's place: a probe usually reads one cache line
//!   of eight slots, and a tag that matches is almost always the customer.
//! - A customer's figures and its id share one 64-byte entry: an id of up to 15 bytes (most
//!   customer numbers) is kept in the entry itself and compared there, as two words (exact: two
//!   ids with one hash stay two customers), and the figures are then in the same cache line.
//! - Longer ids (e-mails) are kept end to end in one `String`, not a `String` each: no
//!   allocation per customer, and the index's keys cost only their bytes.
//!
//! Per customer: 64 bytes of entry, 11 to 21 of slots (at most three quarters full) and the id.

use super::hash::hash_bytes;

/// An empty slot: a customer's place is stored plus one.
const EMPTY: u64 = 0;

/// Slots in a new index (a power of two).
const INITIAL_SLOTS: usize = 1 << 12;

/// A customer's figures and its id, one cache line.
#[derive(Debug)]
#[repr(align(64))]
struct Entry<T> {
    figures: T,
    id: Id,
}

/// An id of up to [`INLINE`] bytes as itself (byte 0 its length, then the bytes, then zeros), a
/// longer one as [`LONG`] then its length (bytes 4..8) and where it starts in [`Customers::ids`]
/// (bytes 8..16). Two ids are the same when their `Id`s are, or both are long and their bytes
/// in the arena are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Id([u8; 16]);

const INLINE: usize = 15;
const LONG: u8 = 0xFF;

impl Id {
    /// The id as an entry keeps it, if it is short enough.
    fn inline(id: &str) -> Option<Id> {
        (id.len() <= INLINE).then(|| {
            let mut bytes = [0; 16];
            bytes[0] = id.len() as u8;
            bytes[1..=id.len()].copy_from_slice(id.as_bytes());
            Id(bytes)
        })
    }

    /// A long id, kept at the end of `arena`.
    fn long(id: &str, arena: &mut String) -> Id {
        let mut bytes = [0; 16];
        bytes[0] = LONG;
        // One cell of one record, which the stream holds whole in memory: far below 4 GiB.
        let len = u32::try_from(id.len()).expect("an id shorter than 4 GiB");
        bytes[4..8].copy_from_slice(&len.to_le_bytes());
        bytes[8..16].copy_from_slice(&(arena.len() as u64).to_le_bytes());
        arena.push_str(id);
        Id(bytes)
    }

    fn get<'a>(&'a self, arena: &'a str) -> &'a str {
        if self.0[0] != LONG {
            let bytes = &self.0[1..=usize::from(self.0[0])];
            return std::str::from_utf8(bytes).expect("a short id is kept whole");
        }
        let len = u32::from_le_bytes([self.0[4], self.0[5], self.0[6], self.0[7]]) as usize;
        let start = u64::from_le_bytes(self.0[8..16].try_into().unwrap_or_default()) as usize;
        &arena[start..start + len]
    }
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
    /// The place of the customer `id` (whose [`hash_bytes`] is `hash`), added (with default
    /// figures) if it is new.
    pub(super) fn place(&mut self, id: &str, hash: u64) -> usize {
        let short = Id::inline(id);
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
                if self.is(place, id, short) {
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
        let id = short.unwrap_or_else(|| Id::long(id, &mut self.ids));
        self.entries.push(Entry { figures: T::default(), id });
        // At most three quarters full.
        if self.entries.len() * 4 > self.slots.len() * 3 {
            self.grow();
        }
        place
    }

    /// Whether the customer at `place` is `id` (`short`: [`Id::inline`] of it).
    fn is(&self, place: usize, id: &str, short: Option<Id>) -> bool {
        let kept = self.entries[place].id;
        match short {
            Some(short) => kept == short,
            None => kept.0[0] == LONG && kept.get(&self.ids) == id,
        }
    }

    /// Whether the customer at `place` is `id`.
    pub(super) fn is_at(&self, place: usize, id: &str) -> bool {
        self.is(place, id, Id::inline(id))
    }

    /// The id of the customer at `place`.
    #[cfg(test)]
    fn id(&self, place: usize) -> &str {
        self.entries[place].id.get(&self.ids)
    }

    pub(super) fn figures_mut(&mut self, place: usize) -> &mut T {
        &mut self.entries[place].figures
    }

    /// Every customer's id and figures, in first-seen order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.entries.iter().map(|e| (e.id.get(&self.ids), &e.figures))
    }

    /// Twice the slots, every customer placed again from its id's hash (the slots keep only
    /// the top half of it).
    fn grow(&mut self) {
        self.slots = vec![EMPTY; self.slots.len() * 2];
        let mask = self.slots.len() - 1;
        for (place, entry) in self.entries.iter().enumerate() {
            let hash = hash_bytes(entry.id.get(&self.ids).as_bytes());
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
        let place = |c: &mut Customers<u32>, id: &str| c.place(id, hash_bytes(id.as_bytes()));
        // Short ids kept in the entry, and long ones in the arena (15 bytes is the longest short).
        let ids: Vec<String> = (0..10_000)
            .map(|i| match i % 3 {
                0 => format!("C{i}"),
                1 => format!("{i:0>15}"),
                _ => format!("customer{i}@example.com"),
            })
            .collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(place(&mut customers, id), i);
            *customers.figures_mut(i) += 1;
            assert!(customers.is_at(i, id) && !customers.is_at(i, "C"));
        }
        for (i, id) in ids.iter().enumerate().rev() {
            assert_eq!(place(&mut customers, id), i, "{id}");
        }
        assert!(customers.iter().map(|(id, _)| id).eq(ids.iter().map(String::as_str)));
        assert_eq!(place(&mut customers, ""), ids.len(), "an empty id is an id too");
        assert_eq!(std::mem::size_of::<Entry<[u64; 6]>>(), 64, "figures of 48 bytes and the id fit one cache line");
    }

    #[test]
    fn ids_whose_tags_match_are_told_apart_by_their_bytes() {
        let mut customers: Customers<()> = Customers::default();
        let place = |c: &mut Customers<()>, id: &str| c.place(id, hash_bytes(id.as_bytes()));
        assert_eq!(place(&mut customers, "a"), 0);
        // Forge the collision a hash would make once in billions: customer "a" (place 0) under
        // b's tag, in b's first slot.
        let hash = hash_bytes(b"b");
        let home = hash as usize & (customers.slots.len() - 1);
        customers.slots[home] = ((hash >> 32) << 32) | 1;
        assert_eq!(place(&mut customers, "b"), 1, "b is not a");
        assert_eq!(place(&mut customers, "b"), 1);
        assert_eq!(customers.id(1), "b");
    }
}
