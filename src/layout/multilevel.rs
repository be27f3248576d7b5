//! A multilevel start for ForceAtlas2 (after Walshaw's multilevel force-directed
//! placement and Hu's multilevel spring-electrical scheme): the graph is coarsened
//! level by level — every node of one neighbour (an amplifier that retweets one
//! account) joins that neighbour, the other nodes pair with their heaviest free
//! neighbour (heavy-edge matching), isolated nodes go in small bunches — until a level
//! has at most [`COARSEST_NODES`] nodes or stops shrinking. The coarsest graph is laid
//! out from seeded random positions until it settles; each finer level then starts
//! with every node next to its group's position (a seeded offset within a fraction
//! of the spacing between groups) and is refined for a few iterations, with the
//! coarser level's adaptive speed (a fresh engine's speed starts low, and its first
//! quiet iterations would pass for settled before anything had moved). The finest
//! level's positions and speed are where the engine starts: the runner then refines
//! them until its own criterion says settled.
//!
//! A coarse node's mass is the sum of its members' (ForceAtlas2's repulsion and gravity
//! grow with mass), and a coarse edge's weight the sum of the edges it stands for, so
//! each level's layout has the size and shape of the finer one. Everything is
//! sequential and in node order, and the engine is bit-identical across thread counts:
//! the same graph, parameters and seed give the same start on any machine.

use crate::graph::radix::{bits_for, sort_by_key};

use super::fa2::{ForceAtlas2, Params, random_positions};
use super::graph::LayoutGraph;
use super::params::{CONVERGED_MOVEMENT, SETTLED_ITERATIONS};

/// A level this small is laid out directly.
pub const COARSEST_NODES: usize = 1_000;
/// Graphs this small need no multilevel start.
pub const MIN_NODES: usize = 5_000;
/// A level that keeps more than this share of its nodes ends the coarsening.
const STALL_RATIO: f64 = 0.9;
/// Iteration budgets: the coarsest level, and each level refined on the way down.
const COARSEST_ITERATIONS: usize = 600;
const REFINE_ITERATIONS: usize = 60;
/// Most nodes of two neighbours or more in one coarse node (nodes of one neighbour
/// join theirs whatever its size).
const MAX_GROUP: u32 = 4;
/// Isolated nodes bunched into one coarse node.
const ISOLATED_BUNCH: usize = 8;
/// A fine node's offset from its group's position, as a share of the spacing between
/// the groups.
const SPREAD: f32 = 0.25;
/// Side of the square the coarsest level starts in.
const START_SIDE: f32 = 1000.0;

/// One coarsening step: the coarse graph and each fine node's coarse node.
pub struct Coarsening {
    pub graph: LayoutGraph,
    pub group: Vec<u32>,
}

/// Distinct neighbours of node `i` other than itself (up to 2: enough to tell a leaf).
fn neighbour_count_up_to_two(g: &LayoutGraph, i: usize) -> (usize, u32) {
    let mut first = u32::MAX;
    let mut count = 0;
    for e in g.offsets[i] as usize..g.offsets[i + 1] as usize {
        let j = g.neighbors[e];
        if j as usize == i || j == first {
            continue;
        }
        if count == 0 {
            first = j;
            count = 1;
        } else {
            return (2, first);
        }
    }
    (count, first)
}

/// Coarsens `g` once; `None` when it no longer shrinks (or is empty).
pub fn coarsen(g: &LayoutGraph) -> Option<Coarsening> {
    let n = g.node_count();
    if n == 0 {
        return None;
    }
    const FREE: u32 = u32::MAX;
    let mut group = vec![FREE; n];
    let mut groups = 0u32;
    let kinds: Vec<(usize, u32)> = (0..n).map(|i| neighbour_count_up_to_two(g, i)).collect();
    // Nodes with two neighbours or more: heavy-edge matching, in node order, with the
    // pull normalised by the masses (so hubs do not swallow each other first); a node
    // whose neighbours are all taken joins the group of its heaviest neighbour while
    // that group is small (plain matching would leave it alone, and levels of
    // retweet cascades would shrink by a fifth at a time).
    let mut members: Vec<u32> = Vec::new();
    for i in 0..n {
        if group[i] != FREE || kinds[i].0 < 2 {
            continue;
        }
        let mut best_free: Option<(f32, u32)> = None;
        let mut best_taken: Option<(f32, u32)> = None;
        for e in g.offsets[i] as usize..g.offsets[i + 1] as usize {
            let j = g.neighbors[e];
            let ju = j as usize;
            if ju == i || kinds[ju].0 < 2 {
                continue;
            }
            let score = g.weights[e] / (g.mass[i] * g.mass[ju]);
            let better =
                |b: Option<(f32, u32)>| b.is_none_or(|(s, k)| score > s || (score == s && j < k));
            if group[ju] == FREE {
                if better(best_free) {
                    best_free = Some((score, j));
                }
            } else if members[group[ju] as usize] < MAX_GROUP && better(best_taken) {
                best_taken = Some((score, j));
            }
        }
        match (best_free, best_taken) {
            (Some((_, j)), _) => {
                group[i] = groups;
                group[j as usize] = groups;
                members.push(2);
                groups += 1;
            }
            (None, Some((_, j))) => {
                let k = group[j as usize];
                group[i] = k;
                members[k as usize] += 1;
            }
            (None, None) => {
                group[i] = groups;
                members.push(1);
                groups += 1;
            }
        }
    }
    // Nodes of one neighbour join it (two such nodes joined only to each other pair up).
    for i in 0..n {
        let (count, j) = kinds[i];
        if group[i] != FREE || count != 1 {
            continue;
        }
        let ju = j as usize;
        if group[ju] == FREE {
            group[ju] = groups;
            groups += 1;
        }
        group[i] = group[ju];
    }
    // Isolated nodes, in bunches.
    let mut bunch = 0;
    for slot in group.iter_mut().filter(|g| **g == FREE) {
        if bunch == 0 {
            groups += 1;
        }
        *slot = groups - 1;
        bunch = (bunch + 1) % ISOLATED_BUNCH;
    }
    let c = groups as usize;
    if c as f64 > STALL_RATIO * n as f64 {
        return None;
    }
    // Coarse edges: each fine edge once (from its source's side), summed per pair in
    // the order the fine edges come (a stable sort by pair, then runs added up).
    let bits = bits_for(c);
    let mut keyed: Vec<(u64, f32)> = Vec::new();
    for i in 0..n {
        for e in g.offsets[i] as usize..g.offsets[i + 1] as usize {
            if !g.outgoing[e] {
                continue;
            }
            let (a, b) = (group[i], group[g.neighbors[e] as usize]);
            if a != b {
                let key = u64::from(a.min(b)) << bits | u64::from(a.max(b));
                keyed.push((key, g.weights[e]));
            }
        }
    }
    sort_by_key(&mut keyed, 2 * bits, |&(key, _)| key);
    let mask = (1u64 << bits) - 1;
    let mut edges: Vec<(u32, u32, f32)> = Vec::new();
    let mut last_key = None;
    for (key, w) in keyed {
        match edges.last_mut() {
            Some(last) if last_key == Some(key) => last.2 += w,
            _ => {
                // Both halves are coarse node numbers below `c`, which fits in u32.
                let (a, b) = ((key >> bits) as u32, (key & mask) as u32);
                edges.push((a, b, w));
                last_key = Some(key);
            }
        }
    }
    let mut graph = LayoutGraph::from_edges(c, &edges);
    let mut mass = vec![0f32; c];
    for (i, &k) in group.iter().enumerate() {
        mass[k as usize] += g.mass[i];
    }
    graph.mass = mass;
    Some(Coarsening { graph, group })
}

/// A seeded offset in the unit disc for node `i` (the same on every platform).
fn offset(i: usize, seed: u64) -> (f32, f32) {
    let mut s = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((s >> 40) as f32) / ((1u64 << 24) as f32)
    };
    let angle = next() * std::f32::consts::TAU;
    let radius = next().sqrt();
    (radius * angle.cos(), radius * angle.sin())
}

/// Positions of a fine level from its coarse level's: each node at its group's
/// position, offset by a seeded fraction of the spacing between groups.
fn prolong(coarse_x: &[f32], coarse_y: &[f32], group: &[u32], seed: u64) -> (Vec<f32>, Vec<f32>) {
    let c = coarse_x.len().max(1);
    let radius = (coarse_x
        .iter()
        .zip(coarse_y)
        .map(|(&x, &y)| f64::from(x) * f64::from(x) + f64::from(y) * f64::from(y))
        .sum::<f64>()
        / c as f64)
        .sqrt() as f32;
    let spacing = radius.max(1.0) / (c as f32).sqrt();
    let mut x = Vec::with_capacity(group.len());
    let mut y = Vec::with_capacity(group.len());
    for (i, &k) in group.iter().enumerate() {
        let (dx, dy) = offset(i, seed);
        let k = k as usize;
        x.push(coarse_x.get(k).copied().unwrap_or(0.0) + SPREAD * spacing * dx);
        y.push(coarse_y.get(k).copied().unwrap_or(0.0) + SPREAD * spacing * dy);
    }
    (x, y)
}

/// Runs `engine` until it settles (the runner's criterion) or `budget` iterations.
fn settle(engine: &mut ForceAtlas2, budget: usize) {
    let mut quiet = 0;
    for _ in 0..budget {
        engine.step();
        if engine.movement() < CONVERGED_MOVEMENT {
            quiet += 1;
            if quiet >= SETTLED_ITERATIONS {
                return;
            }
        } else {
            quiet = 0;
        }
    }
}

/// The engine for `graph`, starting from a multilevel layout (or from seeded random
/// positions when the graph is small or does not coarsen).
pub fn start(graph: LayoutGraph, params: Params, seed: u64) -> ForceAtlas2 {
    start_counting_levels(graph, params, seed).0
}

/// [`start`], and how many coarser levels it laid out (0: none, a random start).
pub fn start_counting_levels(
    graph: LayoutGraph,
    params: Params,
    seed: u64,
) -> (ForceAtlas2, usize) {
    if graph.node_count() < MIN_NODES {
        return (ForceAtlas2::new(graph, params, seed), 0);
    }
    // Coarsen until small enough or stalled.
    let mut levels: Vec<Coarsening> = Vec::new();
    loop {
        let current = levels.last().map_or(&graph, |l| &l.graph);
        if current.node_count() <= COARSEST_NODES {
            break;
        }
        match coarsen(current) {
            Some(next) => levels.push(next),
            None => break,
        }
    }
    // Lay out the coarsest level, then refine on the way down: each level's `group`
    // maps the nodes of the level above it (the finer one) to its own.
    let count = levels.len();
    let Some(coarsest) = levels.pop() else {
        return (ForceAtlas2::new(graph, params, seed), 0);
    };
    let mut group_above = coarsest.group;
    let (x, y) = random_positions(coarsest.graph.node_count(), seed, START_SIDE);
    let mut engine = ForceAtlas2::with_positions(coarsest.graph, params, x, y);
    settle(&mut engine, COARSEST_ITERATIONS);
    while let Some(level) = levels.pop() {
        let (x, y) = prolong(&engine.x, &engine.y, &group_above, seed);
        group_above = level.group;
        let speed = engine.speed();
        engine = ForceAtlas2::with_positions(level.graph, params, x, y);
        engine.set_speed(speed);
        settle(&mut engine, REFINE_ITERATIONS);
    }
    let (x, y) = prolong(&engine.x, &engine.y, &group_above, seed);
    let speed = engine.speed();
    let mut finest = ForceAtlas2::with_positions(graph, params, x, y);
    finest.set_speed(speed);
    (finest, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two stars of `leaves` leaves whose hubs are joined, and a path of four nodes.
    fn stars(leaves: u32) -> LayoutGraph {
        let mut edges = vec![(0, 1, 1.0)];
        for k in 0..leaves {
            edges.push((0, 2 + k, 1.0));
            edges.push((1, 2 + leaves + k, 1.0));
        }
        let p = 2 + 2 * leaves;
        edges.extend([(p, p + 1, 1.0), (p + 1, p + 2, 2.0), (p + 2, p + 3, 1.0)]);
        LayoutGraph::from_edges(p as usize + 5, &edges)
    }

    #[test]
    fn leaves_join_their_hub_and_masses_add_up() {
        let g = stars(10);
        let c = coarsen(&g).expect("it shrinks");
        // Hubs 0 and 1 pair and every leaf joins them; on the path 22–23–24–25 the
        // middle pair matches and the ends join it; node 26 is alone.
        assert_eq!(c.group[0], c.group[1]);
        assert!((2..22).all(|leaf| c.group[leaf] == c.group[0]));
        assert!((22..26).all(|k| c.group[k] == c.group[23]));
        assert_ne!(c.group[23], c.group[0]);
        assert_eq!(c.graph.node_count(), 3);
        assert_eq!(c.graph.edge_count(), 0, "every edge is inside a group");
        let total: f32 = g.mass.iter().sum();
        assert_eq!(c.graph.mass.iter().sum::<f32>(), total);
    }

    #[test]
    fn heavy_edges_match_first_and_weights_add_up() {
        // A square whose 0–1 and 2–3 sides are heavy.
        let g = LayoutGraph::from_edges(4, &[(0, 1, 5.0), (1, 2, 1.0), (2, 3, 5.0), (3, 0, 1.0)]);
        let c = coarsen(&g).expect("it shrinks");
        assert_eq!(c.group, vec![0, 0, 1, 1]);
        assert_eq!(c.graph.edge_count(), 1);
        assert_eq!(c.graph.weights[0], 2.0, "the two light sides, summed");
        assert_eq!(c.graph.mass, vec![6.0, 6.0]);
    }

    #[test]
    fn a_graph_that_does_not_shrink_is_left_alone() {
        // A perfect matching already: every node of one neighbour pairs with it, so
        // the level halves; a matching of the halves is one node each: no more.
        let g = LayoutGraph::from_edges(2, &[(0, 1, 1.0)]);
        let c = coarsen(&g).expect("two become one");
        assert_eq!(c.graph.node_count(), 1);
        assert!(coarsen(&c.graph).is_none(), "one node does not shrink");
    }

    #[test]
    fn the_start_is_seeded_finite_and_the_same_on_any_thread_count() {
        let g = stars(4_000);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| {
                let e = start(g.clone(), Params::default(), 7);
                (e.x.clone(), e.y.clone())
            })
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(1), "seeded");
        assert!(one.0.iter().chain(&one.1).all(|v| v.is_finite()));
        // Not all at one point: the groups' members are spread around them.
        let distinct: std::collections::BTreeSet<u32> = one.0.iter().map(|v| v.to_bits()).collect();
        assert!(distinct.len() > 1000);
    }
}
