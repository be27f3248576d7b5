//! `ioscope bench convert`: a network file read (parsed into the dataset) and written
//! in another format, the median of several runs, with sizes and peak memory — the
//! figures `scripts/bench_interop.sh` sets beside networkx's and igraph's.

use std::path::Path;
use std::time::Instant;

use super::{median, peak_memory_bytes};
use crate::export::network::{NetworkFormat, Visuals, of_network, write_to_path};
use crate::graph::Network;
use crate::io::{Input, LoadOptions, Progress};

pub fn run(
    input: &Path,
    out: &Path,
    options: &LoadOptions,
    repeats: usize,
) -> Result<serde_json::Value, String> {
    let format = NetworkFormat::of_path(out)
        .ok_or_else(|| format!("{}: expected .gexf, .graphml, .csv or .json", out.display()))?;
    let inputs = [Input::Path(input.to_path_buf())];
    let (mut read, mut write) = (Vec::new(), Vec::new());
    let mut counts = (0, 0);
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        let ds =
            crate::io::load(&inputs, options, &Progress::default()).map_err(|e| e.to_string())?;
        read.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        let g = match &ds.graph_file {
            Some(g) => g.clone(),
            None => of_network(&ds, &Network::build(&ds), &Visuals::default(), None, &[]),
        };
        write_to_path(&g, out, format).map_err(|e| format!("{}: {e}", out.display()))?;
        write.push(start.elapsed().as_secs_f64());
        counts = (g.node_count(), g.edges.len());
    }
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let round = |s: f64| (s * 1000.0).round() / 1000.0;
    Ok(serde_json::json!({
        "bench": "convert",
        "input": input.display().to_string(),
        "input_MB": size(input) as f64 / 1e6,
        "output": out.display().to_string(),
        "output_MB": size(out) as f64 / 1e6,
        "nodes": counts.0,
        "edges": counts.1,
        "read_seconds": round(median(read)),
        "write_seconds": round(median(write)),
        "peak_memory_MB": peak_memory_bytes().map(|b| b / (1 << 20)),
        "threads": rayon::current_num_threads(),
    }))
}
