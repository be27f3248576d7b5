//! The layout's view of a network: an undirected adjacency in CSR form with edge
//! weights, node masses (degree + 1, as ForceAtlas2 defines them) and node sizes, built
//! from edge lists or from the account network (whole, or the subgraph a filter shows).

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
}
