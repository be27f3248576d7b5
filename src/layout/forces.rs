//! The forces of one ForceAtlas2 iteration: attraction along edges and gravity, node
//! by node; repulsion through the Barnes-Hut tree, group by group in Morton order (the
//! dual-tree walk of `layout/walk.rs` gives each group of nearby bodies its lists, with
//! criteria that hold for every member: the group's local expansion, its far cells and
//! its near bodies); a group's bodies, eight at a time in SIMD lanes, sum the far cells
//! and the near bodies and evaluate the expansion; and the exceptions the lanes leave
//! out (coincident bodies, overlap prevention).

use rayon::prelude::*;

use super::graph::LayoutGraph;
use super::lane_inputs::{Adjacency, COINCIDENT_D2, Columns, LANES};
use super::lanes::{Shape, lanes_attraction, lanes_repulsion_targets};
use super::params::Params;
use super::quadtree::QuadTree;
use super::walk::{GroupLists, Walk, target_radii};

/// Nodes per parallel task.
pub const NODE_CHUNK: usize = 1024;

/// A direction for two coincident bodies, the same for every run and opposite for
/// (j, i): bodies that share a position still push each other apart.
pub fn split_direction(i: u32, j: u32) -> (f32, f32) {
    let (a, b, sign) = if i < j { (i, j, 1.0) } else { (j, i, -1.0) };
    let mut h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 29;
    let angle = (h % 6283) as f32 / 1000.0;
    (sign * angle.cos(), sign * angle.sin())
}

/// Near repulsion body by body, for what the lanes leave out: bodies at the same
/// position (pushed apart along a fixed direction) and, with overlap prevention, the
/// whole near field computed with sizes.
#[allow(clippy::too_many_arguments)]
fn near_exceptions(
    tree: &QuadTree,
    near: &[(u32, u32)],
    k: usize,
    i: u32,
    px: f32,
    py: f32,
    km: f32,
    s: f32,
    prevent_overlap: bool,
) -> (f32, f32) {
    let (mut fx, mut fy) = (0.0f32, 0.0f32);
    for &(first, end) in near {
        for b in first as usize..end as usize {
            if b == k {
                continue;
            }
            let (mut bx, mut by) = (px - tree.sx[b], py - tree.sy[b]);
            let mut bd2 = bx * bx + by * by;
            let coincident = bd2 < COINCIDENT_D2;
            if !coincident && !prevent_overlap {
                continue;
            }
            if coincident {
                let (ux, uy) = split_direction(i, tree.order[b]);
                bx = ux * 1e-3;
                by = uy * 1e-3;
                bd2 = 1e-6;
            }
            let mm = km * tree.smass[b];
            let factor = if prevent_overlap {
                let gap = bd2.sqrt() - s - tree.ssize[b];
                if gap > 0.0 {
                    mm / (gap * gap)
                } else {
                    100.0 * mm
                }
            } else {
                mm / bd2
            };
            fx += bx * factor;
            fy += by * factor;
        }
    }
    (fx, fy)
}

/// Attraction (along edges, pulled by `pull`) and gravity of every node, in node order:
/// the adjacency streams, positions are gathered from one interleaved array.
pub fn attraction_and_gravity(
    g: &LayoutGraph,
    pos: &[[f32; 2]],
    pull: &[f32],
    p: Params,
    attraction: &mut [(f32, f32)],
) {
    let adjacency = Adjacency {
        offsets: &g.offsets,
        neighbors: &g.neighbors,
        pull,
        size: &g.size,
    };
    let shape = Shape {
        lin_log: p.lin_log,
        prevent_overlap: p.prevent_overlap,
    };
    let linear = !p.lin_log && !p.prevent_overlap;
    attraction
        .par_chunks_mut(NODE_CHUNK)
        .enumerate()
        .for_each(|(c, out)| {
            let first = c * NODE_CHUNK;
            if linear {
                linear_attraction(&adjacency, pos, first, out);
            } else {
                lanes_attraction(&adjacency, pos, shape, first, out);
            }
            for (o, slot) in out.iter_mut().enumerate() {
                let i = first + o;
                let [px, py] = pos[i];
                let d = (px * px + py * py).sqrt();
                if d > 0.0 {
                    let factor = if p.strong_gravity {
                        p.gravity * g.mass[i]
                    } else {
                        p.gravity * g.mass[i] / d
                    };
                    slot.0 -= px * factor;
                    slot.1 -= py * factor;
                }
            }
        });
}

/// Linear attraction (pull times distance) on the nodes `first..first + out.len()`,
/// entry by entry: nothing to compute in lanes but a multiply-add per entry.
fn linear_attraction(adj: &Adjacency<'_>, pos: &[[f32; 2]], first: usize, out: &mut [(f32, f32)]) {
    for (o, slot) in out.iter_mut().enumerate() {
        let i = first + o;
        let [px, py] = pos[i];
        let (mut fx, mut fy) = (0.0f32, 0.0f32);
        let entries = adj.offsets[i] as usize..adj.offsets[i + 1] as usize;
        for (&j, &pull) in adj.neighbors[entries.clone()]
            .iter()
            .zip(&adj.pull[entries])
        {
            let [qx, qy] = pos[j as usize];
            fx -= (px - qx) * pull;
            fy -= (py - qy) * pull;
        }
        *slot = (fx, fy);
    }
}

/// Repulsion of every body, in sorted (Morton) order, into `repulsion`; `radii` is a
/// buffer for the walk's target radii.
pub fn repulsion_sorted(
    tree: &QuadTree,
    p: Params,
    radii: &mut Vec<f32>,
    repulsion: &mut [(f32, f32)],
) {
    let kr = p.scaling_ratio;
    target_radii(tree, radii);
    let walk = Walk {
        tree,
        radii,
        theta: p.theta,
    };
    let bodies = Columns {
        x: &tree.sx,
        y: &tree.sy,
        m: &tree.smass,
    };
    walk.run(repulsion, &|gc, lists, out| {
        let GroupLists { far, near, local } = lists;
        let first = tree.cells[gc as usize].first as usize;
        let count = out.len();
        // Overlap prevention sums the near bodies one by one (with their sizes).
        let near_in_lanes: &[(u32, u32)] = if p.prevent_overlap { &[] } else { near };
        // Eight of the group's bodies at a time, one per lane, against every source.
        for block in (0..count).step_by(LANES) {
            let lane_body = |l: usize| first + (block + l).min(count - 1);
            let tx: [f32; LANES] = std::array::from_fn(|l| tree.sx[lane_body(l)]);
            let ty: [f32; LANES] = std::array::from_fn(|l| tree.sy[lane_body(l)]);
            let sums = lanes_repulsion_targets(&tx, &ty, Columns::of(far), bodies, near_in_lanes);
            for l in 0..(count - block).min(LANES) {
                let k = first + block + l;
                let i = tree.order[k];
                let (px, py, m, s) = (tx[l], ty[l], tree.smass[k], tree.ssize[k]);
                let km = kr * m;
                let (lx, ly) = local.at(px, py);
                let (mut fx, mut fy) = (km * (sums.fx[l] + lx), km * (sums.fy[l] + ly));
                // The body itself is one of its near bodies.
                if p.prevent_overlap || sums.same[l] > 1.0 {
                    let (cx, cy) =
                        near_exceptions(tree, near, k, i, px, py, km, s, p.prevent_overlap);
                    fx += cx;
                    fy += cy;
                }
                out[block + l] = (fx, fy);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The attraction as the ForceAtlas2 paper writes it, edge by edge in f64.
    fn reference(g: &LayoutGraph, pos: &[[f32; 2]], pull: &[f32], p: Params) -> Vec<(f64, f64)> {
        (0..g.node_count())
            .map(|i| {
                let [px, py] = pos[i].map(f64::from);
                let (mut fx, mut fy) = (0.0, 0.0);
                let entries = g.offsets[i] as usize..g.offsets[i + 1] as usize;
                for (&j, &pull_e) in g.neighbors[entries.clone()].iter().zip(&pull[entries]) {
                    let j = j as usize;
                    let (dx, dy) = (px - f64::from(pos[j][0]), py - f64::from(pos[j][1]));
                    let d = (dx * dx + dy * dy).sqrt();
                    let d_eff = if p.prevent_overlap {
                        d - f64::from(g.size[i]) - f64::from(g.size[j])
                    } else {
                        d
                    };
                    if d <= 0.0 || d_eff <= 0.0 {
                        continue;
                    }
                    let pulled = if p.lin_log { (1.0 + d_eff).ln() } else { d_eff };
                    let factor = -f64::from(pull_e) * pulled / d;
                    fx += dx * factor;
                    fy += dy * factor;
                }
                (fx, fy)
            })
            .collect()
    }

    #[test]
    fn attraction_in_lanes_matches_the_formula_for_every_shape() {
        // Nodes of degree 0 to 40 (partial and whole lanes), a self-loop and a
        // coincident pair (no pull), sizes that overlap some pairs.
        let n = 300u32;
        let mut edges = vec![(5, 5, 1.0), (7, 8, 2.0)];
        for i in 0..n {
            for k in 1..=(i % 41) {
                edges.push((i, (i * 7 + k * 13) % n, 1.0 + (k % 3) as f32));
            }
        }
        let mut g = LayoutGraph::from_edges(n as usize, &edges);
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 40) as f32 / (1u64 << 24) as f32
        };
        let mut pos: Vec<[f32; 2]> = (0..n)
            .map(|_| [next() * 400.0 - 200.0, next() * 400.0 - 200.0])
            .collect();
        pos[8] = pos[7];
        g.size = (0..n).map(|_| next() * 20.0).collect();
        let pull: Vec<f32> = (0..g.neighbors.len()).map(|_| 0.5 + next()).collect();
        for (lin_log, prevent_overlap) in
            [(true, false), (true, true), (false, true), (false, false)]
        {
            let p = Params {
                lin_log,
                prevent_overlap,
                gravity: 0.0,
                ..Params::default()
            };
            let mut got = vec![(0.0, 0.0); n as usize];
            attraction_and_gravity(&g, &pos, &pull, p, &mut got);
            let want = reference(&g, &pos, &pull, p);
            let scale = want
                .iter()
                .map(|f| f.0.abs().max(f.1.abs()))
                .fold(0.0, f64::max);
            assert!(scale > 1.0, "the test graph pulls");
            let mut pulled = 0;
            for (i, (a, b)) in got.iter().zip(&want).enumerate() {
                for (x, y) in [(a.0, b.0), (a.1, b.1)] {
                    let err = (f64::from(x) - y).abs();
                    assert!(
                        err <= 1e-5 * scale + 1e-5 * y.abs(),
                        "{lin_log} {prevent_overlap}: node {i}: {x} against {y}"
                    );
                }
                pulled += usize::from(b.0 != 0.0);
            }
            assert!(pulled > 250, "most nodes are pulled ({pulled})");
        }
    }
}
