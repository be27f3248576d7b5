//! `ioscope bench render`: lays out a network (a seeded random one of a given size, or
//! the network of archive files), then times frames drawn off-screen through wgpu at
//! full detail, with the interactive level of detail, zoomed in (most nodes off
//! screen), and with a position upload per frame (as while the layout animates).

use std::sync::Arc;
use std::time::Instant;

use rand::{Rng, SeedableRng, rngs::SmallRng};

use super::median;
use crate::graph::{Edge, EdgeKind, Network};
use crate::layout::handle::{LAYOUT_SEED, params_for};
use crate::layout::{ForceAtlas2, LayoutGraph};
use crate::model::Dataset;
use crate::render::camera::{Bounds, Camera};
use crate::render::density_alpha;
use crate::render::gpu::{Frame, FrameView, LayerMode, next_version};
use crate::render::lod::MIN_LOD_EDGES;
use crate::render::offscreen::Offscreen;
use crate::render::palette::Palette;
use crate::render::view::{FIT_MARGIN, GraphView};

/// Edges (the strongest) and nodes (the most important) drawn by the interactive level
/// of detail in the benchmark.
pub const LOD_EDGES: u32 = 100_000;
pub const LOD_NODES: u32 = 50_000;
/// The fewest edges and nodes the canvas draws while interacting.
pub const LOD_FLOOR: u32 = MIN_LOD_EDGES;
/// Edges added to the cached edge layer per refinement frame.
pub const LAYER_CHUNK: u32 = 50_000;

/// A seeded random network with community structure: `n` nodes in about √n/4
/// communities, `m` edges of which 85% stay inside a community, weights 1–8.
pub fn random_network(n: usize, m: usize, seed: u64) -> Network {
    let mut rng = SmallRng::seed_from_u64(seed);
    let n = n.max(1);
    let communities = ((n as f64).sqrt() / 4.0).max(1.0) as usize;
    let kinds = EdgeKind::ALL;
    let edges: Vec<Edge> = (0..m)
        .map(|_| {
            let src = rng.random_range(0..n);
            let dst = if rng.random::<f32>() < 0.85 {
                // Same community: nodes ≡ src (mod communities).
                let c = src % communities;
                let slots = (n - c).div_ceil(communities);
                c + communities * rng.random_range(0..slots)
            } else {
                rng.random_range(0..n)
            };
            Edge {
                src: src as u32,
                dst: dst.min(n - 1) as u32,
                kind: kinds[rng.random_range(0..kinds.len())],
                weight: 1 + (rng.random::<f32>().powi(4) * 8.0) as u32,
            }
        })
        .collect();
    Network::from_edges(n, edges)
}

/// A laid-out view and the off-screen target it is drawn into.
struct Bench {
    gpu: Offscreen,
    view: GraphView,
    viewport: egui::Rect,
    bounds: Bounds,
    background: [f64; 4],
    palette: Palette,
    /// Frames timed per measurement.
    frames: usize,
}

impl Bench {
    /// A frame of `edges` edges seen through `camera`; `lod` draws lines and the level
    /// of detail's nodes.
    fn frame(&self, camera: Camera, edges: u32, lod: bool) -> Frame {
        let (view, viewport) = (&self.view, self.viewport);
        let node_scale = view.node_scale_at(&camera, viewport);
        let (nodes, nodes_version) = view.nodes_for_view(&camera, viewport, node_scale);
        let mut scene = view.scene.clone();
        let total_nodes = nodes.len() as u32;
        scene.nodes = nodes;
        scene.nodes_version = nodes_version;
        let visible = {
            let v = camera.visible_world(viewport).size();
            let b = self.bounds.size();
            (v[0] * v[1]) / (b[0].max(1e-6) * b[1].max(1e-6))
        };
        Frame {
            scene,
            view: FrameView {
                center: camera.center,
                scale: camera.scale,
                viewport: [viewport.width(), viewport.height()],
                pixels_per_point: 1.0,
                node_scale,
                edge_width: 1.0,
                edge_alpha: density_alpha(
                    edges,
                    view.mean_edge_length * camera.scale,
                    1.0,
                    viewport.area(),
                    visible,
                ),
                edge_count: edges,
                edge_lines: lod,
                layer: LayerMode::Direct,
                layer_chunk: LAYER_CHUNK,
                node_count: if lod {
                    LOD_NODES.min(total_nodes)
                } else {
                    total_nodes
                },
                hovered: None,
                selection_color: self.palette.selection(),
                hover_color: self.palette.hover(),
            },
            layer_pending: None,
        }
    }

    /// Median ms of drawing `frame` (after two warm-up frames; the first uploads
    /// everything), uploading positions each frame when asked.
    fn time(&mut self, frame: &mut Frame, upload_positions: bool) -> Result<f64, String> {
        self.gpu.render(frame, self.background)?;
        self.gpu.render(frame, self.background)?;
        let mut times = Vec::with_capacity(self.frames);
        for _ in 0..self.frames.max(1) {
            if upload_positions {
                frame.scene.positions_version = next_version();
            }
            let t = Instant::now();
            self.gpu.render(frame, self.background)?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        Ok(median(times))
    }

    /// Refines the full-detail edge layer until done: (frames, total ms, longest ms).
    fn refine_layer(&mut self, fit: Camera, total_edges: u32) -> Result<(usize, f64, f64), String> {
        let mut still = self.frame(fit, total_edges, false);
        still.view.layer = LayerMode::Refresh;
        let pending = Arc::new(std::sync::atomic::AtomicBool::new(true));
        still.layer_pending = Some(Arc::clone(&pending));
        let mut times = Vec::new();
        while pending.load(std::sync::atomic::Ordering::Relaxed) && times.len() < 1000 {
            let t = Instant::now();
            self.gpu.render(&still, self.background)?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let max = times.iter().copied().fold(0.0, f64::max);
        Ok((times.len(), times.iter().sum(), max))
    }

    /// Median ms of panning over the cached layer, with the level of detail's nodes.
    fn pan(&mut self, fit: Camera, lod_edges: u32) -> Result<f64, String> {
        let mut pan = self.frame(fit, lod_edges, true);
        pan.view.layer = LayerMode::Reuse;
        let mut times = Vec::with_capacity(self.frames);
        for i in 0..self.frames.max(1) {
            pan.view.center[0] = fit.center[0] + (i as f32 + 1.0) * 3.0 / fit.scale;
            let t = Instant::now();
            self.gpu.render(&pan, self.background)?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        Ok(median(times))
    }
}

/// Runs the benchmark; returns its JSON report.
pub fn run(
    dataset: Arc<Dataset>,
    network: Arc<Network>,
    layout_iterations: usize,
    frames: usize,
    size: [u32; 2],
) -> Result<serde_json::Value, String> {
    let start = Instant::now();
    let n = network.node_count();
    let mut fa2 = ForceAtlas2::new(
        LayoutGraph::of_network(&network),
        params_for(n),
        LAYOUT_SEED,
    );
    for _ in 0..layout_iterations {
        fa2.step();
    }
    let layout_seconds = start.elapsed().as_secs_f64();
    let gpu = Offscreen::new(size[0], size[1])?;
    if n > gpu.max_nodes() {
        return Err(format!(
            "{n} nodes: this device draws at most {}",
            gpu.max_nodes()
        ));
    }
    let palette = Palette::DARK;
    let viewport =
        egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0] as f32, size[1] as f32));
    let mut view =
        GraphView::with_positions(dataset, network, palette, fa2.x.clone(), fa2.y.clone());
    view.set_viewport(viewport);
    let bounds = view.fit_bounds.unwrap_or(Bounds {
        min: [0.0; 2],
        max: [1.0; 2],
    });
    let fit = Camera::fit(bounds, viewport, FIT_MARGIN);
    let total_edges = view.scene.edges.len() as u32;
    let total_nodes = view.scene.nodes.len() as u32;
    let bg = palette.canvas_background();
    let mut b = Bench {
        gpu,
        view,
        viewport,
        bounds,
        background: [bg.r(), bg.g(), bg.b(), 255].map(|c| f64::from(c) / 255.0),
        palette,
        frames,
    };
    let lod_edges = LOD_EDGES.min(total_edges);
    let full = b.time(&mut b.frame(fit, total_edges, false), false)?;
    let mut full_lines_frame = b.frame(fit, total_edges, false);
    full_lines_frame.view.edge_lines = true;
    let full_lines = b.time(&mut full_lines_frame, false)?;
    let lod = b.time(&mut b.frame(fit, lod_edges, true), false)?;
    let lod_animating = b.time(&mut b.frame(fit, lod_edges, true), true)?;
    // The floor the canvas's adaptive level of detail can go down to.
    let mut floor = b.frame(fit, LOD_FLOOR.min(total_edges), true);
    floor.view.node_count = LOD_FLOOR.min(total_nodes);
    let lod_floor = b.time(&mut floor, true)?;
    // Zoomed in 16× on the densest part: the centre of mass.
    let (sx, sy) = fa2
        .x
        .iter()
        .zip(&fa2.y)
        .fold((0.0f64, 0.0f64), |(a, b), (&x, &y)| {
            (a + f64::from(x), b + f64::from(y))
        });
    let zoomed = Camera {
        center: [(sx / n.max(1) as f64) as f32, (sy / n.max(1) as f64) as f32],
        scale: fit.scale * 16.0,
    };
    let zoomed_full = b.time(&mut b.frame(zoomed, total_edges, false), false)?;
    let zoomed_lod = b.time(&mut b.frame(zoomed, lod_edges, true), false)?;
    // Panning over still positions: the full-detail edge layer is drawn once, then
    // reused moved (software renderers), with the level of detail's nodes on top.
    let (refine_frames, refine_total, refine_max) = b.refine_layer(fit, total_edges)?;
    let pan_ms = b.pan(fit, lod_edges)?;
    Ok(report(
        &b.gpu,
        Figures {
            nodes: n,
            edges: total_edges,
            lod_edges,
            lod_nodes: LOD_NODES.min(total_nodes),
            size,
            frames,
            layout_iterations,
            layout_seconds,
            full,
            lod,
            full_lines,
            lod_animating,
            lod_floor,
            zoomed_full,
            zoomed_lod,
            pan_ms,
            refine: (refine_frames, refine_total, refine_max),
        },
    ))
}

/// What the benchmark measured (milliseconds per frame unless named otherwise).
#[derive(Clone, Copy)]
struct Figures {
    nodes: usize,
    edges: u32,
    lod_edges: u32,
    lod_nodes: u32,
    size: [u32; 2],
    frames: usize,
    layout_iterations: usize,
    layout_seconds: f64,
    full: f64,
    lod: f64,
    full_lines: f64,
    lod_animating: f64,
    lod_floor: f64,
    zoomed_full: f64,
    zoomed_lod: f64,
    pan_ms: f64,
    /// Edge-layer refinement: frames, total ms, longest frame ms.
    refine: (usize, f64, f64),
}

/// The JSON report of the figures.
fn report(gpu: &Offscreen, f: Figures) -> serde_json::Value {
    let round = |v: f64| (v * 100.0).round() / 100.0;
    serde_json::json!({
        "bench": "render",
        "adapter": gpu.adapter.name,
        "backend": format!("{:?}", gpu.adapter.backend),
        "device_type": format!("{:?}", gpu.adapter.device_type),
        "nodes": f.nodes,
        "edges": f.edges,
        "size": format!("{}x{}", f.size[0], f.size[1]),
        "frames": f.frames,
        "layout_iterations": f.layout_iterations,
        "layout_seconds": round(f.layout_seconds),
        "ms_per_frame_full": round(f.full),
        "ms_per_frame_lod": round(f.lod),
        "ms_per_frame_full_as_lines": round(f.full_lines),
        "lod_edges": f.lod_edges,
        "lod_nodes": f.lod_nodes,
        "ms_per_frame_lod_with_position_upload": round(f.lod_animating),
        "ms_per_frame_lod_floor_with_position_upload": round(f.lod_floor),
        "lod_floor": LOD_FLOOR,
        "ms_per_frame_zoomed_in_16x_full": round(f.zoomed_full),
        "ms_per_frame_zoomed_in_16x_lod": round(f.zoomed_lod),
        "ms_per_frame_pan": round(f.pan_ms),
        "edge_layer_cached": gpu.uses_edge_layer(),
        "edge_layer_refine_frames": f.refine.0,
        "edge_layer_refine_ms_total": round(f.refine.1),
        "edge_layer_refine_ms_max_frame": round(f.refine.2),
        "fps_full": round(1000.0 / f.full),
        "fps_lod": round(1000.0 / f.lod),
    })
}
