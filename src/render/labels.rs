//! Label placement: the most important visible nodes get a label, in importance order,
//! each placed only where it overlaps no label already placed. Text is measured by the
//! caller (egui galleys); this module only decides where labels go.

use egui::{Pos2, Rect, Vec2};

/// Most labels shown at once.
pub const MAX_LABELS: usize = 30;
/// Most candidates examined per frame (visible or not), so placement stays cheap on
/// huge networks.
pub const MAX_CANDIDATES: usize = 20_000;

/// A label to draw: node and the rectangle its text occupies (screen points).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedLabel {
    pub node: u32,
    pub rect: Rect,
}

/// Places labels for `candidates` (node, its screen position, its radius in points),
/// given in decreasing importance. `text_size(node)` measures a node's label. Labels sit
/// to the right of their node, centred vertically; those that leave `viewport` or
/// overlap a placed label are skipped.
pub fn place(
    candidates: impl IntoIterator<Item = (u32, Pos2, f32)>,
    viewport: Rect,
    mut text_size: impl FnMut(u32) -> Option<Vec2>,
) -> Vec<PlacedLabel> {
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for (node, at, radius) in candidates.into_iter().take(MAX_CANDIDATES) {
        if placed.len() >= MAX_LABELS {
            break;
        }
        if !viewport.contains(at) {
            continue;
        }
        let Some(size) = text_size(node) else {
            continue;
        };
        let min = Pos2::new(at.x + radius + 3.0, at.y - size.y / 2.0);
        let rect = Rect::from_min_size(min, size).expand(1.0);
        if !viewport.contains_rect(rect) || placed.iter().any(|p| p.rect.intersects(rect)) {
            continue;
        }
        placed.push(PlacedLabel { node, rect });
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    #[test]
    fn labels_never_overlap_and_importance_wins() {
        let viewport = Rect::from_min_size(pos2(0.0, 0.0), vec2(400.0, 300.0));
        // Node 0 (most important) and node 1 sit on top of each other; node 2 is apart;
        // node 3 is off screen.
        let candidates = vec![
            (0, pos2(100.0, 100.0), 4.0),
            (1, pos2(105.0, 102.0), 4.0),
            (2, pos2(100.0, 200.0), 4.0),
            (3, pos2(-50.0, 100.0), 4.0),
        ];
        let placed = place(candidates, viewport, |_| Some(vec2(60.0, 14.0)));
        let nodes: Vec<u32> = placed.iter().map(|p| p.node).collect();
        assert_eq!(nodes, vec![0, 2]);
        for (i, a) in placed.iter().enumerate() {
            assert!(viewport.contains_rect(a.rect));
            for b in &placed[..i] {
                assert!(!a.rect.intersects(b.rect));
            }
        }
    }

    #[test]
    fn at_most_max_labels() {
        let viewport = Rect::from_min_size(pos2(0.0, 0.0), vec2(10_000.0, 10_000.0));
        let candidates = (0..1000u32).map(|i| {
            (
                i,
                pos2(
                    50.0 + (i % 30) as f32 * 300.0,
                    50.0 + (i / 30) as f32 * 30.0,
                ),
                2.0,
            )
        });
        let placed = place(candidates, viewport, |_| Some(vec2(50.0, 12.0)));
        assert_eq!(placed.len(), MAX_LABELS);
    }
}
