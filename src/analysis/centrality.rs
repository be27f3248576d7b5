//! Who is central: on a directed weighted graph (an account network, or an edge list),
//! degree (in, out, weighted), weighted PageRank, betweenness (Brandes; exact, or from a
//! seeded sample of sources with its error stated), k-core numbers and HITS hub and
//! authority scores (who amplifies, who is amplified). The definitions are networkx's
//! (normalisations included), so that results compare within 1e-6. Parallel work is
//! split into fixed chunks summed in order: the same result for any thread count.

use rand::seq::SliceRandom;
use rand::{SeedableRng, rngs::SmallRng};
use rayon::prelude::*;

/// Sources per chunk of the betweenness sum (fixed, so sums do not depend on threads).
const SOURCE_CHUNK: usize = 64;
/// Iterations at most, and the L1 change per node that ends PageRank and HITS.
const MAX_ITERATIONS: usize = 10_000;
const TOLERANCE: f64 = 1e-13;

/// A directed weighted graph as out- and in-adjacency (parallel edges summed, self-loops
/// kept as networkx keeps them).
#[derive(Clone, Debug, Default)]
pub struct DirectedGraph {
    out_offsets: Vec<usize>,
    out_targets: Vec<u32>,
    out_weights: Vec<f64>,
    in_offsets: Vec<usize>,
    in_sources: Vec<u32>,
    in_weights: Vec<f64>,
}

fn csr(n: usize, edges: &[(u32, u32, f64)], by_source: bool) -> (Vec<usize>, Vec<u32>, Vec<f64>) {
    let mut offsets = vec![0usize; n + 1];
    for &(a, b, _) in edges {
        offsets[if by_source { a } else { b } as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut other = vec![0u32; edges.len()];
    let mut weights = vec![0.0; edges.len()];
    for &(a, b, w) in edges {
        let (from, to) = if by_source { (a, b) } else { (b, a) };
        let slot = &mut fill[from as usize];
        other[*slot] = to;
        weights[*slot] = w;
        *slot += 1;
    }
    (offsets, other, weights)
}

impl DirectedGraph {
    /// `n` nodes and these edges (parallel edges summed; edges past `n` and
    /// non-positive or non-finite weights ignored).
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (u32, u32, f64)>) -> Self {
        let mut e: Vec<(u32, u32, f64)> = edges
            .into_iter()
            .filter(|&(a, b, w)| (a as usize) < n && (b as usize) < n && w > 0.0 && w.is_finite())
            .collect();
        e.sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut merged: Vec<(u32, u32, f64)> = Vec::with_capacity(e.len());
        for (a, b, w) in e {
            match merged.last_mut() {
                Some(l) if l.0 == a && l.1 == b => l.2 += w,
                _ => merged.push((a, b, w)),
            }
        }
        let (out_offsets, out_targets, out_weights) = csr(n, &merged, true);
        let (in_offsets, in_sources, in_weights) = csr(n, &merged, false);
        Self {
            out_offsets,
            out_targets,
            out_weights,
            in_offsets,
            in_sources,
            in_weights,
        }
    }

    pub fn node_count(&self) -> usize {
        self.out_offsets.len().saturating_sub(1)
    }

    fn out(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.out_offsets[i]..self.out_offsets[i + 1];
        self.out_targets[r.clone()]
            .iter()
            .zip(&self.out_weights[r])
            .map(|(&j, &w)| (j as usize, w))
    }

    fn inn(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.in_offsets[i]..self.in_offsets[i + 1];
        self.in_sources[r.clone()]
            .iter()
            .zip(&self.in_weights[r])
            .map(|(&j, &w)| (j as usize, w))
    }

    /// Distinct out- and in-neighbours, and weighted out- and in-degree, of each node.
    pub fn degrees(&self) -> Vec<[f64; 4]> {
        (0..self.node_count())
            .map(|i| {
                [
                    (self.out_offsets[i + 1] - self.out_offsets[i]) as f64,
                    (self.in_offsets[i + 1] - self.in_offsets[i]) as f64,
                    self.out(i).map(|(_, w)| w).sum(),
                    self.inn(i).map(|(_, w)| w).sum(),
                ]
            })
            .collect()
    }
}

/// Weighted PageRank with damping `alpha` (networkx's `pagerank`: a dangling node's
/// rank spreads evenly over all nodes), summing to 1.
pub fn pagerank(g: &DirectedGraph, alpha: f64) -> Vec<f64> {
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_weight: Vec<f64> = (0..n).map(|i| g.out(i).map(|(_, w)| w).sum()).collect();
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = (0..n)
            .filter(|&i| out_weight[i] == 0.0)
            .map(|i| rank[i])
            .sum();
        let base = (1.0 - alpha) / n as f64 + alpha * dangling / n as f64;
        let next: Vec<f64> = (0..n)
            .into_par_iter()
            .map(|i| {
                base + alpha
                    * g.inn(i)
                        .map(|(j, w)| rank[j] * w / out_weight[j])
                        .sum::<f64>()
            })
            .collect();
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < TOLERANCE * n as f64 {
            break;
        }
    }
    rank
}

/// HITS (hubs, authorities), each summing to 1 (networkx's `hits`).
pub fn hits(g: &DirectedGraph) -> (Vec<f64>, Vec<f64>) {
    let n = g.node_count();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut hub = vec![1.0 / n as f64; n];
    let mut auth = vec![0.0; n];
    let normalise = |v: &mut Vec<f64>| {
        let s: f64 = v.iter().sum();
        if s > 0.0 {
            v.iter_mut().for_each(|x| *x /= s);
        }
    };
    for _ in 0..MAX_ITERATIONS {
        auth = (0..n)
            .into_par_iter()
            .map(|i| g.inn(i).map(|(j, w)| hub[j] * w).sum())
            .collect();
        let mut next: Vec<f64> = (0..n)
            .into_par_iter()
            .map(|i| g.out(i).map(|(j, w)| auth[j] * w).sum())
            .collect();
        let max = next.iter().copied().fold(0.0, f64::max);
        if max > 0.0 {
            next.iter_mut().for_each(|x| *x /= max);
        }
        let change: f64 = next.iter().zip(&hub).map(|(a, b)| (a - b).abs()).sum();
        hub = next;
        if change < TOLERANCE * n as f64 {
            break;
        }
    }
    normalise(&mut hub);
    normalise(&mut auth);
    (hub, auth)
}

/// Core numbers of the undirected simple graph underneath (direction, weights, parallel
/// edges and self-loops ignored), by Batagelj–Zaversnik bucket peeling.
pub fn core_numbers(g: &DirectedGraph) -> Vec<u32> {
    let n = g.node_count();
    let neighbours: Vec<Vec<u32>> = (0..n)
        .map(|i| {
            let mut v: Vec<u32> = g
                .out(i)
                .chain(g.inn(i))
                .filter(|&(j, _)| j != i)
                .map(|(j, _)| j as u32)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let mut degree: Vec<usize> = neighbours.iter().map(Vec::len).collect();
    let max = degree.iter().copied().max().unwrap_or(0);
    let mut bins = vec![0usize; max + 2];
    for &d in &degree {
        bins[d] += 1;
    }
    let mut start = 0;
    for b in &mut bins {
        let count = *b;
        *b = start;
        start += count;
    }
    let mut order = vec![0usize; n];
    let mut position = vec![0usize; n];
    for v in 0..n {
        position[v] = bins[degree[v]];
        order[position[v]] = v;
        bins[degree[v]] += 1;
    }
    for d in (1..bins.len()).rev() {
        bins[d] = bins[d - 1];
    }
    bins[0] = 0;
    for i in 0..n {
        let v = order[i];
        for &u in &neighbours[v] {
            let u = u as usize;
            if degree[u] > degree[v] {
                let du = degree[u];
                let pu = position[u];
                let pw = bins[du];
                let w = order[pw];
                if u != w {
                    order.swap(pu, pw);
                    position[u] = pw;
                    position[w] = pu;
                }
                bins[du] += 1;
                degree[u] -= 1;
            }
        }
    }
    degree.into_iter().map(|d| d as u32).collect()
}

/// Betweenness from each source's shortest-path counts (Brandes, unweighted, directed).
fn brandes_from(g: &DirectedGraph, s: usize, into: &mut [f64]) {
    let n = g.node_count();
    let mut stack = Vec::with_capacity(n);
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![u32::MAX; n];
    let mut delta = vec![0.0f64; n];
    sigma[s] = 1.0;
    dist[s] = 0;
    let mut queue = std::collections::VecDeque::new();
    queue.push_back(s);
    while let Some(v) = queue.pop_front() {
        stack.push(v);
        for (w, _) in g.out(v) {
            if w == v {
                continue;
            }
            if dist[w] == u32::MAX {
                dist[w] = dist[v] + 1;
                queue.push_back(w);
            }
            if dist[w] == dist[v] + 1 {
                sigma[w] += sigma[v];
            }
        }
    }
    while let Some(w) = stack.pop() {
        for (v, _) in g.inn(w) {
            if v != w && dist[v] != u32::MAX && dist[v] + 1 == dist[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
        }
        if w != s {
            into[w] += delta[w];
        }
    }
}

/// Betweenness centrality, normalised as networkx does for directed graphs
/// (÷ (n−1)(n−2)). With `samples` < n, from that many sources drawn with `seed`, scaled
/// by n / samples; the second value is then the standard error of the estimate of each
/// node (from the spread of the per-source contributions), else zeros.
pub fn betweenness(g: &DirectedGraph, samples: Option<usize>, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let n = g.node_count();
    let mut sources: Vec<usize> = (0..n).collect();
    let sampled = samples.filter(|&k| k > 0 && k < n);
    if let Some(k) = sampled {
        sources.shuffle(&mut SmallRng::seed_from_u64(seed));
        sources.truncate(k);
        sources.sort_unstable();
    }
    // Per chunk: the sum and the sum of squares of the per-source contributions.
    let partial: Vec<(Vec<f64>, Vec<f64>)> = sources
        .par_chunks(SOURCE_CHUNK)
        .map(|chunk| {
            let mut sum = vec![0.0; n];
            let mut squares = vec![0.0; n];
            let mut one = vec![0.0; n];
            for &s in chunk {
                one.iter_mut().for_each(|x| *x = 0.0);
                brandes_from(g, s, &mut one);
                for i in 0..n {
                    sum[i] += one[i];
                    squares[i] += one[i] * one[i];
                }
            }
            (sum, squares)
        })
        .collect();
    let mut sum = vec![0.0; n];
    let mut squares = vec![0.0; n];
    for (s, q) in &partial {
        for i in 0..n {
            sum[i] += s[i];
            squares[i] += q[i];
        }
    }
    let norm = if n > 2 {
        1.0 / ((n - 1) as f64 * (n - 2) as f64)
    } else {
        1.0
    };
    let k = sources.len().max(1) as f64;
    let scale = n as f64 / k;
    let value: Vec<f64> = sum.iter().map(|s| s * scale * norm).collect();
    let error = match sampled {
        Some(_) => sum
            .iter()
            .zip(&squares)
            .map(|(s, q)| {
                let mean = s / k;
                let variance = (q / k - mean * mean).max(0.0);
                n as f64 * (variance / k).sqrt() * norm
            })
            .collect(),
        None => vec![0.0; n],
    };
    (value, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small directed graph: a chain 0→1→2→3, a hub 4 pointing at all, 3→0 back.
    fn graph() -> DirectedGraph {
        DirectedGraph::from_edges(
            5,
            [
                (0, 1, 1.0),
                (1, 2, 2.0),
                (2, 3, 1.0),
                (3, 0, 1.0),
                (4, 0, 1.0),
                (4, 1, 1.0),
                (4, 2, 1.0),
                (4, 3, 1.0),
            ],
        )
    }

    #[test]
    fn pagerank_sums_to_one_and_a_sink_less_graph_is_uniform() {
        let pr = pagerank(&graph(), 0.85);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(pr[4] < pr[0], "nobody points at the hub: {pr:?}");
        let cycle = DirectedGraph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
        for r in pagerank(&cycle, 0.85) {
            assert!((r - 1.0 / 3.0).abs() < 1e-12);
        }
        assert!(pagerank(&DirectedGraph::from_edges(0, []), 0.85).is_empty());
    }

    #[test]
    fn betweenness_of_a_path_and_its_sampled_estimate() {
        // 0→1→2: node 1 is on the one path between 0 and 2; normalised by (n−1)(n−2) = 2.
        let path = DirectedGraph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        let (b, e) = betweenness(&path, None, 1);
        assert_eq!(b, vec![0.0, 0.5, 0.0]);
        assert_eq!(e, vec![0.0; 3]);
        // All sources sampled is exact; fewer give an estimate and an error.
        let g = graph();
        let exact = betweenness(&g, None, 1).0;
        assert_eq!(betweenness(&g, Some(5), 1).0, exact);
        let (estimate, error) = betweenness(&g, Some(3), 1);
        assert!(
            estimate
                .iter()
                .zip(&exact)
                .zip(&error)
                .all(|((a, b), e)| (a - b).abs() <= 4.0 * e + 0.5)
        );
    }

    #[test]
    fn cores_peel_by_degree() {
        // A triangle with a pendant: the triangle is the 2-core.
        let g = DirectedGraph::from_edges(
            4,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 0, 1.0),
                (2, 3, 1.0),
                (3, 3, 1.0),
            ],
        );
        assert_eq!(core_numbers(&g), vec![2, 2, 2, 1]);
    }

    #[test]
    fn hits_hubs_point_at_authorities() {
        let (hub, auth) = hits(&graph());
        assert!((hub.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let top_hub = (0..5).max_by(|&a, &b| hub[a].total_cmp(&hub[b]));
        assert_eq!(top_hub, Some(4));
        assert_eq!(auth[4], 0.0, "nobody points at the hub");
    }
}
