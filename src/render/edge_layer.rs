//! An edge layer: another network over the same accounts (a coordination network),
//! drawn over the interaction network or instead of it, in its own colour
//! ([`crate::render::Palette::coordination`]). Shown instead, the canvas keeps only its
//! accounts and the layout runs on its edges.

use std::sync::Arc;

/// The pairs of a layer and how it is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeLayer {
    /// What it is, for the legend ("co-retweet within 1 min").
    pub name: String,
    /// Undirected pairs of network nodes with their weights, strongest first.
    pub pairs: Arc<Vec<(u32, u32, f32)>>,
    /// Whether each network node is an end of some pair.
    pub members: Arc<Vec<bool>>,
    /// Shown instead of the interaction network (else over it).
    pub instead: bool,
}

impl EdgeLayer {
    /// A layer of `node_count` nodes from directed weighted edges (both directions of a
    /// pair become one pair, with the larger weight), strongest first.
    pub fn new(
        name: String,
        node_count: usize,
        edges: impl IntoIterator<Item = (u32, u32, u32)>,
        instead: bool,
    ) -> Self {
        let mut undirected: Vec<(u32, u32, u32)> = edges
            .into_iter()
            .filter(|&(a, b, _)| a != b && (a as usize) < node_count && (b as usize) < node_count)
            .map(|(a, b, w)| (a.min(b), a.max(b), w))
            .collect();
        undirected.sort_unstable_by(|x, y| (x.0, x.1, y.2).cmp(&(y.0, y.1, x.2)));
        undirected.dedup_by_key(|e| (e.0, e.1));
        undirected.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        let mut members = vec![false; node_count];
        for &(a, b, _) in &undirected {
            members[a as usize] = true;
            members[b as usize] = true;
        }
        Self {
            name,
            pairs: Arc::new(
                undirected
                    .into_iter()
                    .map(|(a, b, w)| (a, b, w as f32))
                    .collect(),
            ),
            members: Arc::new(members),
            instead,
        }
    }

    /// Number of accounts the layer joins.
    pub fn member_count(&self) -> usize {
        self.members.iter().filter(|&&m| m).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_undirected_strongest_first() {
        let l = EdgeLayer::new(
            "x".into(),
            5,
            [(1, 0, 2), (0, 1, 5), (3, 2, 1), (4, 4, 9), (7, 1, 3)],
            false,
        );
        assert_eq!(*l.pairs, vec![(0, 1, 5.0), (2, 3, 1.0)]);
        assert_eq!(*l.members, vec![true, true, true, true, false]);
        assert_eq!(l.member_count(), 4);
    }
}
