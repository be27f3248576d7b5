//! What the SIMD loops read, shared by the portable ones (`layout/lanes.rs`) and the
//! AVX2 ones (`layout/lanes_avx2.rs`): the lane count, blocks of bodies, a node's adjacency entries gathered eight at
//! a time, and the constants of the loops.

/// Squared distance under which two bodies count as coincident.
pub const COINCIDENT_D2: f32 = 1e-12;

/// Accumulator lanes: sums are kept in this many independent lanes and added up in a
/// fixed order.
pub const LANES: usize = 8;

/// One block of [`LANES`] bodies as fixed-size arrays (no bounds checks inside).
#[inline(always)]
pub fn block(v: &[f32]) -> &[f32; LANES] {
    v.try_into().unwrap_or(&[0.0; LANES])
}

/// One block of each of three columns.
pub type Blocks<'a> = (&'a [f32; LANES], &'a [f32; LANES], &'a [f32; LANES]);

/// Padded columns of bodies (x, y, mass), a block of [`LANES`] at a time.
#[inline(always)]
pub fn blocks(bodies: &Lanes) -> impl Iterator<Item = Blocks<'_>> {
    bodies
        .x
        .chunks_exact(LANES)
        .zip(bodies.y.chunks_exact(LANES))
        .zip(bodies.m.chunks_exact(LANES))
        .map(|((xs, ys), ms)| (block(xs), block(ys), block(ms)))
}

/// Bodies (or cells acting as bodies) as three columns of one length, not padded.
#[derive(Clone, Copy)]
pub struct Columns<'a> {
    pub x: &'a [f32],
    pub y: &'a [f32],
    pub m: &'a [f32],
}

impl<'a> Columns<'a> {
    /// The columns of `lanes` (padding included, if any: it adds nothing).
    pub fn of(lanes: &'a Lanes) -> Self {
        Self {
            x: &lanes.x,
            y: &lanes.y,
            m: &lanes.m,
        }
    }
}

/// Eight targets' sums, one per lane: the repulsion `Σ m (p − q) / |p − q|²` in `fx`,
/// `fy` and the number of sources within [`COINCIDENT_D2`] of the target (left out of
/// the sums) in `same`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TargetSums {
    pub fx: [f32; LANES],
    pub fy: [f32; LANES],
    pub same: [f32; LANES],
}

/// The adjacency the attraction reads: each node's entries `offsets[i]..offsets[i + 1]`
/// of `neighbors` and their `pull`, and every node's `size`.
pub struct Adjacency<'a> {
    pub offsets: &'a [u32],
    pub neighbors: &'a [u32],
    pub pull: &'a [f32],
    pub size: &'a [f32],
}

/// Up to [`LANES`] adjacency entries of one node, gathered: the neighbours' positions
/// and sizes, and the entries' pull. Lanes past the last entry hold the node itself
/// (zero length: nothing) and no pull.
pub struct Gathered {
    pub qx: [f32; LANES],
    pub qy: [f32; LANES],
    pub pull: [f32; LANES],
    pub size: [f32; LANES],
}

#[inline(always)]
pub fn gather<const OVERLAP: bool>(
    neighbors: &[u32],
    pulls: &[f32],
    pos: &[[f32; 2]],
    size: &[f32],
    px: f32,
    py: f32,
) -> Gathered {
    let mut g = Gathered {
        qx: [px; LANES],
        qy: [py; LANES],
        pull: [0.0; LANES],
        size: [0.0; LANES],
    };
    for (l, (&j, &p)) in neighbors.iter().zip(pulls).enumerate().take(LANES) {
        let [a, b] = pos[j as usize];
        g.qx[l] = a;
        g.qy[l] = b;
        g.pull[l] = p;
        if OVERLAP {
            g.size[l] = size[j as usize];
        }
    }
    g
}

/// The Cephes `logf` polynomial (highest degree first) and ln 2 in two parts.
pub const LN_POLY: [f32; 9] = [
    7.037_683_6e-2,
    -1.151_461e-1,
    1.167_699_9e-1,
    -1.242_014_1e-1,
    1.424_932_3e-1,
    -1.666_805_8e-1,
    2.000_071_4e-1,
    -2.499_999_4e-1,
    3.333_333e-1,
];
pub const LN2_HIGH: f32 = 0.693_359_4;
pub const LN2_LOW: f32 = -2.121_944_4e-4;

/// Bodies (or cells acting as bodies) as columns, padded to a multiple of [`LANES`].
#[derive(Default)]
pub struct Lanes {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    pub m: Vec<f32>,
}

impl Lanes {
    #[inline]
    pub fn clear(&mut self) {
        self.x.clear();
        self.y.clear();
        self.m.clear();
    }

    #[inline]
    pub fn push(&mut self, x: f32, y: f32, m: f32) {
        self.x.push(x);
        self.y.push(y);
        self.m.push(m);
    }

    /// Pads with massless bodies far from `(gx, gy)` (they add exactly nothing).
    #[inline]
    pub fn pad(&mut self, gx: f32, gy: f32) {
        while !self.m.len().is_multiple_of(LANES) {
            self.push(gx + 1e15, gy, 0.0);
        }
    }
}
