//! The ForceAtlas2 engine: forces, adaptive speed, positions.
//!
//! Per iteration: rebuild the Barnes-Hut tree; for every node (in parallel, in Morton
//! order for locality) gather repulsion from the tree, attraction from its neighbours
//! and gravity; then the global speed from total swinging and traction (jitter
//! tolerance), and each node moves by its force times its own speed. All sums are
//! per node or in fixed chunks, so results do not depend on the number of threads.

use rayon::prelude::*;

use super::graph::LayoutGraph;
use super::lanes::{COINCIDENT_D2, Lanes, lanes_repulsion_near};
use super::quadtree::QuadTree;

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

/// Iterations between two full rebuilds of the Barnes-Hut tree.
const REBUILD_EVERY: u64 = 8;
/// Reduction chunk: sums are taken per chunk, then over chunks in order.
const SUM_CHUNK: usize = 4096;
/// Nodes per parallel task.
const NODE_CHUNK: usize = 1024;
/// A direction for two coincident bodies, the same for every run and opposite for
/// (j, i): bodies that share a position still push each other apart.
fn split_direction(i: u32, j: u32) -> (f32, f32) {
    let (a, b, sign) = if i < j { (i, j, 1.0) } else { (j, i, -1.0) };
    let mut h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    let angle = (h % 6283) as f32 / 1000.0;
    (sign * angle.cos(), sign * angle.sin())
}

/// Near repulsion body by body, for what the lanes leave out: bodies at the same
/// position (pushed apart along a fixed direction) and, with overlap prevention, the
/// whole near field computed with sizes.
#[allow(clippy::too_many_arguments)]
fn near_exceptions(
    tree: &QuadTree,
    near_leaves: &[u32],
    k: usize,
    i: u32,
    px: f32,
    py: f32,
    km: f32,
    s: f32,
    prevent_overlap: bool,
) -> (f32, f32) {
    let (mut fx, mut fy) = (0.0f32, 0.0f32);
    for &nl in near_leaves {
        let cell = &tree.cells[nl as usize];
        let first = cell.first as usize;
        for b in first..first + cell.count as usize {
            if b == k {
                continue;
            }
            let (mut bx, mut by) = (px - tree.sx[b], py - tree.sy[b]);
            let mut bd2 = bx * bx + by * by;
            let coincident = bd2 < COINCIDENT_D2;
            if !coincident && !prevent_overlap {
                continue;
            }
            if coincident {
                let (ux, uy) = split_direction(i, tree.order[b]);
                bx = ux * 1e-3;
                by = uy * 1e-3;
                bd2 = 1e-6;
            }
            let mm = km * tree.smass[b];
            let factor = if prevent_overlap {
                let gap = bd2.sqrt() - s - tree.ssize[b];
                if gap > 0.0 {
                    mm / (gap * gap)
                } else {
                    100.0 * mm
                }
            } else {
                mm / bd2
            };
            fx += bx * factor;
            fy += by * factor;
        }
    }
    (fx, fy)
}

/// ForceAtlas2 over one graph: owns positions and the speed state.
#[derive(Debug)]
pub struct ForceAtlas2 {
    pub params: Params,
    graph: LayoutGraph,
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    fx: Vec<f32>,
    fy: Vec<f32>,
    old_fx: Vec<f32>,
    old_fy: Vec<f32>,
    pinned: Vec<bool>,
    /// Attraction factor of each adjacency entry (weight^influence, / source mass).
    pull: Vec<f32>,
    pull_params: Option<(f32, bool)>,
    speed: f64,
    speed_efficiency: f64,
    iteration: u64,
    /// Σ |displacement| / n of the last iteration, relative to the layout's radius.
    last_movement: f64,
    tree: QuadTree,
    /// Per-iteration buffers, kept to spare allocations.
    scratch: Scratch,
}

#[derive(Debug, Default)]
struct Scratch {
    pos: Vec<[f32; 2]>,
    attraction: Vec<(f32, f32)>,
    repulsion: Vec<(f32, f32)>,
}

/// Seeded uniform positions in a square of side `side` (a 64-bit LCG: the same for
/// every platform and thread count).
pub fn random_positions(n: usize, seed: u64, side: f32) -> (Vec<f32>, Vec<f32>) {
    let mut s = seed ^ 0x5851_F42D_4C95_7F2D;
    let mut next = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((s >> 40) as f32) / ((1u64 << 24) as f32) * side
    };
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        x.push(next());
        y.push(next());
    }
    (x, y)
}

/// Sums `f(i)` over `0..n` in fixed chunks, in order: deterministic for any pool.
fn ordered_sum(n: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    let parts: Vec<f64> = (0..n.div_ceil(SUM_CHUNK))
        .into_par_iter()
        .map(|c| {
            (c * SUM_CHUNK..((c + 1) * SUM_CHUNK).min(n))
                .map(&f)
                .sum::<f64>()
        })
        .collect();
    parts.iter().sum()
}

impl ForceAtlas2 {
    /// A layout of `graph` starting at seeded random positions in a 1000 × 1000 square.
    pub fn new(graph: LayoutGraph, params: Params, seed: u64) -> Self {
        let (x, y) = random_positions(graph.node_count(), seed, 1000.0);
        Self::with_positions(graph, params, x, y)
    }

    /// A layout starting at the given positions (non-finite ones are replaced).
    pub fn with_positions(
        graph: LayoutGraph,
        params: Params,
        mut x: Vec<f32>,
        mut y: Vec<f32>,
    ) -> Self {
        let n = graph.node_count();
        x.resize(n, 0.0);
        y.resize(n, 0.0);
        for (i, (px, py)) in x.iter_mut().zip(y.iter_mut()).enumerate() {
            if !px.is_finite() || !py.is_finite() {
                let (dx, dy) = split_direction(i as u32, u32::MAX);
                *px = dx;
                *py = dy;
            }
        }
        Self {
            params,
            graph,
            x,
            y,
            fx: vec![0.0; n],
            fy: vec![0.0; n],
            old_fx: vec![0.0; n],
            old_fy: vec![0.0; n],
            pinned: vec![false; n],
            pull: Vec::new(),
            pull_params: None,
            speed: 1.0,
            speed_efficiency: 1.0,
            iteration: 0,
            last_movement: f64::INFINITY,
            tree: QuadTree::default(),
            scratch: Scratch::default(),
        }
    }

    pub fn graph(&self) -> &LayoutGraph {
        &self.graph
    }

    pub fn node_count(&self) -> usize {
        self.x.len()
    }

    pub fn iteration(&self) -> u64 {
        self.iteration
    }

    /// Mean displacement of the last iteration relative to the layout's radius: a
    /// convergence figure (small = settled).
    pub fn movement(&self) -> f64 {
        self.last_movement
    }

    pub fn set_pinned(&mut self, node: usize, pinned: bool) {
        if let Some(p) = self.pinned.get_mut(node) {
            *p = pinned;
        }
    }

    pub fn is_pinned(&self, node: usize) -> bool {
        self.pinned.get(node).copied().unwrap_or(false)
    }

    /// Moves a node (a drag); non-finite positions are ignored.
    pub fn set_position(&mut self, node: usize, x: f32, y: f32) {
        if node < self.x.len() && x.is_finite() && y.is_finite() {
            self.x[node] = x;
            self.y[node] = y;
        }
    }

    /// Restarts the adaptive speed (after a reset or a change of parameters).
    pub fn restart_speed(&mut self) {
        self.speed = 1.0;
        self.speed_efficiency = 1.0;
        self.old_fx.iter_mut().for_each(|v| *v = 0.0);
        self.old_fy.iter_mut().for_each(|v| *v = 0.0);
        self.last_movement = f64::INFINITY;
    }

    fn update_pull(&mut self) {
        let key = (self.params.edge_weight_influence, self.params.dissuade_hubs);
        if self.pull_params == Some(key) && self.pull.len() == self.graph.neighbors.len() {
            return;
        }
        let g = &self.graph;
        let influence = self.params.edge_weight_influence;
        let mut pull = vec![0.0f32; g.neighbors.len()];
        let n = g.node_count();
        for i in 0..n {
            #[allow(clippy::needless_range_loop)]
            for e in g.offsets[i] as usize..g.offsets[i + 1] as usize {
                let w = g.weights[e];
                let mut f = if influence == 0.0 {
                    1.0
                } else if influence == 1.0 {
                    w
                } else {
                    w.powf(influence)
                };
                if self.params.dissuade_hubs {
                    let source = if g.outgoing[e] {
                        i
                    } else {
                        g.neighbors[e] as usize
                    };
                    f /= g.mass[source];
                }
                pull[e] = if f.is_finite() { f } else { 0.0 };
            }
        }
        if self.params.dissuade_hubs {
            // Gephi's outbound attraction compensation: the mean mass.
            let mean_mass = g.mass.iter().map(|&m| f64::from(m)).sum::<f64>() / n.max(1) as f64;
            pull.iter_mut().for_each(|p| *p *= mean_mass as f32);
        }
        self.pull = pull;
        self.pull_params = Some(key);
    }

    /// Computes every node's force into `fx`, `fy`.
    pub fn compute_forces(&mut self) {
        self.update_pull();
        let g = &self.graph;
        // The tree is rebuilt every few iterations and refitted in between (same cells,
        // new centres and bounds): positions change little from one iteration to the
        // next, and a refit costs a fraction of a build. A refit that leaves the cells
        // stretched past their built sizes (nodes still travelling far) is followed by
        // a rebuild.
        let rebuild = self.iteration.is_multiple_of(REBUILD_EVERY)
            || !self.tree.holds(self.x.len())
            || !self.tree.refit(&self.x, &self.y);
        if rebuild {
            self.tree.build(&self.x, &self.y, &g.mass, &g.size);
        }
        let tree = &self.tree;
        let p = self.params;
        let kr = p.scaling_ratio;
        let (x, y, pull) = (&self.x, &self.y, &self.pull);
        let n = x.len();
        // Attraction and gravity, in node order: the adjacency streams, positions are
        // gathered from one interleaved array.
        let Scratch {
            pos,
            attraction,
            repulsion,
        } = &mut self.scratch;
        pos.clear();
        pos.par_extend(x.par_iter().zip(y.par_iter()).map(|(&a, &b)| [a, b]));
        let pos = &*pos;
        attraction.resize(n, (0.0, 0.0));
        attraction
            .par_chunks_mut(NODE_CHUNK)
            .enumerate()
            .for_each(|(c, out)| {
                for (o, slot) in out.iter_mut().enumerate() {
                    let i = c * NODE_CHUNK + o;
                    let [px, py] = pos[i];
                    let (mut fx, mut fy) = (0.0f32, 0.0f32);
                    let (s, m) = (g.size[i], g.mass[i]);
                    let edges = g.offsets[i] as usize..g.offsets[i + 1] as usize;
                    for (&j, &pull_e) in g.neighbors[edges.clone()].iter().zip(&pull[edges]) {
                        let j = j as usize;
                        let [qx, qy] = pos[j];
                        let dx = px - qx;
                        let dy = py - qy;
                        let mut factor = -pull_e;
                        if p.lin_log || p.prevent_overlap {
                            let d = (dx * dx + dy * dy).sqrt();
                            let d_eff = if p.prevent_overlap {
                                d - s - g.size[j]
                            } else {
                                d
                            };
                            if d_eff <= 0.0 || d <= 0.0 {
                                continue;
                            }
                            if p.lin_log {
                                factor *= (1.0 + d_eff).ln() / d_eff;
                            }
                            if p.prevent_overlap {
                                factor *= d_eff / d;
                            }
                        }
                        fx += dx * factor;
                        fy += dy * factor;
                    }
                    let d = (px * px + py * py).sqrt();
                    if d > 0.0 {
                        let factor = if p.strong_gravity {
                            p.gravity * m
                        } else {
                            p.gravity * m / d
                        };
                        fx -= px * factor;
                        fy -= py * factor;
                    }
                    *slot = (fx, fy);
                }
            });
        // Repulsion, in sorted (Morton) order: the tree is walked once per group of
        // nearby bodies, with a criterion that holds for every member; each body then
        // sums the accepted cells and the near bodies in SIMD lanes.
        let mut tasks: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        let mut bodies = 0;
        for (gi, &gc) in tree.groups.iter().enumerate() {
            bodies += tree.cells[gc as usize].count as usize;
            if bodies >= NODE_CHUNK {
                tasks.push(start..gi + 1);
                start = gi + 1;
                bodies = 0;
            }
        }
        if start < tree.groups.len() {
            tasks.push(start..tree.groups.len());
        }
        // Each task writes the forces of its own contiguous bodies.
        repulsion.resize(n, (0.0, 0.0));
        type Task<'t> = (&'t [u32], &'t mut [(f32, f32)]);
        let mut slices: Vec<Task<'_>> = Vec::with_capacity(tasks.len());
        let mut rest: &mut [(f32, f32)] = repulsion;
        for range in &tasks {
            let groups = &tree.groups[range.clone()];
            let count: usize = groups
                .iter()
                .map(|&gc| tree.cells[gc as usize].count as usize)
                .sum();
            let whole = std::mem::take(&mut rest);
            let cut = count.min(whole.len());
            let (mine, others) = whole.split_at_mut(cut);
            slices.push((groups, mine));
            rest = others;
        }
        slices.into_par_iter().for_each(|(groups, out)| {
            let mut written = 0;
            let mut far = Lanes::default();
            let mut near = Lanes::default();
            let mut near_leaves: Vec<u32> = Vec::with_capacity(64);
            for &gc in groups {
                let group = &tree.cells[gc as usize];
                let first = group.first as usize;
                let end = first + group.count as usize;
                let (gx, gy) = (group.cx, group.cy);
                let mut radius = 0.0f32;
                for b in first..end {
                    let (dx, dy) = (tree.sx[b] - gx, tree.sy[b] - gy);
                    radius = radius.max(dx * dx + dy * dy);
                }
                tree.interactions(gx, gy, radius.sqrt(), p.theta, &mut far, &mut near_leaves);
                far.pad(gx, gy);
                near.clear();
                for &nl in &near_leaves {
                    // A leaf's bodies are contiguous in sorted order: copy them whole.
                    let cell = &tree.cells[nl as usize];
                    let range = cell.first as usize..(cell.first + cell.count) as usize;
                    near.extend(
                        &tree.sx[range.clone()],
                        &tree.sy[range.clone()],
                        &tree.smass[range],
                    );
                }
                near.pad(gx, gy);
                for k in first..end {
                    let i = tree.order[k];
                    let (px, py, m, s) = (tree.sx[k], tree.sy[k], tree.smass[k], tree.ssize[k]);
                    let km = kr * m;
                    let (mut fx, mut fy) = far.repulsion(px, py, km);
                    let (nx, ny, coincident) =
                        lanes_repulsion_near(&near.x, &near.y, &near.m, px, py, km);
                    if p.prevent_overlap {
                        // With sizes, the near field is computed body by body.
                        let (cx, cy) =
                            near_exceptions(tree, &near_leaves, k, i, px, py, km, s, true);
                        fx += cx;
                        fy += cy;
                    } else {
                        fx += nx;
                        fy += ny;
                        if coincident > 1 {
                            let (cx, cy) =
                                near_exceptions(tree, &near_leaves, k, i, px, py, km, s, false);
                            fx += cx;
                            fy += cy;
                        }
                    }
                    out[written] = (fx, fy);
                    written += 1;
                }
            }
        });
        let sorted_force = &*repulsion;
        let rank = &tree.rank;
        self.fx
            .par_iter_mut()
            .zip(self.fy.par_iter_mut())
            .enumerate()
            .for_each(|(i, (fx, fy))| {
                let (r1, r2) = sorted_force[rank[i] as usize];
                let (a1, a2) = attraction[i];
                let (a, b) = (r1 + a1, r2 + a2);
                *fx = if a.is_finite() { a } else { 0.0 };
                *fy = if b.is_finite() { b } else { 0.0 };
            });
    }

    /// One iteration: forces, adaptive speed, displacement.
    pub fn step(&mut self) {
        let n = self.node_count();
        if n == 0 {
            self.iteration += 1;
            self.last_movement = 0.0;
            return;
        }
        self.compute_forces();
        let mass = &self.graph.mass;
        let (fx, fy, ofx, ofy) = (&self.fx, &self.fy, &self.old_fx, &self.old_fy);
        let swinging = |i: usize| {
            let (a, b) = (ofx[i] - fx[i], ofy[i] - fy[i]);
            f64::from(mass[i]) * f64::from((a * a + b * b).sqrt())
        };
        let total_swinging = ordered_sum(n, swinging);
        let total_traction = ordered_sum(n, |i| {
            let (a, b) = (ofx[i] + fx[i], ofy[i] + fy[i]);
            f64::from(mass[i]) * 0.5 * f64::from((a * a + b * b).sqrt())
        });
        // Global speed (Gephi's ForceAtlas2, jitter tolerance).
        let nf = n as f64;
        let jitter = f64::from(self.params.jitter_tolerance);
        let estimated = 0.05 * nf.sqrt();
        let min_jt = estimated.sqrt();
        let max_jt: f64 = 10.0;
        let mut jt = jitter * min_jt.max(max_jt.min(estimated * total_traction / (nf * nf)));
        let min_speed_efficiency = 0.05;
        if total_traction > 0.0 && total_swinging / total_traction > 2.0 {
            if self.speed_efficiency > min_speed_efficiency {
                self.speed_efficiency *= 0.5;
            }
            jt = jt.max(jitter);
        }
        let target_speed = if total_swinging > 0.0 {
            jt * self.speed_efficiency * total_traction / total_swinging
        } else {
            self.speed * 1.5
        };
        if total_swinging > jt * total_traction {
            if self.speed_efficiency > min_speed_efficiency {
                self.speed_efficiency *= 0.7;
            }
        } else if self.speed < 1000.0 {
            self.speed_efficiency *= 1.3;
        }
        let max_rise = 0.5;
        self.speed += (target_speed - self.speed).min(max_rise * self.speed);
        if !self.speed.is_finite() || self.speed <= 0.0 {
            self.speed = 1e-6;
        }
        let speed = self.speed as f32;
        let prevent_overlap = self.params.prevent_overlap;
        let pinned = &self.pinned;
        let moved: Vec<f64> = self
            .x
            .par_chunks_mut(SUM_CHUNK)
            .zip(self.y.par_chunks_mut(SUM_CHUNK))
            .enumerate()
            .map(|(c, (xs, ys))| {
                let mut moved = 0.0f64;
                for (o, (px, py)) in xs.iter_mut().zip(ys.iter_mut()).enumerate() {
                    let i = c * SUM_CHUNK + o;
                    if pinned[i] {
                        continue;
                    }
                    let (a, b) = (ofx[i] - fx[i], ofy[i] - fy[i]);
                    let swing = mass[i] * (a * a + b * b).sqrt();
                    let mut factor = speed / (1.0 + (speed * swing).sqrt());
                    if prevent_overlap {
                        let df = (fx[i] * fx[i] + fy[i] * fy[i]).sqrt();
                        factor = if df > 0.0 {
                            (0.1 * factor * df).min(10.0) / df
                        } else {
                            0.0
                        };
                    }
                    let (dx, dy) = (fx[i] * factor, fy[i] * factor);
                    if dx.is_finite() && dy.is_finite() {
                        *px += dx;
                        *py += dy;
                        moved += f64::from((dx * dx + dy * dy).sqrt());
                    }
                }
                moved
            })
            .collect();
        let radius = (ordered_sum(n, |i| {
            f64::from(self.x[i]) * f64::from(self.x[i])
                + f64::from(self.y[i]) * f64::from(self.y[i])
        }) / nf)
            .sqrt()
            .max(1e-9);
        self.last_movement = moved.iter().sum::<f64>() / nf / radius;
        std::mem::swap(&mut self.old_fx, &mut self.fx);
        std::mem::swap(&mut self.old_fy, &mut self.fy);
        self.iteration += 1;
    }

    /// The force on each node from the last [`Self::compute_forces`] (for tests).
    pub fn forces(&self) -> (&[f32], &[f32]) {
        (&self.fx, &self.fy)
    }
}
