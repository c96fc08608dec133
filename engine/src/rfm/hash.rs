//! The 64-bit hash of a customer or order id that the customer index and the order set are
//! built on. Not the standard library's SipHash: its protection against chosen keys is not
//! needed for a file the user reads on their own machine, and it costs several times as much on
//! short ids. FxHash's fold (rustc's hasher), 8 bytes at a time, then splitmix64's finaliser so
//! that every input bit reaches the low bits (where a table takes its slot) and the high bits
//! (its tag).

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash of `bytes`; the length is folded in first, so ids that differ only in trailing zero
/// bytes differ too.
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(MULTIPLIER);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        h = (h.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(MULTIPLIER);
    }
    finalise(h)
}

/// The key of a (customer, order) pair in the order set, from the hashes of the customer's id
/// and of the order id (the customer's half turned, so customer `X` with order `X` is no special
/// case): one order id of two customers is two pairs. Known from the ids alone, before the
/// customer is found, so the order set's slot is read while the customer index's is.
pub(super) fn order_pair(customer_hash: u64, order: &str) -> u64 {
    finalise(customer_hash.rotate_left(32) ^ hash_bytes(order.as_bytes()))
}

/// splitmix64's finaliser: every input bit reaches every output bit.
fn finalise(x: u64) -> u64 {
    let x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}
