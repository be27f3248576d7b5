//! The lanes' hot loops (the portable ones are in `layout/lanes.rs`) written with AVX2 intrinsics: eight lanes
//! in one 256-bit register per operation. The portable loops use `wide`'s eight-lane
//! type, which is compiled for the crate's baseline (SSE2: two 128-bit halves) whatever
//! the function's target features, so these are the ones that use the wider registers.
//! Each does the same IEEE operations on each lane in the same order as its portable
//! twin, so both give the same bits (a test compares them on random input): positions
//! do not depend on the CPU any more than on the number of threads.
//!
//! Every function here is only called after `is_x86_feature_detected!("avx2")`.

use std::arch::x86_64::{
    __m256, __m256i, _CMP_GE_OQ, _CMP_GT_OQ, _CMP_LT_OQ, _mm256_add_ps, _mm256_and_ps,
    _mm256_and_si256, _mm256_andnot_ps, _mm256_blendv_ps, _mm256_castps_si256, _mm256_castsi256_ps,
    _mm256_cmp_ps, _mm256_cvtepi32_ps, _mm256_div_ps, _mm256_mul_ps, _mm256_or_si256,
    _mm256_set1_epi32, _mm256_set1_ps, _mm256_setzero_ps, _mm256_sqrt_ps, _mm256_srli_epi32,
    _mm256_sub_ps,
};

use super::lane_inputs::{
    Adjacency, COINCIDENT_D2, Columns, Gathered, LANES, LN_POLY, LN2_HIGH, LN2_LOW, Lanes,
    TargetSums, blocks, gather,
};

/// A block of lanes into a register (a plain copy of the bytes).
#[inline(always)]
fn load(v: &[f32; LANES]) -> __m256 {
    bytemuck::cast(*v)
}

/// The lanes of `v` added up in lane order, as the portable loops do.
#[inline(always)]
fn total(v: __m256) -> f32 {
    bytemuck::cast::<__m256, [f32; LANES]>(v).iter().sum()
}

/// The repulsion on eight targets from columns of sources (`lanes_repulsion_targets`).
///
/// # Safety
/// The CPU must have AVX2.
#[target_feature(enable = "avx2")]
pub fn repulsion_targets(
    tx: &[f32; LANES],
    ty: &[f32; LANES],
    far: Columns<'_>,
    bodies: Columns<'_>,
    spans: &[(u32, u32)],
) -> TargetSums {
    let (txv, tyv) = (load(tx), load(ty));
    let eps = _mm256_set1_ps(COINCIDENT_D2);
    let one = _mm256_set1_ps(1.0);
    let mut acc = [_mm256_setzero_ps(); 3];
    sweep_targets(txv, tyv, eps, one, far, 0..far.m.len(), &mut acc);
    for &(a, b) in spans {
        sweep_targets(txv, tyv, eps, one, bodies, a as usize..b as usize, &mut acc);
    }
    let [fx, fy, same] = acc.map(bytemuck::cast::<__m256, [f32; LANES]>);
    TargetSums { fx, fy, same }
}

/// One run of sources for [`repulsion_targets`], into its accumulators (x, y, same).
#[target_feature(enable = "avx2")]
#[inline]
fn sweep_targets(
    txv: __m256,
    tyv: __m256,
    eps: __m256,
    one: __m256,
    sources: Columns<'_>,
    range: std::ops::Range<usize>,
    acc: &mut [__m256; 3],
) {
    let [mut ax, mut ay, mut same] = *acc;
    let (xs, ys, ms) = (
        &sources.x[range.clone()],
        &sources.y[range.clone()],
        &sources.m[range],
    );
    for ((&x, &y), &m) in xs.iter().zip(ys).zip(ms) {
        let dx = _mm256_sub_ps(txv, _mm256_set1_ps(x));
        let dy = _mm256_sub_ps(tyv, _mm256_set1_ps(y));
        let d2 = _mm256_add_ps(_mm256_mul_ps(dx, dx), _mm256_mul_ps(dy, dy));
        let apart = _mm256_cmp_ps::<_CMP_GE_OQ>(d2, eps);
        let f = _mm256_and_ps(apart, _mm256_div_ps(_mm256_set1_ps(m), d2));
        ax = _mm256_add_ps(ax, _mm256_mul_ps(dx, f));
        ay = _mm256_add_ps(ay, _mm256_mul_ps(dy, f));
        same = _mm256_add_ps(same, _mm256_andnot_ps(apart, one));
    }
    *acc = [ax, ay, same];
}

/// The local expansion's coefficients (`lanes_expansion`).
///
/// # Safety
/// The CPU must have AVX2.
#[target_feature(enable = "avx2")]
pub fn expansion(bodies: &Lanes, gx: f32, gy: f32) -> [[f32; 4]; 2] {
    let (gxv, gyv) = (_mm256_set1_ps(gx), _mm256_set1_ps(gy));
    let one = _mm256_set1_ps(1.0);
    let zero = _mm256_setzero_ps();
    let mut re = [zero; 4];
    let mut im = [zero; 4];
    for (xs, ys, ms) in blocks(bodies) {
        let wr = _mm256_sub_ps(gxv, load(xs));
        let wi = _mm256_sub_ps(gyv, load(ys));
        let inv = _mm256_div_ps(
            one,
            _mm256_add_ps(_mm256_mul_ps(wr, wr), _mm256_mul_ps(wi, wi)),
        );
        let (ir, ii) = (
            _mm256_mul_ps(wr, inv),
            _mm256_mul_ps(_mm256_sub_ps(zero, wi), inv),
        );
        let mv = load(ms);
        let (mut tr, mut ti) = (_mm256_mul_ps(mv, ir), _mm256_mul_ps(mv, ii));
        for k in 0..4 {
            re[k] = _mm256_add_ps(re[k], tr);
            im[k] = _mm256_add_ps(im[k], ti);
            (tr, ti) = (
                _mm256_sub_ps(_mm256_mul_ps(tr, ir), _mm256_mul_ps(ti, ii)),
                _mm256_add_ps(_mm256_mul_ps(tr, ii), _mm256_mul_ps(ti, ir)),
            );
        }
    }
    [re.map(total), im.map(total)]
}

/// `ln(v)` for lanes holding a finite `v` ≥ 1, as the portable twin computes it.
#[target_feature(enable = "avx2")]
fn ln_at_least_one(v: __m256) -> __m256 {
    let splat_i = _mm256_set1_epi32;
    let bits: __m256i = _mm256_castps_si256(v);
    let biased = _mm256_and_si256(_mm256_srli_epi32::<23>(bits), splat_i(0xff));
    let exponent = _mm256_sub_ps(_mm256_cvtepi32_ps(biased), _mm256_set1_ps(126.0));
    let half_to_one = _mm256_castsi256_ps(_mm256_or_si256(
        _mm256_and_si256(bits, splat_i(0x007f_ffff)),
        splat_i(0x3f00_0000),
    ));
    let low =
        _mm256_cmp_ps::<_CMP_LT_OQ>(half_to_one, _mm256_set1_ps(std::f32::consts::FRAC_1_SQRT_2));
    let one = _mm256_set1_ps(1.0);
    let m = _mm256_blendv_ps(half_to_one, _mm256_add_ps(half_to_one, half_to_one), low);
    let e = _mm256_blendv_ps(exponent, _mm256_sub_ps(exponent, one), low);
    let x = _mm256_sub_ps(m, one);
    let z = _mm256_mul_ps(x, x);
    let mut poly = _mm256_set1_ps(LN_POLY[0]);
    for &c in &LN_POLY[1..] {
        poly = _mm256_add_ps(_mm256_mul_ps(poly, x), _mm256_set1_ps(c));
    }
    let mut y = _mm256_mul_ps(_mm256_mul_ps(x, z), poly);
    y = _mm256_add_ps(y, _mm256_mul_ps(e, _mm256_set1_ps(LN2_LOW)));
    y = _mm256_sub_ps(y, _mm256_mul_ps(_mm256_set1_ps(0.5), z));
    _mm256_add_ps(
        _mm256_add_ps(x, y),
        _mm256_mul_ps(e, _mm256_set1_ps(LN2_HIGH)),
    )
}

/// The attraction for one shape (`lanes_attraction`).
///
/// # Safety
/// The CPU must have AVX2.
#[target_feature(enable = "avx2")]
pub fn attraction<const LIN_LOG: bool, const OVERLAP: bool>(
    adj: &Adjacency<'_>,
    pos: &[[f32; 2]],
    first: usize,
    out: &mut [(f32, f32)],
) {
    let zero = _mm256_setzero_ps();
    let one = _mm256_set1_ps(1.0);
    for (o, slot) in out.iter_mut().enumerate() {
        let i = first + o;
        let [px, py] = pos[i];
        let (pxv, pyv) = (_mm256_set1_ps(px), _mm256_set1_ps(py));
        let own_size = _mm256_set1_ps(adj.size[i]);
        let entries = adj.offsets[i] as usize..adj.offsets[i + 1] as usize;
        let neighbors = &adj.neighbors[entries.clone()];
        let pull = &adj.pull[entries];
        let mut ax = zero;
        let mut ay = zero;
        for (js, pulls) in neighbors.chunks(LANES).zip(pull.chunks(LANES)) {
            let Gathered { qx, qy, pull, size } =
                gather::<OVERLAP>(js, pulls, pos, adj.size, px, py);
            let dx = _mm256_sub_ps(pxv, load(&qx));
            let dy = _mm256_sub_ps(pyv, load(&qy));
            let d = _mm256_sqrt_ps(_mm256_add_ps(_mm256_mul_ps(dx, dx), _mm256_mul_ps(dy, dy)));
            let d_eff = if OVERLAP {
                _mm256_sub_ps(_mm256_sub_ps(d, own_size), load(&size))
            } else {
                d
            };
            let mut factor = _mm256_sub_ps(zero, load(&pull));
            if LIN_LOG {
                let ln = ln_at_least_one(_mm256_add_ps(one, d_eff));
                factor = _mm256_div_ps(_mm256_mul_ps(factor, ln), d_eff);
            }
            if OVERLAP {
                factor = _mm256_div_ps(_mm256_mul_ps(factor, d_eff), d);
            }
            let pulling = _mm256_and_ps(
                _mm256_cmp_ps::<_CMP_GT_OQ>(d_eff, zero),
                _mm256_cmp_ps::<_CMP_GT_OQ>(d, zero),
            );
            let factor = _mm256_and_ps(pulling, factor);
            ax = _mm256_add_ps(ax, _mm256_mul_ps(dx, factor));
            ay = _mm256_add_ps(ay, _mm256_mul_ps(dy, factor));
        }
        *slot = (total(ax), total(ay));
    }
}
