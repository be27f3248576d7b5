//! The repulsion's walk of the Barnes-Hut tree as a dual-tree traversal: targets are
//! the tree's own cells, from the root down to the groups, and each target hands its
//! children what is left for them to look at, so that the top of the walk is done once
//! for all the groups beneath instead of once per group.
//!
//! A target (a cell, with its centre of mass and the radius of a ball holding its
//! bodies) receives from its parent:
//! - the *accepted* cells: far enough to act as single bodies on every body of the
//!   parent (side < θ · (distance − radius)), so on every body of this target too. Those
//!   at least [`SEPARATION`] radii from its centre go into its local expansion; the
//!   others are handed down again, and what reaches a group is summed body by body;
//! - the *open* cells: not accepted for the parent. Each is tested again with this
//!   target's smaller ball: accepted, or opened here (a large cell: its children are
//!   tested in its place), or handed down (a cell small beside this target: its
//!   children may accept it whole). A group opens every cell down to the leaves, whose
//!   bodies it sums body by body;
//! - the parent's local expansion, shifted to this target's centre (exact: a
//!   polynomial moved to another centre is the same polynomial).
//!
//! The walk scans a cell's subtree forward over the pre-order array (the `skip` links),
//! as the per-group walk did. Every target's lists and sums are made in an order that
//! depends on the tree only, and subtrees of many bodies are walked in parallel, each
//! writing the forces of its own bodies: the forces do not depend on the threads.

use rayon::prelude::*;

use super::expansion::{LocalExpansion, MIN_GROUP, SEPARATION};
use super::lane_inputs::Lanes;
use super::quadtree::{Cell, GROUP_SIZE, QuadTree};

/// Targets of more bodies than this walk their children in parallel.
const PARALLEL_BODIES: usize = 4096;

/// What a group gets from the walk: its far cells to sum body by body (as columns, not
/// padded), its near bodies (ranges of the sorted order, from its near leaves: whole
/// leaves, next ones joined), and its local expansion.
pub struct GroupLists<'a> {
    pub far: &'a Lanes,
    pub near: &'a [(u32, u32)],
    pub local: &'a LocalExpansion,
}

/// The lists of one target, reused by every target at the same depth.
#[derive(Default)]
struct Level {
    accepted: Vec<u32>,
    open: Vec<u32>,
    separated: Lanes,
}

/// Buffers of one walk in progress (one per parallel task).
struct Scratch {
    levels: Vec<Level>,
    far: Lanes,
    near: Vec<(u32, u32)>,
}

impl Scratch {
    fn new() -> Self {
        Self {
            levels: Vec::new(),
            far: Lanes::default(),
            near: Vec::new(),
        }
    }
}

/// Whether cell `c` of the tree is above the groups (a target with children).
fn above_groups(cell: &Cell) -> bool {
    !cell.leaf && cell.count as usize > GROUP_SIZE
}

/// The radius of each target: for a group, the farthest of its bodies from its centre
/// of mass; above the groups, the farthest child's ball (`|c − c_child| + r_child`),
/// which holds all of the cell's bodies. Other cells get 0 (they are never targets).
pub fn target_radii(tree: &QuadTree, radii: &mut Vec<f32>) {
    let cells = &tree.cells;
    radii.clear();
    radii.resize(cells.len(), 0.0);
    let exact: Vec<f32> = tree
        .groups
        .par_iter()
        .map(|&g| {
            let cell = &cells[g as usize];
            let range = cell.first as usize..(cell.first + cell.count) as usize;
            let mut r2 = 0.0f32;
            for (&x, &y) in tree.sx[range.clone()].iter().zip(&tree.sy[range]) {
                let (dx, dy) = (x - cell.cx, y - cell.cy);
                r2 = r2.max(dx * dx + dy * dy);
            }
            r2.sqrt()
        })
        .collect();
    for (&g, r) in tree.groups.iter().zip(exact) {
        radii[g as usize] = r;
    }
    // Children come after their parent in pre-order: backwards, they are done first.
    for c in (0..cells.len()).rev() {
        let cell = &cells[c];
        if !above_groups(cell) {
            continue;
        }
        let mut r = 0.0f32;
        let mut child = c + 1;
        while child < cell.skip as usize {
            let ch = &cells[child];
            let d = (ch.cx - cell.cx).hypot(ch.cy - cell.cy);
            r = r.max(d + radii[child]);
            child = ch.skip as usize;
        }
        radii[c] = r;
    }
}

/// The walk over one tree with one θ: calls `visit` once per group, in the order of
/// the groups' bodies, with the group's cell, its lists and the slice of `out` that
/// holds the group's bodies' forces (`out` has one entry per body, in sorted order).
pub struct Walk<'t> {
    pub tree: &'t QuadTree,
    pub radii: &'t [f32],
    pub theta: f32,
}

impl Walk<'_> {
    pub fn run<F>(&self, out: &mut [(f32, f32)], visit: &F)
    where
        F: Fn(u32, &GroupLists<'_>, &mut [(f32, f32)]) + Sync,
    {
        let cells = &self.tree.cells;
        let Some(root) = cells.first() else {
            return;
        };
        let n = (root.count as usize).min(out.len());
        let local = LocalExpansion::none(root.cx, root.cy);
        let mut scratch = Scratch::new();
        self.target(0, &local, &[], &[0], 0, &mut scratch, &mut out[..n], visit);
    }

    /// Target `t` with what its parent handed down; `out` holds its bodies' forces.
    #[allow(clippy::too_many_arguments)]
    fn target<F>(
        &self,
        t: usize,
        parent_local: &LocalExpansion,
        accepted: &[u32],
        open: &[u32],
        depth: usize,
        scratch: &mut Scratch,
        out: &mut [(f32, f32)],
        visit: &F,
    ) where
        F: Fn(u32, &GroupLists<'_>, &mut [(f32, f32)]) + Sync,
    {
        let cells = &self.tree.cells;
        let cell = &cells[t];
        let (cx, cy) = (cell.cx, cell.cy);
        let radius = self.radii[t];
        let group = !above_groups(cell);
        // Groups too small for an expansion sum their new far cells body by body.
        let expand = !group || cell.count as usize >= MIN_GROUP;
        if scratch.levels.len() <= depth {
            scratch.levels.resize_with(depth + 1, Level::default);
        }
        let Scratch { levels, far, near } = scratch;
        let level = &mut levels[depth];
        level.accepted.clear();
        level.open.clear();
        level.separated.clear();
        near.clear();
        let apart = radius * SEPARATION;
        let apart2 = if expand { apart * apart } else { f32::INFINITY };
        for &s in accepted {
            let source = &cells[s as usize];
            let (dx, dy) = (cx - source.cx, cy - source.cy);
            if dx * dx + dy * dy > apart2 {
                level.separated.push(source.cx, source.cy, source.mass);
            } else {
                level.accepted.push(s);
            }
        }
        // side < θ (d − r)  ⟺  d > r + side / θ  ⟺  d² > (r + side / θ)²: no square root.
        let inv_theta = 1.0 / self.theta;
        for &s in open {
            let end = cells[s as usize].skip as usize;
            let mut c = s as usize;
            while c < end {
                let source = &cells[c];
                let (dx, dy) = (cx - source.cx, cy - source.cy);
                let d2 = dx * dx + dy * dy;
                let reach = radius + source.size * inv_theta;
                if d2 > reach * reach {
                    if d2 > apart2 {
                        level.separated.push(source.cx, source.cy, source.mass);
                    } else {
                        level.accepted.push(c as u32);
                    }
                    c = source.skip as usize;
                } else if source.leaf {
                    if group {
                        let (first, end) = (source.first, source.first + source.count);
                        match near.last_mut() {
                            Some(last) if last.1 == first => last.1 = end,
                            _ => near.push((first, end)),
                        }
                    } else {
                        level.open.push(c as u32);
                    }
                    c = source.skip as usize;
                } else if group || source.size * inv_theta > radius {
                    // Opened here: its children are tested in its place.
                    c += 1;
                } else {
                    // Small beside this target: its children may accept it whole.
                    level.open.push(c as u32);
                    c = source.skip as usize;
                }
            }
        }
        level.separated.pad(cx, cy);
        let local = parent_local.shifted_to(cx, cy).plus_cells(&level.separated);
        if group {
            far.clear();
            for &s in &level.accepted {
                let source = &cells[s as usize];
                far.push(source.cx, source.cy, source.mass);
            }
            let lists = GroupLists {
                far,
                near,
                local: &local,
            };
            visit(t as u32, &lists, out);
            return;
        }
        // Lent to the children while they use the deeper levels, then put back.
        let accepted = std::mem::take(&mut level.accepted);
        let open = std::mem::take(&mut level.open);
        // The children and the slices of `out` that hold their bodies, in order.
        let mut children = Vec::with_capacity(4);
        let mut rest = out;
        let mut child = t + 1;
        while child < cell.skip as usize {
            let count = (cells[child].count as usize).min(rest.len());
            let (mine, others) = std::mem::take(&mut rest).split_at_mut(count);
            children.push((child, mine));
            rest = others;
            child = cells[child].skip as usize;
        }
        if cell.count as usize > PARALLEL_BODIES {
            children.into_par_iter().for_each(|(child, out)| {
                let mut scratch = Scratch::new();
                self.target(child, &local, &accepted, &open, 0, &mut scratch, out, visit);
            });
        } else {
            for (child, out) in children {
                self.target(
                    child,
                    &local,
                    &accepted,
                    &open,
                    depth + 1,
                    scratch,
                    out,
                    visit,
                );
            }
        }
        let level = &mut scratch.levels[depth];
        level.accepted = accepted;
        level.open = open;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clustered bodies (a few dense blobs and a sparse background), more than
    /// [`PARALLEL_BODIES`] so that the top of the walk runs in parallel.
    fn clustered_tree(n: usize, seed: u64) -> QuadTree {
        let mut state = seed;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 40) as f32 / (1u64 << 24) as f32
        };
        let (mut x, mut y, mut mass) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            let (cx, cy, spread) = match i % 4 {
                0 => (0.0, 0.0, 1000.0),
                1 => (200.0, -150.0, 20.0),
                2 => (-300.0, 250.0, 5.0),
                _ => (310.0, 300.0, 60.0),
            };
            x.push(cx + (next() - 0.5) * spread);
            y.push(cy + (next() - 0.5) * spread);
            mass.push(1.0 + (i % 7) as f32);
        }
        let mut tree = QuadTree::default();
        tree.build(&x, &y, &mass, &vec![1.0; n]);
        tree
    }

    /// Runs the walk and returns, for each body in sorted order, the mass its group
    /// accounts for (far cells, near bodies, local expansion) and how often the body was
    /// visited, plus the number of groups that got a far cell or an expansion.
    fn accounting(tree: &QuadTree, theta: f32) -> (Vec<(f32, f32)>, usize) {
        let mut radii = Vec::new();
        target_radii(tree, &mut radii);
        let walk = Walk {
            tree,
            radii: &radii,
            theta,
        };
        let mut out = vec![(0.0f32, 0.0f32); tree.order.len()];
        let approximated = std::sync::atomic::AtomicUsize::new(0);
        walk.run(&mut out, &|_group, lists: &GroupLists<'_>, out| {
            let far: f64 = lists.far.m.iter().copied().map(f64::from).sum();
            let near: f64 = lists
                .near
                .iter()
                .flat_map(|&(a, b)| &tree.smass[a as usize..b as usize])
                .copied()
                .map(f64::from)
                .sum();
            if far > 0.0 || lists.local.mass() > 0.0 {
                approximated.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            for slot in out.iter_mut() {
                *slot = ((far + near + lists.local.mass()) as f32, slot.1 + 1.0);
            }
        });
        (out, approximated.into_inner())
    }

    #[test]
    fn every_group_counts_every_body_once() {
        let tree = clustered_tree(9000, 5);
        let total: f64 = tree.smass.iter().copied().map(f64::from).sum();
        for theta in [0.0f32, 0.5, 1.2, 2.0] {
            let (out, approximated) = accounting(&tree, theta);
            for (k, &(mass, visits)) in out.iter().enumerate() {
                assert_eq!(visits, 1.0, "θ {theta}: body {k} visited {visits} times");
                let error = (f64::from(mass) - total).abs() / total;
                assert!(
                    error < 1e-5,
                    "θ {theta}: body {k}'s group counts {mass} of {total}"
                );
            }
            // θ 0 sums every body one by one; otherwise the far field is approximated.
            assert_eq!(approximated == 0, theta == 0.0, "θ {theta}: {approximated}");
        }
    }

    #[test]
    fn a_target_radius_holds_all_of_its_bodies() {
        let tree = clustered_tree(5000, 9);
        let mut radii = Vec::new();
        target_radii(&tree, &mut radii);
        let mut targets = 0;
        for (c, cell) in tree.cells.iter().enumerate() {
            let is_target = above_groups(cell) || tree.groups.contains(&(c as u32));
            if !is_target {
                continue;
            }
            targets += 1;
            let bodies = cell.first as usize..(cell.first + cell.count) as usize;
            for k in bodies {
                let d = (tree.sx[k] - cell.cx).hypot(tree.sy[k] - cell.cy);
                assert!(
                    d <= radii[c] * (1.0 + 1e-5) + 1e-5,
                    "cell {c}: {d} > {}",
                    radii[c]
                );
            }
        }
        assert!(
            targets > tree.groups.len(),
            "cells above the groups are targets too"
        );
    }
}
