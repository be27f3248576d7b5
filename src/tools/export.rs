//! `ioscope export`: pictures of the network with no window, reproducibly. From a
//! session, the saved work (filter, styles, positions, selection, camera); from dataset
//! files, the network laid out with the window's defaults (same engine, parameters and
//! seed, a given number of iterations, so the same files give the same picture) and the
//! given filters. The picture is the canvas itself, drawn off-screen at full detail.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::filter::{self, FilterSpec};
use crate::io::{Input, LoadOptions, Progress};
use crate::layout::handle::{LAYOUT_SEED, params_for};
use crate::layout::{ForceAtlas2, LayoutGraph};
use crate::render::{Camera, GraphView, Palette};
use crate::state::session::{self, Session};
use crate::state::{Loaded, load_all};
use crate::ui::canvas::picture;

/// What `ioscope export` was asked for.
pub struct ExportRequest {
    pub files: Vec<PathBuf>,
    pub png: PathBuf,
    /// Canvas size in points, and pixels per point.
    pub size: [f32; 2],
    pub scale: f32,
    pub layout_iterations: usize,
    pub filter: FilterSpec,
    pub light: bool,
}

/// The view of a loaded dataset laid out from the seeded start, as the window would.
pub fn laid_out(loaded: &Loaded, iterations: usize, palette: Palette) -> GraphView {
    let n = loaded.network.node_count();
    let mut fa2 = ForceAtlas2::new(
        LayoutGraph::of_network(&loaded.network),
        params_for(n),
        LAYOUT_SEED,
    );
    for _ in 0..iterations {
        fa2.step();
    }
    GraphView::with_positions(
        Arc::clone(&loaded.dataset),
        Arc::clone(&loaded.network),
        palette,
        fa2.x,
        fa2.y,
    )
}

/// The view of a session's work (its dataset loaded first).
fn from_session(s: &Session, options: &LoadOptions, palette: Palette) -> Result<GraphView, String> {
    let inputs: Vec<Input> = if s.bundled_sample {
        vec![crate::io::sample::sample_input()]
    } else {
        s.inputs
            .iter()
            .map(|i| Input::Path(i.path.clone()))
            .collect()
    };
    let options = LoadOptions {
        countries: s.countries.clone(),
        ..options.clone()
    };
    let loaded = load_all(&inputs, &options, &Progress::default()).map_err(|e| e.to_string())?;
    let p = &s.positions;
    if p.x.len() != loaded.network.node_count() {
        return Err(format!(
            "the session holds {} positions, its dataset now has {} accounts",
            p.x.len(),
            loaded.network.node_count()
        ));
    }
    let mut view = GraphView::with_positions(
        Arc::clone(&loaded.dataset),
        Arc::clone(&loaded.network),
        palette,
        p.x.clone(),
        p.y.clone(),
    );
    view.pinned = p.pinned.clone();
    view.set_style(s.style);
    view.select(&s.selection, false);
    apply_filter(&mut view, &loaded, &s.filter, s.filter_mode);
    if let Some(c) = s.camera {
        view.set_camera(Camera {
            center: c.center,
            scale: c.scale,
        });
    }
    Ok(view)
}

fn apply_filter(
    view: &mut GraphView,
    loaded: &Loaded,
    spec: &FilterSpec,
    mode: filter::FilterMode,
) {
    if spec.is_empty() {
        return;
    }
    let f = filter::apply(&loaded.dataset, &loaded.network, &loaded.evidence, spec);
    view.set_filter(&f.node_mask(&loaded.network), f.edge_mask(), mode);
}

/// Writes the picture; returns its size in pixels.
pub fn run(request: &ExportRequest, options: &LoadOptions) -> Result<[u32; 2], String> {
    let palette = if request.light {
        Palette::LIGHT
    } else {
        Palette::DARK
    };
    let mut view = match request.files.as_slice() {
        [one] if session::is_session_file(one) => {
            let s = session::open(one).map_err(|e| e.to_string())?;
            from_session(&s, options, palette)?
        }
        files => {
            let inputs: Vec<Input> = files.iter().cloned().map(Input::Path).collect();
            let loaded =
                load_all(&inputs, options, &Progress::default()).map_err(|e| e.to_string())?;
            let mut view = laid_out(&loaded, request.layout_iterations, palette);
            apply_filter(&mut view, &loaded, &request.filter, filter::FilterMode::Dim);
            view
        }
    };
    view.set_viewport(egui::Rect::from_min_size(
        egui::Pos2::ZERO,
        request.size.into(),
    ));
    let pic = picture::render(&view, request.size, request.scale)?;
    let bytes = picture::png_bytes(&pic, request.scale)?;
    write(&request.png, &bytes)?;
    Ok([pic.width, pic.height])
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::io::atomic::write_atomic(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
