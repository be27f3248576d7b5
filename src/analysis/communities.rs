//! Communities: Leiden (Traag, Waltman & van Eck 2019) and Louvain on an undirected
//! weighted graph, for modularity (with a resolution γ) or the Constant Potts Model.
//!
//! Both share one quality: moving node `i` into community `C` gains
//! `w(i, C) − s · aᵢ · A_C`, with `aᵢ` the node's strength and `s = γ / 2m` for
//! modularity, or its size and `s = γ` for CPM (`A_C` the community's sum of `a`).
//! Each level: *fast local moving* (a queue of nodes, in seeded random order; a node
//! that moves queues its neighbours outside its new community), then for Leiden a
//! *refinement* (within each community, from singletons, a well-connected node joins the
//! well-connected sub-community of best non-negative gain), so communities are never
//! disconnected; then the graph is *aggregated* (nodes = refined communities, starting
//! in their community). Levels repeat until nothing moves, and the whole repeats from the
//! last partition until it is stable. Everything runs in one seeded order, so a seed
//! gives the same partition on any machine and thread count.

use rand::seq::SliceRandom;
use rand::{SeedableRng, rngs::SmallRng};

/// Gains below this are no gain (rounding).
const EPSILON: f64 = 1e-12;
/// Passes over the whole graph at most (each starting from the last partition).
const MAX_PASSES: usize = 20;

/// An undirected weighted graph: CSR adjacency (both directions), self-loop weights.
#[derive(Clone, Debug, Default)]
pub struct WeightedGraph {
    offsets: Vec<usize>,
    neighbours: Vec<u32>,
    weights: Vec<f64>,
    self_weight: Vec<f64>,
    /// Node sizes (the original nodes each stands for), for CPM.
    size: Vec<f64>,
}

impl WeightedGraph {
    /// The graph of `n` nodes with these edges (parallel edges summed, both directions
    /// the same edge; edges to nodes past `n` and non-positive weights ignored).
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (u32, u32, f64)>) -> Self {
        let mut pairs: Vec<(u32, u32, f64)> = edges
            .into_iter()
            .filter(|&(a, b, w)| (a as usize) < n && (b as usize) < n && w > 0.0 && w.is_finite())
            .map(|(a, b, w)| (a.min(b), a.max(b), w))
            .collect();
        pairs.sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut self_weight = vec![0.0; n];
        let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(pairs.len());
        for (a, b, w) in pairs {
            if a == b {
                self_weight[a as usize] += w;
            } else if let Some(last) = merged.last_mut().filter(|l| l.0 == a && l.1 == b) {
                last.2 += w;
            } else {
                merged.push((a, b, w));
            }
        }
        Self::from_merged(n, &merged, self_weight, vec![1.0; n])
    }

    fn from_merged(
        n: usize,
        merged: &[(u32, u32, f64)],
        self_weight: Vec<f64>,
        size: Vec<f64>,
    ) -> Self {
        let mut degree = vec![0usize; n + 1];
        for &(a, b, _) in merged {
            degree[a as usize + 1] += 1;
            degree[b as usize + 1] += 1;
        }
        for i in 0..n {
            degree[i + 1] += degree[i];
        }
        let offsets = degree.clone();
        let mut fill = degree;
        let mut neighbours = vec![0u32; offsets[n]];
        let mut weights = vec![0.0; offsets[n]];
        for &(a, b, w) in merged {
            for (from, to) in [(a, b), (b, a)] {
                let slot = &mut fill[from as usize];
                neighbours[*slot] = to;
                weights[*slot] = w;
                *slot += 1;
            }
        }
        Self {
            offsets,
            neighbours,
            weights,
            self_weight,
            size,
        }
    }

    pub fn node_count(&self) -> usize {
        self.self_weight.len()
    }

    fn neighbours(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.offsets[i]..self.offsets[i + 1];
        self.neighbours[range.clone()]
            .iter()
            .zip(&self.weights[range])
            .map(|(&j, &w)| (j as usize, w))
    }

    /// Node strength: edge weights, self-loops twice.
    fn strength(&self, i: usize) -> f64 {
        self.neighbours(i).map(|(_, w)| w).sum::<f64>() + 2.0 * self.self_weight[i]
    }
}

/// The quality a partition maximises.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Quality {
    Modularity,
    /// The Constant Potts Model.
    Cpm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Algorithm {
    Leiden,
    Louvain,
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CommunityParams {
    pub algorithm: Algorithm,
    pub quality: Quality,
    pub resolution: f64,
    pub seed: u64,
}

impl Default for CommunityParams {
    fn default() -> Self {
        Self {
            algorithm: Algorithm::Leiden,
            quality: Quality::Modularity,
            resolution: 1.0,
            seed: 1,
        }
    }
}

/// A partition: each node's community (0.. in order of first node), their count, and
/// its modularity (at the resolution asked, for modularity; at 1 for CPM).
#[derive(Clone, Debug, PartialEq)]
pub struct Partition {
    pub membership: Vec<u32>,
    pub count: usize,
    pub modularity: f64,
}

/// What the quality weighs each node by, and the scale of the penalty.
fn masses(g: &WeightedGraph, p: &CommunityParams, total_strength: f64) -> (Vec<f64>, f64) {
    match p.quality {
        Quality::Modularity => (
            (0..g.node_count()).map(|i| g.strength(i)).collect(),
            p.resolution / total_strength.max(EPSILON),
        ),
        Quality::Cpm => (g.size.clone(), p.resolution),
    }
}

/// Fast local moving; returns whether any node moved.
fn move_nodes(
    g: &WeightedGraph,
    comm: &mut [u32],
    mass: &[f64],
    scale: f64,
    rng: &mut SmallRng,
) -> bool {
    let n = g.node_count();
    let mut total = vec![0.0; n];
    let mut members = vec![0u32; n];
    for i in 0..n {
        total[comm[i] as usize] += mass[i];
        members[comm[i] as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..n as u32)
        .filter(|&c| members[c as usize] == 0)
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut queue: std::collections::VecDeque<usize> = order.into();
    let mut queued = vec![true; n];
    let mut to_comm = vec![0.0; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut moved = false;
    while let Some(v) = queue.pop_front() {
        queued[v] = false;
        let own = comm[v];
        for (u, w) in g.neighbours(v) {
            let c = comm[u];
            if to_comm[c as usize] == 0.0 {
                touched.push(c);
            }
            to_comm[c as usize] += w;
        }
        total[own as usize] -= mass[v];
        members[own as usize] -= 1;
        let gain = |c: u32| to_comm[c as usize] - scale * mass[v] * total[c as usize];
        let mut best = own;
        let mut best_gain = gain(own);
        for &c in &touched {
            let g = gain(c);
            if g > best_gain + EPSILON {
                best = c;
                best_gain = g;
            }
        }
        // An empty community gains nothing: better than a loss.
        if best_gain < -EPSILON {
            if members[own as usize] == 0 {
                best = own;
            } else if let Some(&c) = empty.last() {
                best = c;
            }
        }
        if best != own && members[best as usize] == 0 {
            empty.retain(|&c| c != best);
        }
        total[best as usize] += mass[v];
        members[best as usize] += 1;
        if members[own as usize] == 0 && best != own {
            empty.push(own);
        }
        for &c in &touched {
            to_comm[c as usize] = 0.0;
        }
        touched.clear();
        if best != own {
            comm[v] = best;
            moved = true;
            for (u, _) in g.neighbours(v) {
                if !queued[u] && comm[u] != best {
                    queued[u] = true;
                    queue.push_back(u);
                }
            }
        }
    }
    moved
}

/// Leiden's refinement of `comm`: sub-communities that are well connected.
fn refine(
    g: &WeightedGraph,
    comm: &[u32],
    mass: &[f64],
    scale: f64,
    rng: &mut SmallRng,
) -> Vec<u32> {
    let n = g.node_count();
    let mut community_total = vec![0.0; n];
    for i in 0..n {
        community_total[comm[i] as usize] += mass[i];
    }
    let mut refined: Vec<u32> = (0..n as u32).collect();
    let mut total: Vec<f64> = mass.to_vec();
    // Weight from each sub-community to the rest of its community.
    let mut outside: Vec<f64> = (0..n)
        .map(|i| {
            g.neighbours(i)
                .filter(|&(u, _)| comm[u] == comm[i])
                .map(|(_, w)| w)
                .sum()
        })
        .collect();
    let mut singleton = vec![true; n];
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(rng);
    let mut to_sub = vec![0.0; n];
    let mut touched: Vec<u32> = Vec::new();
    for v in order {
        if !singleton[v] {
            continue;
        }
        let s_total = community_total[comm[v] as usize];
        let well_connected =
            |c: usize| outside[c] >= scale * total[c] * (s_total - total[c]) - EPSILON;
        if !well_connected(v) {
            continue;
        }
        for (u, w) in g.neighbours(v) {
            if comm[u] == comm[v] {
                let c = refined[u];
                if to_sub[c as usize] == 0.0 {
                    touched.push(c);
                }
                to_sub[c as usize] += w;
            }
        }
        let mut best = None;
        let mut best_gain = -EPSILON;
        for &c in &touched {
            let c = c as usize;
            if c == refined[v] as usize || !well_connected(c) {
                continue;
            }
            let gain = to_sub[c] - scale * mass[v] * total[c];
            if gain > best_gain + EPSILON || (best.is_none() && gain >= best_gain) {
                best = Some(c);
                best_gain = gain;
            }
        }
        if let Some(c) = best {
            let own = refined[v] as usize;
            outside[c] += outside[own] - 2.0 * to_sub[c];
            total[c] += mass[v];
            total[own] = 0.0;
            refined[v] = c as u32;
            singleton[v] = false;
            singleton[c] = false;
        }
        for &c in &touched {
            to_sub[c as usize] = 0.0;
        }
        touched.clear();
    }
    // Sub-community ids as representatives: follow merges (a node joined a
    // representative that was itself a node still in its own sub-community).
    refined
}

/// Renumbers labels to 0.. in order of first appearance; returns the count.
fn renumber(labels: &mut [u32]) -> usize {
    let mut map = std::collections::HashMap::new();
    for l in labels.iter_mut() {
        let next = map.len() as u32;
        *l = *map.entry(*l).or_insert(next);
    }
    map.len()
}

/// The graph of `groups` (node → group 0..k), sizes summed, internal weight as self-loops.
fn aggregate(g: &WeightedGraph, groups: &[u32], k: usize) -> WeightedGraph {
    let mut self_weight = vec![0.0; k];
    let mut size = vec![0.0; k];
    let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
    for i in 0..g.node_count() {
        let gi = groups[i];
        self_weight[gi as usize] += g.self_weight[i];
        size[gi as usize] += g.size[i];
        for (j, w) in g.neighbours(i) {
            if j > i {
                let gj = groups[j];
                if gi == gj {
                    self_weight[gi as usize] += w;
                } else {
                    pairs.push((gi.min(gj), gi.max(gj), w));
                }
            }
        }
    }
    pairs.sort_unstable_by_key(|&(a, b, _)| (a, b));
    let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(pairs.len());
    for (a, b, w) in pairs {
        match merged.last_mut() {
            Some(last) if last.0 == a && last.1 == b => last.2 += w,
            _ => merged.push((a, b, w)),
        }
    }
    WeightedGraph::from_merged(k, &merged, self_weight, size)
}

/// One pass: levels of moving, refining and aggregating from `start`.
fn pass(g: &WeightedGraph, start: &[u32], p: &CommunityParams, rng: &mut SmallRng) -> Vec<u32> {
    let total_strength: f64 = (0..g.node_count()).map(|i| g.strength(i)).sum();
    let mut level_graph = g.clone();
    let mut comm: Vec<u32> = start.to_vec();
    renumber(&mut comm);
    // Each original node's node in the current level graph.
    let mut node_of: Vec<u32> = (0..g.node_count() as u32).collect();
    loop {
        let (mass, scale) = masses(&level_graph, p, total_strength);
        let moved = move_nodes(&level_graph, &mut comm, &mass, scale, rng);
        let mut groups = match p.algorithm {
            Algorithm::Leiden => refine(&level_graph, &comm, &mass, scale, rng),
            Algorithm::Louvain => comm.clone(),
        };
        let k = renumber(&mut groups);
        let done = k == level_graph.node_count() || (p.algorithm == Algorithm::Louvain && !moved);
        if done {
            return node_of.iter().map(|&v| comm[v as usize]).collect();
        }
        // The aggregate's nodes start in their (unrefined) community.
        let mut next_comm = vec![0u32; k];
        for (i, &gi) in groups.iter().enumerate() {
            next_comm[gi as usize] = comm[i];
        }
        // Community ids must be node ids of the smaller graph.
        renumber(&mut next_comm);
        level_graph = aggregate(&level_graph, &groups, k);
        for v in &mut node_of {
            *v = groups[*v as usize];
        }
        comm = next_comm;
    }
}

/// Each community's share of the modularity of `membership` at `resolution`
/// (self-loops counted twice in strength); they sum to the modularity.
pub fn modularity_shares(g: &WeightedGraph, membership: &[u32], resolution: f64) -> Vec<f64> {
    let n = g.node_count();
    let k = membership
        .iter()
        .map(|&c| c as usize + 1)
        .max()
        .unwrap_or(0);
    let mut inside = vec![0.0; k];
    let mut total = vec![0.0; k];
    let mut two_m = 0.0;
    for i in 0..n {
        let c = membership[i] as usize;
        let s = g.strength(i);
        total[c] += s;
        two_m += s;
        inside[c] += 2.0 * g.self_weight[i];
        inside[c] += g
            .neighbours(i)
            .filter(|&(j, _)| membership[j] as usize == c)
            .map(|(_, w)| w)
            .sum::<f64>();
    }
    if two_m <= 0.0 {
        return vec![0.0; k];
    }
    (0..k)
        .map(|c| inside[c] / two_m - resolution * (total[c] / two_m).powi(2))
        .collect()
}

/// Modularity of `membership` at `resolution`.
pub fn modularity(g: &WeightedGraph, membership: &[u32], resolution: f64) -> f64 {
    modularity_shares(g, membership, resolution).iter().sum()
}

/// The communities of `g`.
pub fn communities(g: &WeightedGraph, p: &CommunityParams) -> Partition {
    let n = g.node_count();
    let mut rng = SmallRng::seed_from_u64(p.seed);
    let mut membership: Vec<u32> = (0..n as u32).collect();
    for _ in 0..MAX_PASSES {
        let mut next = pass(g, &membership, p, &mut rng);
        renumber(&mut next);
        if next == membership {
            break;
        }
        membership = next;
        if p.algorithm == Algorithm::Louvain {
            break;
        }
    }
    let count = renumber(&mut membership);
    let resolution = if p.quality == Quality::Modularity {
        p.resolution
    } else {
        1.0
    };
    Partition {
        modularity: modularity(g, &membership, resolution),
        membership,
        count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two 5-cliques joined by one edge, and an isolated node.
    fn two_cliques() -> WeightedGraph {
        let mut e = Vec::new();
        for base in [0u32, 5] {
            for a in 0..5 {
                for b in a + 1..5 {
                    e.push((base + a, base + b, 1.0));
                }
            }
        }
        e.push((4, 5, 1.0));
        WeightedGraph::from_edges(11, e)
    }

    #[test]
    fn two_cliques_are_two_communities() {
        for algorithm in [Algorithm::Leiden, Algorithm::Louvain] {
            let p = CommunityParams {
                algorithm,
                ..CommunityParams::default()
            };
            let part = communities(&two_cliques(), &p);
            let m = &part.membership;
            assert!(m[..5].iter().all(|&c| c == m[0]), "{algorithm:?}: {m:?}");
            assert!(m[5..10].iter().all(|&c| c == m[5]), "{m:?}");
            assert_ne!(m[0], m[5]);
            assert_eq!(part.count, 3, "the isolated node alone");
            // Known value: 2 × (10/21 − (21/42)²).
            let expected = 2.0 * (20.0 / 42.0 - 0.25);
            assert!(
                (part.modularity - expected).abs() < 1e-12,
                "{}",
                part.modularity
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_partition_and_a_high_resolution_splits() {
        let g = two_cliques();
        let p = CommunityParams::default();
        assert_eq!(communities(&g, &p), communities(&g, &p));
        let fine = communities(
            &g,
            &CommunityParams {
                quality: Quality::Cpm,
                resolution: 1.5,
                ..p
            },
        );
        assert_eq!(fine.count, 11, "CPM above the density keeps nodes apart");
        let coarse = communities(
            &g,
            &CommunityParams {
                quality: Quality::Cpm,
                resolution: 0.05,
                ..p
            },
        );
        assert!(coarse.count <= 3, "{}", coarse.count);
    }

    #[test]
    fn parallel_edges_and_self_loops_are_weights() {
        let g = WeightedGraph::from_edges(3, [(0, 1, 1.0), (1, 0, 2.0), (2, 2, 1.5), (0, 9, 1.0)]);
        assert_eq!(g.strength(0), 3.0);
        assert_eq!(g.strength(2), 3.0);
        // 2m = 9: (6/9 − (6/9)²) + (3/9 − (3/9)²) = 4/9.
        assert!((modularity(&g, &[0, 0, 1], 1.0) - 4.0 / 9.0).abs() < 1e-12);
        let empty = WeightedGraph::from_edges(0, []);
        assert_eq!(communities(&empty, &CommunityParams::default()).count, 0);
    }
}
