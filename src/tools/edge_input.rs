//! The network of the headless analysis commands (`communities`, `centrality`): an edge
//! list (`--edges`, as `bench layout` reads: source, target, optional weight) or a
//! network of dataset files (`--network`: every interaction summed, source → target; one
//! kind; or a coordination network, whose pairs are undirected), as weighted edges with
//! each node's name (account id, or the edge list's node number); `--write-edges` writes
//! it as an edge list (node numbers, weight) that other tools read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::analysis::coordinated::coordinated;
use crate::analysis::coordination::{CoordinationKind, CoordinationParams};
use crate::analysis::subnetwork::{Subnetwork, subnetwork_edges};
use crate::io::{Input, LoadOptions, Progress};
use crate::state::load_all;

/// Which network of the dataset files to analyse, and where to write it.
#[derive(clap::Args, Debug, Clone)]
pub struct NetworkArgs {
    /// interactions (every kind summed), retweet, reply, mention, quote, or a
    /// coordination kind (co-retweet, co-tweet, …) at --window and --min-weight with the
    /// window's other defaults (share 0.5, τ 0.8).
    #[arg(long, default_value = "interactions")]
    pub network: String,
    /// Δt of a coordination network (90s, 5m, 2h, 1d).
    #[arg(long, default_value = "60s")]
    pub window: String,
    /// Fewest matching tweets an edge of a coordination network needs.
    #[arg(long, default_value_t = 3)]
    pub min_weight: u32,
    /// Also write the network analysed as a tab-separated edge list (node numbers from
    /// 0, as in the output, then the weight; undirected pairs once).
    #[arg(long)]
    pub write_edges: Option<PathBuf>,
}

impl Default for NetworkArgs {
    fn default() -> Self {
        Self {
            network: "interactions".to_owned(),
            window: "60s".to_owned(),
            min_weight: 3,
            write_edges: None,
        }
    }
}

/// Weighted edges of `nodes` nodes, and each node's name.
pub struct EdgeInput {
    pub nodes: usize,
    pub edges: Vec<(u32, u32, f64)>,
    pub names: Vec<String>,
    /// Whether the edges have a direction (a coordination network's have none).
    pub directed: bool,
}

/// Reads the edge list at `edges`, or else loads `files` and takes `args`' network.
pub fn read(
    edges: Option<&Path>,
    files: &[PathBuf],
    args: &NetworkArgs,
    options: &LoadOptions,
) -> Result<EdgeInput, String> {
    let input = read_network(edges, files, args, options)?;
    if let Some(path) = &args.write_edges {
        let mut text = String::with_capacity(input.edges.len() * 16);
        for &(a, b, w) in &input.edges {
            let _ = writeln!(text, "{a}\t{b}\t{w}");
        }
        crate::io::atomic::write_atomic(path, text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(input)
}

fn read_network(
    edges: Option<&Path>,
    files: &[PathBuf],
    args: &NetworkArgs,
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
            directed: true,
        });
    }
    if files.is_empty() {
        return Err("give dataset files or --edges FILE".to_owned());
    }
    let coordination_kind = CoordinationKind::from_name(&args.network);
    let which = match (Subnetwork::from_name(&args.network), coordination_kind) {
        (Some(which), _) => which,
        (None, Some(_)) => Subnetwork::Coordination,
        (None, None) => {
            let kinds: Vec<&str> = CoordinationKind::ALL.iter().map(|k| k.name()).collect();
            return Err(format!(
                "--network {}: expected interactions, retweet, reply, mention, quote or a coordination kind ({})",
                args.network,
                kinds.join(", ")
            ));
        }
    };
    let options = LoadOptions {
        keep_text: options.keep_text || coordination_kind.is_some_and(CoordinationKind::needs_text),
        skip_retweet_text: !options.keep_text,
        ..options.clone()
    };
    let inputs: Vec<Input> = files.iter().cloned().map(Input::Path).collect();
    let loaded = load_all(&inputs, &options, &Progress::default()).map_err(|e| e.to_string())?;
    let coordinated = match coordination_kind {
        Some(kind) => {
            let params = CoordinationParams {
                kind,
                window: super::coordination::parse_window(&args.window)?,
                min_weight: args.min_weight,
                ..CoordinationParams::default()
            };
            coordinated(&loaded.dataset, &params, None, &|| false)
                .map_err(|e| e.to_string())?
                .0
        }
        None => Vec::new(),
    };
    let net = &loaded.network;
    Ok(EdgeInput {
        nodes: net.node_count(),
        edges: subnetwork_edges(net, which, &coordinated),
        names: net
            .account
            .iter()
            .map(|&a| loaded.dataset.accounts.id(a).to_string())
            .collect(),
        directed: which.is_directed(),
    })
}
