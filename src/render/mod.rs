//! Drawing the account network. The GPU draws nodes and edges as instances inside
//! egui's wgpu render pass ([`gpu`], shaded by `graph.wgsl`); the CPU side decides what
//! to draw ([`scene`]: colours, sizes, edges in level-of-detail order, legend), where
//! the camera looks ([`camera`]), which labels fit ([`labels`]) and which node is under
//! the cursor ([`hit`]). [`view::GraphView`] holds one dataset's view state, and
//! [`offscreen`] renders without a window for benchmarks. [`palette`] owns the colours.

pub mod bench;
pub mod camera;
pub mod gpu;
pub mod hit;
pub mod labels;
pub mod offscreen;
pub mod palette;
pub mod scene;
pub mod view;

pub use camera::{Bounds, Camera};
pub use palette::Palette;
pub use scene::{ColorBy, EdgeColorBy, Network, SizeBy, Style};
pub use view::GraphView;

/// Opacity of edges for a frame: dense drawings get fainter edges so that the
/// structure stays legible when zoomed out (the expected ink of the drawn edges,
/// clipped to the viewport, is kept near a fixed share of the viewport's area).
pub fn density_alpha(
    edges_drawn: u32,
    mean_edge_length_points: f32,
    edge_width: f32,
    viewport_area: f32,
    visible_fraction: f32,
) -> f32 {
    let ink = edges_drawn as f32
        * visible_fraction.clamp(0.0, 1.0)
        * mean_edge_length_points.max(1.0)
        * edge_width.max(0.5);
    if ink.is_nan() || ink <= 0.0 {
        return 0.6;
    }
    (1.2 * viewport_area / ink).clamp(0.04, 0.6)
}

#[cfg(test)]
mod tests {
    #[test]
    fn density_alpha_falls_as_edges_pile_up() {
        let few = super::density_alpha(100, 50.0, 1.0, 800.0 * 600.0, 1.0);
        let many = super::density_alpha(1_000_000, 50.0, 1.0, 800.0 * 600.0, 1.0);
        assert!((few - 0.6).abs() < 1e-6);
        assert!((0.04..0.05).contains(&many));
        let zoomed_in = super::density_alpha(1_000_000, 50.0, 1.0, 800.0 * 600.0, 0.001);
        assert!(zoomed_in > many);
        assert!((super::density_alpha(0, 0.0, 1.0, 1.0, 1.0) - 0.6).abs() < 1e-6);
    }
}
