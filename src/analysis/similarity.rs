//! Exact set-similarity join: every pair of sets, by different owners and within Δt of
//! each other, whose Jaccard similarity is at least τ. Used for near-duplicate texts
//! (sets of words) and synchronised posting (sets of active minutes).
//!
//! It is exact and, in practice, far from quadratic: *prefix filtering* (Chaudhuri et
//! al. 2006; Bayardo et al. 2007). Tokens are ranked rarest first; two sets with
//! `J ≥ τ` share at least one of the first `n − ⌈τ·n⌉ + 1` tokens of each (their
//! prefixes), so only sets sharing a prefix token are candidates, and rare tokens make
//! few. Candidates are found per token over time-sorted lists (a window slides over
//! each), counted before any is stored (past a bound the join stops with a message,
//! never an out-of-memory), then checked by size (`τ·|x| ≤ |y| ≤ |x|/τ`) and by an
//! exact count of the common tokens. Deterministic, parallel with rayon.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

/// The sets to join, in one arena: set `i` is `tokens[offsets[i]..offsets[i + 1]]`,
/// sorted and deduplicated, with its time, its owner and the caller's tag for it.
#[derive(Clone, Debug)]
pub struct SetTable {
    pub time: Vec<i64>,
    pub owner: Vec<u32>,
    pub tag: Vec<u32>,
    pub offsets: Vec<usize>,
    pub tokens: Vec<u64>,
}

impl Default for SetTable {
    fn default() -> Self {
        Self {
            time: Vec::new(),
            owner: Vec::new(),
            tag: Vec::new(),
            offsets: vec![0],
            tokens: Vec::new(),
        }
    }
}

impl SetTable {
    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Set `i`'s tokens.
    pub fn set(&self, i: usize) -> &[u64] {
        &self.tokens[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Adds a set (any tokens, in any order, repeats allowed); an empty one is skipped.
    pub fn push(&mut self, time: i64, owner: u32, tag: u32, tokens: impl IntoIterator<Item = u64>) {
        let start = self.tokens.len();
        self.tokens.extend(tokens);
        let tail = &mut self.tokens[start..];
        tail.sort_unstable();
        let mut kept = 0;
        for k in 0..tail.len() {
            if k == 0 || tail[k] != tail[kept - 1] {
                tail[kept] = tail[k];
                kept += 1;
            }
        }
        self.tokens.truncate(start + kept);
        if kept == 0 {
            return;
        }
        self.time.push(time);
        self.owner.push(owner);
        self.tag.push(tag);
        self.offsets.push(self.tokens.len());
    }

    /// The tables' sets one after the other, in one arena (each copied once).
    pub fn concat(parts: Vec<Self>) -> Self {
        let sets: usize = parts.iter().map(Self::len).sum();
        let tokens: usize = parts.iter().map(|p| p.tokens.len()).sum();
        let mut out = Self {
            time: Vec::with_capacity(sets),
            owner: Vec::with_capacity(sets),
            tag: Vec::with_capacity(sets),
            offsets: Vec::with_capacity(sets + 1),
            tokens: Vec::with_capacity(tokens),
        };
        out.offsets.push(0);
        for part in parts {
            let base = out.tokens.len();
            out.time.extend_from_slice(&part.time);
            out.owner.extend_from_slice(&part.owner);
            out.tag.extend_from_slice(&part.tag);
            out.offsets
                .extend(part.offsets.iter().skip(1).map(|o| o + base));
            out.tokens.extend_from_slice(&part.tokens);
        }
        out
    }
}

/// Each token's rank among the distinct tokens, rarest first (ties by token value, so
/// the order depends on neither threads nor input order).
///
/// Counted without hash maps or a global sort: tokens are scattered by the top bits of
/// a mixed hash into 4,096 buckets that fit in cache, each bucket sorted and counted on
/// its own (in parallel), and only the distinct tokens sorted by count.
pub fn rank_tokens(tokens: &[u64]) -> Vec<u32> {
    const HALF: u32 = 6;
    const BITS: u32 = 2 * HALF;
    const BUCKETS: usize = 1 << BITS;
    const TOP: usize = 1 << HALF;
    let bucket = |t: u64| (t.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize;
    let mut starts = vec![0usize; BUCKETS + 1];
    for &t in tokens {
        starts[bucket(t) + 1] += 1;
    }
    for b in 0..BUCKETS {
        starts[b + 1] += starts[b];
    }
    // Scattered in two passes of 64 streams each (one pass of 4,096 streams thrashes the
    // TLB): first by the top 6 bits into `coarse`, then each coarse bucket, in parallel,
    // by the next 6 bits into `fine`. Each entry is (token, position).
    let mut coarse: Vec<(u64, u32)> = vec![(0, 0); tokens.len()];
    {
        let mut next: Vec<usize> = (0..TOP).map(|c| starts[c * TOP]).collect();
        for (pos, &t) in tokens.iter().enumerate() {
            let c = bucket(t) >> HALF;
            coarse[next[c]] = (t, pos as u32);
            next[c] += 1;
        }
    }
    let mut fine: Vec<(u64, u32)> = vec![(0, 0); tokens.len()];
    {
        let coarse_parts = split_by(&mut coarse, (0..=TOP).map(|c| starts[c * TOP]));
        let fine_parts = split_by(&mut fine, (0..=TOP).map(|c| starts[c * TOP]));
        coarse_parts
            .into_par_iter()
            .zip(fine_parts)
            .enumerate()
            .for_each(|(c, (from, to))| {
                let base = starts[c * TOP];
                let mut next: Vec<usize> = (0..TOP).map(|f| starts[c * TOP + f] - base).collect();
                for &(t, pos) in from.iter() {
                    let f = bucket(t) & (TOP - 1);
                    to[next[f]] = (t, pos);
                    next[f] += 1;
                }
            });
    }
    drop(coarse);
    let mut slices = split_by(&mut fine, starts.iter().copied());
    // Each bucket sorted (it fits in cache); its distinct tokens with their counts.
    let counts: Vec<Vec<u32>> = slices
        .par_iter_mut()
        .map(|s| {
            s.sort_unstable();
            let mut out: Vec<u32> = Vec::new();
            for k in 0..s.len() {
                if k > 0 && s[k - 1].0 == s[k].0 {
                    if let Some(last) = out.last_mut() {
                        *last += 1;
                    }
                } else {
                    out.push(1);
                }
            }
            out
        })
        .collect();
    let mut first_distinct = vec![0usize; BUCKETS + 1];
    for b in 0..BUCKETS {
        first_distinct[b + 1] = first_distinct[b] + counts[b].len();
    }
    // The distinct tokens by count, ties by their index (bucket, then token value): one
    // u64 each, count above index; rank_of[index] = rank.
    let mut order: Vec<u64> = counts
        .iter()
        .flatten()
        .enumerate()
        .map(|(g, &c)| (u64::from(c) << 32) | g as u64)
        .collect();
    order.par_sort_unstable();
    let mut rank_of = vec![0u32; order.len()];
    for (r, &key) in order.iter().enumerate() {
        rank_of[(key & 0xFFFF_FFFF) as usize] = r as u32;
    }
    drop(order);
    let ranks: Vec<AtomicU32> = (0..tokens.len()).map(|_| AtomicU32::new(0)).collect();
    slices.par_iter().enumerate().for_each(|(b, s)| {
        let mut g = first_distinct[b];
        for (k, &(t, pos)) in s.iter().enumerate() {
            if k > 0 && s[k - 1].0 != t {
                g += 1;
            }
            ranks[pos as usize].store(rank_of[g], Ordering::Relaxed);
        }
    });
    ranks.into_iter().map(AtomicU32::into_inner).collect()
}

/// `items` cut at the given boundaries (the first 0, the last `items.len()`).
fn split_by<T>(items: &mut [T], bounds: impl Iterator<Item = usize>) -> Vec<&mut [T]> {
    let mut parts = Vec::new();
    let mut rest = items;
    let mut at = 0;
    for end in bounds.skip(1) {
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(end - at);
        parts.push(head);
        rest = tail;
        at = end;
    }
    parts
}

/// Why the join stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinStop {
    TooManyCandidates(u64),
    Cancelled,
}

/// Size of a set's prefix at threshold `tau`: `n − ⌈τ·n⌉ + 1` (at least 1, at most n).
pub fn prefix_len(n: usize, tau: f64) -> usize {
    let needed = (tau * n as f64 - 1e-9).ceil().max(0.0) as usize;
    (n + 1).saturating_sub(needed).clamp(1, n.max(1))
}

/// Jaccard similarity of two sorted, deduplicated token lists, as the toolkit computes
/// it (`|x ∩ y| / |x ∪ y|`, a float).
pub fn jaccard(x: &[u32], y: &[u32]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = x.len() + y.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

/// Every pair `(a, b)` of records (indices into `records`, `a < b`) with different
/// owners, `|time_a − time_b| ≤ window` and Jaccard similarity ≥ `tau`, sorted. Empty
/// sets match nothing. At most `max_candidates` candidate pairs are examined.
pub fn similar_pairs(
    table: &SetTable,
    tau: f64,
    window: i64,
    max_candidates: u64,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Vec<(u32, u32)>, JoinStop> {
    let tau = tau.clamp(1e-6, 1.0);
    let n = table.len();
    // Each set as token ranks (rarest first), sorted, in an arena with the table's offsets.
    let mut ranks = rank_tokens(&table.tokens);
    {
        let mut slices: Vec<&mut [u32]> = Vec::with_capacity(n);
        let mut rest: &mut [u32] = &mut ranks;
        for i in 0..n {
            let (set, tail) = rest.split_at_mut(table.offsets[i + 1] - table.offsets[i]);
            slices.push(set);
            rest = tail;
        }
        slices.par_iter_mut().for_each(|s| s.sort_unstable());
    }
    let set = |i: u32| &ranks[table.offsets[i as usize]..table.offsets[i as usize + 1]];
    let records = &table.time;
    // Prefix postings (token, position in time order), sorted: for each token, the
    // records whose prefix holds it, by time.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.par_sort_unstable_by_key(|&i| (records[i as usize], i));
    let mut postings: Vec<(u32, u32)> = order
        .par_iter()
        .enumerate()
        .flat_map_iter(|(pos, &i)| {
            let s = set(i);
            s[..prefix_len(s.len(), tau).min(s.len())]
                .iter()
                .map(move |&t| (t, pos as u32))
        })
        .collect();
    postings.par_sort_unstable();
    let mut lists: Vec<Vec<u32>> = Vec::new();
    let mut start = 0;
    for k in 1..=postings.len() {
        if k == postings.len() || postings[k].0 != postings[start].0 {
            if k - start >= 2 {
                lists.push(
                    postings[start..k]
                        .iter()
                        .map(|&(_, pos)| order[pos as usize])
                        .collect(),
                );
            }
            start = k;
        }
    }
    drop(postings);
    let time = |i: u32| records[i as usize];
    // The window over one list: for each position, the later records within Δt.
    let later = |list: &[u32]| -> Vec<(usize, usize)> {
        let mut hi = 0;
        (0..list.len())
            .map(|k| {
                hi = hi.max(k + 1);
                while hi < list.len() && time(list[hi]) <= time(list[k]).saturating_add(window) {
                    hi += 1;
                }
                (k, hi)
            })
            .collect()
    };
    let candidates: u64 = lists
        .par_iter()
        .map(|l| {
            later(l)
                .iter()
                .map(|&(k, hi)| (hi - k - 1) as u64)
                .sum::<u64>()
        })
        .sum();
    if candidates > max_candidates {
        return Err(JoinStop::TooManyCandidates(candidates));
    }
    if cancelled() {
        return Err(JoinStop::Cancelled);
    }
    let mut pairs: Vec<(u32, u32)> = lists
        .par_iter()
        .flat_map_iter(|list| {
            later(list).into_iter().flat_map(move |(k, hi)| {
                let a = list[k];
                list[k + 1..hi].iter().filter_map(move |&b| {
                    if table.owner[a as usize] == table.owner[b as usize] {
                        return None;
                    }
                    let (x, y) = (set(a), set(b));
                    let (nx, ny) = (x.len() as f64, y.len() as f64);
                    if x.is_empty() || y.is_empty() || ny < tau * nx - 1e-9 || nx < tau * ny - 1e-9
                    {
                        return None;
                    }
                    (jaccard(x, y) >= tau).then_some((a.min(b), a.max(b)))
                })
            })
        })
        .collect();
    if cancelled() {
        return Err(JoinStop::Cancelled);
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(sets: &[(i64, u32, Vec<u64>)]) -> SetTable {
        let mut t = SetTable::default();
        for (k, (time, owner, tokens)) in sets.iter().enumerate() {
            t.push(*time, *owner, k as u32, tokens.iter().copied());
        }
        t
    }

    /// Every pair by brute force, as the join must find them.
    fn brute(records: &[(i64, u32, Vec<u64>)], tau: f64, window: i64) -> Vec<(u32, u32)> {
        let norm = |t: &[u64]| -> Vec<u32> {
            let mut v: Vec<u32> = t.iter().map(|&x| x as u32).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let mut out = Vec::new();
        for a in 0..records.len() {
            for b in a + 1..records.len() {
                let (ra, rb) = (&records[a], &records[b]);
                if ra.1 != rb.1
                    && !ra.2.is_empty()
                    && (ra.0 - rb.0).abs() <= window
                    && jaccard(&norm(&ra.2), &norm(&rb.2)) >= tau
                {
                    out.push((a as u32, b as u32));
                }
            }
        }
        out
    }

    #[test]
    fn tokens_are_ranked_rarest_first_as_a_plain_count_ranks_them() {
        // Tokens with many counts, some sharing a bucket, and large values.
        let mut x = 99u64;
        let tokens: Vec<u64> = (0..20_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let small = x % 700;
                if small.is_multiple_of(3) {
                    small * 0x1000_0000_0000
                } else {
                    small % 97
                }
            })
            .collect();
        let ranks = rank_tokens(&tokens);
        let mut counts = std::collections::BTreeMap::<u64, u32>::new();
        for &t in &tokens {
            *counts.entry(t).or_default() += 1;
        }
        // Ranks are 0..distinct, the same token always has the same rank, and a rarer
        // token a lower one.
        let distinct = counts.len() as u32;
        assert!(ranks.iter().all(|&r| r < distinct));
        let mut rank_of = std::collections::BTreeMap::new();
        for (&t, &r) in tokens.iter().zip(&ranks) {
            assert_eq!(*rank_of.entry(t).or_insert(r), r, "token {t}");
        }
        assert_eq!(rank_of.len(), counts.len());
        let mut seen: Vec<u32> = rank_of.values().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..distinct).collect::<Vec<_>>());
        for (a, &ra) in &rank_of {
            for (b, &rb) in &rank_of {
                if counts[a] < counts[b] {
                    assert!(
                        ra < rb,
                        "{a} (×{}) ranks after {b} (×{})",
                        counts[a],
                        counts[b]
                    );
                }
            }
        }
        assert!(rank_tokens(&[]).is_empty());
    }

    #[test]
    fn prefixes_are_long_enough() {
        assert_eq!(prefix_len(10, 0.8), 3);
        assert_eq!(prefix_len(10, 1.0), 1);
        assert_eq!(prefix_len(5, 0.5), 3);
        assert_eq!(prefix_len(1, 0.9), 1);
        assert_eq!(prefix_len(0, 0.9), 1);
    }

    #[test]
    fn the_join_equals_brute_force() {
        // Deterministic pseudo-random sets over a small vocabulary, so many pairs are
        // close; several thresholds and windows.
        let mut x = 12345u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let records: Vec<(i64, u32, Vec<u64>)> = (0..300)
            .map(|_| {
                let n = 1 + (next() % 9) as usize;
                let tokens: Vec<u64> = (0..n).map(|_| next() % 14).collect();
                ((next() % 500) as i64, (next() % 40) as u32, tokens)
            })
            .collect();
        let t = table(&records);
        assert_eq!(t.len(), records.len());
        for tau in [0.3, 0.5, 0.8, 1.0] {
            for window in [0, 30, 1000] {
                let found = similar_pairs(&t, tau, window, u64::MAX, &|| false);
                assert_eq!(
                    found,
                    Ok(brute(&records, tau, window)),
                    "τ {tau} Δt {window}"
                );
            }
        }
    }

    #[test]
    fn bounded_and_cancellable() {
        let same = table(
            &(0..50)
                .map(|i| (0, i, vec![3, 1, 2, 1]))
                .collect::<Vec<_>>(),
        );
        assert_eq!(same.set(7), [1, 2, 3]);
        let mut empty = SetTable::default();
        empty.push(0, 0, 0, []);
        assert!(empty.is_empty(), "an empty set is skipped");
        assert_eq!(
            similar_pairs(&same, 0.9, 10, 100, &|| false),
            Err(JoinStop::TooManyCandidates(50 * 49 / 2))
        );
        assert_eq!(
            similar_pairs(&same, 0.9, 10, u64::MAX, &|| true),
            Err(JoinStop::Cancelled)
        );
        assert_eq!(
            similar_pairs(&same, 0.9, 10, u64::MAX, &|| false).map(|p| p.len()),
            Ok(50 * 49 / 2)
        );
    }
}
