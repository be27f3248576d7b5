//! [`Network`]: the account network as every layer above uses it. Node i is account
//! `account[i]`; edges are directed and typed, one per (source, target, kind), weighted
//! by their interactions, stored strongest first (ties by endpoints and kind) so that
//! drawing or laying out a prefix keeps the strongest; each node's degree and
//! interactions, and the nodes by importance (degree), are kept with it.

use petgraph::graph::DiGraph;
use rayon::prelude::*;

use super::interactions::{Interaction, SortedInteractions, quoted_authors, sorted_interactions};
use super::kind::{EdgeKind, GraphStats};
use super::radix;
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

/// What the network build knows of each edge's tweets, for [`super::Evidence`]:
/// `offsets[e]..offsets[e + 1]` index edge e's tweets in `tweets`; `pair[e]` is the
/// dense id of its (source, target) pair, below `pairs`.
#[derive(Debug, Default)]
pub struct EdgeTweets {
    pub offsets: Vec<u32>,
    pub tweets: Vec<u32>,
    pub pair: Vec<u32>,
    pub pairs: usize,
}

/// A run of equal keys in one kind's sorted interactions: one edge to be.
#[derive(Clone, Copy)]
struct Run {
    key: u64,
    /// Index of the kind in [`EdgeKind::OF_TWEETS`].
    kind: u8,
    /// The source range ([`SortedInteractions::ranges`]) whose lists hold the run.
    range: u8,
    /// The run is `start..start + len` of its range's list of its kind.
    start: u32,
    len: u32,
    /// Dense id of the (source, target) pair, once numbered.
    pair: u32,
}

impl Run {
    /// The runs of one kind's sorted interactions in one source range.
    fn all_of(kind: u8, range: u8, list: &[Interaction]) -> Vec<Self> {
        let mut runs: Vec<Self> = Vec::new();
        for (i, &(key, _)) in list.iter().enumerate() {
            match runs.last_mut() {
                Some(run) if run.key == key => run.len += 1,
                _ => runs.push(Self {
                    key,
                    kind,
                    range,
                    start: i as u32,
                    len: 1,
                    pair: 0,
                }),
            }
        }
        runs
    }
}

/// Runs of several kinds, each sorted by key, merged into (key, kind) order with their
/// pair ids numbered (runs of one key share it).
fn merge_by_key(by_kind: &[Vec<Run>]) -> Vec<Run> {
    let mut merged = Vec::with_capacity(by_kind.iter().map(Vec::len).sum());
    let mut heads = vec![0usize; by_kind.len()];
    let mut pair = 0u32;
    loop {
        let next = by_kind
            .iter()
            .zip(&heads)
            .enumerate()
            .filter_map(|(k, (runs, &h))| runs.get(h).map(|r| (r.key, k)))
            .min();
        let Some((key, k)) = next else { break };
        let mut run = by_kind[k][heads[k]];
        heads[k] += 1;
        if merged.last().is_some_and(|last: &Run| last.key != key) {
            pair += 1;
        }
        run.pair = pair;
        merged.push(run);
    }
    merged
}

/// Runs per task when the edges' tweets are copied out.
const RUN_CHUNK: usize = 1 << 14;

/// The tweets of each run, run after run (`offsets` are the runs' starts in the
/// result): tasks of [`RUN_CHUNK`] runs copy into their own part of the result.
fn edge_tweets_in_order(runs: &[Run], offsets: &[u32], sorted: &SortedInteractions) -> Vec<u32> {
    let total = offsets.last().map_or(0, |&t| t as usize);
    let mut tweets = vec![0u32; total];
    let mut parts: Vec<(&[Run], &mut [u32])> = Vec::with_capacity(runs.len().div_ceil(RUN_CHUNK));
    let mut rest: &mut [u32] = &mut tweets;
    for (c, chunk) in runs.chunks(RUN_CHUNK).enumerate() {
        let from = offsets[c * RUN_CHUNK] as usize;
        let to = offsets[c * RUN_CHUNK + chunk.len()] as usize;
        let (mine, after) = std::mem::take(&mut rest).split_at_mut(to - from);
        parts.push((chunk, mine));
        rest = after;
    }
    parts.into_par_iter().for_each(|(chunk, out)| {
        let mut at = 0;
        for r in chunk {
            let list = sorted
                .ranges
                .get(usize::from(r.range))
                .and_then(|lists| lists.get(usize::from(r.kind)));
            let (start, end) = (r.start as usize, r.start as usize + r.len as usize);
            if let (Some(dst), Some(src)) =
                (out.get_mut(at..), list.and_then(|l| l.get(start..end)))
            {
                for (slot, &(_, tweet)) in dst.iter_mut().zip(src) {
                    *slot = tweet;
                }
            }
            at += r.len as usize;
        }
    });
    tweets
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
        Self::build_with_edge_tweets(ds).0
    }

    /// The network of the dataset and the tweets behind each of its edges, from one
    /// sorted list of interactions per kind: each run of equal keys is an edge (its
    /// length the weight, its tweets the evidence); the runs of all kinds in key order
    /// number the pairs; a stable sort by weight then puts the strongest first, ties in
    /// (source, target, kind) order. Every sort is a linear radix sort. A network
    /// file's network has no tweets behind its edges: `None`.
    pub fn build_with_edge_tweets(ds: &Dataset) -> (Self, Option<EdgeTweets>) {
        if let Some(file) = &ds.graph_file {
            return (Self::of_graph_file(file, ds.accounts.len()), None);
        }
        let n = ds.accounts.len();
        let sorted = sorted_interactions(ds, &quoted_authors(ds));
        // Per source range, in parallel: each kind's runs, merged in (key, kind) order
        // with the range's pairs numbered from 0.
        let per_range: Vec<(Vec<Run>, [u64; 4])> = sorted
            .ranges
            .par_iter()
            .enumerate()
            .map(|(r, lists)| {
                let by_kind: Vec<Vec<Run>> = lists
                    .iter()
                    .enumerate()
                    .map(|(k, list)| Run::all_of(k as u8, r as u8, list))
                    .collect();
                let pairs_by_kind = std::array::from_fn(|k| by_kind[k].len() as u64);
                (merge_by_key(&by_kind), pairs_by_kind)
            })
            .collect();
        let mut stats = GraphStats::default();
        for (k, kind) in EdgeKind::OF_TWEETS.iter().enumerate() {
            stats.pairs_by_kind[*kind as usize] = per_range.iter().map(|(_, p)| p[k]).sum();
            stats.interactions_by_kind[*kind as usize] =
                sorted.ranges.iter().map(|r| r[k].len() as u64).sum();
        }
        // The ranges in order hold the keys in order: their pairs follow on.
        let mut runs: Vec<Run> = Vec::with_capacity(per_range.iter().map(|(r, _)| r.len()).sum());
        let mut pairs = 0u32;
        for (range_runs, _) in per_range {
            let before = pairs;
            pairs = pairs.saturating_add(range_runs.last().map_or(0, |r| r.pair.saturating_add(1)));
            runs.extend(range_runs.into_iter().map(|mut r| {
                r.pair = r.pair.saturating_add(before);
                r
            }));
        }
        stats.distinct_pairs = u64::from(pairs);
        // Strongest first: a stable sort by weight of (weight, index) keys.
        let mut order: Vec<u64> = runs
            .par_iter()
            .enumerate()
            .map(|(i, r)| (u64::from(u32::MAX - r.len) << 32) | i as u64)
            .collect();
        radix::sort_by_key(&mut order, 32, |&v| v >> 32);
        let runs: Vec<Run> = order
            .par_iter()
            .map(|&v| runs[(v & 0xffff_ffff) as usize])
            .collect();
        drop(order);
        let mut offsets = Vec::with_capacity(runs.len() + 1);
        offsets.push(0u32);
        let mut total = 0u32;
        for r in &runs {
            total = total.saturating_add(r.len);
            offsets.push(total);
        }
        let tweets = edge_tweets_in_order(&runs, &offsets, &sorted);
        drop(sorted);
        let edges: Vec<Edge> = runs
            .par_iter()
            .map(|r| Edge {
                src: (r.key >> 32) as u32,
                dst: (r.key & 0xffff_ffff) as u32,
                kind: EdgeKind::OF_TWEETS[usize::from(r.kind)],
                weight: r.len,
            })
            .collect();
        let edge_tweets = EdgeTweets {
            offsets,
            tweets,
            pair: runs.par_iter().map(|r| r.pair).collect(),
            pairs: stats.distinct_pairs as usize,
        };
        (Self::assemble(n, edges, stats), Some(edge_tweets))
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
