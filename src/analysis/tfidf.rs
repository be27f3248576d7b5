//! TF-IDF weighting of coordination edges, as Pacheco et al. (ICWSM 2021) weigh
//! account similarity: each account is a document of the items it shared (retweeted
//! tweets, texts, links, hashtag sequences, replied-to tweets; for near-duplicate texts
//! its words, for synchronised posting its active time bins), an item weighs its count
//! in the account's document times `ln(N / df)` (`N` accounts with any item, `df` those
//! that shared it), and an edge weighs the cosine similarity of its two accounts'
//! vectors. Items shared by everyone weigh nothing; two accounts that share the same
//! rare items weigh near 1, however many items each shares.

use rayon::prelude::*;

use super::coordination::{
    CoordinationEdge, CoordinationError, CoordinationKind, CoordinationParams, events, word_sets,
};
use crate::model::{AccountIdx, Dataset};

/// Every (item, account) occurrence of the tweets `shown` keeps, for `params`' kind.
pub fn items_of(
    ds: &Dataset,
    params: &CoordinationParams,
    shown: Option<&[bool]>,
) -> Result<Vec<(u64, AccountIdx)>, CoordinationError> {
    Ok(match params.kind {
        CoordinationKind::NearDuplicate => {
            let table = word_sets(ds, shown);
            (0..table.len())
                .flat_map(|i| table.set(i).iter().map(move |&w| (w, i)))
                .map(|(w, i)| (w, table.owner[i]))
                .collect()
        }
        CoordinationKind::Synchronised => {
            let t = &ds.tweets;
            let bin = params.window.max(60);
            (0..t.id.len())
                .filter(|&i| shown.is_none_or(|m| m.get(i).copied().unwrap_or(false)))
                .map(|i| {
                    let b = (i64::from(t.time[i]) * 60).div_euclid(bin);
                    (b as u64, t.author[i])
                })
                .collect()
        }
        kind => events(ds, kind, shown)?
            .into_iter()
            .map(|e| (e.key, e.user))
            .collect(),
    })
}

/// Each edge's TF-IDF cosine similarity (in `edges`' order), from every `(item,
/// account)` occurrence (any order; sorted here).
pub fn cosines(mut items: Vec<(u64, AccountIdx)>, edges: &[CoordinationEdge]) -> Vec<f32> {
    items.par_sort_unstable();
    // Document frequencies: distinct accounts per item.
    let mut accounts: Vec<AccountIdx> = items.iter().map(|&(_, a)| a).collect();
    accounts.par_sort_unstable();
    accounts.dedup();
    let n = accounts.len().max(1) as f64;
    let mut involved: Vec<AccountIdx> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
    involved.par_sort_unstable();
    involved.dedup();
    // Each involved account's vector: (item, weight), sorted by item.
    let mut vectors: Vec<Vec<(u64, f64)>> = vec![Vec::new(); involved.len()];
    let mut start = 0;
    while start < items.len() {
        let key = items[start].0;
        let mut end = start;
        let mut df = 0usize;
        while end < items.len() && items[end].0 == key {
            if end == start || items[end].1 != items[end - 1].1 {
                df += 1;
            }
            end += 1;
        }
        let idf = (n / df as f64).ln();
        let mut k = start;
        while k < end {
            let account = items[k].1;
            let mut tf = 0usize;
            while k < end && items[k].1 == account {
                tf += 1;
                k += 1;
            }
            if let Ok(slot) = involved.binary_search(&account) {
                vectors[slot].push((key, tf as f64 * idf));
            }
        }
        start = end;
    }
    let norms: Vec<f64> = vectors
        .iter()
        .map(|v| v.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt())
        .collect();
    edges
        .par_iter()
        .map(|e| {
            let (Ok(a), Ok(b)) = (
                involved.binary_search(&e.from),
                involved.binary_search(&e.to),
            ) else {
                return 0.0;
            };
            let (va, vb) = (&vectors[a], &vectors[b]);
            let mut dot = 0.0;
            let mut j = 0;
            for &(key, w) in va {
                while j < vb.len() && vb[j].0 < key {
                    j += 1;
                }
                if j < vb.len() && vb[j].0 == key {
                    dot += w * vb[j].1;
                }
            }
            let norm = norms[a] * norms[b];
            if norm > 0.0 {
                (dot / norm).clamp(0.0, 1.0) as f32
            } else {
                0.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: u32, to: u32) -> CoordinationEdge {
        CoordinationEdge {
            from,
            to,
            weight: 1,
            share: 1.0,
            p: None,
            tfidf: None,
        }
    }

    #[test]
    fn rare_shared_items_weigh_more_than_common_ones() {
        // Accounts 0 and 1 share two rare items; 2 and 3 share only item 9, which
        // everyone shared; 4 shares nothing with 0.
        let mut items = vec![
            (1, 0),
            (2, 0),
            (1, 1),
            (2, 1),
            (9, 2),
            (5, 2),
            (9, 3),
            (6, 3),
            (7, 4),
        ];
        for a in 0..5 {
            items.push((9, a));
        }
        let edges = [edge(0, 1), edge(2, 3), edge(0, 4), edge(0, 99)];
        let c = cosines(items, &edges);
        assert!(c[0] > 0.99, "{c:?}");
        assert!(c[1] < 0.01, "an item everyone shares weighs nothing: {c:?}");
        assert_eq!(c[2], 0.0);
        assert_eq!(c[3], 0.0, "an account with no items");
        // The same by hand for a pair with one rare item in common and one apart:
        // vectors (ln 5/2, ln 5) and (ln 5/2, ln 5) over different second items.
        let items = vec![(1, 0), (1, 1), (2, 0), (3, 1), (8, 2), (8, 3), (8, 4)];
        let c = cosines(items, &[edge(0, 1)]);
        let (shared, apart) = ((5.0f64 / 2.0).ln(), 5.0f64.ln());
        let expected = shared * shared / (shared * shared + apart * apart);
        assert!(
            (f64::from(c[0]) - expected).abs() < 1e-6,
            "{c:?} vs {expected}"
        );
    }
}
