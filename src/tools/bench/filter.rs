//! `ioscope bench filter`: what one filter change costs the window, step by step, for a
//! few typical filters (median of several runs, milliseconds): each step of the work as
//! the derived-views job does it off the UI thread, and the longest frame the window
//! draws while it runs ([`super::frames`]).

use std::collections::BTreeSet;
use std::time::Instant;

use super::median;
use crate::analysis::activity::{self, StackBy};
use crate::filter::{FilterSpec, apply};
use crate::render::style::{Marks, style};
use crate::render::{Palette, Style};
use crate::state::Loaded;

/// Median in milliseconds, to two decimals.
fn median_ms(v: Vec<f64>) -> f64 {
    (median(v) * 100.0).round() / 100.0
}

/// The filters timed: one country, one tweet language, the last six months, a minimum
/// degree.
pub fn specs(l: &Loaded) -> Vec<(&'static str, FilterSpec)> {
    let first_country = l
        .summary
        .countries
        .keys()
        .next()
        .cloned()
        .unwrap_or_default();
    let top_language = l
        .summary
        .tweet_languages
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(k, _)| k.clone())
        .unwrap_or_default();
    let last_day = l
        .dataset
        .tweets
        .time
        .iter()
        .max()
        .map_or(0, |m| m.div_euclid(1440));
    vec![
        (
            "one_country",
            FilterSpec {
                countries: Some(BTreeSet::from([first_country])),
                ..FilterSpec::default()
            },
        ),
        (
            "one_tweet_language",
            FilterSpec {
                tweet_languages: Some(BTreeSet::from([top_language])),
                ..FilterSpec::default()
            },
        ),
        (
            "last_six_months",
            FilterSpec {
                from_day: Some(last_day - 182),
                ..FilterSpec::default()
            },
        ),
        (
            "min_degree_3",
            FilterSpec {
                min_degree: 3,
                ..FilterSpec::default()
            },
        ),
    ]
}

/// Times each step of the work of one filter change.
pub fn run(l: &Loaded, repeats: usize) -> serde_json::Value {
    let ds = &l.dataset;
    let utc = jiff::tz::TimeZone::UTC;
    let mut results = serde_json::Map::new();
    for (name, spec) in specs(l) {
        let mut steps: [Vec<f64>; 6] = Default::default();
        let mut shown = 0;
        for _ in 0..repeats {
            let mut t = Instant::now();
            let mut lap = |i: usize, steps: &mut [Vec<f64>; 6]| {
                steps[i].push(t.elapsed().as_secs_f64() * 1e3);
                t = Instant::now();
            };
            let f = apply(ds, &l.network, &l.evidence, &spec);
            lap(0, &mut steps);
            let nodes = f.node_mask(&l.network);
            let out: Vec<bool> = nodes.iter().map(|&s| !s).collect();
            let edges: Vec<bool> = f.edge_weight.iter().map(|&w| w > 0).collect();
            let styled = style(
                &l.network,
                ds,
                Style::default(),
                Palette::DARK,
                &Marks {
                    selected: &[],
                    filtered_out: &out,
                    hide: false,
                    edge_shown: &edges,
                    ..Marks::default()
                },
            );
            lap(1, &mut steps);
            let a = activity::compute(ds, Some(&f.tweets), None, StackBy::Country, &[]);
            lap(2, &mut steps);
            let h = activity::hour_of_week(ds, Some(&f.tweets), &utc);
            lap(3, &mut steps);
            let c = activity::creation_histogram(ds, Some(&f.accounts), None);
            lap(4, &mut steps);
            shown = f.shown_accounts;
            std::hint::black_box((styled, a, h, c));
        }
        let total: Vec<f64> = (0..repeats)
            .map(|r| steps[..5].iter().map(|s| s[r]).sum())
            .collect();
        results.insert(
            name.to_owned(),
            serde_json::json!({
                "accounts_shown": shown,
                "ms_filter": median_ms(steps[0].clone()),
                "ms_restyle_canvas": median_ms(steps[1].clone()),
                "ms_activity": median_ms(steps[2].clone()),
                "ms_hours": median_ms(steps[3].clone()),
                "ms_creation": median_ms(steps[4].clone()),
                "ms_total": median_ms(total),
            }),
        );
    }
    serde_json::json!({
        "bench": "filter",
        "accounts": ds.accounts.len(),
        "tweets": ds.tweets.len(),
        "edges": l.network.edges.len(),
        "threads": rayon::current_num_threads(),
        "repeats": repeats,
        "filters": results,
    })
}
