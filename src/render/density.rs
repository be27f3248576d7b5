//! Edge opacity for a frame: dense drawings get fainter edges so that the structure
//! stays legible when zoomed out.

/// Edge opacity when the edges' ink is small, and the floor for dense drawings.
pub const MAX_EDGE_ALPHA: f32 = 0.6;
pub const MIN_EDGE_ALPHA: f32 = 0.04;
/// The drawn edges' expected ink is kept near this many viewports' area.
const INK_SHARE: f32 = 1.2;

/// The expected ink of the drawn edges, clipped to the viewport, is kept near a fixed
/// share of the viewport's area.
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
        return MAX_EDGE_ALPHA;
    }
    (INK_SHARE * viewport_area / ink).clamp(MIN_EDGE_ALPHA, MAX_EDGE_ALPHA)
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
