//! The ForceAtlas2 engine: forces, adaptive speed, positions.
//!
//! Per iteration: rebuild (or refit) the Barnes-Hut tree and, side by side with it, the
//! attraction from each node's neighbours and gravity; then every node's repulsion from
//! the tree (in parallel, in Morton order for locality); the total forces with the
//! total swinging and traction in one pass, the global speed from those (jitter
//! tolerance), and each node moves by its force times its own speed. All sums are per
//! node or in fixed chunks, so results do not depend on the number of threads.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::forces::{attraction_and_gravity, repulsion_sorted, split_direction};
use super::gpu::GpuForces;
use super::graph::LayoutGraph;
pub use super::params::Params;
use super::quadtree::QuadTree;

/// Iterations between two full rebuilds of the Barnes-Hut tree.
const REBUILD_EVERY: u64 = 8;
/// Reduction chunk: sums are taken per chunk, then over chunks in order.
const SUM_CHUNK: usize = 4096;
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
    /// Refit attempts skipped after a failed one: while nodes travel far every refit
    /// fails (and costs a fifth of the rebuild that follows), so the skips double while
    /// they fail, up to [`REBUILD_EVERY`].
    refit_backoff: u64,
    /// Iterations left before the next refit attempt.
    refit_wait: u64,
    times: PhaseTimes,
    /// Per-iteration buffers, kept to spare allocations.
    scratch: Scratch,
    /// Where the forces are computed when not on the CPU.
    gpu: Option<Box<GpuForces>>,
    /// Why the GPU was given up, if it failed.
    gpu_error: Option<String>,
}

/// Time spent in each phase of the iterations so far (for benchmarks and profiling).
#[derive(Clone, Copy, Debug, Default)]
pub struct PhaseTimes {
    /// Building or refitting the Barnes-Hut tree (side by side with the attraction:
    /// the two times overlap).
    pub tree: Duration,
    /// Attraction along edges and gravity (on the CPU; beside the tree's building).
    pub attraction: Duration,
    /// The tree and the attraction together, from the start of both to the end of the
    /// later one.
    pub tree_and_attraction: Duration,
    /// Repulsion through the tree; on the GPU, every force.
    pub repulsion: Duration,
    /// Summing the forces, the adaptive speed and the displacement.
    pub moves: Duration,
    /// Iterations that rebuilt the tree rather than refitting it.
    pub rebuilds: u64,
}

#[derive(Debug, Default)]
struct Scratch {
    pos: Vec<[f32; 2]>,
    attraction: Vec<(f32, f32)>,
    repulsion: Vec<(f32, f32)>,
    /// The repulsion walk's target radii.
    radii: Vec<f32>,
    /// Each node's swing |F(t−1) − F(t)| (not yet times its mass).
    swing: Vec<f32>,
    /// Σ swinging and Σ traction of the forces in `fx`, `fy`, when computed with them.
    force_sums: Option<(f64, f64)>,
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

/// Per node of the chunk starting at node `first`: the swing |F(t−1) − F(t)| into
/// `swing`, and the chunk's Σ swinging (m · swing) and Σ traction (m · |F(t−1) + F(t)| / 2)
/// in node order. The square roots in one loop (in SIMD lanes: an IEEE square root is
/// the same in a lane as alone), the sums in another.
fn chunk_force_sums(
    first: usize,
    (fx, fy): (&[f32], &[f32]),
    (ofx, ofy): (&[f32], &[f32]),
    mass: &[f32],
    swing: &mut [f32],
) -> (f64, f64) {
    let n = swing.len();
    let (ofx, ofy, mass) = (
        &ofx[first..first + n],
        &ofy[first..first + n],
        &mass[first..first + n],
    );
    let mut traction = [0.0f32; SUM_CHUNK];
    let traction = &mut traction[..n];
    for k in 0..n {
        let (a, b) = (ofx[k] - fx[k], ofy[k] - fy[k]);
        let (c, d) = (ofx[k] + fx[k], ofy[k] + fy[k]);
        swing[k] = (a * a + b * b).sqrt();
        traction[k] = (c * c + d * d).sqrt();
    }
    let (mut swinging, mut tracting) = (0.0f64, 0.0f64);
    for k in 0..n {
        let m = f64::from(mass[k]);
        swinging += m * f64::from(swing[k]);
        tracting += m * 0.5 * f64::from(traction[k]);
    }
    (swinging, tracting)
}

/// The chunks' sums added up in chunk order: the same for any pool.
fn add_in_order(parts: &[(f64, f64)]) -> (f64, f64) {
    parts
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x, b + y))
}

/// The attraction and gravity on every node at positions `(x, y)` into `attraction`
/// (through `pos`, the positions as pairs).
fn attract(
    (x, y): (&[f32], &[f32]),
    g: &LayoutGraph,
    pull: &[f32],
    params: Params,
    pos: &mut Vec<[f32; 2]>,
    attraction: &mut Vec<(f32, f32)>,
) {
    pos.clear();
    pos.par_extend(x.par_iter().zip(y.par_iter()).map(|(&a, &b)| [a, b]));
    attraction.resize(x.len(), (0.0, 0.0));
    attraction_and_gravity(g, pos, pull, params, attraction);
}

/// Brings the tree to the positions `(x, y)`: rebuilt every few iterations and
/// refitted in between (same cells, new centres and bounds): positions change little
/// from one iteration to the next, and a refit costs a fraction of a build. A refit
/// that leaves the cells stretched past their built sizes (nodes still travelling far)
/// is followed by a rebuild, and the next attempts wait (`backoff`, `wait`: longer
/// while they keep failing). Returns whether the tree was (re)built.
fn update_tree(
    tree: &mut QuadTree,
    (backoff, wait): (&mut u64, &mut u64),
    iteration: u64,
    (x, y): (&[f32], &[f32]),
    g: &LayoutGraph,
) -> bool {
    if !tree.holds(x.len()) {
        tree.build(x, y, &g.mass, &g.size);
        return true;
    }
    let try_refit = !iteration.is_multiple_of(REBUILD_EVERY) && *wait == 0;
    *wait = wait.saturating_sub(1);
    let rebuilt = tree.update(x, y, try_refit);
    if try_refit {
        if rebuilt {
            *backoff = (*backoff * 2).clamp(1, REBUILD_EVERY);
            *wait = *backoff;
        } else {
            *backoff = 0;
        }
    }
    rebuilt
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
            refit_backoff: 0,
            refit_wait: 0,
            times: PhaseTimes::default(),
            scratch: Scratch::default(),
            gpu: None,
            gpu_error: None,
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

    /// The adaptive speed's state (global speed, speed efficiency).
    pub fn speed(&self) -> (f64, f64) {
        (self.speed, self.speed_efficiency)
    }

    /// Carries an adaptive speed over (a multilevel start hands the coarser level's
    /// speed to the finer one); non-finite or non-positive values are ignored.
    pub fn set_speed(&mut self, (speed, efficiency): (f64, f64)) {
        if speed.is_finite() && speed > 0.0 && efficiency.is_finite() && efficiency > 0.0 {
            self.speed = speed;
            self.speed_efficiency = efficiency;
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

    /// Computes the forces on `gpu` from now on (the tree, the speed and the positions
    /// stay on the CPU). Should the GPU fail, the engine goes back to the CPU and says
    /// why in [`Self::gpu_error`].
    pub fn attach_gpu(&mut self, mut gpu: Box<GpuForces>) {
        gpu.forget_graph();
        self.gpu = Some(gpu);
        self.gpu_error = None;
    }

    /// Takes the GPU back (to hand it to another engine); forces go back to the CPU.
    pub fn detach_gpu(&mut self) -> Option<Box<GpuForces>> {
        self.gpu.take()
    }

    /// The GPU computing the forces, if one is.
    pub fn gpu(&self) -> Option<&GpuForces> {
        self.gpu.as_deref()
    }

    /// Why the GPU was given up during a run, if it was.
    pub fn gpu_error(&self) -> Option<&str> {
        self.gpu_error.as_deref()
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
        if let Some(gpu) = &mut self.gpu {
            gpu.forget_graph();
        }
    }

    /// Computes every node's force into `fx`, `fy`.
    pub fn compute_forces(&mut self) {
        self.update_pull();
        self.scratch.force_sums = None;
        let g = &self.graph;
        let n = self.x.len();
        let on_cpu = self.gpu.is_none();
        let (x, y) = (&self.x[..], &self.y[..]);
        let Scratch {
            pos,
            attraction,
            repulsion,
            radii,
            swing,
            force_sums,
        } = &mut self.scratch;
        let (tree, backoff, wait) = (
            &mut self.tree,
            &mut self.refit_backoff,
            &mut self.refit_wait,
        );
        let iteration = self.iteration;
        let (pull, params) = (&self.pull[..], self.params);
        // The tree and the attraction side by side: neither needs the other, and the
        // tree's build has parts on one thread (the keys' scatter, the ranks) that leave
        // the other cores to the attraction.
        let joined = Instant::now();
        let ((tree_time, rebuilt), attraction_time) = rayon::join(
            || {
                let started = Instant::now();
                let rebuilt = update_tree(tree, (backoff, wait), iteration, (x, y), g);
                (started.elapsed(), rebuilt)
            },
            || {
                let started = Instant::now();
                if on_cpu {
                    attract((x, y), g, pull, params, pos, attraction);
                }
                started.elapsed()
            },
        );
        self.times.tree_and_attraction += joined.elapsed();
        self.times.tree += tree_time;
        self.times.attraction += attraction_time;
        self.times.rebuilds += u64::from(rebuilt);
        let built = Instant::now();
        if let Some(gpu) = &mut self.gpu {
            let (fx, fy) = (&mut self.fx, &mut self.fy);
            let outcome = gpu.compute(g, pull, &self.tree, x, y, params, fx, fy);
            self.times.repulsion += built.elapsed();
            match outcome {
                Ok(()) => return,
                Err(e) => {
                    // The attraction was left to the GPU: computed here, late.
                    self.gpu = None;
                    self.gpu_error = Some(e);
                    let started = Instant::now();
                    attract((x, y), g, pull, params, pos, attraction);
                    self.times.attraction += started.elapsed();
                }
            }
        }
        let attracted = Instant::now();
        repulsion.resize(n, (0.0, 0.0));
        repulsion_sorted(&self.tree, params, radii, repulsion);
        let repelled = Instant::now();
        self.times.repulsion += repelled - attracted;
        // The total force of each node, with the sums the speed needs in the same pass.
        let rank = &self.tree.rank;
        let (sorted_force, attraction) = (&*repulsion, &*attraction);
        let (old, mass) = ((&self.old_fx[..], &self.old_fy[..]), &g.mass[..]);
        swing.resize(n, 0.0);
        let parts: Vec<(f64, f64)> = self
            .fx
            .par_chunks_mut(SUM_CHUNK)
            .zip(self.fy.par_chunks_mut(SUM_CHUNK))
            .zip(swing.par_chunks_mut(SUM_CHUNK))
            .enumerate()
            .map(|(c, ((fxs, fys), swing))| {
                let first = c * SUM_CHUNK;
                let at = first..first + fxs.len();
                // The gather by rank alone first: a short loop keeps many of its reads
                // (scattered over the sorted order) in flight at once.
                for ((fx, fy), &r) in fxs.iter_mut().zip(fys.iter_mut()).zip(&rank[at.clone()]) {
                    (*fx, *fy) = sorted_force[r as usize];
                }
                for ((fx, fy), &(a1, a2)) in fxs.iter_mut().zip(fys.iter_mut()).zip(&attraction[at])
                {
                    let (a, b) = (*fx + a1, *fy + a2);
                    *fx = if a.is_finite() { a } else { 0.0 };
                    *fy = if b.is_finite() { b } else { 0.0 };
                }
                chunk_force_sums(first, (fxs, fys), old, mass, swing)
            })
            .collect();
        *force_sums = Some(add_in_order(&parts));
        self.times.moves += repelled.elapsed();
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
        let moving = Instant::now();
        let mass = &self.graph.mass;
        let (fx, fy, ofx, ofy) = (&self.fx, &self.fy, &self.old_fx, &self.old_fy);
        let swing = &mut self.scratch.swing;
        // Swinging and traction: summed with the forces, unless they came from the GPU.
        let (total_swinging, total_traction) = match self.scratch.force_sums.take() {
            Some(sums) if swing.len() == n => sums,
            _ => {
                swing.resize(n, 0.0);
                let parts: Vec<(f64, f64)> = swing
                    .par_chunks_mut(SUM_CHUNK)
                    .enumerate()
                    .map(|(c, swing)| {
                        let chunk = c * SUM_CHUNK..c * SUM_CHUNK + swing.len();
                        let forces = (&fx[chunk.clone()], &fy[chunk]);
                        chunk_force_sums(c * SUM_CHUNK, forces, (ofx, ofy), mass, swing)
                    })
                    .collect();
                add_in_order(&parts)
            }
        };
        let swing = &self.scratch.swing;
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
        // Per chunk: Σ displacement, and Σ squared distance from the origin after the
        // move (for the layout's radius), both summed in node order. The displacements
        // in one loop with no branch (in SIMD lanes), the sums in another.
        let sums: Vec<(f64, f64)> = self
            .x
            .par_chunks_mut(SUM_CHUNK)
            .zip(self.y.par_chunks_mut(SUM_CHUNK))
            .enumerate()
            .map(|(c, (xs, ys))| {
                let first = c * SUM_CHUNK;
                let len = xs.len();
                let at = first..first + len;
                let (fx, fy) = (&fx[at.clone()], &fy[at.clone()]);
                let (mass, swing, pinned) = (&mass[at.clone()], &swing[at.clone()], &pinned[at]);
                let mut step = [0.0f32; SUM_CHUNK];
                let step = &mut step[..len];
                for k in 0..len {
                    let swing = mass[k] * swing[k];
                    let mut factor = speed / (1.0 + (speed * swing).sqrt());
                    if prevent_overlap {
                        let df = (fx[k] * fx[k] + fy[k] * fy[k]).sqrt();
                        let capped = (0.1 * factor * df).min(10.0) / df;
                        factor = if df > 0.0 { capped } else { 0.0 };
                    }
                    let (dx, dy) = (fx[k] * factor, fy[k] * factor);
                    let moves = !pinned[k] & dx.is_finite() & dy.is_finite();
                    let (dx, dy) = if moves { (dx, dy) } else { (0.0, 0.0) };
                    xs[k] += dx;
                    ys[k] += dy;
                    step[k] = (dx * dx + dy * dy).sqrt();
                }
                let (mut moved, mut squares) = (0.0f64, 0.0f64);
                for k in 0..len {
                    moved += f64::from(step[k]);
                    let (px, py) = (f64::from(xs[k]), f64::from(ys[k]));
                    squares += px * px + py * py;
                }
                (moved, squares)
            })
            .collect();
        let moved: f64 = sums.iter().map(|s| s.0).sum();
        let radius = (sums.iter().map(|s| s.1).sum::<f64>() / nf)
            .sqrt()
            .max(1e-9);
        self.last_movement = moved / nf / radius;
        std::mem::swap(&mut self.old_fx, &mut self.fx);
        std::mem::swap(&mut self.old_fy, &mut self.fy);
        self.iteration += 1;
        self.times.moves += moving.elapsed();
    }

    /// Time spent in each phase of the iterations so far.
    pub fn phase_times(&self) -> PhaseTimes {
        self.times
    }

    /// The force on each node from the last [`Self::compute_forces`] (for tests).
    pub fn forces(&self) -> (&[f32], &[f32]) {
        (&self.fx, &self.fy)
    }
}
