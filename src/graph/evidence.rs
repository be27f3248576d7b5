//! [`Evidence`]: for each edge of a [`Network`], the tweets whose interactions make it,
//! as one CSR built once per dataset by sorting and merging (no hash maps), and a dense
//! id per (source, target) pair so that edges of several kinds between the same
//! accounts can be counted once.

use rayon::prelude::*;

use super::interactions::{pack, quoted_authors, sorted_interactions};
use super::kind::EdgeKind;
use super::network::Network;
use crate::model::Dataset;

/// For each network edge, the tweets whose interactions make it (built once per dataset).
#[derive(Debug, Default)]
pub struct Evidence {
    /// `offsets[e]..offsets[e + 1]` index edge e's tweets in `tweets`.
    offsets: Vec<u32>,
    tweets: Vec<u32>,
    /// Dense id of each edge's (source, target) pair: edges of several kinds between the
    /// same accounts share it.
    pair: Vec<u32>,
    pairs: usize,
}

impl Evidence {
    /// Heap bytes held.
    pub fn heap_bytes(&self) -> u64 {
        use crate::model::heap::vec_bytes;
        vec_bytes(&self.offsets) + vec_bytes(&self.tweets) + vec_bytes(&self.pair)
    }

    /// The dataset's network and its evidence, made in one pass
    /// ([`Network::build_with_edge_tweets`]); a network file's network pairs with the
    /// dataset's tweets as any network does ([`Self::build`]).
    pub fn with_network(ds: &Dataset) -> (Network, Self) {
        match Network::build_with_edge_tweets(ds) {
            (network, Some(e)) => (
                network,
                Self {
                    offsets: e.offsets,
                    tweets: e.tweets,
                    pair: e.pair,
                    pairs: e.pairs,
                },
            ),
            (network, None) => {
                let evidence = Self::build(ds, &network);
                (network, evidence)
            }
        }
    }

    /// The evidence of any network over the dataset's accounts (node i is account
    /// `network.account[i]`), pairing its edges with the interactions by sorting both.
    /// [`Self::with_network`] makes both at once for the dataset's own network.
    pub fn build(ds: &Dataset, network: &Network) -> Self {
        let m = network.edges.len();

        // Per kind: the network's edges by (source, target) account, and every
        // interaction by the same key with its tweet. Both sorted, they pair up in one
        // walk (every interaction made an edge).
        let mut edges_by_kind: [Vec<(u64, u32)>; EdgeKind::COUNT] = Default::default();
        for (i, e) in network.edges.iter().enumerate() {
            let key = pack(
                network.account[e.src as usize],
                network.account[e.dst as usize],
            );
            edges_by_kind[e.kind as usize].push((key, i as u32));
        }
        let by_kind = sorted_interactions(ds, &quoted_authors(ds)).into_by_kind();
        edges_by_kind
            .par_iter_mut()
            .for_each(|v| v.par_sort_unstable());
        // Tweets of each edge, as a CSR.
        let mut edge_of: Vec<Vec<u32>> = Vec::with_capacity(EdgeKind::COUNT);
        let mut offsets = vec![0u32; m + 1];
        for (interactions, edges) in by_kind.iter().zip(&edges_by_kind) {
            let mut of = Vec::with_capacity(interactions.len());
            let mut j = 0;
            for &(key, _) in interactions {
                while j < edges.len() && edges[j].0 < key {
                    j += 1;
                }
                let e = match edges.get(j) {
                    Some(&(k, e)) if k == key => e,
                    _ => u32::MAX,
                };
                if e != u32::MAX {
                    offsets[e as usize + 1] += 1;
                }
                of.push(e);
            }
            edge_of.push(of);
        }
        for e in 0..m {
            offsets[e + 1] += offsets[e];
        }
        let mut fill = offsets[..m].to_vec();
        let mut tweets = vec![0u32; offsets[m] as usize];
        for (interactions, of) in by_kind.iter().zip(&edge_of) {
            for (&(_, t), &e) in interactions.iter().zip(of) {
                if e != u32::MAX {
                    tweets[fill[e as usize] as usize] = t;
                    fill[e as usize] += 1;
                }
            }
        }
        let (pair, pairs) = pair_ids(&edges_by_kind, m);
        Self {
            offsets,
            tweets,
            pair,
            pairs,
        }
    }

    /// Tweets behind edge `e`.
    pub fn of(&self, e: usize) -> &[u32] {
        match (self.offsets.get(e), self.offsets.get(e + 1)) {
            (Some(&a), Some(&b)) => &self.tweets[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Dense id of edge `e`'s (source, target) pair.
    pub fn pair_of(&self, e: usize) -> Option<u32> {
        self.pair.get(e).copied()
    }

    /// Number of distinct (source, target) pairs.
    pub fn pair_count(&self) -> usize {
        self.pairs
    }
}

/// Dense pair ids of `m` edges given per kind as (packed pair, edge) sorted by pair:
/// the lists merged by key. Returns each edge's pair id and the number of pairs.
fn pair_ids(edges_by_kind: &[Vec<(u64, u32)>; EdgeKind::COUNT], m: usize) -> (Vec<u32>, usize) {
    let mut pair = vec![0u32; m];
    let mut heads = [0usize; EdgeKind::COUNT];
    let mut pairs = 0usize;
    let mut last: Option<u64> = None;
    loop {
        let next = (0..EdgeKind::COUNT)
            .filter_map(|k| edges_by_kind[k].get(heads[k]).map(|&(key, _)| (key, k)))
            .min();
        let Some((key, k)) = next else { break };
        let e = edges_by_kind[k][heads[k]].1;
        heads[k] += 1;
        if last.is_some_and(|l| l != key) {
            pairs += 1;
        }
        last = Some(key);
        pair[e as usize] = pairs as u32;
    }
    (pair, if m == 0 { 0 } else { pairs + 1 })
}
