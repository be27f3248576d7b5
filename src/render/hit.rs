//! The spatial index the canvas asks "which node is under the cursor" and "which nodes
//! are in this box": a uniform grid over the layout's bounds, stored as a CSR of node
//! ids per cell (a counting sort, O(n) to build). It is rebuilt from a layout snapshot
//! when a query needs it, never scanned node by node per event.

use super::camera::Bounds;

/// About this many nodes per cell.
const NODES_PER_CELL: f32 = 2.0;

#[derive(Clone, Debug, Default)]
pub struct HitIndex {
    origin: [f32; 2],
    cell: f32,
    cols: usize,
    rows: usize,
    /// `offsets[c]..offsets[c + 1]` index the nodes of cell c in `items`.
    offsets: Vec<u32>,
    items: Vec<u32>,
    x: Vec<f32>,
    y: Vec<f32>,
}

impl HitIndex {
    /// Indexes the finite points of `x`, `y` (node i at `(x[i], y[i])`).
    pub fn build(x: &[f32], y: &[f32]) -> Self {
        let n = x.len().min(y.len());
        let (x, y) = (x[..n].to_vec(), y[..n].to_vec());
        let Some(bounds) = Bounds::of(&x, &y) else {
            return Self {
                x,
                y,
                ..Self::default()
            };
        };
        let [w, h] = bounds.size();
        let area = (w.max(1e-6)) * (h.max(1e-6));
        let mut cell = (area * NODES_PER_CELL / n.max(1) as f32).sqrt();
        if !cell.is_finite() || cell <= 0.0 {
            cell = 1.0;
        }
        // Keep the grid within a few cells per node, whatever the aspect ratio.
        let max_cells = 4 * n + 16;
        let mut cols;
        let mut rows;
        loop {
            cols = ((w / cell).floor() as usize).saturating_add(1);
            rows = ((h / cell).floor() as usize).saturating_add(1);
            if cols.saturating_mul(rows) <= max_cells {
                break;
            }
            cell *= 2.0;
        }
        let mut index = Self {
            origin: bounds.min,
            cell,
            cols,
            rows,
            offsets: vec![0; cols * rows + 1],
            items: Vec::new(),
            x,
            y,
        };
        let cells: Vec<u32> = (0..n)
            .map(|i| {
                index
                    .cell_of(index.x[i], index.y[i])
                    .map_or(u32::MAX, |c| c as u32)
            })
            .collect();
        for &c in &cells {
            if c != u32::MAX {
                index.offsets[c as usize + 1] += 1;
            }
        }
        for c in 0..cols * rows {
            index.offsets[c + 1] += index.offsets[c];
        }
        let mut fill = index.offsets[..cols * rows].to_vec();
        index.items = vec![0; index.offsets[cols * rows] as usize];
        for (i, &c) in cells.iter().enumerate() {
            if c != u32::MAX {
                let slot = &mut fill[c as usize];
                index.items[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        index
    }

    pub fn len(&self) -> usize {
        self.x.len()
    }

    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    fn cell_coords(&self, px: f32, py: f32) -> (i64, i64) {
        (
            ((px - self.origin[0]) / self.cell).floor() as i64,
            ((py - self.origin[1]) / self.cell).floor() as i64,
        )
    }

    fn cell_of(&self, px: f32, py: f32) -> Option<usize> {
        if !(px.is_finite() && py.is_finite()) {
            return None;
        }
        let (cx, cy) = self.cell_coords(px, py);
        let cx = cx.clamp(0, self.cols as i64 - 1) as usize;
        let cy = cy.clamp(0, self.rows as i64 - 1) as usize;
        Some(cy * self.cols + cx)
    }

    /// Nodes of the cells overlapping a world rectangle, as cell ranges.
    fn for_cells(&self, min: [f32; 2], max: [f32; 2], mut f: impl FnMut(u32)) {
        if self.cols == 0 || !(min[0] <= max[0] && min[1] <= max[1]) {
            return;
        }
        let (x0, y0) = self.cell_coords(min[0], min[1]);
        let (x1, y1) = self.cell_coords(max[0], max[1]);
        let clamp_x = |v: i64| v.clamp(0, self.cols as i64 - 1) as usize;
        let clamp_y = |v: i64| v.clamp(0, self.rows as i64 - 1) as usize;
        if x1 < 0 || y1 < 0 || x0 >= self.cols as i64 || y0 >= self.rows as i64 {
            return;
        }
        for cy in clamp_y(y0)..=clamp_y(y1) {
            let row = cy * self.cols;
            let start = self.offsets[row + clamp_x(x0)] as usize;
            let end = self.offsets[row + clamp_x(x1) + 1] as usize;
            for &i in &self.items[start..end] {
                f(i);
            }
        }
    }

    /// The node closest to `p` within `max_dist` (ties: the lower index).
    pub fn nearest(&self, p: [f32; 2], max_dist: f32) -> Option<u32> {
        if !(p[0].is_finite() && p[1].is_finite() && max_dist >= 0.0) {
            return None;
        }
        let r = max_dist.min(f32::MAX / 4.0);
        let mut best: Option<(f32, u32)> = None;
        self.for_cells([p[0] - r, p[1] - r], [p[0] + r, p[1] + r], |i| {
            let dx = self.x[i as usize] - p[0];
            let dy = self.y[i as usize] - p[1];
            let d2 = dx * dx + dy * dy;
            if d2 <= r * r && best.is_none_or(|(bd, bi)| d2 < bd || (d2 == bd && i < bi)) {
                best = Some((d2, i));
            }
        });
        best.map(|(_, i)| i)
    }

    /// Nodes inside a world rectangle (edges included), in increasing order.
    pub fn in_rect(&self, b: Bounds) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_cells(b.min, b.max, |i| {
            let (px, py) = (self.x[i as usize], self.y[i as usize]);
            if px >= b.min[0] && px <= b.max[0] && py >= b.min[1] && py <= b.max[1] {
                out.push(i);
            }
        });
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng, rngs::SmallRng};

    fn brute_nearest(x: &[f32], y: &[f32], p: [f32; 2], r: f32) -> Option<u32> {
        let mut best: Option<(f32, u32)> = None;
        for i in 0..x.len() {
            let (dx, dy) = (x[i] - p[0], y[i] - p[1]);
            let d2 = dx * dx + dy * dy;
            if d2.is_finite()
                && d2 <= r * r
                && best.is_none_or(|(bd, bi)| d2 < bd || (d2 == bd && (i as u32) < bi))
            {
                best = Some((d2, i as u32));
            }
        }
        best.map(|(_, i)| i)
    }

    fn brute_rect(x: &[f32], y: &[f32], b: Bounds) -> Vec<u32> {
        (0..x.len() as u32)
            .filter(|&i| {
                let (px, py) = (x[i as usize], y[i as usize]);
                px >= b.min[0] && px <= b.max[0] && py >= b.min[1] && py <= b.max[1]
            })
            .collect()
    }

    #[test]
    fn matches_brute_force_on_random_points() {
        let mut rng = SmallRng::seed_from_u64(7);
        for case in 0..40 {
            let n = [0, 1, 2, 17, 300, 2000][case % 6];
            // Clustered points with coincident ones, a far outlier and NaNs.
            let mut x: Vec<f32> = (0..n).map(|_| rng.random_range(-100.0..100.0)).collect();
            let mut y: Vec<f32> = (0..n).map(|_| rng.random::<f32>().powi(3) * 50.0).collect();
            if n > 4 {
                x[1] = x[0];
                y[1] = y[0];
                x[2] = 5000.0;
                y[3] = f32::NAN;
            }
            let index = HitIndex::build(&x, &y);
            for _ in 0..200 {
                let p = [
                    rng.random_range(-150.0..150.0),
                    rng.random_range(-20.0..80.0),
                ];
                let r = rng.random_range(0.0..30.0f32);
                assert_eq!(
                    index.nearest(p, r),
                    brute_nearest(&x, &y, p, r),
                    "case {case}, {p:?}, r {r}"
                );
                let b = Bounds {
                    min: p,
                    max: [p[0] + r * 3.0, p[1] + r],
                };
                assert_eq!(index.in_rect(b), brute_rect(&x, &y, b));
            }
            // A point exactly on a node finds it (or its coincident twin, the lower id).
            if n > 4 {
                assert_eq!(index.nearest([x[0], y[0]], 0.0), Some(0));
            }
        }
    }

    #[test]
    fn all_points_coincident_or_none() {
        let index = HitIndex::build(&[3.0; 50], &[3.0; 50]);
        assert_eq!(index.nearest([3.1, 3.0], 0.5), Some(0));
        assert_eq!(
            index
                .in_rect(Bounds {
                    min: [0.0; 2],
                    max: [5.0; 2]
                })
                .len(),
            50
        );
        let empty = HitIndex::build(&[], &[]);
        assert_eq!(empty.nearest([0.0, 0.0], 10.0), None);
        assert!(
            empty
                .in_rect(Bounds {
                    min: [0.0; 2],
                    max: [5.0; 2]
                })
                .is_empty()
        );
        assert_eq!(index.nearest([f32::NAN, 0.0], 10.0), None);
    }
}
