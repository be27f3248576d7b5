//! `ioscope export`: figures of the network with no window, reproducibly, as PNG, SVG
//! or PDF. From a session, the saved work (filter, styles, positions, selection,
//! camera, title and caption) or any of its saved views (`--view NAME`, or every one
//! with `--all-views`); from dataset files, the network laid out with the window's
//! defaults (same engine, parameters and seed, a given number of iterations, so the
//! same files give the same figure) and the given filters. The figure is the canvas
//! itself, drawn off-screen at full detail.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::export::svg::EdgeMode;
use crate::filter::{self, FilterSpec};
use crate::io::{Input, LoadOptions, Progress};
use crate::layout::handle::{LAYOUT_SEED, params_for};
use crate::layout::{LayoutGraph, multilevel};
use crate::render::{GraphView, Palette};
use crate::state::session::{self, SavedView, Session};
use crate::state::{Loaded, load_all};
use crate::ui::canvas::picture::{self, PictureOptions};

/// The files to write (any of them).
#[derive(Clone, Debug, Default)]
pub struct Outputs {
    pub png: Option<PathBuf>,
    pub svg: Option<PathBuf>,
    pub pdf: Option<PathBuf>,
}

/// Which of a session's views to draw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Views {
    /// The work as saved (no view).
    #[default]
    Saved,
    /// The view of this name.
    Named(String),
    /// Every view, each to its own files (`NAME-01-view-name.png`, …).
    All,
}

/// What `ioscope export` was asked for.
pub struct ExportRequest {
    pub files: Vec<PathBuf>,
    pub outputs: Outputs,
    /// Canvas size in points, and pixels per point.
    pub size: [f32; 2],
    pub scale: f32,
    pub layout_iterations: usize,
    pub filter: FilterSpec,
    pub light: bool,
    pub transparent: bool,
    /// SVG and PDF: edges as one raster layer under vector nodes.
    pub raster_edges: bool,
    pub views: Views,
    /// Replace the title or caption.
    pub title: Option<String>,
    pub caption: Option<String>,
}

/// The view of a loaded dataset laid out from the seeded start (multilevel for big
/// networks), as the window would.
pub fn laid_out(loaded: &Loaded, iterations: usize, palette: Palette) -> GraphView {
    let n = loaded.network.node_count();
    let mut fa2 = multilevel::start(
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

/// A session's dataset, loaded, and its work shown in a view.
fn from_session(
    s: &Session,
    options: &LoadOptions,
    palette: Palette,
) -> Result<(GraphView, Loaded), String> {
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
        view.set_camera(c.into());
    }
    view.annotation.title = s.title.clone();
    view.annotation.caption = s.caption.clone();
    Ok((view, loaded))
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

/// `base` showing a saved view on a canvas of `size` points.
fn showing(base: &GraphView, loaded: &Loaded, saved: &SavedView, size: [f32; 2]) -> GraphView {
    let mut view = base.parts().into_view();
    view.filtered_out = Vec::new();
    view.edge_shown = Vec::new();
    view.set_style(saved.style);
    view.select(&saved.selection, false);
    view.restyle();
    apply_filter(&mut view, loaded, &saved.filter, saved.filter_mode);
    view.set_camera(saved.camera_for(size));
    view.annotation.title = saved.name.clone();
    view.annotation.caption = saved.caption.clone();
    view
}

/// A file name for the i-th view: `out` with `-NN-name` before its extension.
fn view_path(out: &Path, i: usize, name: &str) -> PathBuf {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let stem = out
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = out
        .extension()
        .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    out.with_file_name(format!("{stem}-{:02}-{slug}{ext}", i + 1))
}

/// The views to draw, each with its output files.
fn targets(
    request: &ExportRequest,
    options: &LoadOptions,
    palette: Palette,
) -> Result<Vec<(GraphView, Outputs)>, String> {
    let session_file = match request.files.as_slice() {
        [one] if session::is_session_file(one) => Some(one),
        _ => None,
    };
    let Some(file) = session_file else {
        if request.views != Views::Saved {
            return Err("--view and --all-views need a session file".to_owned());
        }
        let inputs: Vec<Input> = request.files.iter().cloned().map(Input::Path).collect();
        let loaded = load_all(&inputs, options, &Progress::default()).map_err(|e| e.to_string())?;
        let mut view = laid_out(&loaded, request.layout_iterations, palette);
        apply_filter(&mut view, &loaded, &request.filter, filter::FilterMode::Dim);
        return Ok(vec![(view, request.outputs.clone())]);
    };
    let s = session::open(file).map_err(|e| e.to_string())?;
    let (view, loaded) = from_session(&s, options, palette)?;
    match &request.views {
        Views::Saved => Ok(vec![(view, request.outputs.clone())]),
        Views::Named(name) => {
            let saved = s.views.iter().find(|v| &v.name == name).ok_or_else(|| {
                let names: Vec<&str> = s.views.iter().map(|v| v.name.as_str()).collect();
                format!(
                    "{}: no view named {name:?} (its views: {names:?})",
                    file.display()
                )
            })?;
            Ok(vec![(
                showing(&view, &loaded, saved, request.size),
                request.outputs.clone(),
            )])
        }
        Views::All => {
            if s.views.is_empty() {
                return Err(format!(
                    "{}: the session has no saved views",
                    file.display()
                ));
            }
            let o = &request.outputs;
            Ok(s.views
                .iter()
                .enumerate()
                .map(|(i, saved)| {
                    let path =
                        |p: &Option<PathBuf>| p.as_ref().map(|p| view_path(p, i, &saved.name));
                    let outputs = Outputs {
                        png: path(&o.png),
                        svg: path(&o.svg),
                        pdf: path(&o.pdf),
                    };
                    (showing(&view, &loaded, saved, request.size), outputs)
                })
                .collect())
        }
    }
}

/// Writes the figures; returns each file written with its size in pixels.
pub fn run(
    request: &ExportRequest,
    options: &LoadOptions,
) -> Result<Vec<(PathBuf, [u32; 2])>, String> {
    let o = &request.outputs;
    if o.png.is_none() && o.svg.is_none() && o.pdf.is_none() {
        return Err("nothing to write: give --png, --svg or --pdf".to_owned());
    }
    let palette = if request.light {
        Palette::LIGHT
    } else {
        Palette::DARK
    };
    let picture_options = PictureOptions {
        transparent: request.transparent,
        ..PictureOptions::new(request.size, request.scale)
    };
    let pixels = picture_options.pixels()?;
    let edges = if request.raster_edges {
        EdgeMode::Raster
    } else {
        EdgeMode::Vector
    };
    let progress = Progress::default();
    let mut written = Vec::new();
    for (mut view, outputs) in targets(request, options, palette)? {
        view.set_viewport(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            request.size.into(),
        ));
        if let Some(t) = &request.title {
            view.annotation.title = t.clone();
        }
        if let Some(c) = &request.caption {
            view.annotation.caption = c.clone();
        }
        if let Some(path) = &outputs.png {
            let pic = picture::render_with(&view, &picture_options, &progress)?;
            write(path, &picture::png_bytes(&pic, request.scale)?)?;
            written.push((path.clone(), pixels));
        }
        if let Some(path) = &outputs.svg {
            let svg = picture::svg(&view, &picture_options, edges, &progress)?;
            write(path, svg.as_bytes())?;
            written.push((path.clone(), pixels));
        }
        if let Some(path) = &outputs.pdf {
            let pdf = picture::pdf(&view, &picture_options, edges, &progress)?;
            write(path, &pdf)?;
            written.push((path.clone(), pixels));
        }
    }
    Ok(written)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::io::atomic::write_atomic(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
