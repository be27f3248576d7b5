//! Coordination networks: which accounts do the same thing at the same time. Each
//! kind turns tweets into *events* — a key (what was shared) and a time — and joins two
//! accounts when both have an event with the same key within Δt of each other:
//!
//! - *co-retweet*: the key is the retweeted tweet;
//! - *co-tweet*: the text, normalised as the QUT coordination-network-toolkit does
//!   (lower case, @mentions removed, runs of whitespace as one space), of tweets that
//!   are not retweets (texts must have been loaded);
//! - *co-link*: each URL a tweet that is not a retweet shares (one event per URL);
//! - *co-hashtag*: the tweet's sequence of hashtags (tweets with at least one);
//! - *co-reply*: the tweet replied to (replies that are not retweets and whose file
//!   names the tweet, `in_reply_to_tweetid`).
//!
//! Two kinds compare sets instead of keys, with an exact similarity join
//! ([`super::similarity`]):
//!
//! - *near-duplicate*: two tweets (not retweets) within Δt whose word sets (the text
//!   lower-cased, @mentions removed, split at Unicode word boundaries) have a Jaccard
//!   similarity ≥ τ, as the toolkit's `co_similar_tweet`; the weight counts tweets as
//!   above;
//! - *synchronised*: two accounts whose sets of active time bins (Δt wide, at least a
//!   minute; every tweet counts) have a Jaccard similarity ≥ τ, with at least
//!   [`MIN_ACTIVE_BINS`] bins each; the weight is the number of bins both were active
//!   in.
//!
//! **Share** (against hyperactive accounts): for `u₁ → u₂`, the share of `u₁`'s tweets
//! whose item `u₂` also shared, at any time, that `u₂` shared within Δt. Accounts that
//! coordinate share items *together*; two very active accounts that meet by chance share
//! many items and few within Δt. A pair whose edges both fall below the minimum share
//! is dropped (0 keeps all, as the toolkit does). Set-based kinds give the Jaccard similarity here.
//!
//! The keyed kinds' semantics are the toolkit's (`compute_networks.py`), so that results compare
//! edge for edge: for accounts `u₁ ≠ u₂`, the weight of `u₁ → u₂` is the number of
//! distinct tweets of `u₁` with a matching event of `u₂` within Δt (`|t₂ − t₁| ≤ Δt`);
//! pairs below the minimum weight are dropped. The two directions may differ.
//!
//! Work: events are sorted by (key, time); a window slides over each key's events,
//! and every (tweet, other account) match becomes one record, which are then sorted,
//! deduplicated and counted, all in parallel. The quadratic case (many accounts sharing
//! one key within Δt) is bounded: the number of matches is counted before any is
//! stored, and past [`MAX_MATCHES`] the computation stops with a message asking for a
//! shorter Δt (never an out-of-memory).

use rayon::prelude::*;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

use super::similarity::{JoinStop, SetTable, similar_pairs};
use crate::model::{AccountIdx, Dataset, Minutes};

/// Most (tweet, account) matches held at once (12 bytes each: about 3.6 GB).
pub const MAX_MATCHES: u64 = 300_000_000;

/// Fewest active time bins an account needs to be compared for synchronised posting.
pub const MIN_ACTIVE_BINS: usize = 10;

/// What makes two tweets "the same".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CoordinationKind {
    CoRetweet,
    CoTweet,
    CoLink,
    CoHashtag,
    CoReply,
    NearDuplicate,
    Synchronised,
}

impl CoordinationKind {
    pub const ALL: [Self; 7] = [
        Self::CoRetweet,
        Self::CoTweet,
        Self::NearDuplicate,
        Self::CoLink,
        Self::CoHashtag,
        Self::CoReply,
        Self::Synchronised,
    ];

    /// The name on the command line (`co-retweet`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::CoRetweet => "co-retweet",
            Self::CoTweet => "co-tweet",
            Self::CoLink => "co-link",
            Self::CoHashtag => "co-hashtag",
            Self::CoReply => "co-reply",
            Self::NearDuplicate => "near-duplicate",
            Self::Synchronised => "synchronised",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether this kind reads tweet texts (which must then be loaded).
    pub fn needs_text(self) -> bool {
        matches!(self, Self::CoTweet | Self::NearDuplicate)
    }

    /// Whether τ (a similarity threshold) applies.
    pub fn uses_similarity(self) -> bool {
        matches!(self, Self::NearDuplicate | Self::Synchronised)
    }
}

/// What to compute: the kind, Δt, and the edges' thresholds.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoordinationParams {
    pub kind: CoordinationKind,
    /// Δt in seconds.
    pub window: i64,
    /// Fewest matching tweets (or shared bins) an edge needs.
    pub min_weight: u32,
    /// Least share an edge needs (0 keeps every edge, as the toolkit does).
    pub min_share: f64,
    /// τ: least Jaccard similarity (near-duplicate, synchronised).
    pub similarity: f64,
    /// Time-shuffled copies to test each edge against (0: no test).
    #[serde(default)]
    pub shuffles: u32,
    /// With the test, edges whose p-value is above this are dropped (1 keeps all).
    #[serde(default = "default_max_p")]
    pub max_p: f64,
    /// How an edge's strength is measured (for the canvas and communities).
    #[serde(default)]
    pub weighting: Weighting,
}

/// What an edge's strength is: its count of matching tweets, or the TF-IDF cosine
/// similarity of its two accounts (Pacheco et al. 2021).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Weighting {
    #[default]
    Count,
    TfIdf,
}

impl Weighting {
    pub fn name(self) -> &'static str {
        match self {
            Self::Count => "count",
            Self::TfIdf => "tfidf",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Count, Self::TfIdf]
            .into_iter()
            .find(|w| w.name() == name)
    }
}

fn default_max_p() -> f64 {
    0.05
}

impl Default for CoordinationParams {
    fn default() -> Self {
        Self {
            kind: CoordinationKind::CoRetweet,
            window: 60,
            min_weight: 3,
            min_share: 0.5,
            similarity: 0.8,
            shuffles: 0,
            max_p: default_max_p(),
            weighting: Weighting::Count,
        }
    }
}

/// One directed coordination edge: `weight` tweets of `from` matched by `to`, and the
/// share of the items both shared that they shared within Δt.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct CoordinationEdge {
    pub from: AccountIdx,
    pub to: AccountIdx,
    pub weight: u32,
    pub share: f32,
    /// Its p-value against the time-shuffled null model, when tested.
    pub p: Option<f32>,
    /// The TF-IDF cosine similarity of its accounts, when weighted so.
    pub tfidf: Option<f32>,
}

impl CoordinationEdge {
    /// Its strength as the parameters weigh it: the TF-IDF cosine when measured, else
    /// the count of matching tweets.
    pub fn strength(&self) -> f32 {
        self.tfidf.unwrap_or(self.weight as f32)
    }
}

/// Why no network came out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CoordinationError {
    #[error(
        "{matches} matches at Δt = {window} s is more than {max} (many accounts shared the same item within Δt): try a shorter Δt"
    )]
    TooManyMatches { matches: u64, window: i64, max: u64 },
    #[error("{0} compares texts, and they were not loaded: load with the texts kept")]
    NoTexts(&'static str),
    #[error(
        "{candidates} candidate pairs at Δt = {window} s is more than {max} (too many similar sets within Δt): try a shorter Δt or a higher τ"
    )]
    TooManyCandidates {
        candidates: u64,
        window: i64,
        max: u64,
    },
    #[error("cancelled")]
    Cancelled,
}

/// One event: what was shared, when (seconds), by whom, in which tweet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Event {
    pub key: u64,
    pub time: i64,
    pub user: AccountIdx,
    pub tweet: u32,
}

/// Buffers reused from text to text by [`normalise_into`] (no allocation per tweet).
#[derive(Default)]
struct TextScratch {
    lower: String,
    clean: String,
}

/// A text as the toolkit's `message_preprocessor` leaves it: lower case, every
/// `@…` up to the next whitespace removed, whitespace runs as single spaces.
pub fn normalise_text(text: &str) -> String {
    normalise_into(text, &mut TextScratch::default()).to_owned()
}

/// [`normalise_text`] into `scratch`'s buffers, in one pass over the characters (a
/// text with a capital sigma, whose lower case depends on its neighbours, is lowered
/// whole first).
fn normalise_into<'s>(text: &str, scratch: &'s mut TextScratch) -> &'s str {
    let TextScratch { lower, clean } = scratch;
    let source: &str = if text.contains('Σ') {
        *lower = text.to_lowercase();
        lower
    } else {
        text
    };
    clean.clear();
    let mut in_mention = false;
    let mut space = false;
    let mut keep = |c: char, clean: &mut String| {
        if c == '@' && !in_mention {
            in_mention = true;
        } else if in_mention && c.is_whitespace() {
            in_mention = false;
        }
        if in_mention {
            return;
        }
        if c.is_whitespace() {
            space = !clean.is_empty();
            return;
        }
        if space {
            clean.push(' ');
            space = false;
        }
        clean.push(c);
    };
    for c in source.chars() {
        if c.is_ascii() {
            keep(c.to_ascii_lowercase(), clean);
        } else if is_caseless(c) {
            keep(c, clean);
        } else {
            for l in c.to_lowercase() {
                keep(l, clean);
            }
        }
    }
    clean
}

/// Characters with no lower case of their own, known without a table lookup: kana,
/// CJK symbols and ideographs, Hangul syllables (most of Chinese, Japanese and Korean
/// text).
fn is_caseless(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// The keys of tweet `i` for `kind` (none when it takes no part).
fn keys_of(ds: &Dataset, kind: CoordinationKind, i: usize) -> Vec<u64> {
    keys_with(ds, kind, i, &mut TextScratch::default())
}

/// [`keys_of`] with reused text buffers.
fn keys_with(
    ds: &Dataset,
    kind: CoordinationKind,
    i: usize,
    scratch: &mut TextScratch,
) -> Vec<u64> {
    let t = &ds.tweets;
    let retweet = crate::model::tweets::TweetKind(t.kind[i]).is_retweet();
    match kind {
        CoordinationKind::CoRetweet => (retweet && t.ref_tweet[i] != 0)
            .then_some(t.ref_tweet[i])
            .into_iter()
            .collect(),
        CoordinationKind::CoTweet => (!retweet)
            .then(|| hash_of(normalise_into(t.text(i), scratch)))
            .into_iter()
            .collect(),
        // As the toolkit: the links of retweets are not the account's own.
        CoordinationKind::CoLink if retweet => Vec::new(),
        CoordinationKind::CoLink => {
            let mut urls = t.lists(i).urls.to_vec();
            urls.sort_unstable();
            urls.dedup();
            urls.into_iter().map(u64::from).collect()
        }
        CoordinationKind::CoReply => (!retweet && t.reply_tweet[i] != 0)
            .then_some(t.reply_tweet[i])
            .into_iter()
            .collect(),
        CoordinationKind::CoHashtag => {
            let tags = t.lists(i).hashtags;
            (!tags.is_empty())
                .then(|| hash_of(tags))
                .into_iter()
                .collect()
        }
        CoordinationKind::NearDuplicate | CoordinationKind::Synchronised => Vec::new(),
    }
}

/// The hashes of [`words`], sorted and deduplicated (no string per word).
fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    word_hashes_into(text, &mut TextScratch::default(), &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// Appends the hashes of [`words`] (unsorted, repeats kept) to `out`.
fn word_hashes_into(text: &str, scratch: &mut TextScratch, out: &mut Vec<u64>) {
    use unicode_segmentation::UnicodeSegmentation as _;
    out.extend(
        normalise_into(text, scratch)
            .split_word_bounds()
            .filter(|w| !w.trim().is_empty())
            .map(hash_of),
    );
}

/// The words of a text as the toolkit's `tokenize` finds them: lower case, @mentions
/// removed, split at Unicode word boundaries, whitespace dropped.
pub fn words(text: &str) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation as _;
    let clean = normalise_text(text);
    let mut out: Vec<String> = clean
        .split_word_bounds()
        .filter(|w| !w.trim().is_empty())
        .map(str::to_owned)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The events of the tweets `shown` keeps (all when `None`).
pub(crate) fn events(
    ds: &Dataset,
    kind: CoordinationKind,
    shown: Option<&[bool]>,
) -> Result<Vec<Event>, CoordinationError> {
    let t = &ds.tweets;
    if kind.needs_text() && t.text_offsets.is_none() {
        return Err(CoordinationError::NoTexts(kind.name()));
    }
    let n = t.id.len();
    let mut out: Vec<Event> = (0..n)
        .into_par_iter()
        .filter(|&i| shown.is_none_or(|m| m.get(i).copied().unwrap_or(false)))
        .map_init(TextScratch::default, |scratch, i| {
            let at = |key: u64| Event {
                key,
                time: i64::from(t.time[i]) * 60,
                user: t.author[i],
                tweet: i as u32,
            };
            let keys = keys_with(ds, kind, i, scratch);
            keys.into_iter().map(at).collect::<Vec<_>>()
        })
        .flatten_iter()
        .collect();
    out.par_sort_unstable();
    Ok(out)
}

/// The ranges of `events` that share a key.
pub(crate) fn groups(events: &[Event]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=events.len() {
        if i == events.len() || events[i].key != events[start].key {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// For each event of a group, the window of events within Δt: `(lo, hi)` indices.
fn windows(group: &[Event], window: i64) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut lo = 0;
    let mut hi = 0;
    (0..group.len()).map(move |i| {
        let t = group[i].time;
        while group[lo].time < t - window {
            lo += 1;
        }
        while hi < group.len() && group[hi].time <= t + window {
            hi += 1;
        }
        (i, lo, hi)
    })
}

/// The coordination network `params` asks for, over the tweets `shown` keeps (all
/// when `None`), sorted by (from, to).
pub fn coordination(
    ds: &Dataset,
    params: &CoordinationParams,
    shown: Option<&[bool]>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Vec<CoordinationEdge>, CoordinationError> {
    bounded(ds, params, shown, cancelled, MAX_MATCHES).map(|(edges, _)| edges)
}

/// [`coordination`] over every tweet, and the Δt the data suggests
/// ([`suggested_window`]) from the same events: the tweets are read once.
pub fn coordination_and_window(
    ds: &Dataset,
    params: &CoordinationParams,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<(Vec<CoordinationEdge>, Option<i64>), CoordinationError> {
    bounded(ds, params, None, cancelled, MAX_MATCHES)
}

/// [`coordination`] with at most `max_matches` matches (or candidate pairs), and (for
/// kinds with items, over every tweet) the Δt the data suggests.
fn bounded(
    ds: &Dataset,
    params: &CoordinationParams,
    shown: Option<&[bool]>,
    cancelled: &(dyn Fn() -> bool + Sync),
    max_matches: u64,
) -> Result<(Vec<CoordinationEdge>, Option<i64>), CoordinationError> {
    let window = params.window.max(0);
    match params.kind {
        CoordinationKind::NearDuplicate => Ok((
            near_duplicate(ds, params, shown, cancelled, max_matches)?,
            None,
        )),
        CoordinationKind::Synchronised => Ok((
            synchronised(
                ds,
                params,
                shown,
                &ds.tweets.time,
                params.min_weight,
                cancelled,
                max_matches,
            )?,
            None,
        )),
        kind => {
            let events = events(ds, kind, shown)?;
            let records = keyed_matches(&events, window, cancelled, max_matches)?;
            let edges = edges_of(&records, params.min_weight);
            let suggested = shown.is_none().then(|| suggested_from(&events)).flatten();
            Ok((with_shares(&events, edges, params.min_share), suggested))
        }
    }
}

/// Every (from, to, tweet of from) match of keyed events within Δt, sorted and
/// deduplicated (a tweet matched twice by one account counts once).
pub(crate) fn keyed_matches(
    events: &[Event],
    window: i64,
    cancelled: &(dyn Fn() -> bool + Sync),
    max_matches: u64,
) -> Result<Vec<(AccountIdx, AccountIdx, u32)>, CoordinationError> {
    let groups = groups(events);
    // Count first: the quadratic case is refused before anything is stored.
    let matches: u64 = groups
        .par_iter()
        .map(|g| {
            windows(&events[g.clone()], window)
                .map(|(_, lo, hi)| (hi - lo - 1) as u64)
                .sum::<u64>()
        })
        .sum();
    if matches > max_matches {
        return Err(CoordinationError::TooManyMatches {
            matches,
            window,
            max: max_matches,
        });
    }
    if cancelled() {
        return Err(CoordinationError::Cancelled);
    }
    let mut records: Vec<(AccountIdx, AccountIdx, u32)> = groups
        .par_iter()
        .flat_map_iter(|g| {
            let group = &events[g.clone()];
            windows(group, window)
                .flat_map(move |(i, lo, hi)| {
                    let e = group[i];
                    group[lo..hi]
                        .iter()
                        .filter(move |o| o.user != e.user)
                        .map(move |o| (e.user, o.user, e.tweet))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    if cancelled() {
        return Err(CoordinationError::Cancelled);
    }
    records.par_sort_unstable();
    records.dedup();
    Ok(records)
}

/// Edges from sorted, deduplicated (from, to, tweet) matches: one per pair, weighing its
/// matches, kept from `min_weight` (share 1 until measured).
pub(crate) fn edges_of(
    records: &[(AccountIdx, AccountIdx, u32)],
    min_weight: u32,
) -> Vec<CoordinationEdge> {
    let mut edges = Vec::new();
    let mut start = 0;
    for i in 1..=records.len() {
        if i == records.len()
            || records[i].0 != records[start].0
            || records[i].1 != records[start].1
        {
            let weight = (i - start) as u32;
            if weight >= min_weight.max(1) {
                edges.push(CoordinationEdge {
                    from: records[start].0,
                    to: records[start].1,
                    weight,
                    share: 1.0,
                    p: None,
                    tfidf: None,
                });
            }
            start = i;
        }
    }
    edges
}

/// Measures each edge's share (of `from`'s tweets whose item `to` also shared, the share
/// matched within Δt) and keeps those from `min_share`.
fn with_shares(
    events: &[Event],
    mut edges: Vec<CoordinationEdge>,
    min_share: f64,
) -> Vec<CoordinationEdge> {
    let mut involved: Vec<AccountIdx> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
    involved.par_sort_unstable();
    involved.dedup();
    // Each involved account's (key, tweet) events, in key order (events are sorted).
    let mut of: rustc_hash::FxHashMap<AccountIdx, Vec<(u64, u32)>> =
        involved.iter().map(|&a| (a, Vec::new())).collect();
    for e in events {
        if let Some(list) = of.get_mut(&e.user) {
            list.push((e.key, e.tweet));
        }
    }
    edges.par_iter_mut().for_each(|edge| {
        let (Some(a), Some(b)) = (of.get(&edge.from), of.get(&edge.to)) else {
            return;
        };
        let mut tweets: Vec<u32> = Vec::new();
        let mut j = 0;
        for &(key, tweet) in a {
            while j < b.len() && b[j].0 < key {
                j += 1;
            }
            if j < b.len() && b[j].0 == key {
                tweets.push(tweet);
            }
        }
        tweets.sort_unstable();
        tweets.dedup();
        edge.share = edge.weight as f32 / tweets.len().max(1) as f32;
    });
    // A pair stays when either direction reaches the share: a very active account
    // that coordinates with a quieter one shows it from the quieter one's side.
    let passing: rustc_hash::FxHashSet<(AccountIdx, AccountIdx)> = edges
        .iter()
        .filter(|e| f64::from(e.share) >= min_share - 1e-6)
        .map(|e| (e.from.min(e.to), e.from.max(e.to)))
        .collect();
    edges.retain(|e| passing.contains(&(e.from.min(e.to), e.from.max(e.to))));
    edges
}

fn join_error(stop: JoinStop, window: i64, max: u64) -> CoordinationError {
    match stop {
        JoinStop::TooManyCandidates(candidates) => CoordinationError::TooManyCandidates {
            candidates,
            window,
            max,
        },
        JoinStop::Cancelled => CoordinationError::Cancelled,
    }
}

/// Word sets of the tweets (not retweets) `shown` keeps, as a table for the join
/// (tagged with their tweet numbers; words as 64-bit hashes, whose collisions are
/// negligible), built in parallel in file order.
pub(crate) fn word_sets(ds: &Dataset, shown: Option<&[bool]>) -> SetTable {
    const CHUNK: usize = 8192;
    let t = &ds.tweets;
    let n = t.id.len();
    let parts: Vec<SetTable> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut table = SetTable::default();
            let mut scratch = TextScratch::default();
            let mut words = Vec::new();
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                if !shown.is_none_or(|m| m.get(i).copied().unwrap_or(false))
                    || crate::model::tweets::TweetKind(t.kind[i]).is_retweet()
                {
                    continue;
                }
                words.clear();
                word_hashes_into(t.text(i), &mut scratch, &mut words);
                table.push(
                    i64::from(t.time[i]) * 60,
                    t.author[i],
                    i as u32,
                    words.iter().copied(),
                );
            }
            table
        })
        .collect();
    SetTable::concat(parts)
}

/// Near-duplicate texts: see the module's doc.
fn near_duplicate(
    ds: &Dataset,
    params: &CoordinationParams,
    shown: Option<&[bool]>,
    cancelled: &(dyn Fn() -> bool + Sync),
    max: u64,
) -> Result<Vec<CoordinationEdge>, CoordinationError> {
    if ds.tweets.text_offsets.is_none() {
        return Err(CoordinationError::NoTexts(params.kind.name()));
    }
    let table = word_sets(ds, shown);
    near_duplicates_in(&table, params, params.min_weight, cancelled, max)
}

/// The near-duplicate edges of a table of word sets, from `min_weight`.
pub(crate) fn near_duplicates_in(
    table: &SetTable,
    params: &CoordinationParams,
    min_weight: u32,
    cancelled: &(dyn Fn() -> bool + Sync),
    max: u64,
) -> Result<Vec<CoordinationEdge>, CoordinationError> {
    let window = params.window.max(0);
    let pairs = similar_pairs(table, params.similarity, window, max, cancelled)
        .map_err(|e| join_error(e, window, max))?;
    let mut matches: Vec<(AccountIdx, AccountIdx, u32)> = pairs
        .iter()
        .flat_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            [
                (table.owner[a], table.owner[b], table.tag[a]),
                (table.owner[b], table.owner[a], table.tag[b]),
            ]
        })
        .collect();
    matches.par_sort_unstable();
    matches.dedup();
    Ok(edges_of(&matches, min_weight))
}

/// Synchronised posting: see the module's doc.
pub(crate) fn synchronised(
    ds: &Dataset,
    params: &CoordinationParams,
    shown: Option<&[bool]>,
    times: &[Minutes],
    min_weight: u32,
    cancelled: &(dyn Fn() -> bool + Sync),
    max: u64,
) -> Result<Vec<CoordinationEdge>, CoordinationError> {
    let t = &ds.tweets;
    let bin = params.window.max(60);
    let mut active: Vec<(AccountIdx, u32)> = (0..t.id.len().min(times.len()))
        .into_par_iter()
        .filter(|&i| shown.is_none_or(|m| m.get(i).copied().unwrap_or(false)))
        .map(|i| {
            let b = (i64::from(times[i]) * 60).div_euclid(bin);
            (t.author[i], u32::try_from(b.max(0)).unwrap_or(u32::MAX))
        })
        .collect();
    active.par_sort_unstable();
    active.dedup();
    let mut table = SetTable::default();
    let mut start = 0;
    for i in 1..=active.len() {
        if i == active.len() || active[i].0 != active[start].0 {
            if i - start >= MIN_ACTIVE_BINS {
                let bins = active[start..i].iter().map(|x| u64::from(x.1));
                table.push(0, active[start].0, 0, bins);
            }
            start = i;
        }
    }
    let pairs = similar_pairs(&table, params.similarity, 0, max, cancelled)
        .map_err(|e| join_error(e, params.window, max))?;
    let mut edges: Vec<CoordinationEdge> = pairs
        .iter()
        .flat_map(|&(a, b)| {
            let (sa, sb) = (table.set(a as usize), table.set(b as usize));
            let common = sa.iter().filter(|x| sb.binary_search(x).is_ok()).count();
            let union = sa.len() + sb.len() - common;
            let share = common as f32 / union.max(1) as f32;
            let edge = |from, to| CoordinationEdge {
                from,
                to,
                weight: common as u32,
                share,
                p: None,
                tfidf: None,
            };
            let (oa, ob) = (table.owner[a as usize], table.owner[b as usize]);
            [edge(oa, ob), edge(ob, oa)]
        })
        .filter(|e| e.weight >= min_weight.max(1))
        .collect();
    edges.sort_by_key(|e| (e.from, e.to));
    Ok(edges)
}

/// A Δt suggested by the data, as CooRnet estimates it: for each item shared at least
/// twice, the time from its first share to half of its shares; the median of the
/// fastest 10% of items, at least a minute (archive times are to the minute). `None`
/// for kinds without items, or too few shared items.
pub fn suggested_window(ds: &Dataset, kind: CoordinationKind) -> Option<i64> {
    suggested_from(&events(ds, kind, None).ok()?)
}

/// [`suggested_window`] from the events of every tweet.
fn suggested_from(events: &[Event]) -> Option<i64> {
    let mut halves: Vec<i64> = groups(events)
        .into_iter()
        .filter(|g| g.len() >= 2)
        .map(|g| {
            let group = &events[g];
            group[group.len().div_ceil(2) - 1].time - group[0].time
        })
        .collect();
    if halves.len() < 10 {
        return None;
    }
    halves.sort_unstable();
    let fastest = &halves[..halves.len().div_ceil(10)];
    // Archive times are to the minute: a minute is the shortest Δt that means anything.
    Some(fastest[fastest.len() / 2].max(60))
}

/// The evidence of a coordination edge between accounts `a` and `b`: each pair of
/// their tweets (`a`'s, `b`'s) that match within Δt, earliest first. `tweets_of` gives an
/// account's tweets.
pub fn evidence<'a>(
    ds: &Dataset,
    params: &CoordinationParams,
    a: AccountIdx,
    b: AccountIdx,
    tweets_of: impl Fn(AccountIdx) -> &'a [u32],
) -> Vec<(u32, u32)> {
    let kind = params.kind;
    if kind.needs_text() && ds.tweets.text_offsets.is_none() {
        return Vec::new();
    }
    let t = &ds.tweets;
    let window = params.window.max(0);
    let valid = |account: AccountIdx| -> Vec<u32> {
        tweets_of(account)
            .iter()
            .copied()
            .filter(|&i| (i as usize) < t.id.len())
            .collect()
    };
    // Set kinds: each of `a`'s tweets against `b`'s, by time (sorted) and then content.
    let keyed = |account: AccountIdx| -> Vec<(u64, i64, u32)> {
        valid(account)
            .into_iter()
            .flat_map(|i| {
                let time = i64::from(t.time[i as usize]) * 60;
                let keys: Vec<u64> = match kind {
                    CoordinationKind::Synchronised => {
                        vec![time.div_euclid(window.max(60)) as u64]
                    }
                    CoordinationKind::NearDuplicate => vec![0],
                    _ => keys_of(ds, kind, i as usize),
                };
                keys.into_iter().map(move |k| (k, time, i))
            })
            .collect()
    };
    let (ea, mut eb) = (keyed(a), keyed(b));
    // `b`'s events sorted by (key, time): each of `a`'s finds its matches by search, not
    // by a scan of all of `b`'s (accounts with many tweets stay fast).
    eb.sort_unstable();
    let (lo_of, hi_of) = match kind {
        // The same bin, whatever the time within it.
        CoordinationKind::Synchronised => (i64::MIN, i64::MAX),
        _ => (window, window),
    };
    let words_of = |i: u32| word_hashes(t.text(i as usize));
    let similar = |ia: u32, ib: u32| -> bool {
        if kind != CoordinationKind::NearDuplicate {
            return true;
        }
        let retweet = |i: u32| crate::model::tweets::TweetKind(t.kind[i as usize]).is_retweet();
        if retweet(ia) || retweet(ib) {
            return false;
        }
        let (x, y) = (words_of(ia), words_of(ib));
        let common = x.iter().filter(|h| y.binary_search(h).is_ok()).count();
        let union = x.len() + y.len() - common;
        union > 0 && common as f64 / union as f64 >= params.similarity
    };
    let mut pairs: Vec<(u32, u32)> = ea
        .iter()
        .flat_map(|&(ka, ta, ia)| {
            let from = eb.partition_point(|&(k, t, _)| (k, t) < (ka, ta.saturating_sub(lo_of)));
            eb[from..]
                .iter()
                .take_while(move |&&(k, t, _)| k == ka && t <= ta.saturating_add(hi_of))
                .map(move |&(_, _, ib)| (ia, ib))
        })
        .filter(|&(ia, ib)| similar(ia, ib))
        .collect();
    pairs.sort_by_key(|&(ia, ib)| (t.time[ia as usize], ia, ib));
    pairs.dedup();
    pairs
}

/// Groups of accounts the (undirected) coordination edges join, largest first.
pub fn account_groups(edges: &[CoordinationEdge]) -> Vec<Vec<AccountIdx>> {
    let mut parent: rustc_hash::FxHashMap<AccountIdx, AccountIdx> = Default::default();
    fn root(
        parent: &mut rustc_hash::FxHashMap<AccountIdx, AccountIdx>,
        x: AccountIdx,
    ) -> AccountIdx {
        let mut r = x;
        while let Some(&p) = parent.get(&r).filter(|&&p| p != r) {
            r = p;
        }
        let mut y = x;
        while y != r {
            let next = parent.get(&y).copied().unwrap_or(r);
            parent.insert(y, r);
            y = next;
        }
        r
    }
    for e in edges {
        parent.entry(e.from).or_insert(e.from);
        parent.entry(e.to).or_insert(e.to);
        let (ra, rb) = (root(&mut parent, e.from), root(&mut parent, e.to));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let accounts: Vec<AccountIdx> = parent.keys().copied().collect();
    let mut by_root: std::collections::BTreeMap<AccountIdx, Vec<AccountIdx>> = Default::default();
    for a in accounts {
        let r = root(&mut parent, a);
        by_root.entry(r).or_default().push(a);
    }
    let mut out: Vec<Vec<AccountIdx>> = by_root
        .into_values()
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect();
    out.sort_by(|x, y| y.len().cmp(&x.len()).then(x.cmp(y)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_normalised_as_the_toolkit_does() {
        assert_eq!(
            normalise_text("  Hello   @Someone WORLD\t@x\n!"),
            "hello world !"
        );
        assert_eq!(normalise_text("@only"), "");
        assert_eq!(normalise_text("Ünïcode  ТЕКСТ"), "ünïcode текст");
        assert_eq!(normalise_text("mail@example.com now"), "mail now");
        // A final capital sigma lowers to ς (U+03C2), as Python's lower() does; other
        // letters as the whole string lowers them.
        for text in [
            "İSTANBUL Ünïcode ﬃ ΑΒΓ Σ",
            "ǅ ǈ ß ẞ Ⓐ",
            "中文 ＡＢＣ かな 한국어",
        ] {
            assert_eq!(
                normalise_text(text),
                text.to_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        for c in ('\u{3000}'..='\u{9FFF}').chain('\u{AC00}'..='\u{D7A3}') {
            assert!(is_caseless(c));
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
        assert_eq!(normalise_text("ΟΔΟΣ  ΟΔΟΣ"), "οδο\u{3c2} οδο\u{3c2}");
        assert_eq!(normalise_text("\t a \u{3000}b@c d "), "a b d");
    }

    fn event(key: u64, time: i64, user: u32, tweet: u32) -> Event {
        Event {
            key,
            time,
            user,
            tweet,
        }
    }

    fn params(kind: CoordinationKind, window: i64, min_weight: u32) -> CoordinationParams {
        CoordinationParams {
            kind,
            window,
            min_weight,
            min_share: 0.0,
            similarity: 0.8,
            ..CoordinationParams::default()
        }
    }

    fn fixture() -> Dataset {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/coordination/coord_052020_tweets_csv_hashed.csv");
        let options = crate::io::LoadOptions {
            keep_text: true,
            ..Default::default()
        };
        crate::io::load(
            &[crate::io::Input::Path(path)],
            &options,
            &Default::default(),
        )
        .expect("the fixture loads")
    }

    #[test]
    fn no_tweets_no_texts_and_the_quadratic_case() {
        let never = || false;
        let empty = Dataset::default();
        for kind in [CoordinationKind::CoRetweet, CoordinationKind::CoLink] {
            assert_eq!(
                coordination(&empty, &params(kind, 60, 1), None, &never),
                Ok(Vec::new())
            );
        }
        for kind in [CoordinationKind::CoTweet, CoordinationKind::NearDuplicate] {
            assert_eq!(
                coordination(&empty, &params(kind, 60, 1), None, &never),
                Err(CoordinationError::NoTexts(kind.name()))
            );
        }
        let ds = fixture();
        // Every retweet of one tweet within Δt: matches are counted and refused past
        // the bound, before any is stored.
        let err = bounded(
            &ds,
            &params(CoordinationKind::CoRetweet, 86_400 * 365, 1),
            None,
            &never,
            100,
        );
        assert!(
            matches!(err, Err(CoordinationError::TooManyMatches { max: 100, .. })),
            "{err:?}"
        );
        // Identical times (Δt = 0) still match; cancelling stops it.
        let same_minute = coordination(
            &ds,
            &params(CoordinationKind::CoRetweet, 0, 1),
            None,
            &never,
        );
        assert!(same_minute.is_ok_and(|e| !e.is_empty()));
        assert_eq!(
            coordination(
                &ds,
                &params(CoordinationKind::CoRetweet, 60, 1),
                None,
                &|| true
            ),
            Err(CoordinationError::Cancelled)
        );
        // A filter that keeps one account's tweets leaves nobody to coordinate with.
        let one: Vec<bool> = ds
            .tweets
            .author
            .iter()
            .map(|&a| a == ds.tweets.author[0])
            .collect();
        assert_eq!(
            coordination(
                &ds,
                &params(CoordinationKind::CoRetweet, 3600, 1),
                Some(&one),
                &never
            ),
            Ok(Vec::new())
        );
    }

    #[test]
    fn groups_join_accounts_and_evidence_pairs_their_tweets() {
        let e = |from, to| CoordinationEdge {
            from,
            to,
            weight: 2,
            share: 1.0,
            p: None,
            tfidf: None,
        };
        assert_eq!(
            account_groups(&[e(5, 1), e(1, 5), e(2, 3), e(3, 9), e(7, 8)]),
            vec![vec![2, 3, 9], vec![1, 5], vec![7, 8]]
        );
        let ds = fixture();
        let by = crate::model::TweetsByAuthor::build(&ds);
        let p = params(CoordinationKind::CoRetweet, 60, 2);
        let edges = coordination(&ds, &p, None, &|| false).expect("computed");
        let top = edges
            .iter()
            .max_by_key(|e| (e.weight, std::cmp::Reverse((e.from, e.to))))
            .expect("an edge");
        let pairs = evidence(&ds, &p, top.from, top.to, |a| by.of(a));
        // Every tweet of `from` the weight counts has its match here.
        let mut counted: Vec<u32> = pairs.iter().map(|p| p.0).collect();
        counted.dedup();
        assert_eq!(counted.len() as u32, top.weight);
        for (x, y) in pairs {
            let t = &ds.tweets;
            assert_eq!(t.ref_tweet[x as usize], t.ref_tweet[y as usize]);
            assert!((i64::from(t.time[x as usize]) - i64::from(t.time[y as usize])).abs() <= 1);
        }
    }

    #[test]
    fn shares_drop_chance_meetings_and_keep_the_planted_group() {
        let ds = fixture();
        let never = || false;
        // At Δt = 1 h the organic retweeters (5020-5029: spread over ten hours) meet by
        // chance; the planted group (5000-5007) retweets within two minutes.
        let all = coordination(
            &ds,
            &params(CoordinationKind::CoRetweet, 3600, 2),
            None,
            &never,
        )
        .expect("computed");
        let kept = coordination(
            &ds,
            &CoordinationParams {
                min_share: 0.5,
                ..params(CoordinationKind::CoRetweet, 3600, 2)
            },
            None,
            &never,
        )
        .expect("computed");
        let id = |a: AccountIdx| ds.accounts.id(a).to_string().parse::<u32>().unwrap_or(0);
        let planted = |e: &CoordinationEdge| id(e.from) < 5008 && id(e.to) < 5008;
        assert!(all.iter().any(|e| !planted(e)), "chance meetings at 1 h");
        assert!(kept.len() < all.len(), "some chance meetings dropped");
        assert_eq!(
            kept.iter().filter(|e| planted(e)).count(),
            all.iter().filter(|e| planted(e)).count(),
            "every planted edge is kept"
        );
        // Each share, counted by brute force: of `from`'s retweets of a tweet `to` also
        // retweeted, the share matched within Δt.
        let t = &ds.tweets;
        let retweets = |a: AccountIdx| -> Vec<usize> {
            (0..t.id.len())
                .filter(|&i| t.author[i] == a && t.retweet_of[i] != crate::model::NO_ACCOUNT)
                .collect()
        };
        for e in &all {
            let (ra, rb) = (retweets(e.from), retweets(e.to));
            let common = ra
                .iter()
                .filter(|&&i| rb.iter().any(|&j| t.ref_tweet[j] == t.ref_tweet[i]))
                .count();
            assert!(
                (e.share - e.weight as f32 / common as f32).abs() < 1e-6,
                "{e:?}"
            );
            let back = all.iter().find(|r| r.from == e.to && r.to == e.from);
            let passes = e.share >= 0.5 || back.is_some_and(|r| r.share >= 0.5);
            assert_eq!(kept.contains(e), passes, "{e:?}");
        }
    }

    #[test]
    fn near_duplicates_have_their_evidence() {
        let ds = fixture();
        let by = crate::model::TweetsByAuthor::build(&ds);
        let p = params(CoordinationKind::NearDuplicate, 60, 2);
        let edges = coordination(&ds, &p, None, &|| false).expect("computed");
        assert!(!edges.is_empty());
        for e in edges.iter().take(20) {
            let pairs = evidence(&ds, &p, e.from, e.to, |a| by.of(a));
            let mut counted: Vec<u32> = pairs.iter().map(|q| q.0).collect();
            counted.sort_unstable();
            counted.dedup();
            assert_eq!(counted.len() as u32, e.weight);
            for (x, y) in pairs {
                let (wx, wy) = (
                    words(ds.tweets.text(x as usize)),
                    words(ds.tweets.text(y as usize)),
                );
                let common = wx.iter().filter(|w| wy.contains(w)).count();
                assert!(common as f64 / (wx.len() + wy.len() - common) as f64 >= 0.8);
            }
        }
        // τ is exact: two texts sharing 8 of 10 words are near-duplicates at τ = 0.8
        // (as the toolkit's float comparison has it).
        assert!(8.0 / 10.0 >= CoordinationParams::default().similarity);
        // Words: case, mentions and spacing do not count; punctuation is a word.
        assert_eq!(words("Hello,  @x WORLD hello"), [",", "hello", "world"]);
        assert!(
            suggested_window(&ds, CoordinationKind::CoRetweet)
                .is_some_and(|w| (60..=180).contains(&w))
        );
    }

    #[test]
    fn windows_hold_the_events_within_dt() {
        let g = [
            event(1, 0, 0, 0),
            event(1, 30, 1, 1),
            event(1, 60, 2, 2),
            event(1, 200, 3, 3),
        ];
        let w: Vec<_> = windows(&g, 60).collect();
        assert_eq!(w, [(0, 0, 3), (1, 0, 3), (2, 0, 3), (3, 3, 4)]);
        let w0: Vec<_> = windows(&g, 0).collect();
        assert_eq!(w0, [(0, 0, 1), (1, 1, 2), (2, 2, 3), (3, 3, 4)]);
    }
}
