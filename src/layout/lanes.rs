//! The SIMD heart of the repulsion: bodies as padded columns ([`Lanes`]) and the two
//! hot loops that sum a body's repulsion from them, eight lanes at a time, in a fixed
//! order (so results do not depend on threads or on the CPU's features).

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
