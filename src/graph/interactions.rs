//! Which interactions a tweet makes (its retweet, reply, mentions and quote, each an
//! (author, target) pair of one [`EdgeKind`]), and all of a dataset's interactions
//! collected with their tweets, per kind, in parallel, sorted by packed key.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::kind::EdgeKind;
use super::radix;
use crate::model::{AccountIdx, Dataset, NO_ACCOUNT, TweetKind, tweets::split_lists};

/// Tweets are visited in chunks of this many, one chunk per task.
pub(crate) const TWEET_CHUNK: usize = 1 << 16;

/// A (source, target) account pair as one sortable key.
#[inline]
pub fn pack(src: AccountIdx, dst: AccountIdx) -> u64 {
    (u64::from(src) << 32) | u64::from(dst)
}

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

/// One interaction: its packed (author, target) key and the tweet that makes it.
pub(crate) type Interaction = (u64, u32);

/// The source-account ranges whose interactions are sorted apart, in parallel (each
/// range a sixty-fourth of the accounts, in order; its lists fit in a core's cache).
pub(crate) const SOURCE_RANGES: usize = 64;

/// Every interaction of the dataset, per range of source accounts (in order) and per
/// kind ([`EdgeKind::OF_TWEETS`] order), each list sorted by key and, within a key, by
/// tweet: the ranges one after the other hold each kind's interactions in key order.
pub(crate) struct SortedInteractions {
    pub ranges: Vec<[Vec<Interaction>; 4]>,
}

impl SortedInteractions {
    /// Each kind's interactions in key order (the ranges' lists joined).
    pub fn into_by_kind(self) -> [Vec<Interaction>; 4] {
        let mut all: [Vec<Interaction>; 4] = Default::default();
        for (k, list) in all.iter_mut().enumerate() {
            list.reserve_exact(self.ranges.iter().map(|r| r[k].len()).sum());
            for range in &self.ranges {
                list.extend_from_slice(&range[k]);
            }
        }
        all
    }
}

/// Every interaction of the dataset, sorted (see [`SortedInteractions`]): collected in
/// parallel in tweet order, each into its source's range; then each range's lists are
/// joined in tweet order and radix sorted (stable) on the bits the account indexes use,
/// the ranges in parallel. Interactions naming an account outside the dataset are left
/// out.
pub(crate) fn sorted_interactions(
    ds: &Dataset,
    quoted_author: &FxHashMap<u64, AccountIdx>,
) -> SortedInteractions {
    let n = ds.tweets.len();
    let accounts = ds.accounts.len();
    let ranges = SOURCE_RANGES.min(accounts.max(1));
    // Below `ranges` for every account below `accounts`.
    let range_of = |a: AccountIdx| a as usize * ranges / accounts.max(1);
    let parts: Vec<Vec<[Vec<Interaction>; 4]>> = (0..n.div_ceil(TWEET_CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut out: Vec<[Vec<Interaction>; 4]> = vec![Default::default(); ranges];
            for i in c * TWEET_CHUNK..((c + 1) * TWEET_CHUNK).min(n) {
                for_each_interaction(ds, quoted_author, i, |kind, a, b| {
                    if (a as usize) < accounts
                        && (b as usize) < accounts
                        && let Some(list) = out
                            .get_mut(range_of(a))
                            .and_then(|lists| lists.get_mut(kind as usize))
                    {
                        list.push((pack(a, b), i as u32));
                    }
                });
            }
            out
        })
        .collect();
    let bits = radix::bits_for(accounts);
    let ranges = (0..ranges)
        .into_par_iter()
        .map(|r| {
            let mut lists: [Vec<Interaction>; 4] = Default::default();
            for (k, list) in lists.iter_mut().enumerate() {
                list.reserve_exact(parts.iter().map(|p| p[r][k].len()).sum());
                for p in &parts {
                    list.extend_from_slice(&p[r][k]);
                }
                radix::sort_by_key(list, 2 * bits, |&(key, _)| {
                    ((key >> 32) << bits) | (key & 0xffff_ffff)
                });
            }
            lists
        })
        .collect();
    SortedInteractions { ranges }
}
