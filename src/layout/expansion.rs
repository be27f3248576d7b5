//! The far field of a group of bodies as a local expansion: the repulsion of the cells
//! far from the whole group is summed once per group, as a polynomial about the group's
//! centre, and the polynomial is evaluated body by body (a cell-to-group interaction,
//! as the fast multipole method has them, instead of a cell-to-body one per member).
//!
//! In the complex plane the repulsion on a body at `p` from a cell of mass `M` at `c` is
//! `M (p − c) / |p − c|² = conj(M / (p − c))`. With `p = g + δ` (`g` the group's centre)
//! and `w = g − c`, `1 / (w + δ) = Σₖ (−δ)ᵏ / wᵏ⁺¹` while `|δ| < |w|`, so the field of
//! all such cells is `Σₖ bₖ (−δ)ᵏ` with `bₖ = Σ M / wᵏ⁺¹`. Truncated after the term of
//! degree [`ORDER`], what is left out of a cell's repulsion is at most
//! `ρ^(ORDER+1) / (1 − ρ)` of its repulsion at the centre, `ρ = |δ| / |w| ≤
//! 1 / SEPARATION`: 12.5 % for a body on the group's rim in line with the cell, the
//! same order as what a Barnes-Hut monopole leaves out at θ 1.2, and far less for most
//! bodies and cells. Summed over a layout's far cells the errors stay as small as
//! without the expansion (the tests measure the repulsion against exact sums).
//! The coefficients are summed in SIMD lanes in the walk's order ([`lanes_expansion`]),
//! so the forces stay the same on any number of threads.

use super::lane_inputs::Lanes;
use super::lanes::lanes_expansion;

/// Degree of the local expansion.
pub const ORDER: usize = 3;

/// A cell goes into the expansion when its centre is at least this many group radii
/// from the group's centre.
pub const SEPARATION: f32 = 2.0;

/// Groups of fewer bodies than this sum every far cell body by body (the expansion
/// costs a few interactions per cell, so it pays for groups larger than that).
pub const MIN_GROUP: usize = 8;

/// The coefficients `bₖ` of one target's far field, about its centre.
#[derive(Clone, Copy, Debug)]
pub struct LocalExpansion {
    re: [f32; ORDER + 1],
    im: [f32; ORDER + 1],
    centre: (f32, f32),
    /// The total mass of the cells in it (so that a walk can be checked to count every
    /// body once).
    mass: f64,
    /// No cell at all: every body skips the evaluation.
    empty: bool,
}

impl LocalExpansion {
    /// The expansion about `(gx, gy)` of the cells in `cells` (none of them at the
    /// centre).
    pub fn of_cells(gx: f32, gy: f32, cells: &Lanes) -> Self {
        Self::none(gx, gy).plus_cells(cells)
    }

    /// No far field, about `(gx, gy)`.
    pub fn none(gx: f32, gy: f32) -> Self {
        Self {
            re: [0.0; ORDER + 1],
            im: [0.0; ORDER + 1],
            centre: (gx, gy),
            mass: 0.0,
            empty: true,
        }
    }

    /// The total mass of the cells whose field this is.
    pub fn mass(&self) -> f64 {
        self.mass
    }

    /// The same field about another centre `(gx, gy)`: the polynomial in `−δ` shifted
    /// by `u = old centre − new centre` (Taylor's shift by Horner's rule, so
    /// `Σ bₖ (u + e)ᵏ = Σ b'ⱼ eʲ` exactly but for rounding; nothing is truncated).
    #[must_use]
    pub fn shifted_to(&self, gx: f32, gy: f32) -> Self {
        let mut out = Self {
            centre: (gx, gy),
            ..*self
        };
        if self.empty {
            return out;
        }
        let (ur, ui) = (self.centre.0 - gx, self.centre.1 - gy);
        let (re, im) = (&mut out.re, &mut out.im);
        for i in 0..ORDER {
            for k in (i..ORDER).rev() {
                re[k] += re[k + 1] * ur - im[k + 1] * ui;
                im[k] += re[k + 1] * ui + im[k + 1] * ur;
            }
        }
        out
    }

    /// This field plus that of the cells in `cells` (none of them at the centre), about
    /// the same centre.
    #[must_use]
    pub fn plus_cells(&self, cells: &Lanes) -> Self {
        if cells.m.is_empty() {
            return *self;
        }
        let (gx, gy) = self.centre;
        let [re, im] = lanes_expansion(cells, gx, gy);
        let mut out = Self {
            empty: false,
            mass: self.mass + cells.m.iter().copied().map(f64::from).sum::<f64>(),
            ..*self
        };
        for k in 0..=ORDER {
            out.re[k] += re[k];
            out.im[k] += im[k];
        }
        out
    }

    /// The far field's repulsion at `(px, py)`, per unit of the body's `k·m`.
    #[inline]
    pub fn at(&self, px: f32, py: f32) -> (f32, f32) {
        if self.empty {
            return (0.0, 0.0);
        }
        // Horner's rule in −δ.
        let (dr, di) = (self.centre.0 - px, self.centre.1 - py);
        let (mut hr, mut hi) = (self.re[ORDER], self.im[ORDER]);
        for k in (0..ORDER).rev() {
            (hr, hi) = (
                hr * dr - hi * di + self.re[k],
                hr * di + hi * dr + self.im[k],
            );
        }
        // The force is the conjugate.
        (hr, -hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Σ M (p − c) / |p − c|² directly.
    fn direct(cells: &[(f32, f32, f32)], px: f32, py: f32) -> (f64, f64) {
        cells.iter().fold((0.0, 0.0), |(fx, fy), &(cx, cy, m)| {
            let (dx, dy) = (f64::from(px - cx), f64::from(py - cy));
            let d2 = dx * dx + dy * dy;
            (fx + f64::from(m) * dx / d2, fy + f64::from(m) * dy / d2)
        })
    }

    #[test]
    fn the_expansion_sums_the_far_cells_within_its_bound() {
        let (gx, gy, radius) = (10.0f32, -4.0f32, 2.0f32);
        // Cells all around the group, from just past the separation to far away.
        let cells: Vec<(f32, f32, f32)> = (0..40)
            .map(|i| {
                let angle = i as f32 * 0.7;
                let d = radius * SEPARATION * (1.0 + i as f32 * 0.25);
                (
                    gx + d * angle.cos(),
                    gy + d * angle.sin(),
                    1.0 + (i % 5) as f32,
                )
            })
            .collect();
        let mut lanes = Lanes::default();
        for &(cx, cy, m) in &cells {
            lanes.push(cx, cy, m);
        }
        lanes.pad(gx, gy);
        let local = LocalExpansion::of_cells(gx, gy, &lanes);
        let rho = 1.0 / f64::from(SEPARATION);
        let bound = rho.powi(ORDER as i32 + 1) / (1.0 - rho);
        let mut errors = Vec::new();
        for (ox, oy) in [
            (2.0, 0.0),
            (-1.2, 1.5),
            (0.3, -1.9),
            (-2.0, 0.0),
            (1.0, 0.0),
        ] {
            let (px, py) = (gx + ox, gy + oy);
            let (ex, ey) = direct(&cells, px, py);
            let (fx, fy) = local.at(px, py);
            let error = (f64::from(fx) - ex).hypot(f64::from(fy) - ey);
            // Each cell's error is at most `bound` of its repulsion at the centre.
            let most: f64 = cells
                .iter()
                .map(|&(cx, cy, m)| f64::from(m) / f64::from(gx - cx).hypot(f64::from(gy - cy)))
                .sum::<f64>()
                * bound;
            assert!(error <= most, "at ({ox}, {oy}): error {error} over {most}");
            assert!(error < 0.05 * ex.hypot(ey), "at ({ox}, {oy}): {error}");
            errors.push(error);
        }
        // Halfway to the rim, the first term left out is 2^(ORDER + 1) times smaller.
        assert!(errors[4] < errors[0] / 8.0, "{errors:?}");
        // At the centre the expansion is the exact sum (but for rounding).
        let (ex, ey) = direct(&cells, gx, gy);
        let (fx, fy) = local.at(gx, gy);
        assert!((f64::from(fx) - ex).hypot(f64::from(fy) - ey) < 1e-5 * ex.hypot(ey));
    }

    #[test]
    fn a_shifted_expansion_is_the_same_field_about_its_new_centre() {
        let (gx, gy) = (3.0f32, 5.0f32);
        let mut lanes = Lanes::default();
        for i in 0..13 {
            let angle = i as f32 * 0.9;
            let d = 40.0 + i as f32 * 7.0;
            lanes.push(gx + d * angle.cos(), gy + d * angle.sin(), 1.0 + i as f32);
        }
        lanes.pad(gx, gy);
        let parent = LocalExpansion::of_cells(gx, gy, &lanes);
        // A child's centre within the parent's ball, and points around it.
        let (hx, hy) = (gx + 4.0, gy - 3.0);
        let child = parent.shifted_to(hx, hy);
        assert_eq!(child.centre, (hx, hy));
        for (ox, oy) in [(0.0, 0.0), (2.0, 1.0), (-3.0, 2.5), (1.5, -4.0)] {
            let (px, py) = (hx + ox, hy + oy);
            let (a, b) = (parent.at(px, py), child.at(px, py));
            let scale = a.0.hypot(a.1);
            assert!(scale > 0.0);
            let diff = (a.0 - b.0).hypot(a.1 - b.1);
            assert!(diff < 1e-5 * scale, "at ({ox}, {oy}): {a:?} against {b:?}");
        }
        // Adding cells about the new centre adds their field.
        let mut more = Lanes::default();
        more.push(hx - 60.0, hy + 10.0, 4.0);
        more.pad(hx, hy);
        let both = child.plus_cells(&more);
        let alone = LocalExpansion::of_cells(hx, hy, &more);
        let (px, py) = (hx + 1.0, hy + 1.0);
        let (s, c, o) = (both.at(px, py), child.at(px, py), alone.at(px, py));
        assert!((s.0 - c.0 - o.0).abs() < 1e-6 && (s.1 - c.1 - o.1).abs() < 1e-6);
        assert!(o.0 > 0.0, "a cell on the left pushes to the right: {o:?}");
        // Shifting nothing gives nothing.
        let none = LocalExpansion::none(gx, gy).shifted_to(hx, hy);
        assert_eq!(none.at(px, py), (0.0, 0.0));
    }

    #[test]
    fn an_empty_expansion_pushes_nothing() {
        let empty = LocalExpansion::of_cells(1.0, 2.0, &Lanes::default());
        assert_eq!(empty.at(3.0, 4.0), (0.0, 0.0));
    }
}
