//! `ioscope bench render`: lays out a network (a seeded random one of a given size, or
//! the network of archive files), then times frames drawn off-screen through wgpu at
//! full detail, with the interactive level of detail, zoomed in (most nodes off
//! screen), and with a position upload per frame (as while the layout animates).

use std::sync::Arc;
use std::time::Instant;

use rand::{Rng, SeedableRng, rngs::SmallRng};

use super::camera::{Bounds, Camera};
use super::density_alpha;
use super::gpu::{Frame, FrameView, LayerMode, next_version};
use super::offscreen::Offscreen;
use super::palette::Palette;
use super::scene::{Network, SceneEdge};
use super::view::GraphView;
use crate::graph::EdgeKind;
use crate::layout::ForceAtlas2;
use crate::model::Dataset;

/// Edges (the strongest) and nodes (the most important) drawn by the interactive level
/// of detail in the benchmark.
pub const LOD_EDGES: u32 = 100_000;
pub const LOD_NODES: u32 = 50_000;
/// The fewest edges and nodes the canvas draws while interacting.
pub const LOD_FLOOR: u32 = crate::ui::canvas::MIN_LOD_EDGES;
/// Edges added to the cached edge layer per refinement frame.
pub const LAYER_CHUNK: u32 = 50_000;

/// A seeded random network with community structure: `n` nodes in about √n/4
/// communities, `m` edges of which 85% stay inside a community, weights 1–8.
pub fn random_network(n: usize, m: usize, seed: u64) -> Network {
    let mut rng = SmallRng::seed_from_u64(seed);
    let n = n.max(1);
    let communities = ((n as f64).sqrt() / 4.0).max(1.0) as usize;
    let kinds = EdgeKind::ALL;
    let edges: Vec<SceneEdge> = (0..m)
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
            SceneEdge {
                src: src as u32,
                dst: dst.min(n - 1) as u32,
                kind: kinds[rng.random_range(0..kinds.len())],
                weight: 1 + (rng.random::<f32>().powi(4) * 8.0) as u32,
            }
        })
        .collect();
    Network::from_edges(n, edges)
}

/// Median of frame times in milliseconds.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
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
        network.layout_graph(),
        GraphView::params_for(n),
        super::view::LAYOUT_SEED,
    );
    for _ in 0..layout_iterations {
        fa2.step();
    }
    let layout_seconds = start.elapsed().as_secs_f64();
    let mut gpu = Offscreen::new(size[0], size[1])?;
    if n > gpu.max_nodes() {
        return Err(format!(
            "{n} nodes: this device draws at most {}",
            gpu.max_nodes()
        ));
    }
    let palette = Palette::DARK;
    let mut view =
        GraphView::with_positions(dataset, network, palette, fa2.x.clone(), fa2.y.clone());
    let viewport =
        egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0] as f32, size[1] as f32));
    view.viewport = viewport;
    let bounds = view.fit_bounds.unwrap_or(Bounds {
        min: [0.0; 2],
        max: [1.0; 2],
    });
    let fit = Camera::fit(bounds, viewport, 24.0);
    let total_edges = view.scene.edges.len() as u32;
    let bg = palette.canvas_background();
    let background = [bg.r(), bg.g(), bg.b(), 255].map(|c| f64::from(c) / 255.0);

    let total_nodes_all = view.scene.nodes.len() as u32;
    let frame_for = |view: &mut GraphView, camera: Camera, edges: u32, lod: bool| {
        let node_scale = view.node_scale_at(&camera, viewport);
        let (nodes, nodes_version) = view.nodes_for_view(&camera, viewport, node_scale);
        let mut scene = view.scene.clone();
        let total_nodes = nodes.len() as u32;
        scene.nodes = nodes;
        scene.nodes_version = nodes_version;
        let visible = {
            let v = camera.visible_world(viewport).size();
            let b = bounds.size();
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
                selection_color: palette.selection(),
                hover_color: palette.hover(),
            },
            layer_pending: None,
        }
    };
    let mut time_frames = |frame: &mut Frame, upload_positions: bool| -> Result<f64, String> {
        // Warm-up: the first frame uploads everything.
        gpu.render(frame, background)?;
        gpu.render(frame, background)?;
        let mut times = Vec::with_capacity(frames);
        for _ in 0..frames.max(1) {
            if upload_positions {
                frame.scene.positions_version = next_version();
            }
            let t = Instant::now();
            gpu.render(frame, background)?;
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        Ok(median(times))
    };
    let lod_edges = LOD_EDGES.min(total_edges);
    let full = time_frames(&mut frame_for(&mut view, fit, total_edges, false), false)?;
    let mut full_lines_frame = frame_for(&mut view, fit, total_edges, false);
    full_lines_frame.view.edge_lines = true;
    let full_lines = time_frames(&mut full_lines_frame, false)?;
    let lod = time_frames(&mut frame_for(&mut view, fit, lod_edges, true), false)?;
    let lod_animating = time_frames(&mut frame_for(&mut view, fit, lod_edges, true), true)?;
    // The floor the canvas's adaptive level of detail can go down to.
    let mut floor = frame_for(&mut view, fit, LOD_FLOOR.min(total_edges), true);
    floor.view.node_count = LOD_FLOOR.min(total_nodes_all);
    let lod_floor = time_frames(&mut floor, true)?;
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
    let zoomed_full = time_frames(&mut frame_for(&mut view, zoomed, total_edges, false), false)?;
    let zoomed_lod = time_frames(&mut frame_for(&mut view, zoomed, lod_edges, true), false)?;
    // Panning over still positions: the full-detail edge layer is drawn once, then
    // reused moved (software renderers), with the level of detail's nodes on top.
    let mut still = frame_for(&mut view, fit, total_edges, false);
    still.view.layer = LayerMode::Refresh;
    let pending = Arc::new(std::sync::atomic::AtomicBool::new(true));
    still.layer_pending = Some(Arc::clone(&pending));
    let mut refine_times = Vec::new();
    while pending.load(std::sync::atomic::Ordering::Relaxed) && refine_times.len() < 1000 {
        let t = Instant::now();
        gpu.render(&still, background)?;
        refine_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let refine_frames = refine_times.len();
    let refine_total: f64 = refine_times.iter().sum();
    let refine_max = refine_times.iter().copied().fold(0.0, f64::max);
    let mut pan_times = Vec::with_capacity(frames);
    let mut pan = frame_for(&mut view, fit, lod_edges, true);
    pan.view.layer = LayerMode::Reuse;
    for i in 0..frames.max(1) {
        pan.view.center[0] = fit.center[0] + (i as f32 + 1.0) * 3.0 / fit.scale;
        let t = Instant::now();
        gpu.render(&pan, background)?;
        pan_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let pan_ms = median(pan_times);
    let round = |v: f64| (v * 100.0).round() / 100.0;
    Ok(serde_json::json!({
        "bench": "render",
        "adapter": gpu.adapter.name,
        "backend": format!("{:?}", gpu.adapter.backend),
        "device_type": format!("{:?}", gpu.adapter.device_type),
        "nodes": n,
        "edges": total_edges,
        "size": format!("{}x{}", size[0], size[1]),
        "frames": frames,
        "layout_iterations": layout_iterations,
        "layout_seconds": round(layout_seconds),
        "ms_per_frame_full": round(full),
        "ms_per_frame_lod": round(lod),
        "ms_per_frame_full_as_lines": round(full_lines),
        "lod_edges": lod_edges,
        "lod_nodes": LOD_NODES.min(total_nodes_all),
        "ms_per_frame_lod_with_position_upload": round(lod_animating),
        "ms_per_frame_lod_floor_with_position_upload": round(lod_floor),
        "lod_floor": LOD_FLOOR,
        "ms_per_frame_zoomed_in_16x_full": round(zoomed_full),
        "ms_per_frame_zoomed_in_16x_lod": round(zoomed_lod),
        "ms_per_frame_pan": round(pan_ms),
        "edge_layer_cached": gpu.uses_edge_layer(),
        "edge_layer_refine_frames": refine_frames,
        "edge_layer_refine_ms_total": round(refine_total),
        "edge_layer_refine_ms_max_frame": round(refine_max),
        "fps_full": round(1000.0 / full),
        "fps_lod": round(1000.0 / lod),
    }))
}
