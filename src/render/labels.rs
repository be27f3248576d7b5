//! Label placement: the most important visible nodes get a label, in importance order
//! (readable names before hashed ones among the most important), each placed only
//! where it overlaps no label already placed, and what a label says (hashed names in a
//! short form that still tells them apart). Text is measured by the caller (egui
//! galleys); this module only decides which labels go where.

use egui::{Pos2, Rect, Vec2};

/// Most labels shown at once.
pub const MAX_LABELS: usize = 30;
/// Most candidates examined per frame (visible or not), so placement stays cheap on
/// huge networks.
pub const MAX_CANDIDATES: usize = 20_000;

/// Labels longer than this many characters are cut.
pub const LABEL_CHARS: usize = 18;
/// Characters of a hashed name a label keeps.
pub const HASHED_LABEL_CHARS: usize = 6;
/// Among this many most important nodes, readable names are labelled first.
pub const READABLE_FIRST_AMONG: usize = 2_000;

/// Whether a name is an archive's hash of a name, not the name: the 2019+ releases
/// hash as 44-character base64 (ending in `=`), earlier ones as 64 hexadecimal digits.
pub fn looks_hashed(name: &str) -> bool {
    let n = name.len();
    let base64 = (40..=44).contains(&n)
        && name.ends_with('=')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    let hex = n == 64 && name.bytes().all(|b| b.is_ascii_hexdigit());
    base64 || hex
}

/// What a label says: a hashed name's first characters, or the name (cut when long).
pub fn label_text(name: &str) -> String {
    let keep = if looks_hashed(name) {
        HASHED_LABEL_CHARS
    } else {
        LABEL_CHARS
    };
    match name.char_indices().nth(keep) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_owned(),
    }
}

/// The order nodes are offered a label in: among the `READABLE_FIRST_AMONG` most
/// important (`by_importance` order), those with readable names, then those with
/// hashed ones, then everyone else in importance order.
pub fn label_order<'a>(
    by_importance: &'a [u32],
    readable: impl Fn(u32) -> bool + 'a,
) -> impl Iterator<Item = u32> + 'a {
    let (top, rest) = by_importance.split_at(by_importance.len().min(READABLE_FIRST_AMONG));
    let readable = std::rc::Rc::new(readable);
    let hashed = std::rc::Rc::clone(&readable);
    top.iter()
        .copied()
        .filter(move |&n| readable(n))
        .chain(top.iter().copied().filter(move |&n| !hashed(n)))
        .chain(rest.iter().copied())
}

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
    fn hashed_names_are_short_and_readable_ones_come_first() {
        let base64 = "9vYtesudyIm8WE3H+I/ZkqPLm0aHqVxHc2mF0Dn4pE=";
        let hex = "a3f1".repeat(16);
        assert!(looks_hashed(base64) && looks_hashed(&hex));
        assert!(!looks_hashed("china_94285") && !looks_hashed("2572896396"));
        assert!(!looks_hashed("Новости ЛНР и ДНР сегодня"));
        assert_eq!(label_text(base64), "9vYtes…");
        assert_eq!(label_text(&hex), "a3f1a3…");
        assert_eq!(label_text("china_94285"), "china_94285");
        assert_eq!(
            label_text("新闻新闻新闻新闻新闻新闻新闻新闻新闻新闻"),
            "新闻新闻新闻新闻新闻新闻新闻新闻新闻…"
        );
        // Nodes 0..5 by importance; odd ones have readable names.
        let order: Vec<u32> = label_order(&[0, 1, 2, 3, 4], |n| n % 2 == 1).collect();
        assert_eq!(order, vec![1, 3, 0, 2, 4]);
        let many: Vec<u32> = (0..(READABLE_FIRST_AMONG as u32 + 3)).collect();
        let order: Vec<u32> = label_order(&many, |n| n == 5).collect();
        assert_eq!(order[0], 5);
        assert_eq!(order.len(), many.len());
        assert_eq!(order[READABLE_FIRST_AMONG..], many[READABLE_FIRST_AMONG..]);
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
