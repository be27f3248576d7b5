//! The account network: accounts are nodes; directed, typed edges (retweet, reply,
//! mention, quote) weighted by the number of interactions behind them. Built in parallel
//! from the tweet columns by sorting packed (source, target) keys, then stored in a
//! petgraph `Graph` with maps between accounts and nodes both ways.

use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{AccountIdx, Dataset, NO_ACCOUNT, TweetKind, tweets::split_lists};

/// The kind of interaction behind an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    Retweet,
    Reply,
    Mention,
    Quote,
}

impl EdgeKind {
    pub const ALL: [Self; 4] = [Self::Retweet, Self::Reply, Self::Mention, Self::Quote];

    pub fn label(self) -> &'static str {
        match self {
            Self::Retweet => "retweet",
            Self::Reply => "reply",
            Self::Mention => "mention",
            Self::Quote => "quote",
        }
    }
}

/// One edge: its kind and the number of interactions (tweets or mentions) behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeData {
    pub kind: EdgeKind,
    pub weight: u32,
}

/// Counts describing the network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphStats {
    /// Distinct directed account pairs, over all kinds.
    pub distinct_pairs: u64,
    /// Distinct directed account pairs of each kind ([`EdgeKind::ALL`] order).
    pub pairs_by_kind: [u64; 4],
    /// Interactions (tweets, or mentions) of each kind.
    pub interactions_by_kind: [u64; 4],
}

/// The account network of a dataset.
#[derive(Debug, Default)]
pub struct SocialGraph {
    /// Node weights are account indices.
    pub graph: DiGraph<AccountIdx, EdgeData>,
    /// Node of each account (every account is a node).
    pub node_of_account: Vec<NodeIndex>,
    pub stats: GraphStats,
}

impl SocialGraph {
    pub fn account_of(&self, node: NodeIndex) -> Option<AccountIdx> {
        self.graph.node_weight(node).copied()
    }

    pub fn node_of(&self, account: AccountIdx) -> Option<NodeIndex> {
        self.node_of_account.get(account as usize).copied()
    }
}

#[inline]
fn pack(src: AccountIdx, dst: AccountIdx) -> u64 {
    (u64::from(src) << 32) | u64::from(dst)
}

/// Packed interactions of one kind, sorted.
type Keys = Vec<u64>;

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
fn interactions(ds: &Dataset) -> [Keys; 4] {
    let n = ds.tweets.len();
    let quoted_author = quoted_authors(ds);
    let chunk = 1 << 16;
    let parts: Vec<[Keys; 4]> = (0..n.div_ceil(chunk))
        .into_par_iter()
        .map(|c| {
            let mut out: [Keys; 4] = Default::default();
            for i in c * chunk..((c + 1) * chunk).min(n) {
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
fn runs(keys: &[u64]) -> Vec<(u64, u32)> {
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
fn distinct_union(lists: &[Vec<(u64, u32)>]) -> u64 {
    let mut all: Vec<u64> = lists
        .iter()
        .flat_map(|l| l.iter().map(|(k, _)| *k))
        .collect();
    all.par_sort_unstable();
    all.dedup();
    all.len() as u64
}

/// Builds the network of every account and tweet of the dataset.
pub fn build(ds: &Dataset) -> SocialGraph {
    let keys = interactions(ds);
    let grouped: Vec<Vec<(u64, u32)>> = keys.par_iter().map(|k| runs(k)).collect();
    let mut stats = GraphStats {
        distinct_pairs: distinct_union(&grouped),
        ..GraphStats::default()
    };
    let edge_count: usize = grouped.iter().map(Vec::len).sum();
    let account_count = ds.accounts.len();
    let mut graph = DiGraph::with_capacity(account_count, edge_count);
    let node_of_account: Vec<NodeIndex> = (0..account_count)
        .map(|a| graph.add_node(AccountIdx::try_from(a).unwrap_or(NO_ACCOUNT)))
        .collect();
    for (k, kind) in EdgeKind::ALL.iter().enumerate() {
        stats.pairs_by_kind[k] = grouped[k].len() as u64;
        stats.interactions_by_kind[k] = keys[k].len() as u64;
        for &(key, weight) in &grouped[k] {
            let src = (key >> 32) as usize;
            let dst = (key & 0xffff_ffff) as usize;
            if let (Some(&s), Some(&d)) = (node_of_account.get(src), node_of_account.get(dst)) {
                graph.add_edge(
                    s,
                    d,
                    EdgeData {
                        kind: *kind,
                        weight,
                    },
                );
            }
        }
    }
    SocialGraph {
        graph,
        node_of_account,
        stats,
    }
}
