//! The headline figures of a dataset, as shown in the app and printed by
//! `ioscope summary --json`: campaigns, account and tweet counts, the network's edges,
//! languages, countries, time span, account-creation bursts and tweets per month.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::filter::{Filtered, ValueRange};
use crate::graph::{GraphStats, Network};
use crate::model::graph_file::{Spell, TimeFormat};
use crate::model::{
    Dataset, Role,
    time::{format_days, format_minutes, format_month, month_index},
};

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct CampaignSummary {
    pub name: String,
    pub country: String,
    /// Core accounts of the campaign.
    pub accounts: u64,
    pub tweets: u64,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct AccountCounts {
    pub total: u64,
    pub core: u64,
    pub outside: u64,
    pub hashed: u64,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct EdgeCounts {
    /// Distinct account pairs (a network file's undirected pairs count once).
    pub total: u64,
    pub retweet: u64,
    pub reply: u64,
    pub mention: u64,
    pub quote: u64,
    /// A network file's edges of other types.
    #[serde(skip_serializing_if = "is_zero")]
    pub link: u64,
    /// A network file's edges per type, as the file names them (files with typed edges).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub by_type: BTreeMap<String, u64>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct InteractionCounts {
    pub retweet: u64,
    pub reply: u64,
    pub mention: u64,
    pub quote: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub link: u64,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct TimeSpan {
    pub first_tweet: Option<String>,
    pub last_tweet: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct CreationDates {
    pub first: Option<String>,
    pub last: Option<String>,
    /// The 10 days on which most accounts were created: [date, count], most first.
    pub top_days: Vec<(String, u64)>,
}

/// Everything `ioscope summary --json` prints.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub campaigns: Vec<CampaignSummary>,
    pub accounts: AccountCounts,
    pub tweets: u64,
    pub edges: EdgeCounts,
    pub interactions: InteractionCounts,
    pub account_languages: BTreeMap<String, u64>,
    pub tweet_languages: BTreeMap<String, u64>,
    pub countries: BTreeMap<String, u64>,
    pub time_span: TimeSpan,
    pub creation_dates: CreationDates,
    pub tweets_per_month: BTreeMap<String, u64>,
    /// A network file's categorical node attributes: {attribute: {value: accounts}}.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, BTreeMap<String, u64>>,
    /// A network file's numeric node attributes: {attribute: its lowest and highest
    /// value}.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub numeric_attributes: BTreeMap<String, ValueRange>,
    /// A network file's categorical edge attributes: {attribute: {value: edges}}.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub edge_attributes: BTreeMap<String, BTreeMap<String, u64>>,
    /// A dynamic network file's time windows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spells: Option<SpellSummary>,
    pub warnings: u64,
    /// Tweets per month number (see [`month_index`]), for plots.
    #[serde(skip)]
    pub month_bins: Vec<(i32, u64)>,
}

/// When a dynamic network file's nodes and edges exist.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SpellSummary {
    /// How the file counts time.
    pub format: TimeFormat,
    /// The first and last moments any spell names, as the file writes them (none when
    /// every spell is open on that side).
    pub first: Option<String>,
    pub last: Option<String>,
    /// Nodes and edges with at least one spell (the others always exist).
    pub nodes: u64,
    pub edges: u64,
}

/// The spells of a network file, if it has any.
fn spell_summary(ds: &Dataset) -> Option<SpellSummary> {
    let spells = ds.graph_file.as_ref()?.spells.as_ref()?;
    let range = spells.range();
    let count = |v: &[Vec<Spell>]| v.iter().filter(|s| !s.is_empty()).count() as u64;
    Some(SpellSummary {
        format: spells.format,
        first: range.map(|(a, _)| spells.format.format(a)),
        last: range.map(|(_, b)| spells.format.format(b)),
        nodes: count(&spells.nodes),
        edges: count(&spells.edges),
    })
}

/// Tweets per month number (see [`month_index`]), counted in parallel; with a mask,
/// only the tweets it marks.
pub fn tweets_per_month_index(ds: &Dataset, mask: Option<&[bool]>) -> BTreeMap<i32, u64> {
    const CHUNK: usize = 1 << 16;
    let counts = ds
        .tweets
        .time
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, times)| {
            let mut m: FxHashMap<i32, u64> = FxHashMap::default();
            // Consecutive tweets are often in the same month: reuse the last day's month.
            let mut last_day = i32::MIN;
            let mut last_month = 0;
            for (j, &t) in times.iter().enumerate() {
                if let Some(mask) = mask
                    && !mask.get(c * CHUNK + j).copied().unwrap_or(false)
                {
                    continue;
                }
                let day = t.div_euclid(1440);
                if day != last_day {
                    last_day = day;
                    last_month = month_index(t);
                }
                *m.entry(last_month).or_default() += 1;
            }
            m
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        });
    counts.into_iter().collect()
}

impl Summary {
    /// Summarises a dataset and its network.
    pub fn new(ds: &Dataset, network: &Network) -> Self {
        Self::compute(ds, &network.stats, None)
    }

    /// [`Self::new`] in two steps, so that the first can run beside the network build:
    /// everything but the network's counts, which [`Self::with_network`] adds.
    pub fn of_dataset(ds: &Dataset) -> Self {
        Self::compute(ds, &GraphStats::default(), None)
    }

    /// Adds the network's counts of edges and interactions to [`Self::of_dataset`].
    #[must_use]
    pub fn with_network(mut self, network: &Network) -> Self {
        let by_type = std::mem::take(&mut self.edges.by_type);
        (self.edges, self.interactions) = network_counts(&network.stats, by_type);
        self
    }

    /// Summarises what a filter shows of a dataset.
    pub fn filtered(ds: &Dataset, filtered: &Filtered) -> Self {
        Self::compute(ds, &filtered.stats, Some(filtered))
    }

    fn compute(ds: &Dataset, stats: &GraphStats, filter: Option<&Filtered>) -> Self {
        let tweet_mask = filter.map(|f| f.tweets.as_slice());
        let (mut campaigns, accounts_part) = count_accounts(ds, filter);
        let (per_campaign, tweet_languages) = count_tweets(ds, tweet_mask);
        for (c, n) in campaigns.iter_mut().zip(per_campaign) {
            c.tweets = n;
        }
        campaigns.sort_by(|a, b| a.name.cmp(&b.name));
        let t = &ds.tweets;
        let shown_tweets = match tweet_mask {
            Some(m) => m.iter().filter(|&&x| x).count() as u64,
            None => t.len() as u64,
        };
        let time_span = if shown_tweets == 0 {
            TimeSpan::default()
        } else {
            time_span(ds, tweet_mask)
        };
        let month_bins: Vec<(i32, u64)> =
            tweets_per_month_index(ds, tweet_mask).into_iter().collect();
        let tweets_per_month = month_bins
            .iter()
            .map(|&(m, n)| (format_month(m), n))
            .collect();
        let (edges, interactions) = network_counts(stats, edges_by_type(ds, filter));
        Self {
            campaigns,
            accounts: accounts_part.counts,
            tweets: shown_tweets,
            edges,
            interactions,
            account_languages: accounts_part.languages,
            tweet_languages,
            countries: accounts_part.countries,
            time_span,
            creation_dates: creation_dates(accounts_part.created),
            tweets_per_month,
            attributes: attribute_counts(ds, filter),
            edge_attributes: edge_attribute_counts(ds, filter),
            numeric_attributes: numeric_ranges(ds),
            spells: spell_summary(ds),
            warnings: ds.warning_count,
            month_bins,
        }
    }
}

/// The edge and interaction counts of a network's statistics (with a network file's
/// edges per type).
fn network_counts(
    s: &GraphStats,
    by_type: BTreeMap<String, u64>,
) -> (EdgeCounts, InteractionCounts) {
    (
        EdgeCounts {
            total: s.distinct_pairs,
            retweet: s.pairs_by_kind[0],
            reply: s.pairs_by_kind[1],
            mention: s.pairs_by_kind[2],
            quote: s.pairs_by_kind[3],
            link: s.pairs_by_kind[4],
            by_type,
        },
        InteractionCounts {
            retweet: s.interactions_by_kind[0],
            reply: s.interactions_by_kind[1],
            mention: s.interactions_by_kind[2],
            quote: s.interactions_by_kind[3],
            link: s.interactions_by_kind[4],
        },
    )
}

/// A network file's edges per type name, those between shown accounts.
fn edges_by_type(ds: &Dataset, filter: Option<&Filtered>) -> BTreeMap<String, u64> {
    let Some(file) = &ds.graph_file else {
        return BTreeMap::new();
    };
    if file.edge_types.len() <= 1 {
        return BTreeMap::new();
    }
    let shown =
        |node: u32| filter.is_none_or(|f| f.accounts.get(node as usize).copied().unwrap_or(false));
    let mut counts = vec![0u64; file.edge_types.len()];
    for e in &file.edges {
        if shown(e.src) && shown(e.dst) {
            counts[e.kind as usize] += 1;
        }
    }
    counts
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(k, &n)| {
            let name = file.edge_type_name(k as u32);
            (if name.is_empty() { "(none)" } else { name }.to_owned(), n)
        })
        .collect()
}

/// Per categorical column of `columns` (over `rows` rows): the rows `shown` keeps, per
/// value.
fn value_counts(
    columns: &[crate::model::graph_file::Attribute],
    rows: usize,
    shown: impl Fn(usize) -> bool,
) -> BTreeMap<String, BTreeMap<String, u64>> {
    columns
        .iter()
        .filter(|a| a.is_categorical(rows))
        .map(|a| {
            let mut counts: BTreeMap<String, u64> = BTreeMap::new();
            for row in (0..rows).filter(|&r| shown(r)) {
                if let Some(v) = a.get(row) {
                    *counts.entry(v.to_owned()).or_default() += 1;
                }
            }
            (a.name.to_string(), counts)
        })
        .collect()
}

/// A network file's categorical node attributes: accounts shown per value.
fn attribute_counts(
    ds: &Dataset,
    filter: Option<&Filtered>,
) -> BTreeMap<String, BTreeMap<String, u64>> {
    let Some(file) = &ds.graph_file else {
        return BTreeMap::new();
    };
    value_counts(&file.attributes, file.node_count(), |node| {
        filter.is_none_or(|f| f.accounts.get(node).copied().unwrap_or(false))
    })
}

/// A network file's numeric node attributes, each with its lowest and highest value.
fn numeric_ranges(ds: &Dataset) -> BTreeMap<String, ValueRange> {
    let Some(file) = &ds.graph_file else {
        return BTreeMap::new();
    };
    file.attributes
        .iter()
        .filter(|a| a.kind.is_numeric())
        .filter_map(|a| {
            let numbers = a
                .values
                .iter()
                .filter_map(|v| v.trim().parse::<f64>().ok().filter(|x| x.is_finite()));
            let (lo, hi) = numbers.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                (lo.min(x), hi.max(x))
            });
            (lo <= hi).then(|| {
                (
                    a.name.to_string(),
                    ValueRange {
                        min: Some(lo),
                        max: Some(hi),
                    },
                )
            })
        })
        .collect()
}

/// A network file's categorical edge attributes: edges between shown accounts per
/// value.
fn edge_attribute_counts(
    ds: &Dataset,
    filter: Option<&Filtered>,
) -> BTreeMap<String, BTreeMap<String, u64>> {
    let Some(file) = &ds.graph_file else {
        return BTreeMap::new();
    };
    let shown =
        |node: u32| filter.is_none_or(|f| f.accounts.get(node as usize).copied().unwrap_or(false));
    value_counts(&file.edge_attributes, file.edges.len(), |k| {
        shown(file.edges[k].src) && shown(file.edges[k].dst)
    })
}

/// What the accounts shown add up to.
struct AccountPart {
    counts: AccountCounts,
    countries: BTreeMap<String, u64>,
    languages: BTreeMap<String, u64>,
    /// Accounts created on each day.
    created: FxHashMap<i32, u64>,
}

/// Per campaign (accounts counted, tweets not yet) and the account figures.
fn count_accounts(ds: &Dataset, filter: Option<&Filtered>) -> (Vec<CampaignSummary>, AccountPart) {
    let account_shown =
        |a: usize| filter.is_none_or(|f| f.accounts.get(a).copied().unwrap_or(false));
    let acc = &ds.accounts;
    let mut campaigns: Vec<CampaignSummary> = ds
        .campaigns
        .iter()
        .map(|c| CampaignSummary {
            name: c.name.clone(),
            country: c.country.clone(),
            accounts: 0,
            tweets: 0,
        })
        .collect();
    let mut part = AccountPart {
        counts: AccountCounts::default(),
        countries: BTreeMap::new(),
        languages: BTreeMap::new(),
        created: FxHashMap::default(),
    };
    for a in (0..acc.len()).filter(|&a| account_shown(a)) {
        part.counts.total += 1;
        let a32 = u32::try_from(a).unwrap_or(u32::MAX);
        match acc.role(a32) {
            Role::Core => part.counts.core += 1,
            Role::Outside => part.counts.outside += 1,
        }
        if ds.graph_file.is_none() && !ds.ids_are_handles && acc.id(a32).is_hashed() {
            part.counts.hashed += 1;
        }
        if let Some(c) = acc
            .campaign(a32)
            .and_then(|c| campaigns.get_mut(usize::from(c)))
        {
            c.accounts += 1;
            *part.countries.entry(c.country.clone()).or_default() += 1;
        }
        let lang = ds.strings.languages.resolve(acc.language[a]);
        if !lang.is_empty() {
            *part.languages.entry(lang.to_owned()).or_default() += 1;
        }
        if let Some(d) = acc.created_days[a] {
            *part.created.entry(d).or_default() += 1;
        }
    }
    (campaigns, part)
}

/// Tweets shown per campaign (dataset order), and per tweet language.
fn count_tweets(ds: &Dataset, tweet_mask: Option<&[bool]>) -> (Vec<u64>, BTreeMap<String, u64>) {
    let t = &ds.tweets;
    let mut per_campaign = vec![0u64; ds.campaigns.len()];
    let mut per_lang = vec![0u64; usize::from(u16::MAX) + 1];
    let tweet_shown = |i: usize| tweet_mask.is_none_or(|m| m.get(i).copied().unwrap_or(false));
    for (i, (&c, &l)) in t.campaign.iter().zip(&t.lang).enumerate() {
        if !tweet_shown(i) {
            continue;
        }
        if let Some(n) = per_campaign.get_mut(usize::from(c)) {
            *n += 1;
        }
        per_lang[usize::from(l)] += 1;
    }
    let languages = per_lang
        .iter()
        .enumerate()
        .filter(|(sym, n)| **n > 0 && *sym != 0)
        .map(|(sym, n)| {
            (
                ds.strings
                    .languages
                    .resolve(u32::try_from(sym).unwrap_or(0))
                    .to_owned(),
                *n,
            )
        })
        .filter(|(l, _)| !l.is_empty())
        .collect();
    (per_campaign, languages)
}

/// First and last tweet shown (at least one is shown).
fn time_span(ds: &Dataset, tweet_mask: Option<&[bool]>) -> TimeSpan {
    let tweet_shown = |i: usize| tweet_mask.is_none_or(|m| m.get(i).copied().unwrap_or(false));
    let (first, last) = ds
        .tweets
        .time
        .par_iter()
        .enumerate()
        .filter(|(i, _)| tweet_shown(*i))
        .fold(
            || (i32::MAX, i32::MIN),
            |(lo, hi), (_, &x)| (lo.min(x), hi.max(x)),
        )
        .reduce(|| (i32::MAX, i32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)));
    TimeSpan {
        first_tweet: Some(format_minutes(first)),
        last_tweet: Some(format_minutes(last)),
    }
}

/// First and last creation day, and the ten days most accounts were created on.
fn creation_dates(created: FxHashMap<i32, u64>) -> CreationDates {
    let mut days: Vec<(i32, u64)> = created.into_iter().collect();
    days.sort_unstable();
    let first = days.first().map(|d| format_days(d.0));
    let last = days.last().map(|d| format_days(d.0));
    days.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let top_days = days
        .iter()
        .take(10)
        .map(|&(d, n)| (format_days(d), n))
        .collect();
    CreationDates {
        first,
        last,
        top_days,
    }
}

/// A readable report of a summary, for the terminal.
pub fn text_report(s: &Summary) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<28} {:>10} {:>12}  country",
        "campaign", "accounts", "tweets"
    );
    for c in &s.campaigns {
        let _ = writeln!(
            out,
            "{:<28} {:>10} {:>12}  {}",
            c.name, c.accounts, c.tweets, c.country
        );
    }
    let a = &s.accounts;
    let _ = writeln!(
        out,
        "\naccounts: {} ({} core, {} outside, {} hashed ids)",
        a.total, a.core, a.outside, a.hashed
    );
    let _ = writeln!(out, "tweets:   {}", s.tweets);
    let e = &s.edges;
    let _ = writeln!(
        out,
        "edges:    {} account pairs ({} retweet, {} reply, {} mention, {} quote)",
        e.total, e.retweet, e.reply, e.mention, e.quote
    );
    if let (Some(f), Some(l)) = (&s.time_span.first_tweet, &s.time_span.last_tweet) {
        let _ = writeln!(out, "tweets from {f} to {l} UTC");
    }
    if !s.creation_dates.top_days.is_empty() {
        let days: Vec<String> = s
            .creation_dates
            .top_days
            .iter()
            .take(3)
            .map(|(d, n)| format!("{d} ({n})"))
            .collect();
        let _ = writeln!(out, "most accounts created on: {}", days.join(", "));
    }
    if let Some(sp) = &s.spells {
        let _ = writeln!(
            out,
            "dynamic network ({} time): spells from {} to {}; {} nodes and {} edges have them",
            sp.format.declared(),
            sp.first.as_deref().unwrap_or("the start"),
            sp.last.as_deref().unwrap_or("the end"),
            sp.nodes,
            sp.edges
        );
    }
    let _ = writeln!(out, "warnings: {}", s.warnings);
    out
}
