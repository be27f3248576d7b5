//! The time views' numbers: posting activity per bin, the hour-of-week heatmap in time
//! zones with and without daylight saving (checked against jiff tweet by tweet), and the
//! account-creation histogram, on the bundled sample.

mod common;

use common::sample;
use ioscope::analysis::activity::{self, Bin, StackBy};
use ioscope::model::TweetKind;
use rand::{Rng, SeedableRng, rngs::SmallRng};

#[test]
fn activity_counts_every_tweet_once_and_retweets_apart() {
    let l = sample();
    let t = &l.dataset.tweets;
    let retweets = (0..t.len())
        .filter(|&i| TweetKind(t.kind[i]).is_retweet())
        .count() as u64;
    for bin in [None, Some(Bin::Day), Some(Bin::Week), Some(Bin::Month)] {
        for stack in [StackBy::Country, StackBy::TweetLanguage] {
            let a = activity::compute(&l.dataset, None, bin, stack, &[]);
            assert_eq!(a.total, t.len() as u64);
            let rt: u64 = a.series.iter().flat_map(|s| &s.retweets).sum();
            assert_eq!(rt, retweets, "{bin:?} {stack:?}");
            assert_eq!(a.edges.len(), a.series[0].originals.len() + 1);
            assert!(a.edges.windows(2).all(|w| w[0] < w[1]));
        }
    }
    // Per month, the bins are the summary's tweets per month.
    let a = activity::compute(&l.dataset, None, Some(Bin::Month), StackBy::Country, &[]);
    let per_bin: Vec<u64> = (0..a.edges.len() - 1)
        .map(|b| {
            a.series
                .iter()
                .map(|s| s.originals[b] + s.retweets[b])
                .sum()
        })
        .filter(|&n| n > 0)
        .collect();
    let summary: Vec<u64> = l.summary.tweets_per_month.values().copied().collect();
    assert_eq!(per_bin, summary);
    // By country: the series are the campaigns' countries with their tweet counts.
    let a = activity::compute(&l.dataset, None, None, StackBy::Country, &[]);
    for c in &l.summary.campaigns {
        let s = a
            .series
            .iter()
            .find(|s| s.label == c.country)
            .expect("a series per country");
        let n: u64 = s.originals.iter().chain(&s.retweets).sum();
        assert_eq!(n, c.tweets, "{}", c.country);
    }
}

#[test]
fn hour_of_week_follows_the_time_zone_rules() {
    let l = sample();
    let ds = &l.dataset;
    let utc = activity::hour_of_week(ds, None, &jiff::tz::TimeZone::UTC);
    assert_eq!(utc.iter().flatten().sum::<u64>(), ds.tweets.len() as u64);
    // Shanghai is UTC+8 all year: the same counts, eight hours later.
    let shanghai =
        activity::hour_of_week(ds, None, &jiff::tz::TimeZone::get("Asia/Shanghai").unwrap());
    for (d, row) in utc.iter().enumerate() {
        for (h, &n) in row.iter().enumerate() {
            let (d2, h2) = ((d + (h + 8) / 24) % 7, (h + 8) % 24);
            assert_eq!(shanghai[d2][h2], n);
        }
    }
    // Zones whose offset changed or that keep summer time: tweet by tweet against jiff.
    let mut rng = SmallRng::seed_from_u64(3);
    for name in [
        "Europe/Moscow",
        "Europe/Istanbul",
        "America/New_York",
        "Asia/Tehran",
    ] {
        let tz = jiff::tz::TimeZone::get(name).unwrap();
        for _ in 0..60 {
            let i = rng.random_range(0..ds.tweets.len());
            let mut mask = vec![false; ds.tweets.len()];
            mask[i] = true;
            let got = activity::hour_of_week(ds, Some(&mask), &tz);
            let ts = jiff::Timestamp::from_second(i64::from(ds.tweets.time[i]) * 60).unwrap();
            let zoned = ts.to_zoned(tz.clone());
            let d = zoned.weekday().to_monday_zero_offset() as usize;
            let h = zoned.hour() as usize;
            assert_eq!(got[d][h], 1, "{name}: tweet {i} at {zoned}");
            assert_eq!(got.iter().flatten().sum::<u64>(), 1);
        }
    }
}

#[test]
fn creation_histogram_shows_the_bursts() {
    let l = sample();
    let a = &l.dataset.accounts;
    let dated = a.created_days.iter().filter(|d| d.is_some()).count() as u64;
    let h = activity::creation_histogram(&l.dataset, None, Some(Bin::Day));
    assert_eq!(h.counts.iter().sum::<u64>(), dated);
    let (top, _) = h
        .counts
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .unwrap();
    let top_day = ioscope::model::time::format_days(h.edges[top]);
    assert_eq!(top_day, l.summary.creation_dates.top_days[0].0);
    // Only the accounts asked for.
    let mut mask = vec![false; a.len()];
    mask[..10].fill(true);
    let some = activity::creation_histogram(&l.dataset, Some(&mask), None);
    let expected = a.created_days[..10].iter().filter(|d| d.is_some()).count() as u64;
    assert_eq!(some.counts.iter().sum::<u64>(), expected);
}
