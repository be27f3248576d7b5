//! Level of detail: how much of the scene a frame draws. While the view moves (or the
//! layout runs) the canvas draws the strongest edges as one-pixel lines and the most
//! important nodes, as many as keep frames fast (the share adapts to the frame time);
//! once nothing moves, everything at full detail. On software renderers full-detail
//! edges go into a cached layer refined in chunks sized to the frame time.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::gpu::LayerMode;

/// While interacting, the canvas starts by drawing about this many edges and then
/// adapts to the frame time.
pub const START_LOD_EDGES: f32 = 200_000.0;
/// The level of detail never draws fewer than these (the strongest edges, the most
/// important nodes).
pub const MIN_LOD_EDGES: u32 = 20_000;
pub const MIN_LOD_NODES: u32 = 20_000;
/// How long after the last pan or zoom the view still counts as moving (seconds).
pub const INTERACTION_GRACE_SECS: f64 = 0.3;
/// Frames slower than this thin the level of detail; faster ones restore it.
pub const SLOW_FRAME_SECS: f32 = 1.0 / 25.0;
pub const FAST_FRAME_SECS: f32 = 1.0 / 50.0;
/// Factors on the drawn share after a slow or a fast frame, and its floor.
const LOD_SHRINK: f32 = 0.7;
const LOD_GROW: f32 = 1.25;
const LOD_FLOOR_SHARE: f32 = 0.001;
/// Edges added to the cached layer per frame: the first chunk and its bounds.
pub const START_LAYER_CHUNK: u32 = 100_000;
const MIN_LAYER_CHUNK: u32 = 5_000;
const MAX_LAYER_CHUNK: u32 = 1_000_000;

/// `fraction` of `total`, but at least `min` (or all when there are fewer).
pub fn lod_share(total: u32, fraction: f32, min: u32) -> u32 {
    ((total as f32 * fraction) as u32).max(min).min(total)
}

/// What the level of detail remembers between frames.
#[derive(Clone, Debug)]
pub struct LodState {
    /// Share of edges and nodes drawn while interacting.
    pub fraction: f32,
    /// Edges added to the cached layer per frame.
    pub layer_chunk: u32,
    /// Time (egui seconds) until which the view counts as being interacted with.
    pub interacting_until: f64,
    /// Set by the renderer while the cached edge layer is still being refined.
    pub layer_pending: Arc<AtomicBool>,
}

impl LodState {
    /// The starting state for a scene of `total_edges` edges.
    pub fn new(total_edges: usize) -> Self {
        Self {
            fraction: (START_LOD_EDGES / total_edges.max(1) as f32).min(1.0),
            layer_chunk: START_LAYER_CHUNK,
            interacting_until: 0.0,
            layer_pending: Arc::new(AtomicBool::new(false)),
        }
    }
}

/// This frame's situation.
#[derive(Clone, Copy, Debug)]
pub struct LodInput {
    /// egui time now, and the last frame's duration (seconds).
    pub now: f64,
    pub dt: f32,
    /// The camera moved or something is being dragged this frame.
    pub moving: bool,
    /// Positions change this frame (the layout runs, or a node is dragged).
    pub positions_moving: bool,
    pub layout_running: bool,
    pub total_edges: u32,
    pub total_nodes: u32,
}

/// What this frame draws.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LodPlan {
    pub interacting: bool,
    pub edge_count: u32,
    pub node_count: u32,
    pub layer: LayerMode,
    pub layer_chunk: u32,
    /// Ask for a frame after this long (seconds), to restore full detail.
    pub repaint_after: Option<f64>,
    /// Ask for another frame at once (the edge layer is still being refined).
    pub repaint_now: bool,
}

impl LodState {
    /// Plans this frame and adapts the shares to the last frame's time.
    pub fn plan(&mut self, input: LodInput) -> LodPlan {
        if input.moving {
            self.interacting_until = input.now + INTERACTION_GRACE_SECS;
        }
        let still_moving = input.now < self.interacting_until;
        let interacting = still_moving || input.layout_running;
        let (edge_count, node_count) = if interacting {
            if input.dt > SLOW_FRAME_SECS {
                self.fraction = (self.fraction * LOD_SHRINK).max(LOD_FLOOR_SHARE);
            } else if input.dt < FAST_FRAME_SECS {
                self.fraction = (self.fraction * LOD_GROW).min(1.0);
            }
            (
                lod_share(input.total_edges, self.fraction, MIN_LOD_EDGES),
                lod_share(input.total_nodes, self.fraction, MIN_LOD_NODES),
            )
        } else {
            (input.total_edges, input.total_nodes)
        };
        // Software renderers keep full-detail edges in a texture while only the camera
        // moves.
        let layer = if input.positions_moving {
            LayerMode::Direct
        } else if interacting {
            LayerMode::Reuse
        } else {
            LayerMode::Refresh
        };
        let repaint_now = self.layer_pending.load(Ordering::Relaxed);
        if repaint_now {
            // The edge layer is still being refined: keep drawing, in steps that keep
            // the frame rate up.
            if input.dt > SLOW_FRAME_SECS {
                self.layer_chunk = (self.layer_chunk / 2).max(MIN_LAYER_CHUNK);
            } else if input.dt < FAST_FRAME_SECS {
                self.layer_chunk = self.layer_chunk.saturating_mul(2).min(MAX_LAYER_CHUNK);
            }
        }
        LodPlan {
            interacting,
            edge_count,
            node_count,
            layer,
            layer_chunk: self.layer_chunk,
            repaint_after: still_moving.then_some(INTERACTION_GRACE_SECS),
            repaint_now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(now: f64, dt: f32, moving: bool) -> LodInput {
        LodInput {
            now,
            dt,
            moving,
            positions_moving: false,
            layout_running: false,
            total_edges: 1_000_000,
            total_nodes: 100_000,
        }
    }

    #[test]
    fn moving_thins_slow_frames_and_stillness_restores_full_detail() {
        let mut lod = LodState::new(1_000_000);
        assert!((lod.fraction - 0.2).abs() < 1e-6);
        let p = lod.plan(input(0.0, 0.1, true));
        assert!(p.interacting);
        assert_eq!(p.layer, LayerMode::Reuse);
        assert_eq!(p.edge_count, (1_000_000.0 * 0.2 * LOD_SHRINK) as u32);
        assert_eq!(p.node_count, MIN_LOD_NODES);
        assert_eq!(p.repaint_after, Some(INTERACTION_GRACE_SECS));
        // Fast frames grow the share back; the grace period ends the interaction.
        let fast = lod.plan(input(0.1, 0.01, false));
        assert!(fast.edge_count > p.edge_count);
        let still = lod.plan(input(1.0, 0.01, false));
        assert!(!still.interacting);
        assert_eq!((still.edge_count, still.node_count), (1_000_000, 100_000));
        assert_eq!(still.layer, LayerMode::Refresh);
        assert_eq!(still.repaint_after, None);
    }

    #[test]
    fn pending_layer_chunks_follow_the_frame_time() {
        let mut lod = LodState::new(10);
        lod.layer_pending.store(true, Ordering::Relaxed);
        let slow = lod.plan(input(5.0, 0.5, false));
        assert!(slow.repaint_now);
        assert_eq!(slow.layer_chunk, START_LAYER_CHUNK / 2);
        let fast = lod.plan(input(5.1, 0.001, false));
        assert_eq!(fast.layer_chunk, START_LAYER_CHUNK);
        assert_eq!(lod_share(10, 0.5, 20_000), 10);
    }
}
