//! [`Network`]: the account network as every layer above uses it. Node i is account
//! `account[i]`; edges are directed and typed, one per (source, target, kind), weighted
//! by their interactions, stored strongest first (ties by endpoints and kind) so that
//! drawing or laying out a prefix keeps the strongest; each node's degree and
//! interactions, and the nodes by importance (degree), are kept with it.

use petgraph::graph::DiGraph;
use rayon::prelude::*;

use super::interactions::{Keys, distinct_union, interactions, runs};
use super::kind::{EdgeKind, GraphStats};
use crate::model::graph_file::GraphFile;
use crate::model::{AccountIdx, Dataset};

/// One edge: network nodes `src` → `dst`, its kind, and the interactions behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub src: u32,
    pub dst: u32,
    pub kind: EdgeKind,
    pub weight: u32,
}

/// The account network of a dataset.
#[derive(Debug, Default)]
pub struct Network {
    /// Account of each node.
    pub account: Vec<AccountIdx>,
    /// Distinct neighbours-by-kind edges touching each node (in + out).
    pub degree: Vec<u32>,
    /// Interactions (edge weights) touching each node.
    pub interactions: Vec<u64>,
    /// Edges, strongest first (ties by endpoints, then kind).
    pub edges: Vec<Edge>,
    /// Nodes by decreasing degree (ties: lower index first), the order labels are tried.
    pub by_importance: Vec<u32>,
    pub stats: GraphStats,
    /// For a network file's network: the file's edge behind each edge (its index in
    /// [`GraphFile::edges`]); empty otherwise.
    pub file_edge: Vec<u32>,
}

/// The order edges are kept in: strongest first, ties by endpoints, then kind.
fn strongest_first(a: &Edge, b: &Edge) -> std::cmp::Ordering {
    b.weight
        .cmp(&a.weight)
        .then(a.src.cmp(&b.src))
        .then(a.dst.cmp(&b.dst))
        .then(a.kind.cmp(&b.kind))
}

fn sort_strongest_first(edges: &mut [Edge]) {
    edges.par_sort_unstable_by(strongest_first);
}

impl Network {
    /// Heap bytes held.
    pub fn heap_bytes(&self) -> u64 {
        use crate::model::heap::vec_bytes;
        vec_bytes(&self.account)
            + vec_bytes(&self.degree)
            + vec_bytes(&self.interactions)
            + vec_bytes(&self.edges)
            + vec_bytes(&self.by_importance)
            + vec_bytes(&self.file_edge)
    }

    /// The network of every account and tweet of the dataset: every account is a node
    /// (node i is account i).
    pub fn build(ds: &Dataset) -> Self {
        if let Some(file) = &ds.graph_file {
            return Self::of_graph_file(file, ds.accounts.len());
        }
        let keys: [Keys; 4] = interactions(ds);
        let grouped: Vec<Vec<(u64, u32)>> = keys.par_iter().map(|k| runs(k)).collect();
        let n = ds.accounts.len();
        let mut stats = GraphStats {
            distinct_pairs: distinct_union(&grouped),
            ..GraphStats::default()
        };
        let mut edges = Vec::with_capacity(grouped.iter().map(Vec::len).sum());

        for (k, kind) in EdgeKind::OF_TWEETS.iter().enumerate() {
            stats.pairs_by_kind[*kind as usize] = grouped[k].len() as u64;
            stats.interactions_by_kind[*kind as usize] = keys[k].len() as u64;
            edges.extend(
                grouped[k]
                    .iter()
                    .map(|&(key, weight)| Edge {
                        src: (key >> 32) as u32,
                        dst: (key & 0xffff_ffff) as u32,
                        kind: *kind,
                        weight,
                    })
                    .filter(|e| (e.src as usize) < n && (e.dst as usize) < n),
            );
        }
        sort_strongest_first(&mut edges);
        Self::assemble(n, edges, stats)
    }

    /// A network of `n` nodes (node i is account i) from edges; edges naming a node ≥
    /// `n` are dropped. Its `stats` count the edges' pairs and interactions.
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = Edge>) -> Self {
        let mut edges: Vec<Edge> = edges
            .into_iter()
            .filter(|e| (e.src as usize) < n && (e.dst as usize) < n)
            .collect();
        sort_strongest_first(&mut edges);
        Self::from_sorted_edges(n, edges)
    }

    /// [`Self::from_edges`] of edges within `n`, already strongest first.
    fn from_sorted_edges(n: usize, edges: Vec<Edge>) -> Self {
        let mut stats = GraphStats::default();
        for e in &edges {
            stats.pairs_by_kind[e.kind as usize] += 1;
            stats.interactions_by_kind[e.kind as usize] += u64::from(e.weight);
        }
        let mut pairs: Vec<(u32, u32)> = edges.iter().map(|e| (e.src, e.dst)).collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        stats.distinct_pairs = pairs.len() as u64;
        Self::assemble(n, edges, stats)
    }

    /// The network a network file gave: each of its edges, of the kind its type names
    /// ([`EdgeKind::of_type_name`]), weighted by its weight rounded (at least 1; the
    /// file's own weights stay in [`GraphFile`] for exports). Undirected pairs count
    /// once in the statistics.
    pub fn of_graph_file(file: &GraphFile, n: usize) -> Self {
        let kinds: Vec<EdgeKind> = file
            .edge_types
            .iter()
            .map(|t| EdgeKind::of_type_name(t))
            .collect();
        let mut edges: Vec<(Edge, u32)> = file
            .edges
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let edge = Edge {
                    src: e.src,
                    dst: e.dst,
                    kind: kinds
                        .get(e.kind as usize)
                        .copied()
                        .unwrap_or(EdgeKind::Link),
                    weight: e.weight.round().clamp(1.0, f64::from(u32::MAX)) as u32,
                };
                (edge, k as u32)
            })
            .filter(|(e, _)| (e.src as usize) < n && (e.dst as usize) < n)
            .collect();
        // Strongest first, as every network; ties (parallel edges) in file order.
        edges.par_sort_unstable_by(|(a, i), (b, j)| strongest_first(a, b).then(i.cmp(j)));
        let file_edge = edges.iter().map(|&(_, k)| k).collect();
        let edges: Vec<Edge> = edges.into_iter().map(|(e, _)| e).collect();
        let mut network = Self::from_sorted_edges(n, edges);
        network.stats.distinct_pairs = file.distinct_pairs();
        network.file_edge = file_edge;
        network
    }

    /// Degrees and importance of `edges` (all within `n`, strongest first).
    fn assemble(n: usize, edges: Vec<Edge>, stats: GraphStats) -> Self {
        let mut degree = vec![0u32; n];
        let mut interactions = vec![0u64; n];
        for e in &edges {
            for v in [e.src, e.dst] {
                degree[v as usize] += 1;
                interactions[v as usize] += u64::from(e.weight);
            }
        }
        let mut by_importance: Vec<u32> = (0..n as u32).collect();
        by_importance.par_sort_unstable_by(|&a, &b| {
            degree[b as usize].cmp(&degree[a as usize]).then(a.cmp(&b))
        });
        Self {
            account: (0..n as AccountIdx).collect(),
            degree,
            interactions,
            edges,
            by_importance,
            stats,
            file_edge: Vec::new(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.account.len()
    }

    /// The network as a petgraph graph (node i is node i, edge k is edge k), for
    /// petgraph's algorithms.
    pub fn to_petgraph(&self) -> DiGraph<AccountIdx, Edge> {
        let mut g = DiGraph::with_capacity(self.node_count(), self.edges.len());
        let nodes: Vec<_> = self.account.iter().map(|&a| g.add_node(a)).collect();
        for e in &self.edges {
            g.add_edge(nodes[e.src as usize], nodes[e.dst as usize], *e);
        }
        g
    }

    /// Node mask of the accounts a per-account mask keeps.
    pub fn node_mask(&self, accounts: &[bool]) -> Vec<bool> {
        self.account
            .iter()
            .map(|&a| accounts.get(a as usize).copied().unwrap_or(false))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_edges_orders_strongest_first_and_counts() {
        let e = |src, dst, kind, weight| Edge {
            src,
            dst,
            kind,
            weight,
        };
        let n = Network::from_edges(
            3,
            [
                e(0, 1, EdgeKind::Retweet, 1),
                e(1, 2, EdgeKind::Reply, 5),
                e(0, 1, EdgeKind::Mention, 2),
                e(0, 9, EdgeKind::Mention, 2),
            ],
        );
        assert_eq!(n.edges.len(), 3, "the edge to a missing node is dropped");
        assert_eq!(n.edges[0].weight, 5);
        assert_eq!(n.degree, vec![2, 3, 1]);
        assert_eq!(n.interactions, vec![3, 8, 5]);
        assert_eq!(n.by_importance, vec![1, 0, 2]);
        assert_eq!(n.stats.distinct_pairs, 2);
        let g = n.to_petgraph();
        assert_eq!((g.node_count(), g.edge_count()), (3, 3));
        assert_eq!(petgraph::algo::connected_components(&g), 1);
    }
}
