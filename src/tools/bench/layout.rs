//! `ioscope bench layout`: ForceAtlas2 on a tab-separated edge list from seeded random
//! positions (median ms per iteration, the mean of each phase, and the layout's quality).

use std::path::Path;
use std::time::Instant;

use super::median;
use crate::layout::gpu::DeviceChoice;
use crate::layout::quality::{quality, read_edge_list};
use crate::layout::{ForceAtlas2, LayoutGraph, Params};

/// Edges sampled by the quality measure.
const QUALITY_SAMPLES: usize = 10_000;

pub fn run(
    edges: &Path,
    iterations: usize,
    threads: Option<usize>,
    theta: f32,
    seed: u64,
    lin_log: bool,
    device: DeviceChoice,
) -> Result<serde_json::Value, String> {
    let file = std::fs::File::open(edges).map_err(|e| format!("{}: {e}", edges.display()))?;
    let (n, list) = read_edge_list(std::io::BufReader::new(file))
        .map_err(|e| format!("{}: {e}", edges.display()))?;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        builder = builder.num_threads(t.max(1));
    }
    let pool = builder.build().map_err(|e| e.to_string())?;
    let pairs: Vec<(u32, u32)> = list.iter().map(|&(a, b, _)| (a, b)).collect();
    let gpu = if device.wants_gpu(n) {
        device.open()?
    } else {
        None
    };
    let gpu_name = gpu.as_ref().map(|g| g.name().to_owned());
    let (times, q, used, gpu_error, phases) = pool.install(|| {
        let graph = LayoutGraph::from_edges(n, &list);
        let params = Params {
            theta,
            lin_log,
            ..Params::default()
        };
        let mut fa2 = ForceAtlas2::new(graph, params, seed);
        if let Some(gpu) = gpu {
            fa2.attach_gpu(Box::new(gpu));
        }
        let mut times = Vec::with_capacity(iterations);
        for _ in 0..iterations {
            let start = Instant::now();
            fa2.step();
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        let q = quality(&fa2.x, &fa2.y, &pairs, QUALITY_SAMPLES, seed);
        let error = fa2.gpu_error().map(str::to_owned);
        (
            times,
            q,
            rayon::current_num_threads(),
            error,
            fa2.phase_times(),
        )
    });
    if let Some(e) = gpu_error {
        return Err(format!("the GPU layout failed: {e}"));
    }
    let min = times.iter().copied().fold(f64::INFINITY, f64::min);
    let max = times.iter().copied().fold(0.0, f64::max);
    let round = |v: f64| (v * 100.0).round() / 100.0;
    let per_iteration =
        |d: std::time::Duration| round(d.as_secs_f64() * 1e3 / iterations.max(1) as f64);
    Ok(serde_json::json!({
        "bench": "layout",
        "nodes": n,
        "edges": list.len(),
        "iterations": iterations,
        "threads": used,
        "gpu": gpu_name,
        "theta": (f64::from(theta) * 1e6).round() / 1e6,
        "lin_log": lin_log,
        "ms_per_iter_median": round(median(times)),
        "ms_min": (iterations > 0).then(|| round(min)),
        "ms_max": (iterations > 0).then(|| round(max)),
        "quality": (q * 10_000.0).round() / 10_000.0,
        "ms_per_iter_by_phase": {
            "tree": per_iteration(phases.tree),
            "attraction": per_iteration(phases.attraction),
            "tree_and_attraction": per_iteration(phases.tree_and_attraction),
            "repulsion": per_iteration(phases.repulsion),
            "move": per_iteration(phases.moves),
        },
        "tree_rebuilds": phases.rebuilds,
    }))
}
