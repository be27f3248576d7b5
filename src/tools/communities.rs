//! `ioscope communities`: Leiden or Louvain communities of the interaction network of
//! dataset files (edges of every kind and direction summed into one weight) or of an edge
//! list (`--edges`, as `bench layout` reads), with no window: each node's community as
//! CSV, or with `--json` a summary (modularity, communities, seconds).

use std::path::PathBuf;
use std::time::Instant;

use crate::analysis::communities::{CommunityParams, WeightedGraph, communities};
use crate::io::LoadOptions;

/// What `ioscope communities` was asked for.
pub struct CommunitiesRequest {
    pub files: Vec<PathBuf>,
    pub edges: Option<PathBuf>,
    pub network: super::edge_input::NetworkArgs,
    pub params: CommunityParams,
    pub out: Option<PathBuf>,
    pub json: bool,
}

/// The graph, each node's name, and the number of edges read.
fn graph(
    request: &CommunitiesRequest,
    options: &LoadOptions,
) -> Result<(WeightedGraph, Vec<String>, usize), String> {
    let input = super::edge_input::read(
        request.edges.as_deref(),
        &request.files,
        &request.network,
        options,
    )?;
    let count = input.edges.len();
    Ok((
        WeightedGraph::from_edges(input.nodes, input.edges),
        input.names,
        count,
    ))
}

pub fn run(request: &CommunitiesRequest, options: &LoadOptions) -> Result<(), String> {
    let (g, names, edges) = graph(request, options)?;
    let start = Instant::now();
    let part = communities(&g, &request.params);
    let seconds = start.elapsed().as_secs_f64();
    let mut text = String::from("node,community\n");
    for (name, c) in names.iter().zip(&part.membership) {
        text.push_str(&format!("{name},{c}\n"));
    }
    if let Some(path) = &request.out {
        crate::io::atomic::write_atomic(path, text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if request.json {
        let mut sizes = vec![0u64; part.count];
        for &c in &part.membership {
            sizes[c as usize] += 1;
        }
        let largest = sizes.iter().copied().max().unwrap_or(0);
        let summary = serde_json::json!({
            "network": if request.edges.is_some() { "edges" } else { request.network.network.as_str() },
            "algorithm": format!("{:?}", request.params.algorithm).to_lowercase(),
            "quality": format!("{:?}", request.params.quality).to_lowercase(),
            "resolution": request.params.resolution,
            "seed": request.params.seed,
            "nodes": g.node_count(),
            "edges": edges,
            "communities": part.count,
            "largest": largest,
            "modularity": part.modularity,
            "seconds": (seconds * 1000.0).round() / 1000.0,
        });
        println!("{summary}");
    } else if request.out.is_none() {
        print!("{text}");
    }
    Ok(())
}
