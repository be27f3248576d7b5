//! ForceAtlas2's settings, as the engine, the runner and the window share them, and
//! the criterion that says a layout has settled.

/// Movement (mean displacement / layout radius) under which a layout counts as settled:
/// ForceAtlas2 keeps jittering by about a thousandth of its radius once its shape holds.
pub const CONVERGED_MOVEMENT: f64 = 2.5e-3;
/// Consecutive settled iterations before the runner stops by itself.
pub const SETTLED_ITERATIONS: u32 = 20;

/// ForceAtlas2's settings.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Params {
    /// Repulsion strength (k_r).
    pub scaling_ratio: f32,
    pub gravity: f32,
    /// Gravity grows with distance (keeps far components close).
    pub strong_gravity: bool,
    /// Attraction log(1 + d) instead of d: tighter clusters.
    pub lin_log: bool,
    /// "Dissuade hubs": attraction divided by the source's mass (outbound attraction
    /// distribution), pushing hubs to the periphery.
    pub dissuade_hubs: bool,
    /// Exponent of edge weights in attraction (0: ignore weights, 1: linear).
    pub edge_weight_influence: f32,
    /// Prevent overlap using node sizes.
    pub prevent_overlap: bool,
    pub jitter_tolerance: f32,
    /// Barnes-Hut accuracy: a cell acts as one body when side < θ · distance.
    pub theta: f32,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            scaling_ratio: 1.0,
            gravity: 1.0,
            strong_gravity: false,
            lin_log: false,
            dissuade_hubs: false,
            edge_weight_influence: 1.0,
            prevent_overlap: false,
            jitter_tolerance: 1.0,
            theta: 1.2,
        }
    }
}
