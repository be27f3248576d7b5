//! Coordinated groups planted in a synthetic release: the ground truth the coordination
//! layer is measured against. Each group is a set of core accounts that acts together
//! in one way, in events spread over the release's period, inside the operators' office
//! hours: retweeting the same tweet within a minute (co-retweet), posting the same text
//! with cosmetic changes (co-tweet), near-duplicate texts (one token in 24 changed),
//! the same link, the same hashtag sequence, replies to the same tweet, or posting on
//! one schedule (synchronised: the same minutes, different content). Members of a
//! synchronised group post only on their schedule; the others also post as everyone
//! else does. The member lists are written beside the archive
//! (`coordination_groups.json`).

use rand::Rng;
use rand::rngs::SmallRng;

use super::accounts::{SynthAccount, common_hanzi, text_in};
use super::spec::ReleaseSpec;

/// How a planted group coordinates: the coordination kind that finds it.
pub use crate::analysis::coordination::CoordinationKind as PlantedKind;

/// One planted group: its kind and its members (indices of core accounts).
#[derive(Clone, Debug)]
pub struct PlantedGroup {
    pub kind: PlantedKind,
    pub members: Vec<usize>,
}

/// What a planted tweet does.
#[derive(Clone, Debug)]
pub enum Act {
    /// Retweets `tweet` of `user`, whose text is `text`.
    Retweet {
        user: String,
        tweet: u64,
        text: String,
    },
    /// Posts this text.
    Text(String),
    /// Shares this link.
    Link(String),
    /// Posts with these hashtags.
    Hashtags(Vec<String>),
    /// Replies to `tweet` of `user`.
    Reply { user: String, tweet: u64 },
    /// Posts on the group's schedule (any content).
    Scheduled,
}

/// One planted tweet: who, when (UTC minute), what.
#[derive(Clone, Debug)]
pub struct PlantedTweet {
    pub author: usize,
    pub minute: i32,
    pub act: Act,
}

/// Ids of the tweets planted groups retweet and reply to (below every generated id).
const TARGET_TWEET_BASE: u64 = 900_000_000_000_000_000;

/// Groups of each kind per release at scale 1, by release (china, turkey, russia).
fn groups_per_kind(spec: &ReleaseSpec) -> f64 {
    match spec.campaign.as_bytes().first() {
        Some(b'c') => 5.0,
        Some(b't') => 3.0,
        _ => 2.0,
    }
}

/// Plants the groups of a release: members, and every tweet of every event. `minute`
/// draws an event's time (in office hours).
pub fn plant(
    rng: &mut SmallRng,
    spec: &ReleaseSpec,
    core: &[SynthAccount],
    outside: &[SynthAccount],
    scale: f64,
    mut minute: impl FnMut(&mut SmallRng) -> i32,
) -> (Vec<PlantedGroup>, Vec<PlantedTweet>) {
    let per_kind = ((groups_per_kind(spec) * scale).round() as usize).max(1);
    // Members come from a shuffled order of the core accounts, at most half of them.
    let mut order: Vec<usize> = (0..core.len()).collect();
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut budget = core.len() / 2;
    let mut next = 0;
    let mut groups = Vec::new();
    let mut tweets = Vec::new();
    let mut target_counter = 0u64;
    let kinds = PlantedKind::ALL.len() * per_kind;
    for (k, kind) in PlantedKind::ALL
        .iter()
        .flat_map(|&kind| std::iter::repeat_n(kind, per_kind))
        .enumerate()
    {
        let size = rng
            .random_range(8..=24usize)
            .min(budget / (kinds - k).max(1));
        if size < 3 {
            continue;
        }
        let members: Vec<usize> = order[next..next + size].to_vec();
        next += size;
        budget -= size;
        let group = groups.len();
        let events = match kind {
            PlantedKind::Synchronised => rng.random_range(40..=60),
            _ => rng.random_range(12..=24),
        };
        let lang = spec.languages.first().map_or("en", |l| l.0);
        let tags = campaign_tags(spec, group);
        for event in 0..events {
            let m0 = minute(rng);
            let target = || -> String {
                match outside.len() {
                    0 => core[members[0]].id.clone(),
                    n => outside[(group * 7919 + event * 31) % n].id.clone(),
                }
            };
            let shared = match kind {
                PlantedKind::CoRetweet | PlantedKind::CoReply => {
                    target_counter += 1;
                    Some((target(), TARGET_TWEET_BASE + target_counter))
                }
                _ => None,
            };
            let base_text = text_in(rng, lang, 40, 120);
            let base_tokens = distinct_tokens(rng, lang, 24);
            let link = format!(
                "https://{}-news.example/{group}/{event}",
                spec.campaign.split('_').next().unwrap_or("news")
            );
            let p = if kind == PlantedKind::Synchronised {
                0.95
            } else {
                0.85
            };
            let mut taking: Vec<usize> = members
                .iter()
                .copied()
                .filter(|_| rng.random_bool(p))
                .collect();
            if taking.len() < 2 {
                taking = members[..2].to_vec();
            }
            for (j, &author) in taking.iter().enumerate() {
                let minute = if kind == PlantedKind::Synchronised {
                    m0
                } else {
                    m0 + rng.random_range(0..=1)
                };
                let act = match kind {
                    PlantedKind::CoRetweet => {
                        let (user, tweet) = shared.clone().unwrap_or_default();
                        Act::Retweet {
                            text: format!("RT @{}: {base_text}", &user[..user.len().min(12)]),
                            user,
                            tweet,
                        }
                    }
                    PlantedKind::CoReply => {
                        let (user, tweet) = shared.clone().unwrap_or_default();
                        Act::Reply { user, tweet }
                    }
                    PlantedKind::CoTweet => Act::Text(cosmetic_variant(&base_text, j, outside)),
                    PlantedKind::NearDuplicate => {
                        Act::Text(near_duplicate(rng, &base_tokens, lang))
                    }
                    PlantedKind::CoLink => Act::Link(link.clone()),
                    PlantedKind::CoHashtag => Act::Hashtags(tags.clone()),
                    PlantedKind::Synchronised => Act::Scheduled,
                };
                tweets.push(PlantedTweet {
                    author,
                    minute,
                    act,
                });
            }
        }
        groups.push(PlantedGroup { kind, members });
    }
    (groups, tweets)
}

/// A group's hashtag sequence: one of the release's tags and one of its own.
fn campaign_tags(spec: &ReleaseSpec, group: usize) -> Vec<String> {
    let own = match spec.campaign.as_bytes().first() {
        Some(b'c') => format!("真相{group}"),
        Some(b'r') => format!("Правда{group}"),
        _ => format!("Gündem{group}"),
    };
    vec![
        format!("{}Now", spec.campaign.split('_').next().unwrap_or("")),
        own,
    ]
}

/// The same text as another member posts it: case, spacing and a leading mention
/// changed (what the toolkit's normalisation undoes).
fn cosmetic_variant(text: &str, member: usize, outside: &[SynthAccount]) -> String {
    let mut v = if member % 2 == 1 {
        text.to_uppercase()
    } else {
        text.to_owned()
    };
    if member % 3 == 2 {
        v = v.replace(' ', "  ");
        if let Some(a) = outside.get(member % outside.len().max(1)) {
            v = format!("@{} {v}", a.screen_name);
        }
    }
    v
}

/// `n` tokens unlikely to repeat: rare words, or ideographs for Chinese.
fn distinct_tokens(rng: &mut SmallRng, lang: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            if lang.starts_with("zh") {
                common_hanzi(rng).to_string()
            } else {
                text_in(rng, lang, 1, 1)
                    .split_whitespace()
                    .next()
                    .unwrap_or("x")
                    .to_owned()
                    + &rng.random_range(0..1000u32).to_string()
            }
        })
        .collect()
}

/// The tokens with one replaced by a new one: two members' versions share at least
/// 22 of 26 distinct tokens (Jaccard ≥ 0.84).
fn near_duplicate(rng: &mut SmallRng, tokens: &[String], lang: &str) -> String {
    let mut v = tokens.to_vec();
    let i = rng.random_range(0..v.len().max(1));
    if let (Some(slot), Some(new)) = (v.get_mut(i), distinct_tokens(rng, lang, 1).pop()) {
        *slot = new;
    }
    if lang.starts_with("zh") {
        v.concat()
    } else {
        v.join(" ")
    }
}

/// The member lists as JSON: `{"groups": [{"campaign", "kind", "accounts": [ids]}]}`.
pub fn groups_json(campaigns: &[(&str, &[PlantedGroup], &[SynthAccount])]) -> String {
    let groups: Vec<serde_json::Value> = campaigns
        .iter()
        .flat_map(|&(campaign, groups, core)| {
            groups.iter().map(move |g| {
                serde_json::json!({
                    "campaign": campaign,
                    "kind": g.kind.name(),
                    "accounts": g.members.iter().map(|&m| core[m].id.as_str()).collect::<Vec<_>>(),
                })
            })
        })
        .collect();
    serde_json::json!({ "groups": groups }).to_string()
}
