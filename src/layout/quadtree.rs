//! The Barnes-Hut tree of ForceAtlas2's repulsion, rebuilt or refitted every iteration.
//!
//! Nodes are sorted by the Morton (Z-order) code of their quantised position, so that
//! every cell of the quadtree is a contiguous range of the sorted order; cells are
//! stored in depth-first pre-order with a `skip` link past their subtree, so that the
//! force traversal is a forward walk over one array with no stack. Bodies are copied
//! into sorted order too: a leaf's bodies sit next to each other in memory.
//!
//! Building is deterministic (keys of `(code, previous position)` ordered as far as the
//! cells need: within a leaf, bodies keep their previous order; cells assembled in
//! order), so forces do not depend on the number of threads. A rebuild
//! starts from the previous sorted order: the keys arrive nearly sorted and the body
//! arrays are permuted from the previous ones, so it reads memory nearly in sequence.
//!
//! # Complexity
//! O(n) to scatter the keys into buckets plus the inversions within buckets (nearly
//! none from one iteration to the next), O(cells · log n) to find the cells' bounds by
//! binary search; the top of the tree splits into subtrees built in parallel.

use rayon::prelude::*;

/// Bodies per leaf at most (unless they share one quantised position).
pub const LEAF_SIZE: usize = 16;
/// Bodies per group at most: the repulsion walk's targets stop at the groups, whose
/// bodies share their lists (eight at a time in SIMD lanes).
pub const GROUP_SIZE: usize = 64;
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
    pool: std::sync::Mutex<Vec<Segment>>,
    /// Bounding boxes of the cells during a refit.
    bounds: Vec<[f32; 4]>,
    /// Σ leaf sizes when last built, to tell when refits have stretched the cells.
    built_extent: f64,
    sort_tmp: Vec<u64>,
    bucket_starts: Vec<u32>,
    /// Buffers the body arrays are permuted into, kept for the next build.
    spare: [Vec<f32>; 4],
    spare_order: Vec<u32>,
}

/// The bounding box of no point: (min x, max x, min y, max y).
const EMPTY_BOX: (f32, f32, f32, f32) = (
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::INFINITY,
    f32::NEG_INFINITY,
);

/// Bodies per task of the passes over every body (gathers, keys, permutations).
const CHUNK: usize = 4096;

/// The bounding box of the points (`xs[k]`, `ys[k]`) as (min x, max x, min y, max y),
/// eight lanes at a time; NaN coordinates are left out.
fn bounding_box(xs: &[f32], ys: &[f32]) -> (f32, f32, f32, f32) {
    const W: usize = 8;
    let mut lo = [[f32::INFINITY; W]; 2];
    let mut hi = [[f32::NEG_INFINITY; W]; 2];
    let mut fold = |xs: &[f32], ys: &[f32]| {
        for (axis, vs) in [xs, ys].into_iter().enumerate() {
            for (l, &v) in vs.iter().enumerate() {
                // A comparison with NaN is false: the bound stays.
                lo[axis][l] = if v < lo[axis][l] { v } else { lo[axis][l] };
                hi[axis][l] = if v > hi[axis][l] { v } else { hi[axis][l] };
            }
        }
    };
    let (xb, yb) = (xs.chunks_exact(W), ys.chunks_exact(W));
    let (xr, yr) = (xb.remainder(), yb.remainder());
    for (xc, yc) in xb.zip(yb) {
        fold(xc, yc);
    }
    fold(xr, yr);
    let low = |v: [f32; W]| v.into_iter().fold(f32::INFINITY, f32::min);
    let high = |v: [f32; W]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
    (low(lo[0]), high(hi[0]), low(lo[1]), high(hi[1]))
}

/// The box holding two boxes.
fn merge_boxes(p: (f32, f32, f32, f32), q: (f32, f32, f32, f32)) -> (f32, f32, f32, f32) {
    (p.0.min(q.0), p.1.max(q.1), p.2.min(q.2), p.3.max(q.3))
}

/// Bits of the Morton code that split the keys into buckets (8 levels of the tree):
/// buckets hold a few keys each, so sorting them costs little more than the scatter.
const BUCKET_BITS: u32 = 16;
/// Buckets sorted by one parallel task.
const BUCKETS_PER_TASK: usize = 1024;

/// Sorts keys (Morton code above, the body's previous sorted position below: every key is
/// distinct) as far as the tree needs, in parallel: one stable pass scatters them into
/// buckets by the code's top bits, then the buckets of more than [`LEAF_SIZE`] keys are
/// sorted in parallel. A bucket of fewer is the cell of 8 levels down (or a part of a
/// larger leaf): a leaf, never split by the code's lower bits, so its keys keep their
/// input order. The input is the previous order, so the scatter writes nearly in
/// sequence and the buckets arrive nearly sorted. The result depends on the keys and
/// their input order only, whatever the number of threads; bodies that share a code
/// keep their previous order.
///
/// # Complexity
/// O(n) for the scatter; per large bucket, O(b + inversions) for nearly sorted input.
fn sort_keys(keys: &mut Vec<u64>, tmp: &mut Vec<u64>, starts: &mut Vec<u32>) {
    const BUCKETS: usize = 1 << BUCKET_BITS;
    let bucket = |k: u64| (k >> (64 - BUCKET_BITS)) as usize;
    starts.clear();
    starts.resize(BUCKETS + 1, 0);
    for &k in keys.iter() {
        starts[bucket(k) + 1] += 1;
    }
    for b in 0..BUCKETS {
        starts[b + 1] += starts[b];
    }
    tmp.clear();
    tmp.resize(keys.len(), 0);
    {
        let next = &mut starts[..BUCKETS];
        for &k in keys.iter() {
            let b = bucket(k);
            tmp[next[b] as usize] = k;
            next[b] += 1;
        }
    }
    // Each bucket's start is now the next one's end: bucket b is ..starts[b].
    let mut tasks: Vec<(&mut [u64], usize, usize)> = Vec::with_capacity(BUCKETS / BUCKETS_PER_TASK);
    let mut rest = &mut tmp[..];
    let mut done = 0usize;
    for first in (0..BUCKETS).step_by(BUCKETS_PER_TASK) {
        let end = starts[first + BUCKETS_PER_TASK - 1] as usize;
        let (part, after) = std::mem::take(&mut rest).split_at_mut(end - done);
        tasks.push((part, done, first));
        rest = after;
        done = end;
    }
    let starts = &starts[..];
    tasks.into_par_iter().for_each(|(part, base, first)| {
        let mut from = 0;
        for &end in &starts[first..first + BUCKETS_PER_TASK] {
            let to = end as usize - base;
            if to - from > LEAF_SIZE {
                sort_nearly_sorted(&mut part[from..to]);
            }
            from = to;
        }
    });
    std::mem::swap(keys, tmp);
}

/// Sorts keys that are nearly in order: by insertion while that stays within a few moves
/// per key, by pattern-defeating quicksort once it does not.
///
/// # Complexity
/// O(n + inversions) for nearly sorted input, O(n log n) at worst.
fn sort_nearly_sorted(keys: &mut [u64]) {
    let budget = keys.len() * 8;
    let mut moves = 0;
    for i in 1..keys.len() {
        let key = keys[i];
        let mut j = i;
        while j > 0 && keys[j - 1] > key {
            keys[j] = keys[j - 1];
            j -= 1;
        }
        keys[j] = key;
        moves += i - j;
        if moves > budget {
            keys.sort_unstable();
            return;
        }
    }
}

/// Spreads the 16 low bits of `v` to the even bit positions.
fn spread(v: u32) -> u32 {
    let mut x = v & 0xffff;
    x = (x | (x << 8)) & 0x00ff_00ff;
    x = (x | (x << 4)) & 0x0f0f_0f0f;
    x = (x | (x << 2)) & 0x3333_3333;
    x = (x | (x << 1)) & 0x5555_5555;
    x
}

impl QuadTree {
    /// Builds the tree over the given bodies, in node order (buffers are reused).
    pub fn build(&mut self, x: &[f32], y: &[f32], mass: &[f32], size: &[f32]) {
        let n = x.len();
        self.order.clear();
        self.order.extend(0..n as u32);
        for (dst, src) in [(&mut self.smass, mass), (&mut self.ssize, size)] {
            dst.clear();
            dst.extend_from_slice(src);
        }
        // The positions in node order (the order is the identity), with their box.
        let bounds = self.gather_positions(x, y);
        self.rebuild_gathered(bounds);
    }

    /// Moves the tree to new positions of the same bodies (masses and sizes as when
    /// built): refitted when `try_refit` and the refit keeps the cells as tight as a
    /// build would, rebuilt otherwise. Returns whether it was rebuilt.
    ///
    /// The positions are gathered into the previous sorted order once (the only pass
    /// that reads them in node order); the rebuild sorts and permutes from there, so it
    /// reads memory nearly in sequence.
    pub fn update(&mut self, x: &[f32], y: &[f32], try_refit: bool) -> bool {
        let bounds = self.gather_positions(x, y);
        if try_refit && self.refit_gathered() {
            return false;
        }
        self.rebuild_gathered(bounds);
        true
    }

    /// The positions in the current sorted order, into `sx`, `sy`; returns their
    /// bounding box (min and max are exact: the same for any split into tasks).
    fn gather_positions(&mut self, x: &[f32], y: &[f32]) -> (f32, f32, f32, f32) {
        let n = self.order.len();
        self.sx.resize(n, 0.0);
        self.sy.resize(n, 0.0);
        self.sx
            .par_chunks_mut(CHUNK)
            .zip(self.sy.par_chunks_mut(CHUNK))
            .zip(self.order.par_chunks(CHUNK))
            .map(|((xs, ys), order)| {
                for ((px, py), &i) in xs.iter_mut().zip(ys.iter_mut()).zip(order) {
                    (*px, *py) = (x[i as usize], y[i as usize]);
                }
                bounding_box(xs, ys)
            })
            .reduce(|| EMPTY_BOX, merge_boxes)
    }

    /// Rebuilds the cells over the bodies as they are in `sx`, `sy`, `smass`, `ssize`
    /// and `order` (within the bounding box `bounds`): orders them by Morton code as far
    /// as the cells need ([`sort_keys`]) and permutes the body arrays to match.
    fn rebuild_gathered(&mut self, (min_x, max_x, min_y, max_y): (f32, f32, f32, f32)) {
        let n = self.sx.len();
        self.cells.clear();
        self.groups.clear();
        if n == 0 {
            self.order.clear();
            self.rank.clear();
            return;
        }
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
        // Below the code, the body's current sorted position: keys are distinct, and
        // bodies that share a code keep their order, so the tree depends on positions
        // and history only, never on the number of threads.
        self.keys.resize(n, 0);
        self.keys
            .par_chunks_mut(CHUNK)
            .zip(self.sx.par_chunks(CHUNK))
            .zip(self.sy.par_chunks(CHUNK))
            .enumerate()
            .for_each(|(c, ((keys, xs), ys))| {
                // Through i32 (in range after the clamp): the conversion SIMD has.
                let quantise =
                    |v: f32, o: f32| ((v - o) * scale).clamp(0.0, 65_535.0) as i32 as u32;
                for (k, (key, (&px, &py))) in keys.iter_mut().zip(xs.iter().zip(ys)).enumerate() {
                    let code = spread(quantise(px, ox)) | (spread(quantise(py, oy)) << 1);
                    *key = (u64::from(code) << 32) | (c * CHUNK + k) as u64;
                }
            });
        sort_keys(&mut self.keys, &mut self.sort_tmp, &mut self.bucket_starts);
        // Permute the body arrays by the keys' previous positions (nearly sequential
        // reads: bodies move little between builds), all five in one pass.
        let from = |k: &u64| (k & 0xffff_ffff) as usize;
        let [mut px, mut py, mut pm, mut ps] = std::mem::take(&mut self.spare);
        let mut po = std::mem::take(&mut self.spare_order);
        for v in [&mut px, &mut py, &mut pm, &mut ps] {
            v.resize(n, 0.0);
        }
        po.resize(n, 0);
        let (sx, sy, sm, ss, so) = (&self.sx, &self.sy, &self.smass, &self.ssize, &self.order);
        (
            px.par_chunks_mut(CHUNK),
            py.par_chunks_mut(CHUNK),
            pm.par_chunks_mut(CHUNK),
            ps.par_chunks_mut(CHUNK),
            po.par_chunks_mut(CHUNK),
            self.keys.par_chunks(CHUNK),
        )
            .into_par_iter()
            .for_each(|(px, py, pm, ps, po, keys)| {
                for (k, key) in keys.iter().enumerate() {
                    let f = from(key);
                    (px[k], py[k], pm[k], ps[k], po[k]) = (sx[f], sy[f], sm[f], ss[f], so[f]);
                }
            });
        self.spare = [
            std::mem::replace(&mut self.sx, px),
            std::mem::replace(&mut self.sy, py),
            std::mem::replace(&mut self.smass, pm),
            std::mem::replace(&mut self.ssize, ps),
        ];
        self.spare_order = std::mem::replace(&mut self.order, po);
        let bodies = Bodies {
            keys: &self.keys,
            sx: &self.sx,
            sy: &self.sy,
            smass: &self.smass,
            pool: &self.pool,
        };
        let mut segments = vec![bodies.segment()];
        // The ranks (a scatter, one pass in order) while the cells are built.
        let (order, rank) = (&self.order, &mut self.rank);
        rayon::join(
            || {
                rank.resize(n, 0);
                for (k, &i) in order.iter().enumerate() {
                    rank[i as usize] = k as u32;
                }
            },
            || build_cell(&bodies, &mut segments, 0, n, 0, side, false),
        );
        // One array in pre-order: each cell's skip from relative to absolute.
        for segment in segments {
            let offset = self.cells.len() as u32;
            self.cells
                .extend(segment.cells.iter().enumerate().map(|(i, c)| Cell {
                    skip: c.skip + offset + i as u32,
                    ..*c
                }));
            self.groups
                .extend(segment.groups.iter().map(|&g| g + offset));
            bodies.recycle(segment);
        }
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

/// Levels of the tree whose four subtrees are refitted in parallel.
const PARALLEL_LEVELS: u32 = 3;

/// Bodies in a cell above which its four subtrees are built in parallel.
const PARALLEL_BODIES: usize = 4096;

/// The sorted bodies a tree is built over.
struct Bodies<'a> {
    keys: &'a [u64],
    sx: &'a [f32],
    sy: &'a [f32],
    smass: &'a [f32],
    pool: &'a std::sync::Mutex<Vec<Segment>>,
}

impl Bodies<'_> {
    /// An empty segment, with buffers from an earlier build when there are some.
    fn segment(&self) -> Segment {
        self.pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default()
    }

    /// Keeps a segment's buffers for the next build.
    fn recycle(&self, mut segment: Segment) {
        segment.cells.clear();
        segment.groups.clear();
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(segment);
        }
    }
}

/// A subtree built on its own: its segments, and (mass, Σmx, Σmy, cells).
type Subtree = (Vec<Segment>, (f64, f64, f64, u32));

/// A run of cells in pre-order, each with `skip` relative to itself (the number of
/// cells in its subtree), and the groups among them as indices into the run.
#[derive(Default, Debug)]
struct Segment {
    cells: Vec<Cell>,
    groups: Vec<u32>,
}

/// Builds the cell over sorted bodies `lo..hi` at `level` and its subtree into the last
/// of `out` (the subtrees of large cells in parallel, each into segments of its own that
/// follow in order, so the tree is the same for any number of threads); returns
/// (mass, Σmx, Σmy, cells in the subtree).
fn build_cell(
    b: &Bodies<'_>,
    out: &mut Vec<Segment>,
    lo: usize,
    hi: usize,
    level: u32,
    side: f32,
    grouped: bool,
) -> (f64, f64, f64, u32) {
    let at_segment = out.len().saturating_sub(1);
    let Some(segment) = out.last_mut() else {
        return (0.0, 0.0, 0.0, 0);
    };
    let index = segment.cells.len();
    segment.cells.push(Cell {
        size: side,
        first: lo as u32,
        count: (hi - lo) as u32,
        ..Cell::default()
    });
    let is_leaf = hi - lo <= LEAF_SIZE || level >= LEVELS;
    let grouped = grouped || {
        if hi - lo <= GROUP_SIZE || is_leaf {
            segment.groups.push(index as u32);
            true
        } else {
            false
        }
    };
    let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    let mut cells = 1u32;
    if is_leaf {
        for k in lo..hi {
            let w = f64::from(b.smass[k]);
            m += w;
            mx += w * f64::from(b.sx[k]);
            my += w * f64::from(b.sy[k]);
        }
        segment.cells[index].leaf = true;
    } else {
        let shift = 2 * (LEVELS - 1 - level) + 32;
        let digit = |k: u64| (k >> shift) & 3;
        let mut ranges = [(0usize, 0usize); 4];
        let mut count = 0;
        let mut start = lo;
        for q in 0..4u64 {
            let end = start + b.keys[start..hi].partition_point(|&k| digit(k) <= q);
            if end > start {
                ranges[count] = (start, end);
                count += 1;
            }
            start = end;
        }
        let ranges = &ranges[..count];
        if hi - lo > PARALLEL_BODIES {
            let subs: Vec<Subtree> = ranges
                .par_iter()
                .map(|&(s, e)| {
                    let mut segments = vec![b.segment()];
                    let sums = build_cell(b, &mut segments, s, e, level + 1, side * 0.5, grouped);
                    (segments, sums)
                })
                .collect();
            for (segments, (a, c, d, n)) in subs {
                out.extend(segments);
                m += a;
                mx += c;
                my += d;
                cells += n;
            }
            // What follows this subtree goes after its segments.
            out.push(b.segment());
        } else {
            for &(s, e) in ranges {
                let (a, c, d, n) = build_cell(b, out, s, e, level + 1, side * 0.5, grouped);
                m += a;
                mx += c;
                my += d;
                cells += n;
            }
        }
    }
    let cell = &mut out[at_segment].cells[index];
    cell.mass = m as f32;
    if m > 0.0 {
        cell.cx = (mx / m) as f32;
        cell.cy = (my / m) as f32;
    }
    cell.skip = cells;
    (m, mx, my, cells)
}

impl QuadTree {
    /// Whether the tree was built over `n` bodies (and so can be refitted).
    pub fn holds(&self, n: usize) -> bool {
        self.order.len() == n && !self.cells.is_empty()
    }

    /// Updates the tree for the positions gathered into `sx`, `sy` without rebuilding
    /// it: the same cells hold the same bodies; centres of mass are recomputed and each
    /// cell's size becomes the side of its bodies' bounding box, so the acceptance
    /// criterion stays sound.
    ///
    /// # Complexity
    /// O(n + cells), one reverse pass (children come after their parent in pre-order).
    /// Returns false when the cells have stretched past their built sizes overall: then
    /// a rebuild serves the force walk better.
    fn refit_gathered(&mut self) -> bool {
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

    impl QuadTree {
        /// Gathers the positions and refits (what [`QuadTree::update`] tries first).
        fn refit(&mut self, x: &[f32], y: &[f32]) -> bool {
            self.gather_positions(x, y);
            self.refit_gathered()
        }
    }

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
    fn keys_sort_by_code_and_then_by_previous_position() {
        // Codes spread over every bucket, crowded into one, five to a bucket in a
        // thousand, and shared by several keys.
        let mut keys: Vec<u64> = (0..20_000u64)
            .map(|k| {
                let code = match k % 4 {
                    0 => (k * 2_654_435_761) & 0xffff_ffff,
                    1 => 0x1234_0000 | ((k * 40_503) & 0xffff),
                    2 => ((k / 4) % 1000 + 1) << 16 | ((k * 977) & 0xffff),
                    _ => 7,
                };
                code << 32 | (19_999 - k)
            })
            .collect();
        // Stable by bucket; the buckets of more than a leaf sorted whole.
        let bucket = |k: u64| k >> (64 - BUCKET_BITS);
        let mut expected = keys.clone();
        expected.sort_by_key(|&k| bucket(k));
        for run in expected.chunk_by_mut(|a, b| bucket(*a) == bucket(*b)) {
            if run.len() > LEAF_SIZE {
                run.sort_unstable();
            }
        }
        let small = expected
            .chunk_by(|a, b| bucket(*a) == bucket(*b))
            .filter(|run| run.len() > 1 && run.len() <= LEAF_SIZE)
            .count();
        assert!(small > 100, "buckets of a few keys: {small}");
        let mut tmp = Vec::new();
        sort_keys(&mut keys, &mut tmp, &mut Vec::new());
        assert_eq!(keys, expected);
        let sevens: Vec<u64> = keys
            .iter()
            .filter(|&&k| k >> 32 == 7)
            .map(|k| k & 0xffff_ffff)
            .collect();
        assert!(sevens.len() > 4000);
        assert!(
            sevens.windows(2).all(|w| w[0] < w[1]),
            "equal codes in their previous order"
        );
    }

    #[test]
    fn nearly_sorted_and_reversed_keys_both_end_sorted() {
        // Neighbours swapped (the insertion path) and reversed (past the budget).
        let mut nearly: Vec<u64> = (0..5000u64).map(|k| k * 3).collect();
        for k in (0..4998).step_by(7) {
            nearly.swap(k, k + 2);
        }
        let mut reversed: Vec<u64> = (0..5000u64).rev().collect();
        for keys in [&mut nearly, &mut reversed] {
            let mut expected = keys.clone();
            expected.sort_unstable();
            sort_nearly_sorted(keys);
            assert_eq!(*keys, expected);
        }
    }

    /// Every inner cell's children tile its bodies in order and end where it ends.
    fn assert_well_formed(t: &QuadTree) {
        assert_eq!(t.cells[0].skip as usize, t.cells.len());
        for (c, cell) in t.cells.iter().enumerate() {
            assert!(cell.skip as usize > c);
            if cell.leaf {
                assert_eq!(cell.skip as usize, c + 1);
                continue;
            }
            let (mut child, mut next_body) = (c + 1, cell.first);
            while child < cell.skip as usize {
                assert_eq!(t.cells[child].first, next_body, "cell {c}");
                next_body += t.cells[child].count;
                child = t.cells[child].skip as usize;
            }
            assert_eq!(child, cell.skip as usize);
            assert_eq!(next_body, cell.first + cell.count);
        }
    }

    #[test]
    fn a_rebuild_of_moved_bodies_is_a_fresh_build() {
        // Large enough that subtrees are built in parallel segments.
        let n = 20_000;
        let x: Vec<f32> = (0..n).map(|i| ((i * 7919) % 1000) as f32).collect();
        let y: Vec<f32> = (0..n).map(|i| ((i * 104_729) % 997) as f32).collect();
        let m: Vec<f32> = (0..n).map(|i| 1.0 + (i % 5) as f32).collect();
        let s: Vec<f32> = (0..n).map(|i| 1.0 + (i % 3) as f32).collect();
        let mut t = QuadTree::default();
        t.build(&x, &y, &m, &s);
        // Far moves: the bodies change cells.
        let x2: Vec<f32> = x.iter().map(|v| (v * 1.7 + 300.0) % 1000.0).collect();
        let y2: Vec<f32> = y.iter().rev().copied().collect();
        assert_well_formed(&t);
        assert!(t.update(&x2, &y2, false), "asked not to refit");
        assert_well_formed(&t);
        let mut fresh = QuadTree::default();
        fresh.build(&x2, &y2, &m, &s);
        let cells = |t: &QuadTree| -> Vec<(u32, u32, u32, u32, u32)> {
            t.cells
                .iter()
                .map(|c| (c.first, c.count, c.skip, c.mass.to_bits(), c.size.to_bits()))
                .collect()
        };
        assert_eq!(cells(&t), cells(&fresh));
        for k in 0..n {
            let i = t.order[k] as usize;
            assert_eq!(t.rank[i] as usize, k);
            assert_eq!((t.sx[k], t.sy[k]), (x2[i], y2[i]));
            assert_eq!((t.smass[k], t.ssize[k]), (m[i], s[i]));
        }
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
