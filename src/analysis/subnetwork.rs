//! Which network communities and centralities are computed on: the whole interaction
//! network (every kind and direction summed), one kind of interaction, or a coordination
//! network; and that network's weighted edges over the interaction network's nodes.

use crate::analysis::coordination::CoordinationEdge;
use crate::graph::{EdgeKind, Network};

/// The network communities and centralities are found in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Subnetwork {
    /// Every interaction, every kind and direction summed.
    #[default]
    Interactions,
    /// One kind of interaction (retweets: who amplifies whom).
    Kind(EdgeKind),
    /// A coordination network (undirected), computed elsewhere.
    Coordination,
}

impl Subnetwork {
    /// Names on the command line: `interactions`, an edge kind (`retweet`, …).
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "interactions" {
            return Some(Self::Interactions);
        }
        EdgeKind::ALL
            .into_iter()
            .find(|k| k.label() == name)
            .map(Self::Kind)
    }

    /// For people: "all interactions", "retweets", "coordination".
    pub fn label(self) -> &'static str {
        match self {
            Self::Interactions => "all interactions",
            Self::Kind(EdgeKind::Retweet) => "retweets",
            Self::Kind(EdgeKind::Reply) => "replies",
            Self::Kind(EdgeKind::Mention) => "mentions",
            Self::Kind(EdgeKind::Quote) => "quotes",
            Self::Kind(EdgeKind::Link) => "links",
            Self::Coordination => "coordination",
        }
    }

    /// Whether its edges have a direction (a coordination network's have none).
    pub fn is_directed(self) -> bool {
        self != Self::Coordination
    }
}

/// The weighted edges of `which` over `network`'s nodes (node = account index), as
/// (source, target, weight): directed ones as the network holds them, a coordination
/// network's pairs once each (the stronger direction's strength). `coordination` is the coordination network's edges (none
/// for the other choices).
pub fn subnetwork_edges(
    network: &Network,
    which: Subnetwork,
    coordination: &[CoordinationEdge],
) -> Vec<(u32, u32, f64)> {
    match which {
        Subnetwork::Interactions => network
            .edges
            .iter()
            .map(|e| (e.src, e.dst, f64::from(e.weight)))
            .collect(),
        Subnetwork::Kind(kind) => network
            .edges
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| (e.src, e.dst, f64::from(e.weight)))
            .collect(),
        Subnetwork::Coordination => {
            // Each pair once, with the stronger of its two directions (as on the canvas).
            let n = network.node_count() as u32;
            let mut pairs: Vec<(u32, u32, f64)> = coordination
                .iter()
                .filter(|e| e.from < n && e.to < n && e.from != e.to)
                .map(|e| (e.from.min(e.to), e.from.max(e.to), f64::from(e.strength())))
                .collect();
            pairs.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(y.2.total_cmp(&x.2)));
            pairs.dedup_by_key(|e| (e.0, e.1));
            pairs
        }
    }
}

/// Edges for a directed measure: undirected ones in both directions.
pub fn as_directed(edges: &[(u32, u32, f64)], directed: bool) -> Vec<(u32, u32, f64)> {
    if directed {
        return edges.to_vec();
    }
    edges
        .iter()
        .flat_map(|&(a, b, w)| [(a, b, w), (b, a, w)])
        .collect()
}

/// How many of `nodes` nodes have an edge in `edges`.
pub fn connected_nodes(nodes: usize, edges: &[(u32, u32, f64)]) -> usize {
    let mut touched = vec![false; nodes];
    for &(a, b, _) in edges {
        for x in [a, b] {
            if let Some(t) = touched.get_mut(x as usize) {
                *t = true;
            }
        }
    }
    touched.iter().filter(|&&t| t).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::network::Edge;

    fn edge(src: u32, dst: u32, kind: EdgeKind, weight: u32) -> Edge {
        Edge {
            src,
            dst,
            kind,
            weight,
        }
    }

    #[test]
    fn each_choice_gives_its_own_edges() {
        let network = Network::from_edges(
            5,
            [
                edge(0, 1, EdgeKind::Retweet, 3),
                edge(1, 2, EdgeKind::Reply, 1),
                edge(2, 0, EdgeKind::Retweet, 2),
                edge(3, 4, EdgeKind::Mention, 5),
            ],
        );
        let coordination = [
            CoordinationEdge {
                from: 3,
                to: 1,
                weight: 2,
                share: 1.0,
                p: None,
                tfidf: None,
            },
            CoordinationEdge {
                from: 1,
                to: 3,
                weight: 4,
                share: 1.0,
                p: None,
                tfidf: None,
            },
            // Past the network's nodes: dropped, never an index out of range.
            CoordinationEdge {
                from: 2,
                to: 9,
                weight: 4,
                share: 1.0,
                p: None,
                tfidf: None,
            },
        ];
        let mut all = subnetwork_edges(&network, Subnetwork::Interactions, &[]);
        all.sort_by_key(|e| (e.0, e.1));
        assert_eq!(all, [(0, 1, 3.0), (1, 2, 1.0), (2, 0, 2.0), (3, 4, 5.0)]);
        let mut retweets =
            subnetwork_edges(&network, Subnetwork::Kind(EdgeKind::Retweet), &coordination);
        retweets.sort_by_key(|e| (e.0, e.1));
        assert_eq!(retweets, [(0, 1, 3.0), (2, 0, 2.0)]);
        let coord = subnetwork_edges(&network, Subnetwork::Coordination, &coordination);
        assert_eq!(coord, [(1, 3, 4.0)]);
        assert_eq!(as_directed(&coord, false), [(1, 3, 4.0), (3, 1, 4.0)]);
        assert_eq!(connected_nodes(5, &retweets), 3);
        assert_eq!(
            Subnetwork::from_name("quote"),
            Some(Subnetwork::Kind(EdgeKind::Quote))
        );
        assert_eq!(
            Subnetwork::from_name("interactions"),
            Some(Subnetwork::Interactions)
        );
        assert_eq!(Subnetwork::from_name("likes"), None);
    }
}
