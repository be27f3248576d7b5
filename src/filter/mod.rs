//! Filters: what the analyst asked to see ([`FilterSpec`]: countries, campaigns,
//! account and tweet languages, role, a date window, minimum degree, isolated
//! accounts) turned into masks over accounts, tweets and network edges ([`Filtered`]).
//! A filter is a pure function of the dataset, so the canvas, the counts, the plots and
//! `ioscope summary` all see the same thing.
//!
//! Semantics, in order:
//! 1. An account passes when its role is shown, its campaign's country and the
//!    campaign are shown (outside accounts have neither and pass both), and its
//!    language is shown.
//! 2. A tweet passes when its author passes, it falls in the date window, and its
//!    language is shown.
//! 3. An edge of the network is kept with the interactions of passing tweets behind it
//!    whose other end passes too (its weight is their number); edges left with none go.
//! 4. Accounts shown: those that pass, with at least the minimum degree in the kept
//!    edges (and at least one edge when isolated accounts are hidden). Tweets and edges
//!    shown are those whose accounts are shown.

pub mod bench;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::graph::{GraphStats, for_each_interaction, quoted_authors};
use crate::model::{AccountIdx, Dataset};
use crate::render::Network;

/// What to show. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FilterSpec {
    /// Countries whose core accounts are shown (`None`: all).
    pub countries: Option<BTreeSet<String>>,
    /// Campaigns (releases) whose core accounts are shown (`None`: all).
    pub campaigns: Option<BTreeSet<String>>,
    /// Account languages shown (`None`: all; "" stands for accounts without one).
    pub account_languages: Option<BTreeSet<String>>,
    /// Tweet languages counted (`None`: all; "" stands for tweets without one).
    pub tweet_languages: Option<BTreeSet<String>>,
    pub hide_core: bool,
    pub hide_outside: bool,
    /// First and last day shown (days since 1970-01-01, inclusive).
    pub from_day: Option<i32>,
    pub to_day: Option<i32>,
    pub min_degree: u32,
    pub hide_isolated: bool,
}

impl FilterSpec {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// For each network edge, the tweets whose interactions make it (built once per dataset).
#[derive(Debug, Default)]
pub struct Evidence {
    /// `offsets[e]..offsets[e + 1]` index edge e's tweets in `tweets`.
    offsets: Vec<u32>,
    tweets: Vec<u32>,
    /// Dense id of each edge's (source, target) pair: edges of several kinds between the
    /// same accounts share it.
    pair: Vec<u32>,
    pairs: usize,
}

impl Evidence {
    pub fn build(ds: &Dataset, network: &Network) -> Self {
        let m = network.edges.len();
        let pack = |a: u32, b: u32| (u64::from(a) << 32) | u64::from(b);
        // Per kind: the network's edges by (source, target) account, and every
        // interaction by the same key with its tweet. Both sorted, they pair up in one
        // walk (every interaction made an edge).
        let mut edges_by_kind: [Vec<(u64, u32)>; 4] = Default::default();
        for (i, e) in network.edges.iter().enumerate() {
            let key = pack(
                network.account[e.src as usize],
                network.account[e.dst as usize],
            );
            edges_by_kind[e.kind as usize].push((key, i as u32));
        }
        let quoted = quoted_authors(ds);
        let n = ds.tweets.len();
        let chunk = 1 << 16;
        let parts: Vec<[Vec<(u64, u32)>; 4]> = (0..n.div_ceil(chunk))
            .into_par_iter()
            .map(|c| {
                let mut out: [Vec<(u64, u32)>; 4] = Default::default();
                for i in c * chunk..((c + 1) * chunk).min(n) {
                    for_each_interaction(ds, &quoted, i, |kind, a, b| {
                        out[kind as usize].push((pack(a, b), i as u32));
                    });
                }
                out
            })
            .collect();
        let mut by_kind: [Vec<(u64, u32)>; 4] = Default::default();
        for (k, all) in by_kind.iter_mut().enumerate() {
            all.reserve_exact(parts.iter().map(|p| p[k].len()).sum());
            for p in &parts {
                all.extend_from_slice(&p[k]);
            }
        }
        drop(parts);
        by_kind
            .par_iter_mut()
            .chain(edges_by_kind.par_iter_mut())
            .for_each(|v| v.par_sort_unstable());
        // Tweets of each edge, as a CSR.
        let mut edge_of: Vec<Vec<u32>> = Vec::with_capacity(4);
        let mut offsets = vec![0u32; m + 1];
        for (interactions, edges) in by_kind.iter().zip(&edges_by_kind) {
            let mut of = Vec::with_capacity(interactions.len());
            let mut j = 0;
            for &(key, _) in interactions {
                while j < edges.len() && edges[j].0 < key {
                    j += 1;
                }
                let e = match edges.get(j) {
                    Some(&(k, e)) if k == key => e,
                    _ => u32::MAX,
                };
                if e != u32::MAX {
                    offsets[e as usize + 1] += 1;
                }
                of.push(e);
            }
            edge_of.push(of);
        }
        for e in 0..m {
            offsets[e + 1] += offsets[e];
        }
        let mut fill = offsets[..m].to_vec();
        let mut tweets = vec![0u32; offsets[m] as usize];
        for (interactions, of) in by_kind.iter().zip(&edge_of) {
            for (&(_, t), &e) in interactions.iter().zip(of) {
                if e != u32::MAX {
                    tweets[fill[e as usize] as usize] = t;
                    fill[e as usize] += 1;
                }
            }
        }
        // Pair ids: merge the four sorted edge lists by key.
        let mut pair = vec![0u32; m];
        let mut heads = [0usize; 4];
        let mut pairs = 0usize;
        let mut last: Option<u64> = None;
        loop {
            let next = (0..4)
                .filter_map(|k| edges_by_kind[k].get(heads[k]).map(|&(key, _)| (key, k)))
                .min();
            let Some((key, k)) = next else { break };
            let e = edges_by_kind[k][heads[k]].1;
            heads[k] += 1;
            if last.is_some_and(|l| l != key) {
                pairs += 1;
            }
            last = Some(key);
            pair[e as usize] = pairs as u32;
        }
        Self {
            offsets,
            tweets,
            pair,
            pairs: if m == 0 { 0 } else { pairs + 1 },
        }
    }

    /// Tweets behind edge `e`.
    pub fn of(&self, e: usize) -> &[u32] {
        match (self.offsets.get(e), self.offsets.get(e + 1)) {
            (Some(&a), Some(&b)) => &self.tweets[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// The outcome of a filter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filtered {
    /// Accounts shown (by account index).
    pub accounts: Vec<bool>,
    /// Tweets counted.
    pub tweets: Vec<bool>,
    /// Weight of each network edge under the filter (0: not shown).
    pub edge_weight: Vec<u32>,
    pub shown_accounts: u64,
    pub shown_tweets: u64,
    pub shown_edges: u64,
    /// The network statistics of what is shown.
    pub stats: GraphStats,
}

impl Filtered {
    /// Node mask (network node i) of what is shown.
    pub fn node_mask(&self, network: &Network) -> Vec<bool> {
        network
            .account
            .iter()
            .map(|&a| self.accounts.get(a as usize).copied().unwrap_or(false))
            .collect()
    }
}

fn allowed(set: &Option<BTreeSet<String>>, value: &str) -> bool {
    set.as_ref().is_none_or(|s| s.contains(value))
}

/// Applies `spec` to a dataset and its network.
pub fn apply(ds: &Dataset, network: &Network, evidence: &Evidence, spec: &FilterSpec) -> Filtered {
    let acc = &ds.accounts;
    let n_acc = acc.len();
    // Per campaign: does it pass? Per language symbol: does it pass?
    let campaign_ok: Vec<bool> = ds
        .campaigns
        .iter()
        .map(|c| allowed(&spec.countries, &c.country) && allowed(&spec.campaigns, &c.name))
        .collect();
    let lang_ok = |set: &Option<BTreeSet<String>>| -> Vec<bool> {
        let mut ok = vec![set.is_none(); ds.strings.languages.len().max(1)];
        if let Some(set) = set {
            for (sym, name) in ds.strings.languages.iter() {
                if let Some(slot) = ok.get_mut(sym as usize) {
                    *slot = set.contains(name);
                }
            }
            ok[0] = set.contains("");
        }
        ok
    };
    let account_lang_ok = lang_ok(&spec.account_languages);
    let tweet_lang_ok = lang_ok(&spec.tweet_languages);
    let account_ok: Vec<bool> = (0..n_acc)
        .into_par_iter()
        .map(|a| {
            let a32 = a as AccountIdx;
            let role_ok = match acc.campaign(a32) {
                Some(c) => {
                    !spec.hide_core && campaign_ok.get(usize::from(c)).copied().unwrap_or(true)
                }
                None => !spec.hide_outside,
            };
            role_ok
                && account_lang_ok
                    .get(acc.language[a] as usize)
                    .copied()
                    .unwrap_or(true)
        })
        .collect();
    let t = &ds.tweets;
    let from = spec.from_day.map_or(i64::MIN, |d| i64::from(d) * 1440);
    let to = spec.to_day.map_or(i64::MAX, |d| (i64::from(d) + 1) * 1440);
    let tweet_ok: Vec<bool> = (0..t.len())
        .into_par_iter()
        .map(|i| {
            let time = i64::from(t.time[i]);
            account_ok
                .get(t.author[i] as usize)
                .copied()
                .unwrap_or(false)
                && time >= from
                && time < to
                && tweet_lang_ok
                    .get(usize::from(t.lang[i]))
                    .copied()
                    .unwrap_or(true)
        })
        .collect();
    let account_of = |node: u32| network.account[node as usize] as usize;
    let mut edge_weight: Vec<u32> = network
        .edges
        .par_iter()
        .enumerate()
        .map(|(e, edge)| {
            let ends = account_ok[account_of(edge.src)] && account_ok[account_of(edge.dst)];
            if !ends {
                return 0;
            }
            evidence
                .of(e)
                .iter()
                .filter(|&&tw| tweet_ok[tw as usize])
                .count() as u32
        })
        .collect();
    // Degrees in the kept edges, per thread then summed.
    const EDGE_CHUNK: usize = 1 << 16;
    let degree = network
        .edges
        .par_chunks(EDGE_CHUNK)
        .zip(edge_weight.par_chunks(EDGE_CHUNK))
        .fold(
            || vec![0u32; n_acc],
            |mut d, (edges, weights)| {
                for (edge, &w) in edges.iter().zip(weights) {
                    if w > 0 {
                        d[account_of(edge.src)] += 1;
                        d[account_of(edge.dst)] += 1;
                    }
                }
                d
            },
        )
        .reduce(
            || vec![0u32; n_acc],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );
    let min_degree = if spec.hide_isolated {
        spec.min_degree.max(1)
    } else {
        spec.min_degree
    };
    let accounts: Vec<bool> = account_ok
        .iter()
        .zip(&degree)
        .map(|(&ok, &d)| ok && d >= min_degree)
        .collect();
    let tweets: Vec<bool> = tweet_ok
        .par_iter()
        .zip(&t.author)
        .map(|(&ok, &a)| ok && accounts[a as usize])
        .collect();
    edge_weight
        .par_iter_mut()
        .zip(&network.edges)
        .for_each(|(w, edge)| {
            if *w > 0 && !(accounts[account_of(edge.src)] && accounts[account_of(edge.dst)]) {
                *w = 0;
            }
        });
    let mut stats = GraphStats::default();
    let mut pair_seen = vec![false; evidence.pairs];
    for (k, (edge, &w)) in network.edges.iter().zip(&edge_weight).enumerate() {
        if w > 0 {
            let kind = edge.kind as usize;
            stats.pairs_by_kind[kind] += 1;
            stats.interactions_by_kind[kind] += u64::from(w);
            if let Some(seen) = evidence
                .pair
                .get(k)
                .and_then(|&p| pair_seen.get_mut(p as usize))
            {
                *seen = true;
            }
        }
    }
    stats.distinct_pairs = pair_seen.iter().filter(|&&s| s).count() as u64;
    Filtered {
        shown_accounts: accounts.iter().filter(|&&a| a).count() as u64,
        shown_tweets: tweets.iter().filter(|&&x| x).count() as u64,
        shown_edges: edge_weight.iter().filter(|&&w| w > 0).count() as u64,
        accounts,
        tweets,
        edge_weight,
        stats,
    }
}
