//! The view transform between layout (world) coordinates and screen points: a centre and
//! a scale, panned by drags and zoomed about the cursor. Screen y grows downwards, and so
//! does world y.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

/// Scales beyond these are clamped: past them f32 positions lose their meaning.
const MIN_SCALE: f32 = 1e-6;
const MAX_SCALE: f32 = 1e6;

/// World-space bounding box of a set of points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: [f32; 2],
    pub max: [f32; 2],
}

impl Bounds {
    /// Bounds of the finite points among `x`, `y`; `None` when there are none.
    pub fn of(x: &[f32], y: &[f32]) -> Option<Self> {
        let mut b = Self {
            min: [f32::INFINITY; 2],
            max: [f32::NEG_INFINITY; 2],
        };
        for (&px, &py) in x.iter().zip(y) {
            if px.is_finite() && py.is_finite() {
                b.min = [b.min[0].min(px), b.min[1].min(py)];
                b.max = [b.max[0].max(px), b.max[1].max(py)];
            }
        }
        (b.min[0] <= b.max[0]).then_some(b)
    }

    /// Bounds of most points: the `q` and `1 − q` quantiles of x and of y (over a
    /// sample of at most 8,192 points), so that a few far-flung nodes do not shrink
    /// the view of everything else. `None` when there are no finite points.
    pub fn robust(x: &[f32], y: &[f32], q: f32) -> Option<Self> {
        let n = x.len().min(y.len());
        let step = (n / 8192).max(1);
        let mut xs: Vec<f32> = Vec::with_capacity(n / step + 1);
        let mut ys: Vec<f32> = Vec::with_capacity(n / step + 1);
        for i in (0..n).step_by(step) {
            if x[i].is_finite() && y[i].is_finite() {
                xs.push(x[i]);
                ys.push(y[i]);
            }
        }
        if xs.is_empty() {
            return None;
        }
        xs.sort_by(f32::total_cmp);
        ys.sort_by(f32::total_cmp);
        let at = |v: &[f32], f: f32| v[((v.len() - 1) as f32 * f.clamp(0.0, 1.0)).round() as usize];
        Some(Self {
            min: [at(&xs, q), at(&ys, q)],
            max: [at(&xs, 1.0 - q), at(&ys, 1.0 - q)],
        })
    }

    /// Bounds of the points whose indices are given.
    pub fn of_indices(
        x: &[f32],
        y: &[f32],
        indices: impl IntoIterator<Item = u32>,
    ) -> Option<Self> {
        let (mut sx, mut sy) = (Vec::new(), Vec::new());
        for i in indices {
            if let (Some(&px), Some(&py)) = (x.get(i as usize), y.get(i as usize)) {
                sx.push(px);
                sy.push(py);
            }
        }
        Self::of(&sx, &sy)
    }

    pub fn center(&self) -> [f32; 2] {
        [
            (self.min[0] + self.max[0]) * 0.5,
            (self.min[1] + self.max[1]) * 0.5,
        ]
    }

    pub fn size(&self) -> [f32; 2] {
        [self.max[0] - self.min[0], self.max[1] - self.min[1]]
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// World point shown at the centre of the canvas.
    pub center: [f32; 2],
    /// Screen points per world unit.
    pub scale: f32,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            center: [0.0, 0.0],
            scale: 1.0,
        }
    }
}

impl Camera {
    /// The camera that shows `bounds` inside `viewport` with a margin (in points).
    pub fn fit(bounds: Bounds, viewport: Rect, margin: f32) -> Self {
        let [w, h] = bounds.size();
        let avail = vec2(
            (viewport.width() - 2.0 * margin).max(1.0),
            (viewport.height() - 2.0 * margin).max(1.0),
        );
        // A single point (or a line) gets a scale that shows a unit around it.
        let sx = if w > 0.0 { avail.x / w } else { f32::INFINITY };
        let sy = if h > 0.0 { avail.y / h } else { f32::INFINITY };
        let mut scale = sx.min(sy);
        if !scale.is_finite() {
            scale = avail.x.min(avail.y) / 2.0;
        }
        Self {
            center: bounds.center(),
            scale: scale.clamp(MIN_SCALE, MAX_SCALE),
        }
    }

    pub fn world_to_screen(&self, viewport: Rect, p: [f32; 2]) -> Pos2 {
        let c = viewport.center();
        pos2(
            c.x + (p[0] - self.center[0]) * self.scale,
            c.y + (p[1] - self.center[1]) * self.scale,
        )
    }

    pub fn screen_to_world(&self, viewport: Rect, p: Pos2) -> [f32; 2] {
        let c = viewport.center();
        [
            self.center[0] + (p.x - c.x) / self.scale,
            self.center[1] + (p.y - c.y) / self.scale,
        ]
    }

    /// The world rectangle visible in `viewport`.
    pub fn visible_world(&self, viewport: Rect) -> Bounds {
        let a = self.screen_to_world(viewport, viewport.min);
        let b = self.screen_to_world(viewport, viewport.max);
        Bounds { min: a, max: b }
    }

    /// The camera `t` of the way (0..=1) from `self` to `to`: the zoom changes at a
    /// constant rate (geometrically) and the centre moves so that the flight looks
    /// straight; `t` = 1 gives exactly `to`.
    pub fn toward(&self, to: &Camera, t: f32) -> Camera {
        if t >= 1.0 || !t.is_finite() {
            return *to;
        }
        let t = t.max(0.0);
        let (a, b) = (self.scale.max(MIN_SCALE), to.scale.max(MIN_SCALE));
        let scale = a * (b / a).powf(t);
        // The centre's share of the way follows the zoom's, in screen terms, so that
        // zooming in on a far point does not swing past it.
        let share = if (b - a).abs() > a * 1e-4 {
            (1.0 / scale - 1.0 / a) / (1.0 / b - 1.0 / a)
        } else {
            t
        };
        let lerp = |u: f32, v: f32| u + (v - u) * share;
        Camera {
            center: [
                lerp(self.center[0], to.center[0]),
                lerp(self.center[1], to.center[1]),
            ],
            scale,
        }
    }

    /// Moves the view by a screen-space drag.
    pub fn pan(&mut self, delta: Vec2) {
        self.center[0] -= delta.x / self.scale;
        self.center[1] -= delta.y / self.scale;
    }

    /// Zooms by `factor` keeping the world point under `anchor` (screen) in place.
    pub fn zoom_at(&mut self, viewport: Rect, anchor: Pos2, factor: f32) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let before = self.screen_to_world(viewport, anchor);
        self.scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let after = self.screen_to_world(viewport, anchor);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
    }
}

/// Ease in and out (smoothstep's quintic cousin): 0 at 0, 1 at 1, flat at both ends.
pub fn ease(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * t * (t * (6.0 * t - 15.0) + 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flight_starts_and_ends_exactly_and_zooms_geometrically() {
        let a = Camera {
            center: [0.0, 0.0],
            scale: 1.0,
        };
        let b = Camera {
            center: [10.0, -4.0],
            scale: 16.0,
        };
        assert_eq!(a.toward(&b, 0.0), a);
        assert_eq!(a.toward(&b, 1.0), b);
        let mid = a.toward(&b, 0.5);
        assert!((mid.scale - 4.0).abs() < 1e-4, "{mid:?}");
        // The centre moves monotonically toward the target.
        let mut last = 0.0;
        for k in 1..=10 {
            let c = a.toward(&b, k as f32 / 10.0);
            assert!(c.center[0] >= last - 1e-6, "{c:?}");
            last = c.center[0];
        }
        assert_eq!(ease(0.0), 0.0);
        assert_eq!(ease(1.0), 1.0);
        assert!((ease(0.5) - 0.5).abs() < 1e-6);
        assert!(ease(0.05) < 0.01, "flat at the start");
    }

    fn viewport() -> Rect {
        Rect::from_min_size(pos2(100.0, 50.0), vec2(800.0, 600.0))
    }

    #[test]
    fn screen_and_world_round_trip() {
        let cam = Camera {
            center: [10.0, -4.0],
            scale: 2.5,
        };
        let p = [13.0, 7.5];
        let s = cam.world_to_screen(viewport(), p);
        let back = cam.screen_to_world(viewport(), s);
        assert!((back[0] - p[0]).abs() < 1e-4 && (back[1] - p[1]).abs() < 1e-4);
        assert_eq!(
            cam.world_to_screen(viewport(), cam.center),
            viewport().center()
        );
    }

    #[test]
    fn zoom_keeps_the_anchor_still() {
        let mut cam = Camera::default();
        let anchor = pos2(700.0, 120.0);
        let before = cam.screen_to_world(viewport(), anchor);
        cam.zoom_at(viewport(), anchor, 3.0);
        assert!((cam.scale - 3.0).abs() < 1e-6);
        let after = cam.screen_to_world(viewport(), anchor);
        assert!((before[0] - after[0]).abs() < 1e-4 && (before[1] - after[1]).abs() < 1e-4);
        cam.zoom_at(viewport(), anchor, f32::NAN);
        assert!((cam.scale - 3.0).abs() < 1e-6);
    }

    #[test]
    fn fit_shows_every_point() {
        let x = [-50.0, 200.0, 10.0, f32::NAN];
        let y = [30.0, -70.0, 400.0, 1.0];
        let b = Bounds::of(&x, &y).unwrap();
        let cam = Camera::fit(b, viewport(), 20.0);
        for (&px, &py) in x.iter().zip(&y).take(3) {
            let s = cam.world_to_screen(viewport(), [px, py]);
            assert!(viewport().shrink(19.9).contains(s), "{s:?}");
        }
        // One point: centred, finite scale.
        let one = Bounds::of(&[5.0], &[5.0]).unwrap();
        let cam = Camera::fit(one, viewport(), 20.0);
        assert!(cam.scale.is_finite() && cam.scale > 0.0);
        assert_eq!(cam.center, [5.0, 5.0]);
        assert!(Bounds::of(&[f32::NAN], &[0.0]).is_none());
    }
}
