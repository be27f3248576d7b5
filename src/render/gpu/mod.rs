//! The GPU side of the canvas: wgpu pipelines and buffers that draw the network inside
//! egui's render pass, through an `egui_wgpu` paint callback (or into an off-screen
//! texture for `bench render`). Buffers are rewritten only when their content changed:
//! each [`GpuScene`] part carries a version, and a layout snapshot bumps the positions'
//! version only (n × 8 bytes). See `graph.wgsl` for the shading.
//!
//! By concern: [`instances`] (what the GPU reads), [`frame`] (one frame's input),
//! [`pipelines`] (made once), [`buffers`] (rewritten), [`layer`] (the cached edge
//! layer), [`renderer`] (uploads and draws), [`callback`] (the glue to egui).

pub mod buffers;
pub mod callback;
pub mod frame;
pub mod instances;
pub mod layer;
pub mod pipelines;
pub mod renderer;

pub use callback::{GraphCallback, paint_callback};
pub use frame::{Frame, FrameView, GpuScene, LayerMode, next_version};
pub use instances::{EdgeInstance, NODE_DIMMED, NODE_HIDDEN, NODE_SELECTED, NodeInstance};
pub use renderer::GraphRenderer;
