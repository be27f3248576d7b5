//! The inspector's digest of one account: its activity span, its most frequent
//! hashtags, URLs and clients, and its neighbours per interaction kind. Computed once
//! per selection (a pass over the account's tweets and over the network's edges), never
//! per frame.

use std::collections::HashMap;

use crate::graph::{EdgeKind, Network};
use crate::model::{Dataset, TweetsByAuthor};

/// What the inspector shows of one account that takes a pass over its tweets or over
/// the network: computed once when the selection changes, not every frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inspected {
    pub node: u32,
    /// First and last tweet (minutes).
    pub span: Option<(i32, i32)>,
    /// ("hashtags" | "urls" | "clients", most frequent values with counts).
    pub tops: Vec<(&'static str, Vec<(String, usize)>)>,
    /// Neighbours (node, interactions) per edge kind, strongest first.
    pub neighbours: [Vec<(u32, u32)>; EdgeKind::COUNT],
}

impl Inspected {
    /// The digest of network node `node` (`None` when there is no such node).
    pub fn compute(
        ds: &Dataset,
        network: &Network,
        index: &TweetsByAuthor,
        node: u32,
    ) -> Option<Self> {
        let &account = network.account.get(node as usize)?;
        let tweets = index.of(account);
        let t = &ds.tweets;
        let span =
            tweets
                .iter()
                .map(|&k| t.time[k as usize])
                .fold(None, |acc: Option<(i32, i32)>, x| {
                    Some(acc.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))))
                });
        let owned = |v: Vec<(&str, usize)>| -> Vec<(String, usize)> {
            v.into_iter().map(|(s, n)| (s.to_owned(), n)).collect()
        };
        let hashtags: Vec<&str> = tweets
            .iter()
            .flat_map(|&k| t.lists(k as usize).hashtags.iter())
            .map(|&h| ds.strings.hashtags.resolve(h))
            .collect();
        let urls: Vec<&str> = tweets
            .iter()
            .flat_map(|&k| t.lists(k as usize).urls.iter())
            .map(|&h| ds.strings.urls.resolve(h))
            .collect();
        let clients = tweets
            .iter()
            .map(|&k| ds.strings.clients.resolve(u32::from(t.client[k as usize])));
        let tops = vec![
            ("hashtags", owned(top(hashtags.into_iter(), 5))),
            ("urls", owned(top(urls.into_iter(), 3))),
            ("clients", owned(top(clients, 3))),
        ];
        let mut neighbours: [Vec<(u32, u32)>; EdgeKind::COUNT] = Default::default();
        for e in &network.edges {
            if e.src == node && e.dst != node {
                neighbours[e.kind as usize].push((e.dst, e.weight));
            } else if e.dst == node && e.src != node {
                neighbours[e.kind as usize].push((e.src, e.weight));
            }
        }
        for list in &mut neighbours {
            list.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        }
        Some(Self {
            node,
            span,
            tops,
            neighbours,
        })
    }
}

/// The `n` most frequent values.
fn top<'a>(values: impl Iterator<Item = &'a str>, n: usize) -> Vec<(&'a str, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in values {
        if !v.is_empty() {
            *counts.entry(v).or_default() += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(n);
    v
}
