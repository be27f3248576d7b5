//! `ioscope bench load`: files loaded end to end (parse, accounts, network, evidence,
//! months), the median of several runs, with bytes, speed and peak memory.

use std::time::Instant;

use super::{median, peak_memory_bytes};
use crate::io::{Input, LoadOptions, Progress};
use crate::state::load_all;

pub fn run(
    inputs: &[Input],
    options: &LoadOptions,
    repeats: usize,
) -> Result<serde_json::Value, String> {
    let mut seconds = Vec::new();
    let mut deriving = Vec::new();
    let mut last = None;
    let mut breakdown = serde_json::Value::Null;
    for _ in 0..repeats.max(1) {
        let progress = Progress::default();
        let start = Instant::now();
        let loaded = load_all(inputs, options, &progress).map_err(|e| e.to_string())?;
        seconds.push(start.elapsed().as_secs_f64());
        deriving.push(loaded.derive_seconds);
        breakdown = memory_breakdown(&loaded);
        last = Some((
            loaded.summary.tweets,
            loaded.summary.accounts.total,
            loaded.summary.edges.total,
            progress.bytes().0,
            progress.plain_bytes(),
        ));
        drop(loaded);
    }
    let deriving = median(deriving);
    let median = median(seconds);
    let estimate = crate::io::estimate::estimate(inputs, options).map_err(|e| e.to_string())?;
    let (tweets, accounts, edges, disk, plain) = last.unwrap_or_default();
    let (files, rounds) =
        crate::io::files_and_rounds(inputs, options).map_err(|e| e.to_string())?;
    Ok(serde_json::json!({
        "bench": "load",
        "bytes": disk,
        "uncompressed_bytes": plain,
        "seconds": (median * 1000.0).round() / 1000.0,
        "seconds_deriving": (deriving * 1000.0).round() / 1000.0,
        "MB_per_s": ((plain as f64 / 1e6 / median) * 10.0).round() / 10.0,
        "peak_memory_MB": peak_memory_bytes().map(|b| b / (1 << 20)),
        "threads": rayon::current_num_threads(),
        "files_side_by_side": !options.one_file_at_a_time,
        "files": files,
        "rounds": rounds,
        "tweets": tweets,
        "accounts": accounts,
        "edges": edges,
        "bytes_per_tweet": breakdown,
        "estimated_peak_MB": estimate.bytes() / (1 << 20),
    }))
}

/// What the loaded dataset holds, in bytes per tweet: the tweet columns, their lists
/// (hashtags, urls, mentions), texts, accounts, strings, the network, the evidence index
/// and the tweets by author (heap capacity, as allocated).
fn memory_breakdown(loaded: &crate::state::Loaded) -> serde_json::Value {
    let ds = &loaded.dataset;
    let tweets = ds.tweets.len().max(1) as f64;
    let per = |bytes: u64| (bytes as f64 / tweets * 10.0).round() / 10.0;
    let parts = [
        ("tweet_columns", ds.tweets.column_bytes()),
        ("lists", ds.tweets.list_bytes()),
        ("texts", ds.tweets.text_bytes_held()),
        (
            "text_locations",
            ds.text_sources
                .as_ref()
                .map_or(0, crate::model::text_sources::TextSources::heap_bytes),
        ),
        ("accounts", ds.accounts.heap_bytes()),
        ("strings", ds.strings.heap_bytes()),
        ("network", loaded.network.heap_bytes()),
        ("evidence", loaded.evidence.heap_bytes()),
        ("by_author", loaded.by_author.heap_bytes()),
    ];
    let total: u64 = parts.iter().map(|p| p.1).sum();
    let mut out = serde_json::Map::new();
    for (name, bytes) in parts {
        out.insert(name.to_owned(), per(bytes).into());
    }
    out.insert("held".to_owned(), per(total).into());
    if let Some(peak) = peak_memory_bytes() {
        out.insert("peak".to_owned(), per(peak).into());
    }
    serde_json::Value::Object(out)
}
