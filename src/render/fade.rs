//! Fading between two stylings of the same network (a filter or style change while
//! presenting): node and edge instances blended by index, so that accounts a filter
//! drops fade out and those it brings back fade in, with no jump cut. Both stylings
//! list the same nodes and edges in the same order (styling never reorders them);
//! when they do not, the new one is shown at once.

use rayon::prelude::*;

use super::gpu::{EdgeInstance, NODE_HIDDEN, NodeInstance};

/// `a` → `b` by `t` (0..=1), per channel.
fn mix(a: [u8; 4], b: [u8; 4], t: f32) -> [u8; 4] {
    let mut out = [0u8; 4];
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        *o = (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    }
    out
}

/// A node's colour as drawn: transparent when hidden. Colours are premultiplied, so
/// transparent is all zeros.
fn drawn_color(n: &NodeInstance) -> [u8; 4] {
    if n.flags & NODE_HIDDEN != 0 {
        [0; 4]
    } else {
        n.color
    }
}

/// The nodes `t` of the way from `from` to `to`; `None` when they do not match.
pub fn blend_nodes(
    from: &[NodeInstance],
    to: &[NodeInstance],
    t: f32,
) -> Option<Vec<NodeInstance>> {
    if from.len() != to.len() || from.iter().zip(to).any(|(a, b)| a.node != b.node) {
        return None;
    }
    let t = t.clamp(0.0, 1.0);
    Some(
        from.par_iter()
            .zip(to)
            .map(|(a, b)| {
                let both_hidden = a.flags & b.flags & NODE_HIDDEN != 0;
                NodeInstance {
                    node: b.node,
                    color: mix(drawn_color(a), drawn_color(b), t),
                    radius: a.radius + (b.radius - a.radius) * t,
                    // Shown while either end shows it; its colour does the fading.
                    flags: if both_hidden {
                        b.flags
                    } else {
                        b.flags & !NODE_HIDDEN
                    },
                }
            })
            .collect(),
    )
}

/// The edges `t` of the way from `from` to `to` (alpha 0 hides an edge, so a hidden
/// edge fades from or to its own colour at zero opacity); `None` when they do not match.
pub fn blend_edges(
    from: &[EdgeInstance],
    to: &[EdgeInstance],
    t: f32,
) -> Option<Vec<EdgeInstance>> {
    if from.len() != to.len() {
        return None;
    }
    let t = t.clamp(0.0, 1.0);
    let faded = |c: [u8; 4], other: [u8; 4]| {
        if c[3] == 0 {
            [other[0], other[1], other[2], 0]
        } else {
            c
        }
    };
    from.par_iter()
        .zip(to)
        .map(|(a, b)| {
            (a.src == b.src && a.dst == b.dst).then(|| EdgeInstance {
                src: b.src,
                dst: b.dst,
                color: mix(faded(a.color, b.color), faded(b.color, a.color), t),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(node: u32, color: [u8; 4], flags: u32) -> NodeInstance {
        NodeInstance {
            node,
            color,
            radius: 4.0,
            flags,
        }
    }

    #[test]
    fn a_node_the_filter_hides_fades_out_and_one_it_shows_fades_in() {
        let from = [
            node(0, [200, 0, 0, 255], 0),
            node(1, [0, 0, 200, 255], NODE_HIDDEN),
        ];
        let to = [
            node(0, [200, 0, 0, 255], NODE_HIDDEN),
            node(1, [0, 0, 200, 255], 0),
        ];
        let half = blend_nodes(&from, &to, 0.5).expect("same nodes");
        assert_eq!(
            half[0].flags & NODE_HIDDEN,
            0,
            "still drawn while fading out"
        );
        assert_eq!(half[0].color, [100, 0, 0, 128]);
        assert_eq!(half[1].flags & NODE_HIDDEN, 0);
        assert_eq!(half[1].color, [0, 0, 100, 128]);
        let end = blend_nodes(&from, &to, 1.0).expect("same nodes");
        assert_eq!(end[0].color, [0; 4]);
        assert_eq!(end[1].color, to[1].color);
        assert!(blend_nodes(&from, &to[..1], 0.5).is_none());
    }

    #[test]
    fn an_edge_fades_in_its_own_colour() {
        let e = |color| EdgeInstance {
            src: 0,
            dst: 1,
            color,
        };
        let out = blend_edges(&[e([0; 4])], &[e([10, 20, 30, 200])], 0.5).expect("same edges");
        assert_eq!(out[0].color, [10, 20, 30, 100]);
        let other = EdgeInstance {
            src: 1,
            dst: 0,
            color: [0; 4],
        };
        assert!(blend_edges(&[e([0; 4])], &[other], 0.5).is_none());
    }
}
