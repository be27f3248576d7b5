//! Which interactions a tweet makes (its retweet, reply, mentions and quote, each an
//! (author, target) pair of one [`EdgeKind`]), and all of a dataset's interactions
//! collected as sorted packed keys, per kind, in parallel.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::kind::EdgeKind;
use crate::model::{AccountIdx, Dataset, NO_ACCOUNT, TweetKind, tweets::split_lists};

/// Tweets are visited in chunks of this many, one chunk per task.
pub(crate) const TWEET_CHUNK: usize = 1 << 16;

/// A (source, target) account pair as one sortable key.
#[inline]
pub fn pack(src: AccountIdx, dst: AccountIdx) -> u64 {
    (u64::from(src) << 32) | u64::from(dst)
}

/// Packed interactions of one kind, sorted.
pub(crate) type Keys = Vec<u64>;

/// Authors of quoted tweets, where the quoted tweet is in the data (quote edges point
/// at them).
pub fn quoted_authors(ds: &Dataset) -> FxHashMap<u64, AccountIdx> {
    let t = &ds.tweets;
    let n = t.len();
    let quoted: FxHashSet<u64> = (0..n)
        .into_par_iter()
        .filter(|&i| {
            let k = TweetKind(t.kind[i]);
            k.is_quote() && !k.is_retweet()
        })
        .map(|i| t.ref_tweet[i])
        .collect();
    if quoted.is_empty() {
        return FxHashMap::default();
    }
    (0..n)
        .into_par_iter()
        .filter(|&i| quoted.contains(&t.id[i]))
        .map(|i| (t.id[i], t.author[i]))
        .collect()
}

/// Calls `f(kind, author, target)` for every interaction of tweet `i`: its retweet,
/// its reply, each mention, and its quote (when the quoted tweet's author is known).
pub fn for_each_interaction(
    ds: &Dataset,
    quoted_author: &FxHashMap<u64, AccountIdx>,
    i: usize,
    mut f: impl FnMut(EdgeKind, AccountIdx, AccountIdx),
) {
    let t = &ds.tweets;
    let a = t.author[i];
    if t.retweet_of[i] != NO_ACCOUNT {
        f(EdgeKind::Retweet, a, t.retweet_of[i]);
    }
    if t.reply_to[i] != NO_ACCOUNT {
        f(EdgeKind::Reply, a, t.reply_to[i]);
    }
    let start = t.list_offsets[i] as usize;
    let end = t.list_offsets[i + 1] as usize;
    if end > start {
        for &m in split_lists(&t.list_items[start..end]).mentions {
            if m != NO_ACCOUNT {
                f(EdgeKind::Mention, a, m);
            }
        }
    }
    let k = TweetKind(t.kind[i]);
    if k.is_quote()
        && !k.is_retweet()
        && let Some(&q) = quoted_author.get(&t.ref_tweet[i])
    {
        f(EdgeKind::Quote, a, q);
    }
}

/// Collects every interaction as packed (author, target) keys, per kind.
pub(crate) fn interactions(ds: &Dataset) -> [Keys; 4] {
    let n = ds.tweets.len();
    let quoted_author = quoted_authors(ds);
    let parts: Vec<[Keys; 4]> = (0..n.div_ceil(TWEET_CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut out: [Keys; 4] = Default::default();
            for i in c * TWEET_CHUNK..((c + 1) * TWEET_CHUNK).min(n) {
                for_each_interaction(ds, &quoted_author, i, |kind, a, b| {
                    out[kind as usize].push(pack(a, b));
                });
            }
            out
        })
        .collect();
    let mut all: [Keys; 4] = Default::default();
    for (k, keys) in all.iter_mut().enumerate() {
        let len = parts.iter().map(|p| p[k].len()).sum();
        keys.reserve_exact(len);
        for p in &parts {
            keys.extend_from_slice(&p[k]);
        }
    }
    all.par_iter_mut().for_each(|keys| keys.par_sort_unstable());
    all
}

/// Run-length groups of a sorted key list: (key, count).
pub(crate) fn runs(keys: &[u64]) -> Vec<(u64, u32)> {
    let mut out: Vec<(u64, u32)> = Vec::new();
    for &k in keys {
        match out.last_mut() {
            Some((last, c)) if *last == k => *c = c.saturating_add(1),
            _ => out.push((k, 1)),
        }
    }
    out
}

/// Number of distinct keys over several sorted, deduplicated lists.
pub(crate) fn distinct_union(lists: &[Vec<(u64, u32)>]) -> u64 {
    let mut all: Vec<u64> = lists
        .iter()
        .flat_map(|l| l.iter().map(|(k, _)| *k))
        .collect();
    all.par_sort_unstable();
    all.dedup();
    all.len() as u64
}
