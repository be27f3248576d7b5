//! A stable least-significant-digit radix sort over the low bits of a key, for the
//! network build's large sorts (interactions by account pair, edges by weight): linear
//! where a comparison sort is n log n, and stable, so items with equal keys keep the
//! order they came in (tweet order), which is what makes the result deterministic.

/// Bits per digit: 2048 buckets, whose counts stay in the first-level cache.
const DIGIT_BITS: u32 = 11;
const BUCKETS: usize = 1 << DIGIT_BITS;

/// Sorts `items` by `key(item)`, of which only the low `key_bits` bits may be set, and
/// keeps items with equal keys in their order. Digits every item shares are skipped,
/// so small keys in wide fields cost a pass per digit that varies.
///
/// # Complexity
/// O(n) per varying digit: one read to count, one read and one scattered write to move.
pub fn sort_by_key<T: Copy>(items: &mut Vec<T>, key_bits: u32, key: impl Fn(&T) -> u64) {
    let n = items.len();
    if n < 2 {
        return;
    }
    // Filled with copies once, so no slot is ever uninitialised; each pass then writes
    // every slot once (`counts` are the starts of buckets that partition 0..n).
    let mut tmp: Vec<T> = Vec::new();
    let mut shift = 0;
    while shift < key_bits.min(64) {
        let at = shift;
        let digit = |item: &T| ((key(item) >> at) as usize) & (BUCKETS - 1);
        let mut counts = vec![0usize; BUCKETS];
        for item in items.iter() {
            counts[digit(item)] += 1;
        }
        shift += DIGIT_BITS;
        if counts.contains(&n) {
            continue;
        }
        let mut total = 0;
        for c in &mut counts {
            let here = *c;
            *c = total;
            total += here;
        }
        if tmp.len() != n {
            tmp.extend_from_slice(items);
        }
        for item in items.iter() {
            let b = digit(item);
            tmp[counts[b]] = *item;
            counts[b] += 1;
        }
        std::mem::swap(items, &mut tmp);
    }
}

/// The number of bits that values below `n` need (at least 1).
pub fn bits_for(n: usize) -> u32 {
    (usize::BITS - n.saturating_sub(1).leading_zeros()).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(
            keys in proptest::collection::vec(0u64..5000, 0..3000),
            bits in 13u32..40,
        ) {
            let items: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut radix = items.clone();
            sort_by_key(&mut radix, bits, |&(k, _)| k);
            let mut expected = items;
            expected.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(radix, expected);
        }
    }

    #[test]
    fn wide_keys_sort_on_every_digit() {
        let mut items: Vec<u64> = (0..10_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let mut expected = items.clone();
        expected.sort_unstable();
        sort_by_key(&mut items, 64, |&k| k);
        assert_eq!(items, expected);
    }

    #[test]
    fn bits_for_counts_the_bits_of_the_largest_value() {
        assert_eq!(bits_for(0), 1);
        assert_eq!(bits_for(1), 1);
        assert_eq!(bits_for(2), 1);
        assert_eq!(bits_for(3), 2);
        assert_eq!(bits_for(1 << 18), 18);
        assert_eq!(bits_for((1 << 18) + 1), 19);
    }
}
