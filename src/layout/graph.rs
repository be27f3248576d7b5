//! The layout's view of a network: an undirected adjacency in CSR form with edge
//! weights, node masses (degree + 1, as ForceAtlas2 defines them) and node sizes, built
//! from edge lists or from the account network (whole, or the subgraph a filter shows),
//! or from another network over its nodes (a coordination layer).

use crate::graph::Network;

/// Undirected, weighted adjacency (each edge appears under both of its ends).
#[derive(Clone, Debug, Default)]
pub struct LayoutGraph {
    /// `offsets[i]..offsets[i + 1]` index node i's neighbours.
    pub offsets: Vec<u32>,
    pub neighbors: Vec<u32>,
    pub weights: Vec<f32>,
    /// Whether node i is the source of the edge in each adjacency entry (for the
    /// "dissuade hubs" mode, which divides by the source's mass).
    pub outgoing: Vec<bool>,
    /// Degree + 1.
    pub mass: Vec<f32>,
    /// Radius used to prevent overlap.
    pub size: Vec<f32>,
}

impl LayoutGraph {
    /// Builds the adjacency of `n` nodes from directed, weighted edges. Self-loops count
    /// for the degree but pull on nothing; edges naming a node ≥ `n` are ignored.
    pub fn from_edges(n: usize, edges: &[(u32, u32, f32)]) -> Self {
        let mut degree = vec![0u32; n];
        for &(a, b, _) in edges {
            if (a as usize) < n && (b as usize) < n {
                degree[a as usize] += 1;
                degree[b as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut total = 0u32;
        for &d in &degree {
            total = total.saturating_add(d);
            offsets.push(total);
        }
        let m = total as usize;
        let mut neighbors = vec![0u32; m];
        let mut weights = vec![0f32; m];
        let mut outgoing = vec![false; m];
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        for &(a, b, w) in edges {
            if (a as usize) >= n || (b as usize) >= n {
                continue;
            }
            let w = if w.is_finite() && w > 0.0 { w } else { 0.0 };
            for (from, to, out) in [(a, b, true), (b, a, false)] {
                let slot = fill[from as usize] as usize;
                neighbors[slot] = to;
                weights[slot] = w;
                outgoing[slot] = out;
                fill[from as usize] += 1;
            }
        }
        let mass = degree.iter().map(|&d| d as f32 + 1.0).collect();
        Self {
            offsets,
            neighbors,
            weights,
            outgoing,
            mass,
            size: vec![1.0; n],
        }
    }

    pub fn node_count(&self) -> usize {
        self.mass.len()
    }

    /// Number of edges (each counted once).
    pub fn edge_count(&self) -> usize {
        self.neighbors.len() / 2
    }
}

impl LayoutGraph {
    /// The adjacency of a network (node i is node i), weighted by interactions.
    pub fn of_network(network: &Network) -> Self {
        let edges: Vec<(u32, u32, f32)> = network
            .edges
            .iter()
            .map(|e| (e.src, e.dst, e.weight as f32))
            .collect();
        Self::from_edges(network.node_count(), &edges)
    }

    /// The adjacency of the subgraph of `nodes` (layout node k is network node
    /// `nodes[k]`) and, when given, only the edges `edge_shown` keeps.
    pub fn of_subnetwork(network: &Network, nodes: &[u32], edge_shown: Option<&[bool]>) -> Self {
        let mut local = vec![u32::MAX; network.node_count()];
        for (k, &node) in nodes.iter().enumerate() {
            if let Some(slot) = local.get_mut(node as usize) {
                *slot = k as u32;
            }
        }
        let shown = |k: usize| edge_shown.is_none_or(|s| s.get(k).copied().unwrap_or(true));
        let edges: Vec<(u32, u32, f32)> = network
            .edges
            .iter()
            .enumerate()
            .filter(|(k, _)| shown(*k))
            .filter_map(|(_, e)| {
                let (a, b) = (local[e.src as usize], local[e.dst as usize]);
                (a != u32::MAX && b != u32::MAX).then_some((a, b, e.weight as f32))
            })
            .collect();
        Self::from_edges(nodes.len(), &edges)
    }

    /// The adjacency of `nodes` (layout node k is network node `nodes[k]`) joined by
    /// `pairs` of network nodes (another network over the same nodes: a coordination
    /// network); pairs naming a node not in `nodes` are left out. The pairs pull
    /// unweighted: a coordination network's weights count shared events, and its
    /// cliques of heavy pairs would collapse to a point.
    pub fn of_pairs(node_count: usize, nodes: &[u32], pairs: &[(u32, u32, f32)]) -> Self {
        let mut local = vec![u32::MAX; node_count];
        for (k, &node) in nodes.iter().enumerate() {
            if let Some(slot) = local.get_mut(node as usize) {
                *slot = k as u32;
            }
        }
        let at = |n: u32| local.get(n as usize).copied().unwrap_or(u32::MAX);
        let edges: Vec<(u32, u32, f32)> = pairs
            .iter()
            .filter_map(|&(a, b, _)| {
                let (a, b) = (at(a), at(b));
                (a != u32::MAX && b != u32::MAX).then_some((a, b, 1.0))
            })
            .collect();
        Self::from_edges(nodes.len(), &edges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cliques_of_pairs_lay_out_as_two_open_groups() {
        // Network nodes 10..22 and 30..40 joined within each group; node 5 not laid out.
        let mut pairs = Vec::new();
        for group in [10u32..22, 30..40] {
            for a in group.clone() {
                for b in group.clone() {
                    if a < b {
                        pairs.push((a, b, 17.0));
                    }
                }
            }
        }
        let nodes: Vec<u32> = (10..22).chain(30..40).collect();
        let g = LayoutGraph::of_pairs(50, &nodes, &pairs);
        assert_eq!(g.node_count(), 22);
        assert_eq!(g.edge_count(), 66 + 45);
        assert!(g.weights.iter().all(|&w| w == 1.0));
        let params = crate::layout::handle::params_for(22);
        let mut fa2 = crate::layout::fa2::ForceAtlas2::new(g, params, 1);
        for _ in 0..300 {
            fa2.step();
        }
        let (x, y) = (&fa2.x, &fa2.y);
        let d = |i: usize, j: usize| ((x[i] - x[j]).powi(2) + (y[i] - y[j]).powi(2)).sqrt();
        let within = d(0, 1);
        let between = d(0, 12);
        assert!(within > 0.05 * between, "within {within} between {between}");
    }
}
