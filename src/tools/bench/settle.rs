//! `ioscope bench settle FILES... [--no-multilevel]`: the time from opening a dataset
//! to a settled, readable layout, as the window gets it: the whole load (accounts,
//! network, summary), then ForceAtlas2 with the window's parameters and seed from its
//! multilevel start ([`multilevel::start`]; or, with `--no-multilevel`, seeded random
//! positions), stopped by the layout runner's own criterion (movement under
//! [`CONVERGED_MOVEMENT`] for [`SETTLED_ITERATIONS`] iterations in a row). Prints one
//! JSON line: `seconds_to_settle` (from the start of loading), the load's and the
//! layout's share (and the multilevel start's, with its `levels`: 0 for a graph too
//! small to need one), `iterations` after the start and the layout's `quality` (mean
//! edge length over mean random-pair distance: lower is tighter).

use std::path::PathBuf;
use std::time::Instant;

use crate::io::{Input, LoadOptions, Progress};
use crate::layout::handle::{LAYOUT_SEED, params_for};
use crate::layout::quality::quality;
use crate::layout::runner::{CONVERGED_MOVEMENT, SETTLED_ITERATIONS};
use crate::layout::{ForceAtlas2, LayoutGraph, multilevel};
use crate::state::load_all;

/// Random node pairs the quality measure draws.
const QUALITY_PAIRS: usize = 10_000;

pub fn run(
    files: &[PathBuf],
    options: &LoadOptions,
    max_iterations: usize,
    min_iterations: usize,
    use_multilevel: bool,
) -> Result<serde_json::Value, String> {
    let start = Instant::now();
    let inputs: Vec<Input> = files.iter().cloned().map(Input::Path).collect();
    let loaded = load_all(&inputs, options, &Progress::default()).map_err(|e| e.to_string())?;
    let load_seconds = start.elapsed().as_secs_f64();
    let network = &loaded.network;
    let n = network.node_count();
    let graph = LayoutGraph::of_network(network);
    let (mut fa2, levels) = if use_multilevel {
        multilevel::start_counting_levels(graph, params_for(n), LAYOUT_SEED)
    } else {
        (ForceAtlas2::new(graph, params_for(n), LAYOUT_SEED), 0)
    };
    let start_seconds = start.elapsed().as_secs_f64() - load_seconds;
    let mut iterations = 0usize;
    let mut settled = 0u32;
    while (settled < SETTLED_ITERATIONS || iterations < min_iterations)
        && iterations < max_iterations
    {
        fa2.step();
        iterations += 1;
        if fa2.movement() < CONVERGED_MOVEMENT {
            settled += 1;
        } else {
            settled = 0;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let pairs: Vec<(u32, u32)> = network.edges.iter().map(|e| (e.src, e.dst)).collect();
    let q = quality(&fa2.x, &fa2.y, &pairs, QUALITY_PAIRS, LAYOUT_SEED);
    let round = |v: f64, places: i32| {
        let scale = 10f64.powi(places);
        (v * scale).round() / scale
    };
    Ok(serde_json::json!({
        "bench": "settle",
        "nodes": n,
        "edges": network.edges.len(),
        "threads": rayon::current_num_threads(),
        "seconds_to_settle": round(seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "layout_seconds": round(seconds - load_seconds, 3),
        "multilevel": use_multilevel,
        "levels": levels,
        "start_seconds": round(start_seconds, 3),
        "iterations": iterations,
        "settled": settled >= SETTLED_ITERATIONS,
        "quality": if q.is_finite() { Some(round(q, 4)) } else { None },
    }))
}
