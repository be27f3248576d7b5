//! Posting activity over time: counts of the tweets a filter shows, per day, week or
//! month, split into series by the author's country or by tweet language, with
//! retweets counted apart, plus the same counts for the selected accounts. The plots
//! draw these; nothing here knows about egui.

use rayon::prelude::*;

use crate::model::Dataset;
use crate::model::time::{days_from_civil, month_index};

/// Width of a time bin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Bin {
    Day,
    Week,
    Month,
}

impl Bin {
    pub const ALL: [Self; 3] = [Self::Day, Self::Week, Self::Month];

    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The bin that gives a readable number of bars for a span of `days`.
    pub fn for_span(days: i32) -> Self {
        if days <= 150 {
            Self::Day
        } else if days <= 3 * 365 {
            Self::Week
        } else {
            Self::Month
        }
    }
}

/// What splits the activity into series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StackBy {
    Country,
    TweetLanguage,
}

/// One series: tweets per bin that are not retweets, and retweets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub label: String,
    pub originals: Vec<u64>,
    pub retweets: Vec<u64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Activity {
    pub bin: Option<Bin>,
    /// First day (days since 1970-01-01) of each bin, and one past the last bin.
    pub edges: Vec<i32>,
    pub series: Vec<Series>,
    /// Tweets of the selected accounts per bin (within the filter).
    pub selection: Vec<u64>,
    pub total: u64,
}

/// Series shown by name; the rest are summed into "other".
const NAMED_SERIES: usize = 8;

/// Monday on or before `day` (1970-01-01 was a Thursday).
fn monday(day: i32) -> i32 {
    day - (day + 3).rem_euclid(7)
}

fn month_start(month: i32) -> i32 {
    days_from_civil(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1)
}

/// Counts the tweets marked in `tweets` (all when `None`). `bin: None` picks one from
/// the span; `selected` marks accounts whose tweets also go to [`Activity::selection`].
pub fn compute(
    ds: &Dataset,
    tweets: Option<&[bool]>,
    bin: Option<Bin>,
    stack: StackBy,
    selected: &[bool],
) -> Activity {
    let t = &ds.tweets;
    let shown = |i: usize| tweets.is_none_or(|m| m.get(i).copied().unwrap_or(false));
    let (lo, hi) = (0..t.len())
        .into_par_iter()
        .filter(|&i| shown(i))
        .map(|i| t.time[i])
        .fold(|| (i32::MAX, i32::MIN), |(a, b), x| (a.min(x), b.max(x)))
        .reduce(|| (i32::MAX, i32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)));
    if lo > hi {
        return Activity::default();
    }
    let (first_day, last_day) = (lo.div_euclid(1440), hi.div_euclid(1440));
    let bin = bin.unwrap_or_else(|| Bin::for_span(last_day - first_day + 1));
    let (origin, count) = match bin {
        Bin::Day => (first_day, last_day - first_day + 1),
        Bin::Week => {
            let m = monday(first_day);
            (m, (last_day - m) / 7 + 1)
        }
        Bin::Month => {
            let (a, b) = (month_index(lo), month_index(hi));
            (a, b - a + 1)
        }
    };
    let count = count.max(1) as usize;
    let bin_of = |time: i32| -> usize {
        let i = match bin {
            Bin::Day => time.div_euclid(1440) - origin,
            Bin::Week => (time.div_euclid(1440) - origin).div_euclid(7),
            Bin::Month => month_index(time) - origin,
        };
        (i.max(0) as usize).min(count - 1)
    };
    let edges: Vec<i32> = (0..=count as i32)
        .map(|i| match bin {
            Bin::Day => origin + i,
            Bin::Week => origin + 7 * i,
            Bin::Month => month_start(origin + i),
        })
        .collect();

    // Group of each tweet: a country (by campaign) or a language symbol.
    let (group_names, group_of): (Vec<String>, Box<dyn Fn(usize) -> usize + Sync>) = match stack {
        StackBy::Country => {
            let mut names: Vec<String> = ds.campaigns.iter().map(|c| c.country.clone()).collect();
            names.sort();
            names.dedup();
            let of_campaign: Vec<usize> = ds
                .campaigns
                .iter()
                .map(|c| names.iter().position(|n| *n == c.country).unwrap_or(0))
                .collect();
            let outside = names.len();
            names.push("outside accounts".to_owned());
            let campaign_of = move |i: usize| {
                ds.accounts
                    .campaign(t.author[i])
                    .and_then(|c| of_campaign.get(usize::from(c)).copied())
                    .unwrap_or(outside)
            };
            (names, Box::new(campaign_of))
        }
        StackBy::TweetLanguage => {
            let n = ds.strings.languages.len().max(1);
            let names = (0..n)
                .map(|s| match ds.strings.languages.resolve(s as u32) {
                    "" => "none".to_owned(),
                    l => l.to_owned(),
                })
                .collect();
            (names, Box::new(move |i: usize| usize::from(t.lang[i])))
        }
    };
    let groups = group_names.len();
    const CHUNK: usize = 1 << 15;
    let zero = || (vec![[0u64; 2]; groups * count], vec![0u64; count]);
    let (cells, selection) = (0..t.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let (mut cells, mut sel) = zero();
            for i in c * CHUNK..((c + 1) * CHUNK).min(t.len()) {
                if !shown(i) {
                    continue;
                }
                let b = bin_of(t.time[i]);
                let g = group_of(i).min(groups - 1);
                let rt = usize::from(crate::model::TweetKind(t.kind[i]).is_retweet());
                cells[g * count + b][rt] += 1;
                if selected.get(t.author[i] as usize).copied().unwrap_or(false) {
                    sel[b] += 1;
                }
            }
            (cells, sel)
        })
        .reduce(zero, |(mut a, mut sa), (b, sb)| {
            for (x, y) in a.iter_mut().zip(b) {
                x[0] += y[0];
                x[1] += y[1];
            }
            for (x, y) in sa.iter_mut().zip(sb) {
                *x += y;
            }
            (a, sa)
        });
    let mut series: Vec<Series> = (0..groups)
        .map(|g| Series {
            label: group_names[g].clone(),
            originals: (0..count).map(|b| cells[g * count + b][0]).collect(),
            retweets: (0..count).map(|b| cells[g * count + b][1]).collect(),
        })
        .filter(|s| s.originals.iter().chain(&s.retweets).any(|&n| n > 0))
        .collect();
    let size = |s: &Series| s.originals.iter().chain(&s.retweets).sum::<u64>();
    series.sort_by(|a, b| size(b).cmp(&size(a)).then(a.label.cmp(&b.label)));
    if series.len() > NAMED_SERIES + 1 {
        let mut other = Series {
            label: "other".to_owned(),
            originals: vec![0; count],
            retweets: vec![0; count],
        };
        for s in series.drain(NAMED_SERIES..) {
            for b in 0..count {
                other.originals[b] += s.originals[b];
                other.retweets[b] += s.retweets[b];
            }
        }
        series.push(other);
    }
    let total = series.iter().map(size).sum();
    Activity {
        bin: Some(bin),
        edges,
        series,
        selection,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        // 2020-01-01 was a Wednesday; the Monday before is 2019-12-30.
        let d = days_from_civil(2020, 1, 1);
        assert_eq!(monday(d), days_from_civil(2019, 12, 30));
        assert_eq!(
            monday(days_from_civil(2019, 12, 30)),
            days_from_civil(2019, 12, 30)
        );
        assert_eq!(month_start(month_index(d * 1440 + 600)), d);
        assert_eq!(Bin::for_span(30), Bin::Day);
        assert_eq!(Bin::for_span(400), Bin::Week);
        assert_eq!(Bin::for_span(3000), Bin::Month);
    }
}
