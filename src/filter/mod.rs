//! Filters: what the analyst asked to see ([`FilterSpec`]: countries, campaigns,
//! account and tweet languages, role, a date window, minimum degree, isolated
//! accounts, a network file's facets and numeric ranges) turned into masks over accounts, tweets and network edges ([`Filtered`]).
//! A filter is a pure function of the dataset, so the canvas, the counts, the plots and
//! `ioscope summary` all see the same thing.
//!
//! Semantics, in order:
//! 1. An account passes when its role is shown, its campaign's country and the
//!    campaign are shown (outside accounts have neither and pass both), and its
//!    language is shown.
//!    A dynamic network file's node passes only while one of its spells meets the time
//!    window (a node without spells always does).
//! 2. A tweet passes when its author passes, it falls in the date window, and its
//!    language is shown.
//! 3. An edge of the network is kept with the interactions of passing tweets behind it
//!    whose other end passes too (its weight is their number); edges left with none go.
//!    (A network file's edges have no tweets: they are kept while both ends pass and,
//!    in a dynamic network, while one of their spells meets the time window.)
//! 4. Accounts shown: those that pass, with at least the minimum degree in the kept
//!    edges (and at least one edge when isolated accounts are hidden). Tweets and edges
//!    shown are those whose accounts are shown.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::graph::{Evidence, GraphStats, Network};
use crate::model::graph_file::Spells;
use crate::model::{AccountIdx, Dataset};

/// What the canvas does with the accounts a filter leaves out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FilterMode {
    /// Grey them out; the layout keeps the whole network.
    #[default]
    Dim,
    /// Leave them out and lay out only what is shown.
    Hide,
}

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
    /// First and last day shown (days since 1970-01-01, inclusive). They also bound a
    /// network file's calendar spells.
    pub from_day: Option<i32>,
    pub to_day: Option<i32>,
    /// First and last moment shown (inclusive) of a network file whose spells count
    /// time in plain numbers (GEXF's `double` and `integer` time formats).
    pub from_time: Option<FileTime>,
    pub to_time: Option<FileTime>,
    pub min_degree: u32,
    pub hide_isolated: bool,
    /// Only these accounts (a community, a centrality range, a coordinated group;
    /// `None`: all).
    pub only: Option<AccountSubset>,
    /// A network file's categorical attributes (facets): per attribute name, the values
    /// whose accounts are shown (an attribute not named: all; "" stands for accounts
    /// without a value).
    pub attributes: BTreeMap<String, BTreeSet<String>>,
    /// A network file's numeric attributes: per attribute name, the range of values
    /// whose accounts are shown (accounts without a value are not).
    pub ranges: BTreeMap<String, ValueRange>,
}

/// An inclusive range of a numeric attribute's values; an open side has no bound.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValueRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

// Bounds are finite numbers (the filter panel and the command line refuse others), so
// equality is an equivalence.
impl Eq for ValueRange {}

impl ValueRange {
    pub fn contains(&self, v: f64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// A moment in a network file's own time, when it counts time in plain numbers.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileTime(pub f64);

// Times are finite numbers (the filter panel and the command line refuse others), so
// equality is an equivalence.
impl Eq for FileTime {}

/// A set of accounts a filter keeps, and what it is ("community 3").
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountSubset {
    pub label: String,
    /// Account indices, sorted and distinct.
    pub accounts: Vec<AccountIdx>,
}

impl AccountSubset {
    pub fn new(label: String, accounts: impl IntoIterator<Item = AccountIdx>) -> Self {
        let mut accounts: Vec<AccountIdx> = accounts.into_iter().collect();
        accounts.sort_unstable();
        accounts.dedup();
        Self { label, accounts }
    }

    pub fn contains(&self, a: AccountIdx) -> bool {
        self.accounts.binary_search(&a).is_ok()
    }
}

impl FilterSpec {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
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
        network.node_mask(&self.accounts)
    }

    /// Edge mask (network edge k) of what is shown.
    pub fn edge_mask(&self) -> Vec<bool> {
        self.edge_weight.iter().map(|&w| w > 0).collect()
    }
}

fn allowed(set: &Option<BTreeSet<String>>, value: &str) -> bool {
    set.as_ref().is_none_or(|s| s.contains(value))
}

/// Per language symbol: does the set let it pass? (`None`: all; "" is symbol 0.)
fn language_pass(ds: &Dataset, set: &Option<BTreeSet<String>>) -> Vec<bool> {
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
}

/// Per condition on a network file's node attributes: the named attribute's codes per
/// account (node i is account i) and whether each code passes (`none` for code 0, no
/// value; `pass` for each value). Conditions on attributes the file lacks are left out.
fn attribute_passes<'a, C>(
    ds: &'a Dataset,
    conditions: &BTreeMap<String, C>,
    none: impl Fn(&C) -> bool,
    pass: impl Fn(&C, &str) -> bool,
) -> Vec<(&'a [u32], Vec<bool>)> {
    let Some(file) = &ds.graph_file else {
        return Vec::new();
    };
    conditions
        .iter()
        .filter_map(|(name, condition)| {
            let a = file.attributes.iter().find(|a| *a.name == **name)?;
            let mut ok = vec![none(condition)];
            ok.extend(a.values.iter().map(|v| pass(condition, v)));
            Some((a.codes.as_slice(), ok))
        })
        .collect()
}

/// A network file's spells and the window the filter asks of them (in the file's time:
/// days for calendar formats), or `None` when the file has no spells or the filter no
/// window.
fn spell_window<'a>(ds: &'a Dataset, spec: &FilterSpec) -> Option<(&'a Spells, f64, f64)> {
    let spells = ds.graph_file.as_ref()?.spells.as_ref()?;
    let (from, to) = if spells.format.is_calendar() {
        if spec.from_day.is_none() && spec.to_day.is_none() {
            return None;
        }
        (
            spec.from_day.map_or(f64::NEG_INFINITY, f64::from),
            // The last day is shown whole: up to (not including) the next midnight.
            spec.to_day
                .map_or(f64::INFINITY, |d| f64::from(d) + 1.0 - 1e-9),
        )
    } else {
        if spec.from_time.is_none() && spec.to_time.is_none() {
            return None;
        }
        (
            spec.from_time.map_or(f64::NEG_INFINITY, |t| t.0),
            spec.to_time.map_or(f64::INFINITY, |t| t.0),
        )
    };
    Some((spells, from, to))
}

/// Whether the element with `spells` (none: always there) lives in the window.
fn alive(spells: Option<&Vec<crate::model::graph_file::Spell>>, from: f64, to: f64) -> bool {
    spells.is_none_or(|s| Spells::alive(s, from, to))
}

/// Step 1: the accounts that pass on role, campaign, country, language, facets and
/// (for a dynamic network file) the time window.
fn accounts_passing(ds: &Dataset, spec: &FilterSpec) -> Vec<bool> {
    let acc = &ds.accounts;
    let campaign_ok: Vec<bool> = ds
        .campaigns
        .iter()
        .map(|c| allowed(&spec.countries, &c.country) && allowed(&spec.campaigns, &c.name))
        .collect();
    let language_ok = language_pass(ds, &spec.account_languages);
    // Facets (code 0, no value, is "") and numeric ranges (no value is in none).
    let mut facets = attribute_passes(
        ds,
        &spec.attributes,
        |allowed| allowed.contains(""),
        BTreeSet::contains,
    );
    facets.extend(attribute_passes(
        ds,
        &spec.ranges,
        |_| false,
        |range, v| {
            v.trim()
                .parse::<f64>()
                .is_ok_and(|x| x.is_finite() && range.contains(x))
        },
    ));
    let window = spell_window(ds, spec);
    (0..acc.len())
        .into_par_iter()
        .map(|a| {
            let role_ok = match acc.campaign(a as AccountIdx) {
                Some(c) => {
                    !spec.hide_core && campaign_ok.get(usize::from(c)).copied().unwrap_or(true)
                }
                None => !spec.hide_outside,
            };
            role_ok
                && language_ok
                    .get(acc.language[a] as usize)
                    .copied()
                    .unwrap_or(true)
                && spec
                    .only
                    .as_ref()
                    .is_none_or(|only| only.contains(a as AccountIdx))
                && facets.iter().all(|(codes, ok)| {
                    let code = codes.get(a).copied().unwrap_or(0) as usize;
                    ok.get(code).copied().unwrap_or(false)
                })
                && window.is_none_or(|(s, from, to)| alive(s.nodes.get(a), from, to))
        })
        .collect()
}

/// Step 2: the tweets that pass (author, date window, language).
fn tweets_passing(ds: &Dataset, spec: &FilterSpec, account_ok: &[bool]) -> Vec<bool> {
    let t = &ds.tweets;
    let language_ok = language_pass(ds, &spec.tweet_languages);
    let from = spec.from_day.map_or(i64::MIN, |d| i64::from(d) * 1440);
    let to = spec.to_day.map_or(i64::MAX, |d| (i64::from(d) + 1) * 1440);
    (0..t.len())
        .into_par_iter()
        .map(|i| {
            let time = i64::from(t.time[i]);
            account_ok
                .get(t.author[i] as usize)
                .copied()
                .unwrap_or(false)
                && time >= from
                && time < to
                && language_ok
                    .get(usize::from(t.lang[i]))
                    .copied()
                    .unwrap_or(true)
        })
        .collect()
}

/// Step 3: each edge's weight in the passing tweets whose ends both pass. The edges of
/// a network file have no tweets behind them: they keep their weight while both ends
/// pass (and, in a dynamic network, while they live in the time window: `edge_alive`,
/// per network edge).
fn edge_weights(
    network: &Network,
    evidence: &Evidence,
    account_ok: &[bool],
    tweet_ok: &[bool],
    given: bool,
    edge_alive: Option<&[bool]>,
) -> Vec<u32> {
    let passes = |node: u32| {
        network
            .account
            .get(node as usize)
            .and_then(|&a| account_ok.get(a as usize))
            .copied()
            .unwrap_or(false)
    };
    network
        .edges
        .par_iter()
        .enumerate()
        .map(|(e, edge)| {
            if !(passes(edge.src) && passes(edge.dst)) {
                return 0;
            }
            if given {
                let alive = edge_alive.is_none_or(|a| a.get(e).copied().unwrap_or(true));
                return if alive { edge.weight } else { 0 };
            }
            evidence
                .of(e)
                .iter()
                .filter(|&&tw| tweet_ok.get(tw as usize).copied().unwrap_or(false))
                .count() as u32
        })
        .collect()
}

/// Degree of each account in the edges of positive weight (per thread, then summed).
fn degrees(network: &Network, edge_weight: &[u32], accounts: usize) -> Vec<u32> {
    const EDGE_CHUNK: usize = 1 << 16;
    network
        .edges
        .par_chunks(EDGE_CHUNK)
        .zip(edge_weight.par_chunks(EDGE_CHUNK))
        .fold(
            || vec![0u32; accounts],
            |mut d, (edges, weights)| {
                for (edge, &w) in edges.iter().zip(weights) {
                    if w > 0 {
                        for node in [edge.src, edge.dst] {
                            if let Some(slot) = network
                                .account
                                .get(node as usize)
                                .and_then(|&a| d.get_mut(a as usize))
                            {
                                *slot += 1;
                            }
                        }
                    }
                }
                d
            },
        )
        .reduce(
            || vec![0u32; accounts],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        )
}

/// Network statistics of the edges of positive weight.
fn shown_stats(network: &Network, evidence: &Evidence, edge_weight: &[u32]) -> GraphStats {
    let mut stats = GraphStats::default();
    let mut pair_seen = vec![false; evidence.pair_count()];
    for (k, (edge, &w)) in network.edges.iter().zip(edge_weight).enumerate() {
        if w > 0 {
            let kind = edge.kind as usize;
            stats.pairs_by_kind[kind] += 1;
            stats.interactions_by_kind[kind] += u64::from(w);
            if let Some(seen) = evidence
                .pair_of(k)
                .and_then(|p| pair_seen.get_mut(p as usize))
            {
                *seen = true;
            }
        }
    }
    stats.distinct_pairs = pair_seen.iter().filter(|&&s| s).count() as u64;
    stats
}

/// Applies `spec` to a dataset and its network.
pub fn apply(ds: &Dataset, network: &Network, evidence: &Evidence, spec: &FilterSpec) -> Filtered {
    let account_ok = accounts_passing(ds, spec);
    let tweet_ok = tweets_passing(ds, spec, &account_ok);
    let edge_alive: Option<Vec<bool>> = spell_window(ds, spec).map(|(s, from, to)| {
        network
            .file_edge
            .par_iter()
            .map(|&k| alive(s.edges.get(k as usize), from, to))
            .collect()
    });
    let mut edge_weight = edge_weights(
        network,
        evidence,
        &account_ok,
        &tweet_ok,
        ds.graph_file.is_some(),
        edge_alive.as_deref(),
    );
    // Step 4: the minimum degree, then what is shown.
    let degree = degrees(network, &edge_weight, account_ok.len());
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
        .zip(&ds.tweets.author)
        .map(|(&ok, &a)| ok && accounts.get(a as usize).copied().unwrap_or(false))
        .collect();
    let shown = network.node_mask(&accounts);
    edge_weight
        .par_iter_mut()
        .zip(&network.edges)
        .for_each(|(w, edge)| {
            if *w > 0 && !(shown[edge.src as usize] && shown[edge.dst as usize]) {
                *w = 0;
            }
        });
    let stats = shown_stats(network, evidence, &edge_weight);
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
