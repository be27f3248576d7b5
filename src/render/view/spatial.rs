//! The view's spatial queries, cached: the hit grid of every node's position (and one
//! without the nodes a filter hides), and, zoomed in on a big network, the node
//! instances within reach of the viewport (culling), each rebuilt only when the
//! positions, the nodes or the view changed.

use std::sync::{Arc, Mutex, MutexGuard};

use egui::Rect;

use super::super::camera::{Bounds, Camera};
use super::super::gpu::{NodeInstance, next_version};
use super::super::hit::HitIndex;

/// Below this share of the network's area in view, only nodes near the viewport are
/// handed to the GPU (so frame time does not grow with off-screen nodes).
pub const CULL_BELOW_VISIBLE_SHARE: f32 = 0.25;
/// Networks smaller than this are always drawn whole.
pub const CULL_MIN_NODES: usize = 20_000;
/// Extra reach around the largest disc (its selection ring), in points.
pub const CULL_RING_POINTS: f32 = 4.0;

/// What a culled node list was computed for.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CullKey {
    positions: u64,
    nodes: u64,
    min: [f32; 2],
    max: [f32; 2],
}

#[derive(Default)]
struct Caches {
    /// Every node (key: positions version).
    all: Option<(u64, Arc<HitIndex>)>,
    /// Without hidden nodes (key: positions and nodes versions).
    shown: Option<((u64, u64), Arc<HitIndex>)>,
    culled: Option<(CullKey, Arc<Vec<NodeInstance>>, u64)>,
}

/// The caches (behind a lock, so queries take `&self`).
#[derive(Default)]
pub struct Spatial {
    caches: Mutex<Caches>,
}

/// What the queries index.
pub struct Indexed<'a> {
    pub x: &'a [f32],
    pub y: &'a [f32],
    pub positions_version: u64,
    pub nodes_version: u64,
    /// Whether node i is hidden (`None`: none is).
    pub hidden: Option<&'a [bool]>,
}

impl Spatial {
    fn lock(&self) -> MutexGuard<'_, Caches> {
        // A panic while holding the lock leaves nothing half-written worth refusing.
        self.caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The grid of every position (hidden nodes included).
    pub fn all(&self, at: &Indexed<'_>) -> Arc<HitIndex> {
        let mut c = self.lock();
        match &c.all {
            Some((v, index)) if *v == at.positions_version => Arc::clone(index),
            _ => {
                let index = Arc::new(HitIndex::build(at.x, at.y));
                c.all = Some((at.positions_version, Arc::clone(&index)));
                index
            }
        }
    }

    /// The grid of the nodes that can be hovered, clicked or boxed (not the hidden).
    pub fn hits(&self, at: &Indexed<'_>) -> Arc<HitIndex> {
        let Some(hidden) = at.hidden else {
            return self.all(at);
        };
        let key = (at.positions_version, at.nodes_version);
        let mut c = self.lock();
        if let Some((k, index)) = &c.shown
            && *k == key
        {
            return Arc::clone(index);
        }
        let without = |v: &[f32]| -> Vec<f32> {
            v.iter()
                .enumerate()
                .map(|(i, &p)| {
                    if hidden.get(i).copied().unwrap_or(false) {
                        f32::NAN
                    } else {
                        p
                    }
                })
                .collect()
        };
        let index = Arc::new(HitIndex::build(&without(at.x), &without(at.y)));
        c.shown = Some((key, Arc::clone(&index)));
        index
    }

    /// The node instances to draw for `camera`: all of them, or, when zoomed in on a
    /// big network, only those within reach of the viewport (in drawing order), with a
    /// version of their own. The cut costs O(nodes in view) through the grid, plus
    /// their upload, and is cached per view.
    #[allow(clippy::too_many_arguments)]
    pub fn nodes_for_view(
        &self,
        at: &Indexed<'_>,
        nodes: &Arc<Vec<NodeInstance>>,
        instance_of: &[u32],
        fit_bounds: Option<Bounds>,
        reach_points: f32,
        camera: &Camera,
        viewport: Rect,
    ) -> (Arc<Vec<NodeInstance>>, u64) {
        let whole = (Arc::clone(nodes), at.nodes_version);
        let Some(bounds) = fit_bounds else {
            return whole;
        };
        let view = camera.visible_world(viewport);
        let [vw, vh] = view.size();
        let [bw, bh] = bounds.size();
        let share = (vw * vh) / (bw.max(1e-6) * bh.max(1e-6));
        if instance_of.len() < CULL_MIN_NODES || share.is_nan() || share >= CULL_BELOW_VISIBLE_SHARE
        {
            return whole;
        }
        let reach = reach_points / camera.scale.max(1e-9);
        let key = CullKey {
            positions: at.positions_version,
            nodes: at.nodes_version,
            min: [view.min[0] - reach, view.min[1] - reach],
            max: [view.max[0] + reach, view.max[1] + reach],
        };
        if let Some((k, nodes, version)) = &self.lock().culled
            && *k == key
        {
            return (Arc::clone(nodes), *version);
        }
        let near = self.all(at).in_rect(Bounds {
            min: key.min,
            max: key.max,
        });
        let mut slots: Vec<u32> = near
            .iter()
            .filter_map(|&n| instance_of.get(n as usize).copied())
            .collect();
        slots.sort_unstable();
        let cut: Vec<NodeInstance> = slots
            .iter()
            .filter_map(|&s| nodes.get(s as usize).copied())
            .collect();
        let cut = Arc::new(cut);
        let version = next_version();
        self.lock().culled = Some((key, Arc::clone(&cut), version));
        (cut, version)
    }
}
