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
        edges: impl IntoIterator<Item = (u32, u32, f32)>,
        instead: bool,
    ) -> Self {
        let mut undirected: Vec<(u32, u32, f32)> = edges
            .into_iter()
            .filter(|&(a, b, w)| {
                a != b && (a as usize) < node_count && (b as usize) < node_count && w.is_finite()
            })
            .map(|(a, b, w)| (a.min(b), a.max(b), w))
            .collect();
        undirected.sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(y.2.total_cmp(&x.2)));
        undirected.dedup_by_key(|e| (e.0, e.1));
        undirected.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        let mut members = vec![false; node_count];
        for &(a, b, _) in &undirected {
            members[a as usize] = true;
            members[b as usize] = true;
        }
        Self {
            name,
            pairs: Arc::new(undirected),
            members: Arc::new(members),
            instead,
        }
    }

    /// The pair whose segment passes nearest world point `p`, within `reach`: of the
    /// first `limit` pairs (strongest first, as drawn) whose ends are at finite
    /// positions in `x`, `y` and not `hidden`.
    pub fn pair_near(
        &self,
        x: &[f32],
        y: &[f32],
        p: [f32; 2],
        reach: f32,
        limit: usize,
        hidden: impl Fn(u32) -> bool,
    ) -> Option<(u32, u32)> {
        let at = |n: u32| {
            let (px, py) = (*x.get(n as usize)?, *y.get(n as usize)?);
            (px.is_finite() && py.is_finite()).then_some([px, py])
        };
        let mut best: Option<(f32, (u32, u32))> = None;
        for &(a, b, _) in self
            .pairs
            .iter()
            .filter(|&&(a, b, _)| !hidden(a) && !hidden(b))
            .take(limit)
        {
            let (Some(pa), Some(pb)) = (at(a), at(b)) else {
                continue;
            };
            let d = segment_distance(p, pa, pb);
            if d <= reach && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, (a, b)));
            }
        }
        best.map(|(_, pair)| pair)
    }

    /// Number of accounts the layer joins.
    pub fn member_count(&self) -> usize {
        self.members.iter().filter(|&&m| m).count()
    }
}

/// Most layer edges drawn (and so clickable) in one frame: the strongest.
pub const MAX_LAYER_LINES: usize = 30_000;

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_undirected_strongest_first() {
        let l = EdgeLayer::new(
            "x".into(),
            5,
            [
                (1, 0, 2.0),
                (0, 1, 5.0),
                (3, 2, 1.0),
                (4, 4, 9.0),
                (7, 1, 3.0),
            ],
            false,
        );
        assert_eq!(*l.pairs, vec![(0, 1, 5.0), (2, 3, 1.0)]);
        assert_eq!(*l.members, vec![true, true, true, true, false]);
        assert_eq!(l.member_count(), 4);
    }

    #[test]
    fn the_pair_nearest_a_point_is_found_within_reach() {
        // Pair (0, 1) along y = 0 from x 0 to 10; pair (2, 3) along y = 5.
        let l = EdgeLayer::new("x".into(), 4, [(0, 1, 3.0), (2, 3, 1.0)], false);
        let x = [0.0, 10.0, 0.0, 10.0];
        let y = [0.0, 0.0, 5.0, 5.0];
        let near = |p: [f32; 2], reach: f32| l.pair_near(&x, &y, p, reach, 10, |_| false);
        assert_eq!(near([5.0, 1.0], 2.0), Some((0, 1)));
        assert_eq!(near([5.0, 4.0], 2.0), Some((2, 3)));
        assert_eq!(near([5.0, 2.6], 3.0), Some((2, 3)));
        assert_eq!(near([5.0, 2.5], 2.0), None);
        // Past an end the distance is to the end.
        assert_eq!(near([13.0, 0.0], 2.0), None);
        assert_eq!(near([11.0, 0.0], 2.0), Some((0, 1)));
        // Hidden ends, and pairs past the limit, are not clickable.
        assert_eq!(l.pair_near(&x, &y, [5.0, 1.0], 2.0, 10, |n| n == 1), None);
        assert_eq!(l.pair_near(&x, &y, [5.0, 4.0], 2.0, 1, |_| false), None);
    }
}
