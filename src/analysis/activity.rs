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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StackBy {
    #[default]
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

impl Series {
    /// Tweets of the series, originals and retweets.
    pub fn total(&self) -> u64 {
        self.originals.iter().chain(&self.retweets).sum()
    }
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

/// Bins of days from a first to a last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binning {
    pub bin: Bin,
    /// First day (Day), Monday (Week) or month number (Month) of bin 0.
    origin: i32,
    pub count: usize,
}

impl Binning {
    /// `bin: None` picks one from the span.
    pub fn new(first_day: i32, last_day: i32, bin: Option<Bin>) -> Self {
        let last_day = last_day.max(first_day);
        let bin = bin.unwrap_or_else(|| Bin::for_span(last_day - first_day + 1));
        let (origin, count) = match bin {
            Bin::Day => (first_day, last_day - first_day + 1),
            Bin::Week => {
                let m = monday(first_day);
                (m, (last_day - m) / 7 + 1)
            }
            Bin::Month => {
                let (a, b) = (month_index(first_day * 1440), month_index(last_day * 1440));
                (a, b - a + 1)
            }
        };
        Self {
            bin,
            origin,
            count: count.max(1) as usize,
        }
    }

    /// Bin of a day (days outside the span go to the first or last bin).
    pub fn index(&self, day: i32) -> usize {
        let i = match self.bin {
            Bin::Day => day - self.origin,
            Bin::Week => (day - self.origin).div_euclid(7),
            Bin::Month => month_index(day * 1440) - self.origin,
        };
        (i.max(0) as usize).min(self.count - 1)
    }

    /// First day of each bin, and one past the last bin.
    pub fn edges(&self) -> Vec<i32> {
        (0..=self.count as i32)
            .map(|i| match self.bin {
                Bin::Day => self.origin + i,
                Bin::Week => self.origin + 7 * i,
                Bin::Month => month_start(self.origin + i),
            })
            .collect()
    }
}

/// Accounts created per bin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Histogram {
    pub bin: Option<Bin>,
    /// First day of each bin, and one past the last.
    pub edges: Vec<i32>,
    pub counts: Vec<u64>,
}

/// Creation dates of the accounts marked in `accounts` (all when `None`).
pub fn creation_histogram(ds: &Dataset, accounts: Option<&[bool]>, bin: Option<Bin>) -> Histogram {
    let shown = |a: usize| accounts.is_none_or(|m| m.get(a).copied().unwrap_or(false));
    let days: Vec<i32> = ds
        .accounts
        .created_days
        .iter()
        .enumerate()
        .filter(|(a, _)| shown(*a))
        .filter_map(|(_, d)| *d)
        .collect();
    let (Some(&lo), Some(&hi)) = (days.iter().min(), days.iter().max()) else {
        return Histogram::default();
    };
    let binning = Binning::new(lo, hi, bin);
    let mut counts = vec![0u64; binning.count];
    for d in days {
        counts[binning.index(d)] += 1;
    }
    Histogram {
        bin: Some(binning.bin),
        edges: binning.edges(),
        counts,
    }
}

/// Tweets per weekday (0 = Monday) and local hour in a time zone.
pub type HourOfWeek = [[u64; 24]; 7];

/// When the tweets marked in `tweets` (all when `None`) were posted, by local weekday and
/// hour in `tz` (daylight saving time included).
pub fn hour_of_week(ds: &Dataset, tweets: Option<&[bool]>, tz: &jiff::tz::TimeZone) -> HourOfWeek {
    let t = &ds.tweets;
    let shown = |i: usize| tweets.is_none_or(|m| m.get(i).copied().unwrap_or(false));
    let (lo, hi) = t
        .time
        .iter()
        .fold((i32::MAX, i32::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let mut out: HourOfWeek = [[0; 24]; 7];
    if lo > hi {
        return out;
    }
    // UTC offset (minutes) of every UTC hour in the span: offsets change on the hour.
    let (first_hour, last_hour) = (lo.div_euclid(60), hi.div_euclid(60));
    let offsets: Vec<i32> = (first_hour..=last_hour)
        .map(|h| {
            jiff::Timestamp::from_second(i64::from(h) * 3600)
                .map(|ts| tz.to_offset(ts).seconds() / 60)
                .unwrap_or(0)
        })
        .collect();
    const CHUNK: usize = 1 << 16;
    let zero = || [[0u64; 24]; 7];
    let counts = (0..t.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut h = zero();
            for i in c * CHUNK..((c + 1) * CHUNK).min(t.len()) {
                if !shown(i) {
                    continue;
                }
                let utc = t.time[i];
                let offset = offsets[(utc.div_euclid(60) - first_hour) as usize];
                let local = utc + offset;
                let day = local.div_euclid(1440);
                let weekday = (day + 3).rem_euclid(7) as usize;
                let hour = (local.rem_euclid(1440) / 60) as usize;
                h[weekday][hour] += 1;
            }
            h
        })
        .reduce(zero, |mut a, b| {
            for (ra, rb) in a.iter_mut().zip(b) {
                for (x, y) in ra.iter_mut().zip(rb) {
                    *x += y;
                }
            }
            a
        });
    out.copy_from_slice(&counts);
    out
}

/// Time zones offered for the heatmap: UTC and those of the releases' countries.
pub const TIME_ZONES: [&str; 9] = [
    "UTC",
    "Asia/Shanghai",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Asia/Tehran",
    "Asia/Riyadh",
    "Africa/Cairo",
    "America/Caracas",
    "America/New_York",
];

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
    let binning = Binning::new(first_day, last_day, bin);
    let (bin, count) = (binning.bin, binning.count);
    let bin_of = |time: i32| binning.index(time.div_euclid(1440));
    let edges = binning.edges();

    let (group_names, group_of) = tweet_groups(ds, stack);
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
    let series: Vec<Series> = (0..groups)
        .map(|g| Series {
            label: group_names[g].clone(),
            originals: (0..count).map(|b| cells[g * count + b][0]).collect(),
            retweets: (0..count).map(|b| cells[g * count + b][1]).collect(),
        })
        .filter(|s| s.originals.iter().chain(&s.retweets).any(|&n| n > 0))
        .collect();
    let series = largest_series(series, count);
    let total = series.iter().map(Series::total).sum();
    Activity {
        bin: Some(bin),
        edges,
        series,
        selection,
        total,
    }
}

/// Names of the series a stack splits tweets into, and each tweet's series: a country
/// (by the author's campaign; outside accounts last) or a tweet language symbol.
type GroupOf<'a> = Box<dyn Fn(usize) -> usize + Sync + 'a>;

fn tweet_groups(ds: &Dataset, stack: StackBy) -> (Vec<String>, GroupOf<'_>) {
    let t = &ds.tweets;
    match stack {
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
    }
}

/// The series, largest first, with all but the [`NAMED_SERIES`] largest merged into
/// "other" (when that merges more than one).
fn largest_series(mut series: Vec<Series>, count: usize) -> Vec<Series> {
    series.sort_by(|a, b| b.total().cmp(&a.total()).then(a.label.cmp(&b.label)));
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
    series
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
