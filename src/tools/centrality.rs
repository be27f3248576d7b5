//! `ioscope centrality`: who is central in the network of dataset files (edges of every
//! kind summed, source → target) or an edge list, with no window: per node the in- and
//! out-degree (distinct and weighted), PageRank, betweenness (exact, or sampled with its
//! standard error), core number, and HITS hub and authority scores, as CSV; with
//! `--json` a summary with the top nodes by each and the seconds each took.

use std::path::PathBuf;
use std::time::Instant;

use crate::analysis::centrality::{DirectedGraph, betweenness, core_numbers, hits, pagerank};
use crate::io::LoadOptions;

/// PageRank's damping.
pub const DAMPING: f64 = 0.85;

/// What `ioscope centrality` was asked for.
pub struct CentralityRequest {
    pub files: Vec<PathBuf>,
    pub edges: Option<PathBuf>,
    pub network: super::edge_input::NetworkArgs,
    /// Betweenness from this many sampled sources (`None`: exact).
    pub samples: Option<usize>,
    pub seed: u64,
    pub out: Option<PathBuf>,
    pub json: bool,
}

/// The graph and each node's name.
fn graph(
    request: &CentralityRequest,
    options: &LoadOptions,
) -> Result<(DirectedGraph, Vec<String>), String> {
    let input = super::edge_input::read(
        request.edges.as_deref(),
        &request.files,
        &request.network,
        options,
    )?;
    let edges = crate::analysis::subnetwork::as_directed(&input.edges, input.directed);
    Ok((DirectedGraph::from_edges(input.nodes, edges), input.names))
}

/// The `k` largest values' nodes, largest first (ties by node).
fn top(values: &[f64], names: &[String], k: usize) -> Vec<serde_json::Value> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .take(k)
        .map(|i| serde_json::json!({"node": names[i], "value": values[i]}))
        .collect()
}

pub fn run(request: &CentralityRequest, options: &LoadOptions) -> Result<(), String> {
    let (g, names) = graph(request, options)?;
    let timed = |f: &dyn Fn() -> Vec<Vec<f64>>| {
        let start = Instant::now();
        let v = f();
        (v, (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0)
    };
    let (degree, degree_s) = timed(&|| {
        let d = g.degrees();
        (0..4).map(|k| d.iter().map(|x| x[k]).collect()).collect()
    });
    let (pr, pagerank_s) = timed(&|| vec![pagerank(&g, DAMPING)]);
    let (bt, betweenness_s) = timed(&|| {
        let (b, e) = betweenness(&g, request.samples, request.seed);
        vec![b, e]
    });
    let (core, core_s) = timed(&|| vec![core_numbers(&g).into_iter().map(f64::from).collect()]);
    let (hubs, hits_s) = timed(&|| {
        let (h, a) = hits(&g);
        vec![h, a]
    });
    let mut text = String::from(
        "node,out_degree,in_degree,out_weight,in_weight,pagerank,betweenness,betweenness_error,core,hub,authority\n",
    );
    for (i, name) in names.iter().enumerate() {
        text.push_str(&format!(
            "{name},{},{},{},{},{},{},{},{},{},{}\n",
            degree[0][i],
            degree[1][i],
            degree[2][i],
            degree[3][i],
            pr[0][i],
            bt[0][i],
            bt[1][i],
            core[0][i],
            hubs[0][i],
            hubs[1][i]
        ));
    }
    if let Some(path) = &request.out {
        crate::io::atomic::write_atomic(path, text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if request.json {
        let summary = serde_json::json!({
            "nodes": g.node_count(),
            "betweenness": if request.samples.is_some_and(|k| k < g.node_count()) { "sampled" } else { "exact" },
            "seconds": {"degree": degree_s, "pagerank": pagerank_s, "betweenness": betweenness_s, "core": core_s, "hits": hits_s},
            "top": {
                "pagerank": top(&pr[0], &names, 5),
                "betweenness": top(&bt[0], &names, 5),
                "core": top(&core[0], &names, 5),
                "hub": top(&hubs[0], &names, 5),
                "authority": top(&hubs[1], &names, 5),
                "in_weight": top(&degree[3], &names, 5),
            },
        });
        println!("{summary}");
    } else if request.out.is_none() {
        print!("{text}");
    }
    Ok(())
}
