//! One frame as the renderer receives it: the scene's data (positions, node and edge
//! instances, each with a version so that only what changed is uploaded), how the
//! frame looks at it, and how it uses the cached edge layer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use egui::Color32;

use super::instances::{EdgeInstance, NodeInstance};

static NEXT_VERSION: AtomicU64 = AtomicU64::new(1);

/// A fresh version number, never handed out before in this process.
pub fn next_version() -> u64 {
    NEXT_VERSION.fetch_add(1, Ordering::Relaxed)
}

/// Data shared with the GPU, each part with the version of its content.
#[derive(Clone, Debug, Default)]
pub struct GpuScene {
    /// Interleaved (x, y) world positions, node i at index i.
    pub positions: Arc<Vec<[f32; 2]>>,
    pub positions_version: u64,
    /// Node instances, least important first (a suffix is drawn when thinning).
    pub nodes: Arc<Vec<NodeInstance>>,
    pub nodes_version: u64,
    /// Edges in level-of-detail order (a prefix is drawn when thinning).
    pub edges: Arc<Vec<EdgeInstance>>,
    pub edges_version: u64,
}

/// How one frame looks at the scene.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameView {
    /// World point at the viewport's centre.
    pub center: [f32; 2],
    /// Points per world unit.
    pub scale: f32,
    /// Viewport size in points.
    pub viewport: [f32; 2],
    pub pixels_per_point: f32,
    /// Multiplies every node's base radius.
    pub node_scale: f32,
    /// Edge width in points.
    pub edge_width: f32,
    /// Edge opacity (0..1).
    pub edge_alpha: f32,
    /// How many edges to draw (a prefix of the LOD order).
    pub edge_count: u32,
    /// Draw edges as one-pixel lines instead of anti-aliased quads (interactive LOD).
    pub edge_lines: bool,
    /// How many nodes to draw (the most important).
    pub node_count: u32,
    /// How edges use the cached edge layer (software renderers only).
    pub layer: LayerMode,
    /// Edges added to the layer per frame: it is refined progressively, strongest
    /// edges first, so that no frame takes long on a software rasterizer.
    pub layer_chunk: u32,
    pub hovered: Option<u32>,
    pub selection_color: Color32,
    pub hover_color: Color32,
}

/// How a frame uses the cached edge layer. Renderers on real GPUs always draw edges
/// directly; on software rasterizers, full-detail edges are drawn once into a texture
/// that is reused while the view pans and zooms over unchanged positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayerMode {
    /// Draw edges directly (positions are changing).
    #[default]
    Direct,
    /// Full detail: redraw the layer if it does not show exactly this view.
    Refresh,
    /// Interacting: reuse the layer, moved and scaled, if it holds these positions and
    /// edges; otherwise draw directly with this frame's level of detail.
    Reuse,
}

/// Everything one frame draws.
#[derive(Clone, Debug)]
pub struct Frame {
    pub scene: GpuScene,
    pub view: FrameView,
    /// Set by the renderer while the edge layer is still being refined (the view
    /// should then ask for another frame).
    pub layer_pending: Option<Arc<AtomicBool>>,
}
