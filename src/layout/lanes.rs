//! The SIMD heart of the forces: bodies as padded columns ([`Lanes`]) and the hot loops
//! that sum a body's repulsion from them, and the attraction along a node's edges with a
//! logarithm or sizes in it (LinLog, overlap prevention), eight lanes at a time, in a
//! fixed order (so results do not depend on threads or on the CPU's features).

/// Squared distance under which two bodies count as coincident.
pub const COINCIDENT_D2: f32 = 1e-12;

/// Accumulator lanes: sums are kept in this many independent lanes, which the compiler
/// turns into SIMD, and added up in a fixed order.
const LANES: usize = 8;

/// Bodies (or cells acting as bodies) as columns, padded to a multiple of [`LANES`].
#[derive(Default)]
pub struct Lanes {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    pub m: Vec<f32>,
}

impl Lanes {
    pub fn clear(&mut self) {
        self.x.clear();
        self.y.clear();
        self.m.clear();
    }

    pub fn push(&mut self, x: f32, y: f32, m: f32) {
        self.x.push(x);
        self.y.push(y);
        self.m.push(m);
    }

    pub fn extend(&mut self, x: &[f32], y: &[f32], m: &[f32]) {
        self.x.extend_from_slice(x);
        self.y.extend_from_slice(y);
        self.m.extend_from_slice(m);
    }

    /// Pads with massless bodies far from `(gx, gy)` (they add exactly nothing).
    pub fn pad(&mut self, gx: f32, gy: f32) {
        while !self.m.len().is_multiple_of(LANES) {
            self.push(gx + 1e15, gy, 0.0);
        }
    }

    /// Σ k·m_j (p − p_j) / |p − p_j|² over every body.
    pub fn repulsion(&self, px: f32, py: f32, km: f32) -> (f32, f32) {
        lanes_repulsion(&self.x, &self.y, &self.m, px, py, km)
    }
}

// The two hot loops are compiled for AVX2 too and picked at run time. Each lane does the
// same IEEE operations in the same order on every instruction set (no fused
// multiply-add: Rust never contracts), so positions do not depend on the CPU's
// features any more than on the number of threads.
/// One block of [`LANES`] bodies as fixed-size arrays (no bounds checks inside).
#[inline(always)]
fn block(v: &[f32]) -> &[f32; LANES] {
    v.try_into().unwrap_or(&[0.0; LANES])
}

#[multiversion::multiversion(targets("x86_64+avx2+avx", "x86_64+avx"))]
fn lanes_repulsion(x: &[f32], y: &[f32], m: &[f32], px: f32, py: f32, km: f32) -> (f32, f32) {
    use wide::f32x8;
    let (pxv, pyv, kmv) = (f32x8::splat(px), f32x8::splat(py), f32x8::splat(km));
    let mut ax = f32x8::ZERO;
    let mut ay = f32x8::ZERO;
    for ((xs, ys), ms) in x
        .chunks_exact(LANES)
        .zip(y.chunks_exact(LANES))
        .zip(m.chunks_exact(LANES))
    {
        let dx = pxv - f32x8::from(*block(xs));
        let dy = pyv - f32x8::from(*block(ys));
        let f = kmv * f32x8::from(*block(ms)) / (dx * dx + dy * dy);
        ax += dx * f;
        ay += dy * f;
    }
    (ax.to_array().iter().sum(), ay.to_array().iter().sum())
}

#[multiversion::multiversion(targets("x86_64+avx2+avx", "x86_64+avx"))]
pub fn lanes_repulsion_near(
    x: &[f32],
    y: &[f32],
    m: &[f32],
    px: f32,
    py: f32,
    km: f32,
) -> (f32, f32, u32) {
    use wide::f32x8;
    let (pxv, pyv, kmv) = (f32x8::splat(px), f32x8::splat(py), f32x8::splat(km));
    let eps = f32x8::splat(COINCIDENT_D2);
    let mut ax = f32x8::ZERO;
    let mut ay = f32x8::ZERO;
    let mut same = f32x8::ZERO;
    for ((xs, ys), ms) in x
        .chunks_exact(LANES)
        .zip(y.chunks_exact(LANES))
        .zip(m.chunks_exact(LANES))
    {
        let dx = pxv - f32x8::from(*block(xs));
        let dy = pyv - f32x8::from(*block(ys));
        let d2 = dx * dx + dy * dy;
        let apart = d2.simd_ge(eps);
        let f = apart.bitselect(kmv * f32x8::from(*block(ms)) / d2, f32x8::ZERO);
        ax += dx * f;
        ay += dy * f;
        same += apart.bitselect(f32x8::ZERO, f32x8::ONE);
    }
    let same: f32 = same.to_array().iter().sum();
    (
        ax.to_array().iter().sum(),
        ay.to_array().iter().sum(),
        same as u32,
    )
}

/// The local expansion's coefficients `Σ m / wᵏ⁺¹` for `k` in `0..=3`, `w = g − c` as a
/// complex number, over the cells `c` (columns padded as [`Lanes`]), as (real, imaginary)
/// parts.
#[multiversion::multiversion(targets("x86_64+avx2+avx", "x86_64+avx"))]
pub fn lanes_expansion(x: &[f32], y: &[f32], m: &[f32], gx: f32, gy: f32) -> [[f32; 4]; 2] {
    use wide::f32x8;
    let (gxv, gyv) = (f32x8::splat(gx), f32x8::splat(gy));
    let mut re = [f32x8::ZERO; 4];
    let mut im = [f32x8::ZERO; 4];
    for ((xs, ys), ms) in x
        .chunks_exact(LANES)
        .zip(y.chunks_exact(LANES))
        .zip(m.chunks_exact(LANES))
    {
        let wr = gxv - f32x8::from(*block(xs));
        let wi = gyv - f32x8::from(*block(ys));
        let inv = f32x8::ONE / (wr * wr + wi * wi);
        // 1 / w = conj(w) / |w|², then m / wᵏ⁺¹ by repeated products.
        let (ir, ii) = (wr * inv, -wi * inv);
        let mv = f32x8::from(*block(ms));
        let (mut tr, mut ti) = (mv * ir, mv * ii);
        for k in 0..4 {
            re[k] += tr;
            im[k] += ti;
            (tr, ti) = (tr * ir - ti * ii, tr * ii + ti * ir);
        }
    }
    let sum = |v: f32x8| v.to_array().iter().sum::<f32>();
    [re.map(sum), im.map(sum)]
}

/// The adjacency the attraction reads: each node's entries `offsets[i]..offsets[i + 1]`
/// of `neighbors` and their `pull`, and every node's `size`.
pub struct Adjacency<'a> {
    pub offsets: &'a [u32],
    pub neighbors: &'a [u32],
    pub pull: &'a [f32],
    pub size: &'a [f32],
}

/// How the attraction along an edge grows with its length `d` (less the two sizes
/// `d'` with overlap prevention): `ln(1 + d')` for LinLog, `d'` otherwise; none at all
/// while `d'` ≤ 0. Plain linear attraction needs no lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub lin_log: bool,
    pub prevent_overlap: bool,
}

/// The attraction on the nodes `first..first + out.len()` along their edges (no
/// gravity), into `out`: each node's entries gathered eight at a time, the logarithm
/// and square root in lanes. Entries past a node's last fill their lanes with the node
/// itself (zero length: nothing).
#[multiversion::multiversion(targets("x86_64+avx2+avx", "x86_64+avx"))]
pub fn lanes_attraction(
    adj: &Adjacency<'_>,
    pos: &[[f32; 2]],
    shape: Shape,
    first: usize,
    out: &mut [(f32, f32)],
) {
    match (shape.lin_log, shape.prevent_overlap) {
        (true, true) => attraction_nodes::<true, true>(adj, pos, first, out),
        (true, false) => attraction_nodes::<true, false>(adj, pos, first, out),
        (false, true) => attraction_nodes::<false, true>(adj, pos, first, out),
        (false, false) => attraction_nodes::<false, false>(adj, pos, first, out),
    }
}

#[inline(always)]
fn attraction_nodes<const LIN_LOG: bool, const OVERLAP: bool>(
    adj: &Adjacency<'_>,
    pos: &[[f32; 2]],
    first: usize,
    out: &mut [(f32, f32)],
) {
    use wide::f32x8;
    for (o, slot) in out.iter_mut().enumerate() {
        let i = first + o;
        let [px, py] = pos[i];
        let (pxv, pyv) = (f32x8::splat(px), f32x8::splat(py));
        let own_size = f32x8::splat(adj.size[i]);
        let entries = adj.offsets[i] as usize..adj.offsets[i + 1] as usize;
        let neighbors = &adj.neighbors[entries.clone()];
        let pull = &adj.pull[entries];
        let mut ax = f32x8::ZERO;
        let mut ay = f32x8::ZERO;
        for (js, pulls) in neighbors.chunks(LANES).zip(pull.chunks(LANES)) {
            let (mut qx, mut qy) = ([px; LANES], [py; LANES]);
            let mut pe = [0.0f32; LANES];
            let mut sizes = [0.0f32; LANES];
            for (l, (&j, &p)) in js.iter().zip(pulls).enumerate() {
                let [a, b] = pos[j as usize];
                qx[l] = a;
                qy[l] = b;
                pe[l] = p;
                if OVERLAP {
                    sizes[l] = adj.size[j as usize];
                }
            }
            let dx = pxv - f32x8::from(qx);
            let dy = pyv - f32x8::from(qy);
            let d = (dx * dx + dy * dy).sqrt();
            let d_eff = if OVERLAP {
                d - own_size - f32x8::from(sizes)
            } else {
                d
            };
            let mut factor = -f32x8::from(pe);
            if LIN_LOG {
                factor = factor * (f32x8::ONE + d_eff).ln() / d_eff;
            }
            if OVERLAP {
                factor = factor * d_eff / d;
            }
            let pulling = d_eff.simd_gt(f32x8::ZERO) & d.simd_gt(f32x8::ZERO);
            let factor = pulling.bitselect(factor, f32x8::ZERO);
            ax += dx * factor;
            ay += dy * factor;
        }
        *slot = (ax.to_array().iter().sum(), ay.to_array().iter().sum());
    }
}
