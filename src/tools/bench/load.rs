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
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let progress = Progress::default();
        let start = Instant::now();
        let loaded = load_all(inputs, options, &progress).map_err(|e| e.to_string())?;
        seconds.push(start.elapsed().as_secs_f64());
        last = Some((
            loaded.summary.tweets,
            loaded.summary.accounts.total,
            loaded.summary.edges.total,
            progress.bytes().0,
            progress.plain_bytes(),
        ));
        drop(loaded);
    }
    let median = median(seconds);
    let (tweets, accounts, edges, disk, plain) = last.unwrap_or_default();
    Ok(serde_json::json!({
        "bench": "load",
        "bytes": disk,
        "uncompressed_bytes": plain,
        "seconds": (median * 1000.0).round() / 1000.0,
        "MB_per_s": ((plain as f64 / 1e6 / median) * 10.0).round() / 10.0,
        "peak_memory_MB": peak_memory_bytes().map(|b| b / (1 << 20)),
        "threads": rayon::current_num_threads(),
        "tweets": tweets,
        "accounts": accounts,
        "edges": edges,
    }))
}
