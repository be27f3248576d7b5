//! One frame of the canvas on the GPU: the level-of-detail plan for this frame, the
//! edge opacity for its density, the nodes near the view, assembled into a
//! [`Frame`] for the paint callback.

use std::sync::Arc;

use egui::{Painter, Rect, Ui};

use super::state::{CanvasDrag, CanvasState};
use crate::render::camera::Camera;
use crate::render::density_alpha;
use crate::render::gpu::{Frame, FrameView, paint_callback};
use crate::render::lod::LodInput;
use crate::render::view::GraphView;

/// Edge width in points.
pub const EDGE_WIDTH: f32 = 1.0;

/// What a frame drew, for the overlays.
pub struct Drawn {
    pub node_scale: f32,
}

/// Share of the network's bounds that `camera` shows in `rect`.
fn visible_fraction(view: &GraphView, camera: &Camera, rect: Rect) -> f32 {
    match view.bounds {
        Some(b) => {
            let [vw, vh] = camera.visible_world(rect).size();
            let [bw, bh] = b.size();
            (vw * vh) / (bw.max(1e-6) * bh.max(1e-6))
        }
        None => 1.0,
    }
}

/// Plans and paints this frame's nodes and edges.
pub fn paint(
    ui: &Ui,
    painter: &Painter,
    view: &GraphView,
    state: &mut CanvasState,
    camera: &Camera,
    rect: Rect,
    moving: bool,
) -> Drawn {
    let layout_running = view.layout.is_running();
    let plan = state.lod.plan(LodInput {
        now: ui.input(|i| i.time),
        dt: ui.input(|i| i.unstable_dt),
        moving,
        positions_moving: layout_running || matches!(state.drag, Some(CanvasDrag::Node(_))),
        layout_running,
        total_edges: view.scene.edges.len() as u32,
        total_nodes: view.scene.nodes.len() as u32,
    });
    if let Some(secs) = plan.repaint_after {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(secs));
    }
    if plan.repaint_now {
        ui.ctx().request_repaint();
    }
    let node_scale = view.node_scale_at(camera, rect);
    let edge_alpha = density_alpha(
        plan.edge_count,
        view.mean_edge_length * camera.scale,
        EDGE_WIDTH,
        rect.area(),
        visible_fraction(view, camera, rect),
    );
    // Zoomed in on a big network, only the nodes near the viewport go to the GPU.
    let (nodes, nodes_version) = view.nodes_for_view(camera, rect, node_scale);
    let node_count = plan.node_count.min(nodes.len() as u32);
    let mut scene = view.scene.clone();
    scene.nodes = nodes;
    scene.nodes_version = nodes_version;
    let frame = Frame {
        scene,
        view: FrameView {
            center: camera.center,
            scale: camera.scale,
            viewport: [rect.width(), rect.height()],
            pixels_per_point: ui.ctx().pixels_per_point(),
            node_scale,
            edge_width: EDGE_WIDTH,
            edge_alpha,
            edge_count: plan.edge_count,
            edge_lines: plan.interacting,
            node_count,
            layer: plan.layer,
            layer_chunk: plan.layer_chunk,
            hovered: state.hovered,
            selection_color: view.palette.selection(),
            hover_color: view.palette.hover(),
        },
        layer_pending: Some(Arc::clone(&state.lod.layer_pending)),
    };
    // Pictures read the frame back (SVG writes what it drew).
    ui.ctx()
        .data_mut(|d| d.insert_temp(last_frame_id(), Arc::new(frame.clone())));
    painter.add(paint_callback(rect, frame));
    Drawn { node_scale }
}

/// Where the canvas keeps its last GPU frame (`Arc<Frame>`) in egui's memory.
pub fn last_frame_id() -> egui::Id {
    egui::Id::unique("ioscope canvas frame")
}
