//! `ioscope convert IN... -o OUT.{gexf,graphml,gml,csv,json}`: any file ioscope opens (archives,
//! network files) written as a network file for Gephi, R or Python, with no window:
//! the filters applied (the kept accounts and the edges between them), the file's own
//! positions and colours kept, or a ForceAtlas2 layout of N iterations from the
//! window's seeded start (multilevel for 5,000 nodes or more).

use std::path::{Path, PathBuf};

use crate::export::network::{self, NetworkFormat, Visuals};
use crate::filter::FilterSpec;
use crate::io::{Input, LoadOptions, Progress};
use crate::layout::handle::{LAYOUT_SEED, params_for};
use crate::layout::{LayoutGraph, multilevel};
use crate::state::load_all;

/// What `ioscope convert` was asked for.
pub struct ConvertRequest {
    pub files: Vec<PathBuf>,
    pub out: PathBuf,
    pub filter: FilterSpec,
    /// Lay the network out with this many iterations (replacing the file's positions).
    pub layout_iterations: usize,
}

/// Runs `ioscope convert`; prints the files written.
pub fn run(request: &ConvertRequest, options: &LoadOptions) -> Result<(), String> {
    let format = NetworkFormat::of_path(&request.out).ok_or_else(|| {
        format!(
            "{}: the output's extension says the format: .gexf, .graphml, .gml, .csv or .json (graphology)",
            request.out.display()
        )
    })?;
    let inputs: Vec<Input> = request.files.iter().cloned().map(Input::Path).collect();
    let loaded = load_all(&inputs, options, &Progress::default()).map_err(|e| e.to_string())?;
    for w in &loaded.dataset.warnings {
        eprintln!("warning: {w}");
    }
    let shown = (!request.filter.is_empty()).then(|| {
        let filtered = crate::filter::apply(
            &loaded.dataset,
            &loaded.network,
            &loaded.evidence,
            &request.filter,
        );
        filtered.node_mask(&loaded.network)
    });
    let mut visuals = Visuals::default();
    if request.layout_iterations > 0 {
        let n = loaded.network.node_count();
        let mut fa2 = multilevel::start(
            LayoutGraph::of_network(&loaded.network),
            params_for(n),
            LAYOUT_SEED,
        );
        for _ in 0..request.layout_iterations {
            fa2.step();
        }
        visuals.positions = Some(fa2.x.iter().zip(&fa2.y).map(|(&x, &y)| [x, y]).collect());
    }
    let g = network::of_network(
        &loaded.dataset,
        &loaded.network,
        &visuals,
        shown.as_deref(),
        &[],
    );
    let written = write(&g, &request.out, format)?;
    for path in written {
        println!("{}", path.display());
    }
    eprintln!(
        "ioscope: {} nodes, {} edges written as {}",
        g.node_count(),
        g.edges.len(),
        format.label()
    );
    Ok(())
}

fn write(
    g: &crate::model::graph_file::GraphFile,
    out: &Path,
    format: NetworkFormat,
) -> Result<Vec<PathBuf>, String> {
    network::write_to_path(g, out, format).map_err(|e| format!("{}: {e}", out.display()))
}
