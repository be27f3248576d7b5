//! What the GPU reads: node and edge instances (their strides and vertex attributes
//! derived from the types), the view uniform (mirrored in `graph.wgsl`), node flags,
//! the quad's indices and the positions texture's width.

use eframe::egui_wgpu::wgpu;
use egui::Color32;

/// Node flag: drawn with the selection outline.
pub const NODE_SELECTED: u32 = 1;
/// Node flag: filtered out and drawn greyed.
pub const NODE_DIMMED: u32 = 2;
/// Node flag: filtered out and not drawn.
pub const NODE_HIDDEN: u32 = 4;

/// Two triangles of a quad over its four corners.
pub const QUAD_INDICES: [u16; 6] = [0, 1, 2, 0, 2, 3];

/// Positions texture width (node i is at texel (i % W, i / W)).
pub const POSITIONS_WIDTH: u32 = 2048;

/// One node as the GPU reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct NodeInstance {
    /// The node (its position is texel `node` of the positions texture).
    pub node: u32,
    /// sRGB colour, premultiplied alpha (egui's `Color32` bytes).
    pub color: [u8; 4],
    /// Base radius in points (scaled by the view's node scale).
    pub radius: f32,
    pub flags: u32,
}

/// One edge as the GPU reads it (its ends are looked up in the positions texture).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct EdgeInstance {
    pub src: u32,
    pub dst: u32,
    /// sRGB colour; alpha 0 hides the edge.
    pub color: [u8; 4],
}

/// The view uniform (layout mirrored in `graph.wgsl`).
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct ViewUniform {
    pub center: [f32; 2],
    pub viewport: [f32; 2],
    pub scale: f32,
    pub node_scale: f32,
    pub edge_width: f32,
    pub edge_alpha: f32,
    pub pixels_per_point: f32,
    pub hovered: u32,
    pub pos_width: u32,
    pub linear_output: u32,
    pub selection_color: [f32; 4],
    pub hover_color: [f32; 4],
    pub layer_rect: [f32; 4],
}

/// Bytes per node instance and per edge instance in their vertex buffers.
pub const NODE_STRIDE: u64 = std::mem::size_of::<NodeInstance>() as u64;
pub const EDGE_STRIDE: u64 = std::mem::size_of::<EdgeInstance>() as u64;
/// Bytes per texel of the positions texture (`Rg32Float`).
pub const POSITION_TEXEL_BYTES: u32 = std::mem::size_of::<[f32; 2]>() as u32;

/// Vertex attributes of an edge instance (`src`, `dst`, `color`).
pub const EDGE_ATTRIBUTES: [wgpu::VertexAttribute; 3] =
    wgpu::vertex_attr_array![0 => Uint32, 1 => Uint32, 2 => Unorm8x4];
/// Vertex attributes of a node instance (`node`, `color`, `radius`, `flags`).
pub const NODE_ATTRIBUTES: [wgpu::VertexAttribute; 4] =
    wgpu::vertex_attr_array![0 => Uint32, 1 => Unorm8x4, 2 => Float32, 3 => Uint32];

/// An egui colour as linear-in-bytes RGBA floats for a uniform.
pub fn rgba(c: Color32) -> [f32; 4] {
    let [r, g, b, a] = c.to_array();
    [r, g, b, a].map(|v| f32::from(v) / 255.0)
}
