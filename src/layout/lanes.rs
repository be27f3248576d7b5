//! The SIMD heart of the forces: bodies as columns ([`Lanes`], [`Columns`]) and the hot
//! loops that sum the repulsion on eight bodies at once from them, a local expansion's
//! coefficients, and the attraction along a node's edges with a
//! logarithm or sizes in it (LinLog, overlap prevention), eight lanes at a time, in a
//! fixed order (so results do not depend on threads or on the CPU's features).
//!
//! Each loop is written twice: here with `wide`'s eight-lane type (compiled for the
//! crate's baseline, SSE2 on x86-64), and with AVX2 intrinsics in
//! [`super::lanes_avx2`], used when the CPU has AVX2. Both do the same IEEE operations
//! on each lane in the same order (no fused multiply-add), so they give the same bits.

use super::lane_inputs::{
    Adjacency, COINCIDENT_D2, Columns, Gathered, LANES, LN_POLY, LN2_HIGH, LN2_LOW, Lanes,
    TargetSums, blocks, gather,
};

/// Whether the AVX2 loops can run on this CPU (the standard library caches the check).
#[inline(always)]
fn avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The repulsion on eight targets at once, one per lane (`tx`, `ty`), from every
/// source: the cells of `far`, then the bodies of `bodies` in each of `spans` (start,
/// end), one source at a time in that order; sources within [`COINCIDENT_D2`] of a
/// target add nothing to it and are counted. Without the targets' `k·m`.
#[allow(unsafe_code)] // Only to call the AVX2 loops once the CPU is known to have AVX2.
pub fn lanes_repulsion_targets(
    tx: &[f32; LANES],
    ty: &[f32; LANES],
    far: Columns<'_>,
    bodies: Columns<'_>,
    spans: &[(u32, u32)],
) -> TargetSums {
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        // SAFETY: the function only needs AVX2, which this CPU has (checked just above).
        return unsafe { super::lanes_avx2::repulsion_targets(tx, ty, far, bodies, spans) };
    }
    portable_repulsion_targets(tx, ty, far, bodies, spans)
}

fn portable_repulsion_targets(
    tx: &[f32; LANES],
    ty: &[f32; LANES],
    far: Columns<'_>,
    bodies: Columns<'_>,
    spans: &[(u32, u32)],
) -> TargetSums {
    use wide::f32x8;
    let (txv, tyv) = (f32x8::from(*tx), f32x8::from(*ty));
    let eps = f32x8::splat(COINCIDENT_D2);
    let mut ax = f32x8::ZERO;
    let mut ay = f32x8::ZERO;
    let mut same = f32x8::ZERO;
    let mut sweep = |xs: &[f32], ys: &[f32], ms: &[f32]| {
        for ((&x, &y), &m) in xs.iter().zip(ys).zip(ms) {
            let dx = txv - f32x8::splat(x);
            let dy = tyv - f32x8::splat(y);
            let d2 = dx * dx + dy * dy;
            let apart = d2.simd_ge(eps);
            let f = apart.bitselect(f32x8::splat(m) / d2, f32x8::ZERO);
            ax += dx * f;
            ay += dy * f;
            same += apart.bitselect(f32x8::ZERO, f32x8::ONE);
        }
    };
    sweep(far.x, far.y, far.m);
    for &(a, b) in spans {
        let r = a as usize..b as usize;
        sweep(&bodies.x[r.clone()], &bodies.y[r.clone()], &bodies.m[r]);
    }
    TargetSums {
        fx: ax.to_array(),
        fy: ay.to_array(),
        same: same.to_array(),
    }
}

/// The local expansion's coefficients `Σ m / wᵏ⁺¹` for `k` in `0..=3`, `w = g − c` as a
/// complex number, over the cells `c` (columns padded as [`Lanes`]), as (real, imaginary)
/// parts.
#[allow(unsafe_code)] // Only to call the AVX2 loops once the CPU is known to have AVX2.
pub fn lanes_expansion(bodies: &Lanes, gx: f32, gy: f32) -> [[f32; 4]; 2] {
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        // SAFETY: the function only needs AVX2, which this CPU has (checked just above).
        return unsafe { super::lanes_avx2::expansion(bodies, gx, gy) };
    }
    portable_expansion(bodies, gx, gy)
}

fn portable_expansion(bodies: &Lanes, gx: f32, gy: f32) -> [[f32; 4]; 2] {
    use wide::f32x8;
    let (gxv, gyv) = (f32x8::splat(gx), f32x8::splat(gy));
    let mut re = [f32x8::ZERO; 4];
    let mut im = [f32x8::ZERO; 4];
    for (xs, ys, ms) in blocks(bodies) {
        let wr = gxv - f32x8::from(*xs);
        let wi = gyv - f32x8::from(*ys);
        let inv = f32x8::ONE / (wr * wr + wi * wi);
        // 1 / w = conj(w) / |w|², then m / wᵏ⁺¹ by repeated products.
        let (ir, ii) = (wr * inv, (f32x8::ZERO - wi) * inv);
        let mv = f32x8::from(*ms);
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

/// How the attraction along an edge grows with its length `d` (less the two sizes
/// `d'` with overlap prevention): `ln(1 + d')` for LinLog, `d'` otherwise; none at all
/// while `d'` ≤ 0. Plain linear attraction needs no lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub lin_log: bool,
    pub prevent_overlap: bool,
}

/// `ln(v)` for lanes holding a finite `v` ≥ 1 (within a few units in the last place):
/// `v = 2ᵉ·m` with `m` in [√½, √2), and a polynomial in `m − 1`. Other lanes get some
/// value, never a panic; the attraction masks them out.
#[inline(always)]
fn ln_at_least_one(v: wide::f32x8) -> wide::f32x8 {
    use wide::{f32x8, i32x8, u32x8};
    let bits: u32x8 = bytemuck::cast(v);
    let biased: i32x8 = bytemuck::cast((bits >> 23) & u32x8::splat(0xff));
    let exponent = biased.round_float() - f32x8::splat(126.0);
    let half_to_one: f32x8 =
        bytemuck::cast((bits & u32x8::splat(0x007f_ffff)) | u32x8::splat(0x3f00_0000));
    let low = half_to_one.simd_lt(f32x8::splat(std::f32::consts::FRAC_1_SQRT_2));
    let m = low.bitselect(half_to_one + half_to_one, half_to_one);
    let e = low.bitselect(exponent - f32x8::ONE, exponent);
    let x = m - f32x8::ONE;
    let z = x * x;
    let mut poly = f32x8::splat(LN_POLY[0]);
    for &c in &LN_POLY[1..] {
        poly = poly * x + f32x8::splat(c);
    }
    let mut y = x * z * poly;
    y += e * f32x8::splat(LN2_LOW);
    y -= f32x8::splat(0.5) * z;
    (x + y) + e * f32x8::splat(LN2_HIGH)
}

/// The attraction on the nodes `first..first + out.len()` along their edges (no
/// gravity), into `out`: each node's entries gathered eight at a time, the logarithm
/// and square root in lanes.
#[allow(unsafe_code)] // Only to call the AVX2 loops once the CPU is known to have AVX2.
pub fn lanes_attraction(
    adj: &Adjacency<'_>,
    pos: &[[f32; 2]],
    shape: Shape,
    first: usize,
    out: &mut [(f32, f32)],
) {
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        use super::lanes_avx2::attraction;
        // SAFETY: the functions only need AVX2, which this CPU has (checked just above).
        unsafe {
            match (shape.lin_log, shape.prevent_overlap) {
                (true, true) => attraction::<true, true>(adj, pos, first, out),
                (true, false) => attraction::<true, false>(adj, pos, first, out),
                (false, true) => attraction::<false, true>(adj, pos, first, out),
                (false, false) => attraction::<false, false>(adj, pos, first, out),
            }
        }
        return;
    }
    portable_attraction(adj, pos, shape, first, out);
}

fn portable_attraction(
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
            let Gathered { qx, qy, pull, size } =
                gather::<OVERLAP>(js, pulls, pos, adj.size, px, py);
            let dx = pxv - f32x8::from(qx);
            let dy = pyv - f32x8::from(qy);
            let d = (dx * dx + dy * dy).sqrt();
            let d_eff = if OVERLAP {
                d - own_size - f32x8::from(size)
            } else {
                d
            };
            let mut factor = f32x8::ZERO - f32x8::from(pull);
            if LIN_LOG {
                factor = factor * ln_at_least_one(f32x8::ONE + d_eff) / d_eff;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Seeded values in [lo, hi).
    fn values(n: usize, seed: u64, lo: f32, hi: f32) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                lo + (hi - lo) * ((s >> 40) as f32 / (1u64 << 24) as f32)
            })
            .collect()
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|f| f.to_bits()).collect()
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    #[allow(unsafe_code)]
    fn the_avx2_loops_give_the_portable_loops_bits() {
        use crate::layout::lanes_avx2;
        assert!(
            avx2(),
            "this test compares the AVX2 loops with the portable ones and needs an AVX2 CPU"
        );
        // Bodies spread over six orders of magnitude, some coincident with the body.
        let n = 8 * 40;
        let mut x = values(n, 1, -1e3, 1e3);
        let mut y = values(n, 2, -1e3, 1e3);
        let m = values(n, 3, 0.0, 50.0);
        for k in (0..n).step_by(7) {
            x[k] *= 1e-3;
            y[k] *= 1e-3;
        }
        x[5] = 0.25;
        y[5] = -0.5;
        let bodies = Lanes { x, y, m };
        for (px, py) in [(0.25, -0.5), (7.0, 3.0), (-900.0, 850.0)] {
            // SAFETY: the CPU has AVX2, asserted above.
            let fast = unsafe { lanes_avx2::expansion(&bodies, px, py) };
            let slow = portable_expansion(&bodies, px, py);
            assert_eq!(bits(fast.as_flattened()), bits(slow.as_flattened()));
        }
        // Eight targets (one of them on a body, one on another target) against the far
        // columns and spans of the bodies (empty, single, whole).
        let tx = [0.25, 7.0, -900.0, 1e-3, 0.25, 3.5, -2.0, 400.0];
        let ty = [-0.5, 3.0, 850.0, -1e-3, -0.5, 0.0, 9.0, -300.0];
        let far = Columns {
            x: &bodies.x[13..30],
            y: &bodies.y[13..30],
            m: &bodies.m[13..30],
        };
        let spans = [(20, 20), (5, 6), (40, 200), (201, n as u32)];
        // SAFETY: the CPU has AVX2, asserted above.
        let fast =
            unsafe { lanes_avx2::repulsion_targets(&tx, &ty, far, Columns::of(&bodies), &spans) };
        let slow = portable_repulsion_targets(&tx, &ty, far, Columns::of(&bodies), &spans);
        assert_eq!(bits(&fast.fx), bits(&slow.fx));
        assert_eq!(bits(&fast.fy), bits(&slow.fy));
        assert_eq!(fast.same, slow.same);
        // The target on body 5 counts it (and the target beside it, the same point).
        assert_eq!((slow.same[0], slow.same[4], slow.same[1]), (1.0, 1.0, 0.0));
        // Lane 1 is the plain sum, source by source in order.
        let (mut ex, mut ey) = (0.0f32, 0.0f32);
        let mut add = |k: usize| {
            let (dx, dy) = (7.0 - bodies.x[k], 3.0 - bodies.y[k]);
            let f = bodies.m[k] / (dx * dx + dy * dy);
            ex += dx * f;
            ey += dy * f;
        };
        (13..30).for_each(&mut add);
        for &(a, b) in &spans {
            (a as usize..b as usize).for_each(&mut add);
        }
        assert_eq!((slow.fx[1], slow.fy[1]), (ex, ey));

        // Attraction: nodes of 0 to 20 entries, every shape.
        let nodes = 200;
        let pos: Vec<[f32; 2]> = values(nodes, 4, -500.0, 500.0)
            .into_iter()
            .zip(values(nodes, 5, -500.0, 500.0))
            .map(|(a, b)| [a, b])
            .collect();
        let size = values(nodes, 6, 0.0, 30.0);
        let mut offsets = vec![0u32];
        let mut neighbors = Vec::new();
        for i in 0..nodes {
            for k in 0..i % 21 {
                neighbors.push(((i * 31 + k * 17) % nodes) as u32);
            }
            offsets.push(neighbors.len() as u32);
        }
        let pull = values(neighbors.len(), 7, 0.1, 3.0);
        let adj = Adjacency {
            offsets: &offsets,
            neighbors: &neighbors,
            pull: &pull,
            size: &size,
        };
        for (lin_log, prevent_overlap) in [(true, false), (true, true), (false, true)] {
            let shape = Shape {
                lin_log,
                prevent_overlap,
            };
            let mut fast = vec![(0.0, 0.0); nodes];
            let mut slow = vec![(0.0, 0.0); nodes];
            lanes_attraction(&adj, &pos, shape, 0, &mut fast);
            portable_attraction(&adj, &pos, shape, 0, &mut slow);
            let flat =
                |v: &[(f32, f32)]| bits(&v.iter().flat_map(|p| [p.0, p.1]).collect::<Vec<_>>());
            assert_eq!(flat(&fast), flat(&slow), "{shape:?}");
            assert!(fast.iter().filter(|f| f.0 != 0.0).count() > 150);
        }
    }

    #[test]
    fn the_logarithm_in_lanes_is_within_a_few_units_in_the_last_place() {
        let vs: Vec<f32> = values(4096, 9, 0.0, 30.0)
            .into_iter()
            .map(|v| 1.0 + v.powi(3) * 100.0)
            .chain([
                1.0,
                1.0 + f32::EPSILON,
                1.5,
                2.0,
                std::f32::consts::SQRT_2,
                1e30,
            ])
            .collect();
        for chunk in vs.chunks(LANES) {
            let mut lanes = [1.0f32; LANES];
            lanes[..chunk.len()].copy_from_slice(chunk);
            let got = ln_at_least_one(wide::f32x8::from(lanes)).to_array();
            for (&v, &g) in chunk.iter().zip(&got) {
                let want = f64::from(v).ln();
                let ulp = f64::from(f32::EPSILON) * want.abs().max(f64::MIN_POSITIVE);
                assert!(
                    (f64::from(g) - want).abs() <= 4.0 * ulp.max(1e-9),
                    "ln {v}: {g} against {want}"
                );
            }
        }
    }
}
