//! The Barnes-Hut tree of ForceAtlas2's repulsion, rebuilt every iteration.
//!
//! Nodes are sorted by the Morton (Z-order) code of their quantised position, so that
//! every cell of the quadtree is a contiguous range of the sorted order; cells are
//! stored in depth-first pre-order with a `skip` link past their subtree, so that the
//! force traversal is a forward walk over one array with no stack. Bodies are copied
//! into sorted order too: a leaf's bodies sit next to each other in memory.
//!
//! Building is deterministic (a total order on `(code, node)` keys, a sequential cell
//! pass), so forces do not depend on the number of threads.
//!
//! # Complexity
//! O(n log n) to sort (parallel), O(n) cells built with binary searches per level.

use rayon::prelude::*;

/// Bodies per leaf at most (unless they share one quantised position).
pub const LEAF_SIZE: usize = 8;
/// Bodies per group at most: the tree is walked once per group.
pub const GROUP_SIZE: usize = 48;
/// Levels of the tree (16-bit quantisation per axis).
const LEVELS: u32 = 16;

/// One cell: its total mass and centre of mass, its side, and where its subtree ends.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cell {
    pub cx: f32,
    pub cy: f32,
    pub mass: f32,
    /// Side of the square the cell covers.
    pub size: f32,
    /// Index of the next cell after this one's subtree.
    pub skip: u32,
    /// First body (in sorted order) and number of bodies of the cell's subtree.
    pub first: u32,
    pub count: u32,
    /// Leaves hold bodies; other cells hold cells.
    pub leaf: bool,
}

/// The tree, with bodies in Morton order.
#[derive(Default, Debug)]
pub struct QuadTree {
    pub cells: Vec<Cell>,
    /// Node id of each body in sorted order.
    pub order: Vec<u32>,
    /// Position in sorted order of each node id.
    pub rank: Vec<u32>,
    pub sx: Vec<f32>,
    pub sy: Vec<f32>,
    pub smass: Vec<f32>,
    pub ssize: Vec<f32>,
    /// Groups: the largest cells of at most [`GROUP_SIZE`] bodies, in body order.
    pub groups: Vec<u32>,
    keys: Vec<u64>,
    /// Buffers of the subtrees built in parallel, kept for the next build.
    pool: std::sync::Mutex<Vec<Builder>>,
    /// Bounding boxes of the cells during a refit.
    bounds: Vec<[f32; 4]>,
    /// Σ leaf sizes when last built, to tell when refits have stretched the cells.
    built_extent: f64,
    radix_tmp: Vec<u64>,
}

/// Sorts keys by their upper 32 bits (the Morton code), stably: three passes of an
/// 11-bit least-significant-digit radix sort. Keys that share a code keep their order
/// (the previous iteration's), so the result is deterministic.
///
/// # Complexity
/// O(n), three reads and three scattered writes of the keys.
fn radix_sort_by_code(keys: &mut Vec<u64>, tmp: &mut Vec<u64>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    tmp.clear();
    tmp.resize(keys.len(), 0);
    for pass in 0..3u32 {
        let shift = 32 + pass * BITS;
        let mut counts = vec![0usize; BUCKETS];
        for &k in keys.iter() {
            counts[((k >> shift) as usize) & (BUCKETS - 1)] += 1;
        }
        let mut total = 0;
        for c in &mut counts {
            let n = *c;
            *c = total;
            total += n;
        }
        for &k in keys.iter() {
            let b = ((k >> shift) as usize) & (BUCKETS - 1);
            tmp[counts[b]] = k;
            counts[b] += 1;
        }
        std::mem::swap(keys, tmp);
    }
}

/// Spreads the 16 low bits of `v` to the even bit positions.
fn spread(v: u32) -> u64 {
    let mut x = u64::from(v & 0xffff);
    x = (x | (x << 8)) & 0x00ff_00ff;
    x = (x | (x << 4)) & 0x0f0f_0f0f;
    x = (x | (x << 2)) & 0x3333_3333;
    x = (x | (x << 1)) & 0x5555_5555;
    x
}

impl QuadTree {
    /// Rebuilds the tree over the given bodies (buffers are reused between calls).
    pub fn build(&mut self, x: &[f32], y: &[f32], mass: &[f32], size: &[f32]) {
        let n = x.len();
        self.cells.clear();
        if n == 0 {
            self.order.clear();
            self.rank.clear();
            return;
        }
        let (min_x, max_x, min_y, max_y) = x
            .par_iter()
            .zip(y.par_iter())
            .fold(
                || {
                    (
                        f32::INFINITY,
                        f32::NEG_INFINITY,
                        f32::INFINITY,
                        f32::NEG_INFINITY,
                    )
                },
                |(a, b, c, d), (&px, &py)| (a.min(px), b.max(px), c.min(py), d.max(py)),
            )
            .reduce(
                || {
                    (
                        f32::INFINITY,
                        f32::NEG_INFINITY,
                        f32::INFINITY,
                        f32::NEG_INFINITY,
                    )
                },
                |p, q| (p.0.min(q.0), p.1.max(q.1), p.2.min(q.2), p.3.max(q.3)),
            );
        let side = (max_x - min_x).max(max_y - min_y);
        let side = if side.is_finite() && side > 0.0 {
            side * (1.0 + 1e-5)
        } else {
            1.0
        };
        let (ox, oy) = if min_x.is_finite() && min_y.is_finite() {
            (min_x, min_y)
        } else {
            (0.0, 0.0)
        };
        let scale = 65_535.0 / side;
        // Keys in the previous iteration's order: the stable radix sort keeps that order
        // among bodies that share a code, so the tree depends on positions and history
        // only, never on the number of threads.
        let previous = if self.order.len() == n {
            std::mem::take(&mut self.order)
        } else {
            (0..n as u32).collect()
        };
        self.keys.clear();
        self.keys.par_extend(previous.par_iter().map(|&i| {
            let i = i as usize;
            let qx = ((x[i] - ox) * scale).clamp(0.0, 65_535.0) as u32;
            let qy = ((y[i] - oy) * scale).clamp(0.0, 65_535.0) as u32;
            let code = spread(qx) | (spread(qy) << 1);
            (code << 32) | i as u64
        }));
        self.order = previous;
        radix_sort_by_code(&mut self.keys, &mut self.radix_tmp);
        self.order.clear();
        self.order
            .extend(self.keys.iter().map(|k| (k & 0xffff_ffff) as u32));
        self.rank.resize(n, 0);
        for (k, &i) in self.order.iter().enumerate() {
            self.rank[i as usize] = k as u32;
        }
        let gather = |dst: &mut Vec<f32>, src: &[f32], order: &[u32]| {
            dst.clear();
            dst.par_extend(order.par_iter().map(|&i| src[i as usize]));
        };
        gather(&mut self.sx, x, &self.order);
        gather(&mut self.sy, y, &self.order);
        gather(&mut self.smass, mass, &self.order);
        gather(&mut self.ssize, size, &self.order);
        let bodies = Bodies {
            keys: &self.keys,
            sx: &self.sx,
            sy: &self.sy,
            smass: &self.smass,
            pool: &self.pool,
        };
        // The cell and group buffers are reused from one iteration to the next.
        let mut built = Builder {
            cells: std::mem::take(&mut self.cells),
            groups: std::mem::take(&mut self.groups),
        };
        built.cells.clear();
        built.groups.clear();
        build_cell(&bodies, &mut built, 0, n, 0, side, false, PARALLEL_LEVELS);
        self.cells = built.cells;
        self.groups = built.groups;
        self.built_extent = self.leaf_extent();
    }

    /// Σ of the leaves' sizes.
    fn leaf_extent(&self) -> f64 {
        self.cells
            .iter()
            .filter(|c| c.leaf)
            .map(|c| f64::from(c.size))
            .sum()
    }
}

/// Levels of the tree whose four subtrees are built in parallel.
const PARALLEL_LEVELS: u32 = 3;

/// The sorted bodies a tree is built over.
struct Bodies<'a> {
    keys: &'a [u64],
    sx: &'a [f32],
    sy: &'a [f32],
    smass: &'a [f32],
    pool: &'a std::sync::Mutex<Vec<Builder>>,
}

/// Cells and groups of a (sub)tree in pre-order, indices relative to its first cell.
#[derive(Default, Debug)]
struct Builder {
    cells: Vec<Cell>,
    groups: Vec<u32>,
}

impl Builder {
    /// Appends a subtree built on its own, shifting its indices; leaves `sub` empty.
    fn append(&mut self, sub: &mut Builder) {
        let offset = self.cells.len() as u32;
        self.cells.extend(sub.cells.drain(..).map(|mut c| {
            c.skip += offset;
            c
        }));
        self.groups.extend(sub.groups.drain(..).map(|g| g + offset));
    }
}

/// Builds the cell over sorted bodies `lo..hi` at `level` and its subtree (the top
/// `parallel` levels' subtrees in parallel, assembled in order, so the tree is the same
/// for any number of threads); returns (mass, Σmx, Σmy).
#[allow(clippy::too_many_arguments)]
fn build_cell(
    b: &Bodies<'_>,
    out: &mut Builder,
    lo: usize,
    hi: usize,
    level: u32,
    side: f32,
    grouped: bool,
    parallel: u32,
) -> (f64, f64, f64) {
    let index = out.cells.len();
    out.cells.push(Cell {
        size: side,
        first: lo as u32,
        count: (hi - lo) as u32,
        ..Cell::default()
    });
    let is_leaf = hi - lo <= LEAF_SIZE || level >= LEVELS;
    let grouped = grouped || {
        if hi - lo <= GROUP_SIZE || is_leaf {
            out.groups.push(index as u32);
            true
        } else {
            false
        }
    };
    let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    if is_leaf {
        for k in lo..hi {
            let w = f64::from(b.smass[k]);
            m += w;
            mx += w * f64::from(b.sx[k]);
            my += w * f64::from(b.sy[k]);
        }
        out.cells[index].leaf = true;
    } else {
        let shift = 2 * (LEVELS - 1 - level) + 32;
        let digit = |k: u64| (k >> shift) & 3;
        let mut ranges = Vec::with_capacity(4);
        let mut start = lo;
        for q in 0..4u64 {
            let end = start + b.keys[start..hi].partition_point(|&k| digit(k) <= q);
            if end > start {
                ranges.push((start, end));
            }
            start = end;
        }
        if parallel > 0 && hi - lo > 4096 {
            let subs: Vec<(Builder, (f64, f64, f64))> = ranges
                .par_iter()
                .map(|&(s, e)| {
                    let mut sub = b
                        .pool
                        .lock()
                        .ok()
                        .and_then(|mut p| p.pop())
                        .unwrap_or_default();
                    let sums = build_cell(
                        b,
                        &mut sub,
                        s,
                        e,
                        level + 1,
                        side * 0.5,
                        grouped,
                        parallel - 1,
                    );
                    (sub, sums)
                })
                .collect();
            for (mut sub, (a, c, d)) in subs {
                out.append(&mut sub);
                if let Ok(mut pool) = b.pool.lock() {
                    pool.push(sub);
                }
                m += a;
                mx += c;
                my += d;
            }
        } else {
            for (s, e) in ranges {
                let (a, c, d) = build_cell(b, out, s, e, level + 1, side * 0.5, grouped, 0);
                m += a;
                mx += c;
                my += d;
            }
        }
    }
    let end = out.cells.len() as u32;
    let cell = &mut out.cells[index];
    cell.mass = m as f32;
    if m > 0.0 {
        cell.cx = (mx / m) as f32;
        cell.cy = (my / m) as f32;
    }
    cell.skip = end;
    (m, mx, my)
}

impl QuadTree {
    /// Whether the tree was built over `n` bodies (and so can be refitted).
    pub fn holds(&self, n: usize) -> bool {
        self.order.len() == n && !self.cells.is_empty()
    }

    /// Updates the tree for new positions without rebuilding it: the same cells hold
    /// the same bodies; centres of mass are recomputed and each cell's size becomes the
    /// side of its bodies' bounding box, so the acceptance criterion stays sound.
    ///
    /// # Complexity
    /// O(n + cells), one reverse pass (children come after their parent in pre-order).
    /// Returns false when the cells have stretched past their built sizes overall: then
    /// a rebuild serves the force walk better.
    pub fn refit(&mut self, x: &[f32], y: &[f32]) -> bool {
        let order = &self.order;
        self.sx.clear();
        self.sx.par_extend(order.par_iter().map(|&i| x[i as usize]));
        self.sy.clear();
        self.sy.par_extend(order.par_iter().map(|&i| y[i as usize]));
        let mut bounds = std::mem::take(&mut self.bounds);
        bounds.clear();
        bounds.resize(self.cells.len(), EMPTY_BOUNDS);
        // The subtrees below the top levels are refitted in parallel (each cell needs
        // only its own children, so the result is the same for any number of threads),
        // then the top cells, children first.
        let (subtrees, top) = self.split_levels(PARALLEL_LEVELS);
        let bodies = (&self.sx[..], &self.sy[..], &self.smass[..]);
        let mut parts = Vec::with_capacity(subtrees.len());
        let (mut cells_rest, mut bounds_rest) = (&mut self.cells[..], &mut bounds[..]);
        let mut consumed = 0;
        for range in &subtrees {
            let (_, cells_tail) =
                std::mem::take(&mut cells_rest).split_at_mut(range.start - consumed);
            let (_, bounds_tail) =
                std::mem::take(&mut bounds_rest).split_at_mut(range.start - consumed);
            let (cells_mine, cells_after) = cells_tail.split_at_mut(range.len());
            let (bounds_mine, bounds_after) = bounds_tail.split_at_mut(range.len());
            parts.push((range.start, cells_mine, bounds_mine));
            (cells_rest, bounds_rest) = (cells_after, bounds_after);
            consumed = range.end;
        }
        parts.into_par_iter().for_each(|(base, cells, bounds)| {
            for c in (base..base + cells.len()).rev() {
                refit_cell(cells, bounds, base, c, bodies);
            }
        });
        for &c in top.iter().rev() {
            refit_cell(&mut self.cells, &mut bounds, 0, c, bodies);
        }
        self.bounds = bounds;
        self.leaf_extent() <= self.built_extent
    }

    /// The cells of the top `levels` levels that hold other cells (in pre-order), and
    /// the subtrees below them as cell ranges (in order, disjoint): together, every
    /// cell once.
    fn split_levels(&self, levels: u32) -> (Vec<std::ops::Range<usize>>, Vec<usize>) {
        let mut subtrees = Vec::new();
        let mut top = Vec::new();
        // (cell, depth), walked in pre-order.
        let mut stack = vec![(0usize, 0u32)];
        while let Some((c, depth)) = stack.pop() {
            let Some(cell) = self.cells.get(c) else {
                continue;
            };
            if depth >= levels || cell.leaf {
                subtrees.push(c..cell.skip as usize);
                continue;
            }
            top.push(c);
            let mut children = Vec::with_capacity(4);
            let mut child = c + 1;
            while child < cell.skip as usize {
                children.push(child);
                child = self.cells[child].skip as usize;
            }
            stack.extend(children.into_iter().rev().map(|ch| (ch, depth + 1)));
        }
        (subtrees, top)
    }

    /// The interaction lists of a group of bodies within `radius` of `(gx, gy)`: cells
    /// far enough to act as single bodies on every member (side < θ · (distance −
    /// radius)) as (x, y, mass), and the leaves near enough to be summed body by body.
    /// With θ = 0 every leaf is near: the forces are exact.
    #[inline(never)]
    pub(crate) fn interactions(
        &self,
        gx: f32,
        gy: f32,
        radius: f32,
        theta: f32,
        far: &mut super::lanes::Lanes,
        near: &mut Vec<u32>,
    ) {
        far.clear();
        near.clear();
        let cells = &self.cells;
        // side < θ (d − r)  ⟺  d > r + side / θ  ⟺  d² > (r + side / θ)²: no square root.
        let inv_theta = 1.0 / theta;
        let mut c = 0usize;
        while c < cells.len() {
            let cell = &cells[c];
            let dx = gx - cell.cx;
            let dy = gy - cell.cy;
            let reach = radius + cell.size * inv_theta;
            if dx * dx + dy * dy > reach * reach {
                far.push(cell.cx, cell.cy, cell.mass);
                c = cell.skip as usize;
            } else if cell.leaf {
                near.push(c as u32);
                c = cell.skip as usize;
            } else {
                c += 1;
            }
        }
    }
}

/// Bounds of no body at all.
const EMPTY_BOUNDS: [f32; 4] = [
    f32::INFINITY,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NEG_INFINITY,
];

/// Refits cell `c` from its bodies (a leaf) or its children, which come after it in
/// `cells` and have been refitted; `cells` and `bounds` start at cell `base`.
fn refit_cell(
    cells: &mut [Cell],
    bounds: &mut [[f32; 4]],
    base: usize,
    c: usize,
    (sx, sy, smass): (&[f32], &[f32], &[f32]),
) {
    let cell = cells[c - base];
    let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    let mut b = EMPTY_BOUNDS;
    if cell.leaf {
        let first = cell.first as usize;
        for k in first..first + cell.count as usize {
            let (px, py, w) = (sx[k], sy[k], f64::from(smass[k]));
            m += w;
            mx += w * f64::from(px);
            my += w * f64::from(py);
            b = [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)];
        }
    } else {
        let mut child = c + 1;
        while child < cell.skip as usize {
            let ch = cells[child - base];
            let w = f64::from(ch.mass);
            m += w;
            mx += w * f64::from(ch.cx);
            my += w * f64::from(ch.cy);
            let cb = bounds[child - base];
            b = [
                b[0].min(cb[0]),
                b[1].min(cb[1]),
                b[2].max(cb[2]),
                b[3].max(cb[3]),
            ];
            child = ch.skip as usize;
        }
    }
    bounds[c - base] = b;
    let cell = &mut cells[c - base];
    cell.size = (b[2] - b[0]).max(b[3] - b[1]).max(0.0);
    if m > 0.0 {
        cell.cx = (mx / m) as f32;
        cell.cy = (my / m) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_is_in_exactly_one_leaf_and_masses_add_up() {
        let n = 1000;
        let x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 1000) as f32).collect();
        let y: Vec<f32> = (0..n).map(|i| ((i * 104_729) % 997) as f32 * 0.5).collect();
        let m: Vec<f32> = (0..n).map(|i| 1.0 + (i % 5) as f32).collect();
        let s = vec![1.0; n];
        let mut t = QuadTree::default();
        t.build(&x, &y, &m, &s);
        let mut seen = vec![0; n];
        for c in t.cells.iter().filter(|c| c.leaf) {
            for k in c.first..c.first + c.count {
                seen[t.order[k as usize] as usize] += 1;
            }
        }
        assert!(seen.iter().all(|&s| s == 1));
        let total: f32 = m.iter().sum();
        assert!((t.cells[0].mass - total).abs() < 1e-3 * total);
        assert_eq!(t.cells[0].skip as usize, t.cells.len());
        // Groups cover every body once, in order.
        let mut next = 0;
        for &g in &t.groups {
            let c = &t.cells[g as usize];
            assert_eq!(c.first, next);
            assert!(c.count as usize <= GROUP_SIZE || c.leaf);
            next += c.count;
        }
        assert_eq!(next as usize, n);
        for (i, &r) in t.rank.iter().enumerate() {
            assert_eq!(t.order[r as usize] as usize, i);
        }
    }

    #[test]
    fn refit_matches_a_rebuild_when_bodies_stay_in_their_cells() {
        let n = 500;
        let x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 1000) as f32).collect();
        let y: Vec<f32> = (0..n).map(|i| ((i * 104_729) % 997) as f32).collect();
        let m = vec![2.0; n];
        let mut t = QuadTree::default();
        t.build(&x, &y, &m, &vec![1.0; n]);
        // Move every body a tiny bit: masses and centres follow, sizes bound the bodies.
        let x2: Vec<f32> = x.iter().map(|v| v + 0.01).collect();
        t.refit(&x2, &y);
        let total: f32 = m.iter().sum();
        assert!((t.cells[0].mass - total).abs() < 1e-3);
        let cx = x2.iter().sum::<f32>() / n as f32;
        assert!(
            (t.cells[0].cx - cx).abs() < 1e-2,
            "{} vs {cx}",
            t.cells[0].cx
        );
        for c in &t.cells {
            let f = c.first as usize;
            for k in f..f + c.count as usize {
                let i = t.order[k] as usize;
                assert!(
                    (x2[i] - c.cx).abs() <= c.size + 1e-3 && (y[i] - c.cy).abs() <= c.size + 1e-3
                );
            }
        }
    }

    #[test]
    fn the_parallel_refit_is_the_cell_by_cell_refit() {
        let n = 20_000;
        let x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 10_007) as f32).collect();
        let y: Vec<f32> = (0..n).map(|i| ((i * 104_729) % 9_973) as f32).collect();
        let m: Vec<f32> = (0..n).map(|i| 1.0 + (i % 7) as f32).collect();
        let mut t = QuadTree::default();
        t.build(&x, &y, &m, &vec![1.0; n]);
        let x2: Vec<f32> = x
            .iter()
            .enumerate()
            .map(|(i, v)| v + (i % 13) as f32 * 0.3)
            .collect();
        let y2: Vec<f32> = y
            .iter()
            .enumerate()
            .map(|(i, v)| v - (i % 11) as f32 * 0.2)
            .collect();
        let (subtrees, top) = t.split_levels(PARALLEL_LEVELS);
        assert!(
            subtrees.len() > 16 && !top.is_empty(),
            "the split has parts"
        );
        let covered: usize = subtrees.iter().map(ExactSizeIterator::len).sum::<usize>() + top.len();
        assert_eq!(covered, t.cells.len(), "every cell once");
        // The reference: every cell in reverse pre-order, one thread.
        let mut reference = QuadTree::default();
        reference.build(&x, &y, &m, &vec![1.0; n]);
        reference.sx = reference.order.iter().map(|&i| x2[i as usize]).collect();
        reference.sy = reference.order.iter().map(|&i| y2[i as usize]).collect();
        let mut bounds = vec![EMPTY_BOUNDS; reference.cells.len()];
        let bodies = (&reference.sx[..], &reference.sy[..], &reference.smass[..]);
        for c in (0..reference.cells.len()).rev() {
            refit_cell(&mut reference.cells, &mut bounds, 0, c, bodies);
        }
        t.refit(&x2, &y2);
        for (a, b) in t.cells.iter().zip(&reference.cells) {
            assert_eq!(
                (
                    a.cx.to_bits(),
                    a.cy.to_bits(),
                    a.size.to_bits(),
                    a.mass.to_bits()
                ),
                (
                    b.cx.to_bits(),
                    b.cy.to_bits(),
                    b.size.to_bits(),
                    b.mass.to_bits()
                )
            );
        }
    }

    #[test]
    fn radix_sort_orders_by_code_and_is_stable() {
        let mut keys: Vec<u64> = (0..5000u64)
            .map(|i| ((i * 2_654_435_761) % 100_000) << 32 | (4999 - i))
            .collect();
        keys.push(7 << 32 | 1);
        keys.push(7 << 32);
        let mut tmp = Vec::new();
        radix_sort_by_code(&mut keys, &mut tmp);
        assert!(keys.windows(2).all(|w| (w[0] >> 32) <= (w[1] >> 32)));
        let sevens: Vec<u64> = keys
            .iter()
            .filter(|&&k| k >> 32 == 7)
            .map(|k| k & 0xffff_ffff)
            .collect();
        assert_eq!(
            &sevens[sevens.len() - 2..],
            &[1, 0],
            "equal codes keep their order"
        );
        assert_eq!(keys.len(), 5002);
    }

    #[test]
    fn coincident_and_degenerate_inputs() {
        let mut t = QuadTree::default();
        t.build(&[], &[], &[], &[]);
        assert!(t.cells.is_empty());
        let x = vec![5.0; 100];
        t.build(&x, &x, &vec![1.0; 100], &vec![1.0; 100]);
        let leaves: Vec<&Cell> = t.cells.iter().filter(|c| c.leaf).collect();
        assert_eq!(leaves.iter().map(|c| c.count).sum::<u32>(), 100);
        assert!((t.cells[0].cx - 5.0).abs() < 1e-4);
    }
}
