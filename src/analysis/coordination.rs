//! Coordination networks: which accounts do the same thing at the same time. Each
//! kind turns tweets into *events* — a key (what was shared) and a time — and joins two
//! accounts when both have an event with the same key within Δt of each other:
//!
//! - *co-retweet*: the key is the retweeted tweet;
//! - *co-tweet*: the text, normalised as the QUT coordination-network-toolkit does
//!   (lower case, @mentions removed, runs of whitespace as one space), of tweets that
//!   are not retweets (texts must have been loaded);
//! - *co-link*: each URL a tweet that is not a retweet shares (one event per URL);
//! - *co-hashtag*: the tweet's sequence of hashtags (tweets with at least one).
//!
//! The semantics are the toolkit's (`compute_networks.py`), so that results compare
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

use crate::model::{AccountIdx, Dataset};

/// Most (tweet, account) matches held at once (12 bytes each: about 3.6 GB).
pub const MAX_MATCHES: u64 = 300_000_000;

/// What makes two tweets "the same".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CoordinationKind {
    CoRetweet,
    CoTweet,
    CoLink,
    CoHashtag,
}

impl CoordinationKind {
    pub const ALL: [Self; 4] = [
        Self::CoRetweet,
        Self::CoTweet,
        Self::CoLink,
        Self::CoHashtag,
    ];

    /// The name on the command line (`co-retweet`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::CoRetweet => "co-retweet",
            Self::CoTweet => "co-tweet",
            Self::CoLink => "co-link",
            Self::CoHashtag => "co-hashtag",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether this kind reads tweet texts (which must then be loaded).
    pub fn needs_text(self) -> bool {
        self == Self::CoTweet
    }
}

/// One directed coordination edge: `weight` tweets of `from` matched by `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CoordinationEdge {
    pub from: AccountIdx,
    pub to: AccountIdx,
    pub weight: u32,
}

/// Why no network came out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CoordinationError {
    #[error(
        "{matches} matches at Δt = {window} s is more than {max} (many accounts shared the same item within Δt): try a shorter Δt"
    )]
    TooManyMatches { matches: u64, window: i64, max: u64 },
    #[error("co-tweet compares texts, and they were not loaded: load with the texts kept")]
    NoTexts,
    #[error("cancelled")]
    Cancelled,
}

/// One event: what was shared, when (seconds), by whom, in which tweet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Event {
    key: u64,
    time: i64,
    user: AccountIdx,
    tweet: u32,
}

/// A text as the toolkit's `message_preprocessor` leaves it: lower case, every
/// `@…` up to the next whitespace removed, whitespace runs as single spaces.
pub fn normalise_text(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut kept = String::with_capacity(lower.len());
    let mut in_mention = false;
    for c in lower.chars() {
        if c == '@' && !in_mention {
            in_mention = true;
        } else if in_mention && c.is_whitespace() {
            in_mention = false;
        }
        if !in_mention {
            kept.push(c);
        }
    }
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// The keys of tweet `i` for `kind` (none when it takes no part).
fn keys_of(ds: &Dataset, kind: CoordinationKind, i: usize) -> Vec<u64> {
    let t = &ds.tweets;
    let retweet = crate::model::tweets::TweetKind(t.kind[i]).is_retweet();
    match kind {
        CoordinationKind::CoRetweet => (retweet && t.ref_tweet[i] != 0)
            .then_some(t.ref_tweet[i])
            .into_iter()
            .collect(),
        CoordinationKind::CoTweet => (!retweet)
            .then(|| hash_of(normalise_text(t.text(i))))
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
        CoordinationKind::CoHashtag => {
            let tags = t.lists(i).hashtags;
            (!tags.is_empty())
                .then(|| hash_of(tags))
                .into_iter()
                .collect()
        }
    }
}

/// The events of the tweets `shown` keeps (all when `None`).
fn events(
    ds: &Dataset,
    kind: CoordinationKind,
    shown: Option<&[bool]>,
) -> Result<Vec<Event>, CoordinationError> {
    let t = &ds.tweets;
    if kind.needs_text() && t.text_offsets.is_none() {
        return Err(CoordinationError::NoTexts);
    }
    let n = t.id.len();
    let mut out: Vec<Event> = (0..n)
        .into_par_iter()
        .filter(|&i| shown.is_none_or(|m| m.get(i).copied().unwrap_or(false)))
        .flat_map_iter(|i| {
            let at = |key: u64| Event {
                key,
                time: i64::from(t.time[i]) * 60,
                user: t.author[i],
                tweet: i as u32,
            };
            let keys = keys_of(ds, kind, i);
            keys.into_iter().map(at).collect::<Vec<_>>()
        })
        .collect();
    out.par_sort_unstable();
    Ok(out)
}

/// The ranges of `events` that share a key.
fn groups(events: &[Event]) -> Vec<std::ops::Range<usize>> {
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

/// The coordination network of `kind` at Δt = `window` seconds over the tweets `shown`
/// keeps (all when `None`), edges of at least `min_weight`, sorted by (from, to).
pub fn coordination(
    ds: &Dataset,
    kind: CoordinationKind,
    window: i64,
    min_weight: u32,
    shown: Option<&[bool]>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Vec<CoordinationEdge>, CoordinationError> {
    bounded(ds, kind, window, min_weight, shown, cancelled, MAX_MATCHES)
}

/// [`coordination`] with at most `max_matches` matches.
fn bounded(
    ds: &Dataset,
    kind: CoordinationKind,
    window: i64,
    min_weight: u32,
    shown: Option<&[bool]>,
    cancelled: &(dyn Fn() -> bool + Sync),
    max_matches: u64,
) -> Result<Vec<CoordinationEdge>, CoordinationError> {
    let window = window.max(0);
    let events = events(ds, kind, shown)?;
    let groups = groups(&events);
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
    // (from, to, tweet) for every match; a tweet matched twice by one account (two
    // shared links, two retweets in the window) counts once.
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
                });
            }
            start = i;
        }
    }
    Ok(edges)
}

/// The evidence of a coordination edge between accounts `a` and `b`: each pair of
/// their tweets (`a`'s, `b`'s) that match within Δt, earliest first. `tweets_of` gives an
/// account's tweets.
pub fn evidence<'a>(
    ds: &Dataset,
    kind: CoordinationKind,
    window: i64,
    a: AccountIdx,
    b: AccountIdx,
    tweets_of: impl Fn(AccountIdx) -> &'a [u32],
) -> Vec<(u32, u32)> {
    if kind.needs_text() && ds.tweets.text_offsets.is_none() {
        return Vec::new();
    }
    let keyed = |account: AccountIdx| -> Vec<(u64, i64, u32)> {
        tweets_of(account)
            .iter()
            .filter(|&&i| (i as usize) < ds.tweets.id.len())
            .flat_map(|&i| {
                let time = i64::from(ds.tweets.time[i as usize]) * 60;
                keys_of(ds, kind, i as usize)
                    .into_iter()
                    .map(move |k| (k, time, i))
            })
            .collect()
    };
    let (ea, mut eb) = (keyed(a), keyed(b));
    // `b`'s events sorted by (key, time): each of `a`'s finds its matches by search, not
    // by a scan of all of `b`'s (accounts with many tweets stay fast).
    eb.sort_unstable();
    let window = window.max(0);
    let mut pairs: Vec<(u32, u32)> = ea
        .iter()
        .flat_map(|&(ka, ta, ia)| {
            let from = eb.partition_point(|&(k, t, _)| (k, t) < (ka, ta.saturating_sub(window)));
            eb[from..]
                .iter()
                .take_while(move |&&(k, t, _)| k == ka && t <= ta.saturating_add(window))
                .map(move |&(_, _, ib)| (ia, ib))
        })
        .collect();
    pairs.sort_by_key(|&(ia, ib)| (ds.tweets.time[ia as usize], ia, ib));
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
    }

    fn event(key: u64, time: i64, user: u32, tweet: u32) -> Event {
        Event {
            key,
            time,
            user,
            tweet,
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
                coordination(&empty, kind, 60, 1, None, &never),
                Ok(Vec::new())
            );
        }
        assert_eq!(
            coordination(&empty, CoordinationKind::CoTweet, 60, 1, None, &never),
            Err(CoordinationError::NoTexts)
        );
        let ds = fixture();
        // Every retweet of one tweet within Δt: matches are counted and refused past
        // the bound, before any is stored.
        let err = bounded(
            &ds,
            CoordinationKind::CoRetweet,
            86_400 * 365,
            1,
            None,
            &never,
            100,
        );
        assert!(
            matches!(err, Err(CoordinationError::TooManyMatches { max: 100, .. })),
            "{err:?}"
        );
        // Identical times (Δt = 0) still match; cancelling stops it.
        let same_minute = coordination(&ds, CoordinationKind::CoRetweet, 0, 1, None, &never);
        assert!(same_minute.is_ok_and(|e| !e.is_empty()));
        assert_eq!(
            coordination(&ds, CoordinationKind::CoRetweet, 60, 1, None, &|| true),
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
                CoordinationKind::CoRetweet,
                3600,
                1,
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
        };
        assert_eq!(
            account_groups(&[e(5, 1), e(1, 5), e(2, 3), e(3, 9), e(7, 8)]),
            vec![vec![2, 3, 9], vec![1, 5], vec![7, 8]]
        );
        let ds = fixture();
        let by = crate::model::TweetsByAuthor::build(&ds);
        let edges = coordination(&ds, CoordinationKind::CoRetweet, 60, 2, None, &|| false)
            .expect("computed");
        let top = edges
            .iter()
            .max_by_key(|e| (e.weight, std::cmp::Reverse((e.from, e.to))))
            .expect("an edge");
        let pairs = evidence(
            &ds,
            CoordinationKind::CoRetweet,
            60,
            top.from,
            top.to,
            |a| by.of(a),
        );
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
