//! The network of the headless analysis commands (`communities`, `centrality`): an edge
//! list (`--edges`, as `bench layout` reads: source, target, optional weight) or the
//! interaction network of dataset files (every kind summed, source → target), as weighted
//! edges with each node's name (account id, or the edge list's node number).

use std::path::{Path, PathBuf};

use crate::io::{Input, LoadOptions, Progress};
use crate::state::load_all;

/// Weighted edges of `nodes` nodes, and each node's name.
pub struct EdgeInput {
    pub nodes: usize,
    pub edges: Vec<(u32, u32, f64)>,
    pub names: Vec<String>,
}

/// Reads the edge list at `edges`, or else loads `files`.
pub fn read(
    edges: Option<&Path>,
    files: &[PathBuf],
    options: &LoadOptions,
) -> Result<EdgeInput, String> {
    if let Some(path) = edges {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (n, list) = crate::layout::quality::read_edge_list(std::io::BufReader::new(file))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(EdgeInput {
            nodes: n,
            edges: list
                .into_iter()
                .map(|(a, b, w)| (a, b, f64::from(w)))
                .collect(),
            names: (0..n).map(|i| i.to_string()).collect(),
        });
    }
    if files.is_empty() {
        return Err("give dataset files or --edges FILE".to_owned());
    }
    let inputs: Vec<Input> = files.iter().cloned().map(Input::Path).collect();
    let loaded = load_all(&inputs, options, &Progress::default()).map_err(|e| e.to_string())?;
    let net = &loaded.network;
    Ok(EdgeInput {
        nodes: net.node_count(),
        edges: net
            .edges
            .iter()
            .map(|e| (e.src, e.dst, f64::from(e.weight)))
            .collect(),
        names: net
            .account
            .iter()
            .map(|&a| loaded.dataset.accounts.id(a).to_string())
            .collect(),
    })
}
