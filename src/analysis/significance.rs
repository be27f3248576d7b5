//! The significance test of coordination edges against a time-shuffled null model: the
//! same network is computed on `shuffles` copies of the data whose times were shuffled
//! so that coordination, and only it, is destroyed, and each edge gets the p-value
//! `(1 + copies whose weight for the pair reaches the observed one) / (1 + shuffles)`.
//!
//! - Kinds with shared items (co-retweet, co-tweet, co-link, co-hashtag, co-reply): the
//!   times of each item's events are permuted among them. An item's popularity and its
//!   time profile stay (a viral tweet is still retweeted by many within minutes); who
//!   shared it when does not. Two accounts that share popular items fast by chance keep
//!   their weight in the copies; a group that always shares together does not.
//! - Near-duplicate texts and synchronised posting (no shared items): each account's
//!   timeline is shifted by a random whole number of weeks, circularly within the
//!   data's span, so each account keeps its own rhythm (time of day, weekday) and loses
//!   its alignment with the others.
//!
//! Seeded from the shuffle's number, the item and the account: the same p-values for
//! any thread count.

use rayon::prelude::*;

use super::coordination::{
    CoordinationEdge, CoordinationError, CoordinationKind, CoordinationParams, Event, edges_of,
    events, groups, keyed_matches, near_duplicates_in, synchronised, word_sets,
};
use super::similarity::SetTable;
use crate::model::{Dataset, Minutes};

/// Copies the window's test draws (the smallest p is then 1/50 = 0.02).
pub const DEFAULT_SHUFFLES: u32 = 49;

const MINUTES_PER_WEEK: i64 = 7 * 24 * 60;

/// A well-mixed 64-bit hash (SplitMix64's finaliser).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Each event's time permuted among the events of its item (events sorted by item,
/// then time, as [`events`] gives them; so are the shuffled ones).
fn permuted_within_items(events: &[Event], salt: u64) -> Vec<Event> {
    let mut out = events.to_vec();
    let mut parts: Vec<&mut [Event]> = Vec::new();
    let mut rest: &mut [Event] = &mut out;
    let mut at = 0;
    for g in groups(events) {
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(g.end - at);
        parts.push(head);
        rest = tail;
        at = g.end;
    }
    parts.par_iter_mut().for_each(|group| {
        let Some(first) = group.first() else {
            return;
        };
        let mut state = mix(salt ^ first.key);
        for i in (1..group.len()).rev() {
            state = mix(state);
            let j = (state % (i as u64 + 1)) as usize;
            let (ti, tj) = (group[i].time, group[j].time);
            group[i].time = tj;
            group[j].time = ti;
        }
        group.sort_unstable();
    });
    out
}

/// Shifts a time (in `unit`s per minute) by the account's whole number of weeks,
/// circularly within the `weeks` weeks from `start` (minutes).
fn shifted(time: i64, account: u32, salt: u64, start: i64, weeks: i64, unit: i64) -> i64 {
    let offset = (mix(salt ^ u64::from(account)) % weeks as u64) as i64 * MINUTES_PER_WEEK;
    let span = weeks * MINUTES_PER_WEEK * unit;
    start * unit + (time - start * unit + offset * unit).rem_euclid(span)
}

/// Each edge's p-value (in `edges`' order) against `params.shuffles` shuffled copies.
pub fn p_values(
    ds: &Dataset,
    params: &CoordinationParams,
    shown: Option<&[bool]>,
    edges: &[CoordinationEdge],
    cancelled: &(dyn Fn() -> bool + Sync),
    max: u64,
) -> Result<Vec<f32>, CoordinationError> {
    let shuffles = params.shuffles;
    let times = &ds.tweets.time;
    let start = i64::from(times.iter().copied().min().unwrap_or(0));
    let end = i64::from(times.iter().copied().max().unwrap_or(0));
    let weeks = (end - start) / MINUTES_PER_WEEK + 1;
    enum Base {
        Items(Vec<Event>),
        Texts(SetTable),
        Bins,
    }
    let base = match params.kind {
        CoordinationKind::NearDuplicate => Base::Texts(word_sets(ds, shown)),
        CoordinationKind::Synchronised => Base::Bins,
        kind => Base::Items(events(ds, kind, shown)?),
    };
    let window = params.window.max(0);
    let mut texts = match &base {
        Base::Texts(table) => Some(table.clone()),
        _ => None,
    };
    let mut reached = vec![0u32; edges.len()];
    for s in 0..shuffles {
        if cancelled() {
            return Err(CoordinationError::Cancelled);
        }
        let salt = mix(u64::from(s) ^ 0x1053_C0DE);
        let null: Vec<CoordinationEdge> = match (&base, &mut texts) {
            (Base::Items(events), _) => {
                let shuffled = permuted_within_items(events, salt);
                edges_of(&keyed_matches(&shuffled, window, cancelled, max)?, 1)
            }
            (Base::Texts(table), Some(copy)) => {
                copy.time
                    .par_iter_mut()
                    .zip(&table.time)
                    .zip(&table.owner)
                    .for_each(|((t, &original), &owner)| {
                        *t = shifted(original, owner, salt, start, weeks, 60);
                    });
                near_duplicates_in(copy, params, 1, cancelled, max)?
            }
            _ => {
                let t = &ds.tweets;
                let moved: Vec<Minutes> = t
                    .time
                    .par_iter()
                    .zip(&t.author)
                    .map(|(&m, &a)| {
                        let x = shifted(i64::from(m), a, salt, start, weeks, 1);
                        Minutes::try_from(x).unwrap_or(m)
                    })
                    .collect();
                synchronised(ds, params, shown, &moved, 1, cancelled, max)?
            }
        };
        for (count, e) in reached.iter_mut().zip(edges) {
            if let Ok(j) = null.binary_search_by_key(&(e.from, e.to), |x| (x.from, x.to))
                && null[j].weight >= e.weight
            {
                *count += 1;
            }
        }
    }
    Ok(reached
        .iter()
        .map(|&r| (1 + r) as f32 / (1 + shuffles) as f32)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(key: u64, time: i64, user: u32) -> Event {
        Event {
            key,
            time,
            user,
            tweet: user,
        }
    }

    #[test]
    fn times_are_permuted_within_each_item_only() {
        let events: Vec<Event> = (0..40)
            .map(|i| event(i / 10, 1000 * (i / 10) as i64 + i as i64 * 7, i as u32))
            .collect();
        let a = permuted_within_items(&events, 1);
        let b = permuted_within_items(&events, 1);
        assert_eq!(a, b, "seeded");
        assert_ne!(a, permuted_within_items(&events, 2));
        assert_ne!(a, events, "something moved");
        for key in 0..4 {
            let mut before: Vec<i64> = events
                .iter()
                .filter(|e| e.key == key)
                .map(|e| e.time)
                .collect();
            let mut after: Vec<i64> = a.iter().filter(|e| e.key == key).map(|e| e.time).collect();
            before.sort_unstable();
            after.sort_unstable();
            assert_eq!(before, after, "item {key} keeps its times");
        }
        assert!(a.windows(2).all(|w| w[0] <= w[1]), "still sorted");
    }

    #[test]
    fn a_shift_is_whole_weeks_within_the_span() {
        let (start, weeks) = (10_000, 5);
        for account in 0..50 {
            for time in [10_000, 20_000, 10_000 + 5 * MINUTES_PER_WEEK - 1] {
                let t = shifted(time, account, 7, start, weeks, 1);
                assert!((start..start + weeks * MINUTES_PER_WEEK).contains(&t));
                assert_eq!((t - time).rem_euclid(MINUTES_PER_WEEK), 0);
                // In seconds the same shift, times 60.
                assert_eq!(shifted(time * 60, account, 7, start, weeks, 60), t * 60);
            }
        }
    }
}
