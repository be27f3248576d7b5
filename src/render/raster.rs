//! Edges drawn on the CPU, exactly as `graph.wgsl` shades them: each edge a quad half
//! a pixel wider than the line on each side, a pixel covered when its centre is inside,
//! its coverage `clamp(half_width − |distance| + ½, 0, 1)` in pixels, lines thinner
//! than a pixel drawn one pixel wide and fainter, blended in drawing order as
//! premultiplied 8-bit colour (what the GPU's blend unit does).
//!
//! Software adapters (Mesa's llvmpipe) take tens of seconds for the millions of edges of
//! a release at full detail; this does the same work in a few seconds, in parallel
//! over bands of rows (each band owns its rows, and draws the edges crossing it in
//! order, so the result is the same for any thread count). Pictures use it when the
//! adapter is a CPU, and for the raster edge layer of SVG files.

use rayon::prelude::*;

use super::gpu::Frame;
use crate::jobs::Progress;

/// Rows per band (the unit of parallel work).
const BAND_ROWS: usize = 16;

/// One edge ready to draw, in pixels.
struct Line {
    a: [f32; 2],
    dir: [f32; 2],
    len: f32,
    /// Premultiplied colour (0..1) at full coverage.
    color: [f32; 4],
}

/// The picture's geometry: where the canvas's network is, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RasterTarget {
    /// The canvas's rectangle (points) in the picture, and pixels per point.
    pub canvas: egui::Rect,
    pub scale: f32,
    /// The picture's size in pixels.
    pub pixels: [u32; 2],
}

/// The edges `frame` draws, as premultiplied RGBA rows (transparent where none is).
/// `progress` counts bands; cancelled, it returns `None`.
pub fn draw_edges(frame: &Frame, target: RasterTarget, progress: &Progress) -> Option<Vec<u8>> {
    let [w, h] = target.pixels.map(|p| p as usize);
    let v = &frame.view;
    let ppp = target.scale;
    let width = (v.edge_width * ppp).max(1.0);
    let faint = (v.edge_width * ppp).min(1.0);
    let half_width = 0.5 * width;
    let reach = half_width + 0.5;
    let c = target.canvas.center();
    let to_px = |p: [f32; 2]| {
        [
            (c.x + (p[0] - v.center[0]) * v.scale) * ppp,
            (c.y + (p[1] - v.center[1]) * v.scale) * ppp,
        ]
    };
    let view_px = [
        target.canvas.min.x * ppp,
        target.canvas.min.y * ppp,
        target.canvas.max.x * ppp,
        target.canvas.max.y * ppp,
    ];
    let count = (v.edge_count as usize).min(frame.scene.edges.len());
    let positions = &frame.scene.positions;
    let lines: Vec<Line> = frame.scene.edges[..count]
        .par_iter()
        .filter_map(|e| {
            let a = to_px(*positions.get(e.src as usize)?);
            let b = to_px(*positions.get(e.dst as usize)?);
            let d = [b[0] - a[0], b[1] - a[1]];
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            let alpha = f32::from(e.color[3]) / 255.0 * v.edge_alpha * faint;
            let outside = a[0].max(b[0]) + reach < view_px[0]
                || a[0].min(b[0]) - reach > view_px[2]
                || a[1].max(b[1]) + reach < view_px[1]
                || a[1].min(b[1]) - reach > view_px[3];
            if e.color[3] == 0 || alpha <= 0.0 || len.is_nan() || len <= 1e-6 * ppp || outside {
                return None;
            }
            let rgb = [0, 1, 2].map(|k| f32::from(e.color[k]) / 255.0 * alpha);
            Some(Line {
                a,
                dir: [d[0] / len, d[1] / len],
                len,
                color: [rgb[0], rgb[1], rgb[2], alpha],
            })
        })
        .collect();
    // Each band's edges, in drawing order.
    let bands = h.div_ceil(BAND_ROWS);
    let mut by_band: Vec<Vec<u32>> = vec![Vec::new(); bands];
    for (i, l) in lines.iter().enumerate() {
        let b = [l.a[0] + l.dir[0] * l.len, l.a[1] + l.dir[1] * l.len];
        let top = (l.a[1].min(b[1]) - reach).max(0.0) as usize / BAND_ROWS;
        let bottom = ((l.a[1].max(b[1]) + reach).max(0.0) as usize / BAND_ROWS).min(bands - 1);
        for band in by_band.iter_mut().take(bottom + 1).skip(top) {
            band.push(i as u32);
        }
    }
    progress.set_total(progress.bytes().1 + bands as u64);
    let mut rgba = vec![0u8; w * h * 4];
    rgba.par_chunks_mut(w * 4 * BAND_ROWS)
        .zip(by_band.par_iter())
        .enumerate()
        .for_each(|(band, (rows, edges))| {
            if progress.is_cancelled() {
                return;
            }
            let y0 = band * BAND_ROWS;
            for &i in edges {
                draw_line(rows, w, y0, &lines[i as usize], half_width);
            }
            progress.add_done(1);
        });
    (!progress.is_cancelled()).then_some(rgba)
}

/// The x range of pixel centres on row centre `yc` inside the edge's quad.
fn row_span(l: &Line, yc: f32, reach: f32) -> Option<(f32, f32)> {
    let n = [-l.dir[1], l.dir[0]];
    let (mut lo, mut hi) = (f32::NEG_INFINITY, f32::INFINITY);
    // Each bound: low ≤ k·x + c ≤ high, for x the pixel centre's.
    for (k, c, low, high) in [
        (n[0], (yc - l.a[1]) * n[1] - l.a[0] * n[0], -reach, reach),
        (
            l.dir[0],
            (yc - l.a[1]) * l.dir[1] - l.a[0] * l.dir[0],
            0.0,
            l.len,
        ),
    ] {
        if k.abs() > 1e-9 {
            let (p, q) = ((low - c) / k, (high - c) / k);
            lo = lo.max(p.min(q));
            hi = hi.min(p.max(q));
        } else if c < low || c > high {
            return None;
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// ⌈v⌉ and ⌊v⌋ as integers (saturating; NaN gives 0).
fn ceil(v: f32) -> i64 {
    let i = v as i64;
    if (i as f32) < v { i + 1 } else { i }
}

fn floor(v: f32) -> i64 {
    let i = v as i64;
    if (i as f32) > v { i - 1 } else { i }
}

/// Blends one edge into the rows of a band (`y0` its first row).
fn draw_line(rows: &mut [u8], w: usize, y0: usize, l: &Line, half_width: f32) {
    let reach = half_width + 0.5;
    let n = [-l.dir[1], l.dir[0]];
    let height = rows.len() / (w * 4);
    let b1 = l.a[1] + l.dir[1] * l.len;
    let top = floor(l.a[1].min(b1) - reach - 0.5).max(y0 as i64) as usize;
    let bottom = (ceil(l.a[1].max(b1) + reach).max(0) as usize).min(y0 + height);
    for y in top.max(y0)..bottom {
        let yc = y as f32 + 0.5;
        let Some((x0, x1)) = row_span(l, yc, reach) else {
            continue;
        };
        // Pixel centres x + ½ in [x0, x1] (the float → int casts saturate, and ceil and
        // floor are done by hand: without SSE 4.1 they are library calls).
        let first = ceil(x0 - 0.5).max(0);
        let last = floor(x1 - 0.5).min(w as i64 - 1);
        if last < first {
            continue;
        }
        let row = &mut rows[(y - y0) * w * 4..][..w * 4];
        let dy = (yc - l.a[1]) * n[1];
        for x in first as usize..=last as usize {
            let d = (x as f32 + 0.5 - l.a[0]) * n[0] + dy;
            let coverage = (half_width - d.abs() + 0.5).clamp(0.0, 1.0);
            if coverage <= 0.0 {
                continue;
            }
            let keep = 1.0 - l.color[3] * coverage;
            for (p, c) in row[x * 4..x * 4 + 4].iter_mut().zip(l.color) {
                *p = (c * coverage * 255.0 + f32::from(*p) * keep + 0.5) as u8;
            }
        }
    }
}

/// `over` on top of `under`, both premultiplied RGBA of the same size, into `under`.
pub fn composite_over(over: &[u8], under: &mut [u8]) {
    under
        .par_chunks_mut(4 * 4096)
        .zip(over.par_chunks(4 * 4096))
        .for_each(|(u, o)| {
            for (pu, po) in u.chunks_exact_mut(4).zip(o.chunks_exact(4)) {
                let keep = 1.0 - f32::from(po[3]) / 255.0;
                for (u, &o) in pu.iter_mut().zip(po) {
                    *u = (f32::from(o) + f32::from(*u) * keep + 0.5).min(255.0) as u8;
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::render::gpu::{EdgeInstance, FrameView, GpuScene, LayerMode};

    fn frame(edges: Vec<EdgeInstance>, positions: Vec<[f32; 2]>, edge_width: f32) -> Frame {
        Frame {
            scene: GpuScene {
                positions: Arc::new(positions),
                edges: Arc::new(edges),
                ..GpuScene::default()
            },
            view: FrameView {
                center: [50.0, 50.0],
                scale: 1.0,
                viewport: [100.0, 100.0],
                pixels_per_point: 1.0,
                node_scale: 1.0,
                edge_width,
                edge_alpha: 1.0,
                edge_count: u32::MAX,
                edge_lines: false,
                node_count: 0,
                layer: LayerMode::Direct,
                layer_chunk: 0,
                hovered: None,
                selection_color: egui::Color32::WHITE,
                hover_color: egui::Color32::WHITE,
            },
            layer_pending: None,
        }
    }

    fn target() -> RasterTarget {
        RasterTarget {
            canvas: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(100.0, 100.0)),
            scale: 1.0,
            pixels: [100, 100],
        }
    }

    fn at(rgba: &[u8], x: usize, y: usize) -> [u8; 4] {
        let i = (y * 100 + x) * 4;
        [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
    }

    #[test]
    fn a_horizontal_line_covers_its_rows_and_stops_at_its_ends() {
        let e = EdgeInstance {
            src: 0,
            dst: 1,
            color: [255, 0, 0, 255],
        };
        // From (10, 20.5) to (90, 20.5): a two-pixel line centred on row 20's centre.
        let f = frame(vec![e], vec![[10.0, 20.5], [90.0, 20.5]], 2.0);
        let rgba = draw_edges(&f, target(), &Progress::default()).expect("not cancelled");
        assert_eq!(at(&rgba, 50, 20), [255, 0, 0, 255], "on the axis");
        // One pixel off the axis, either side: coverage 1 − 1 + ½ = ½.
        assert_eq!(at(&rgba, 50, 19), [128, 0, 0, 128]);
        assert_eq!(at(&rgba, 50, 21), [128, 0, 0, 128]);
        assert_eq!(at(&rgba, 50, 22)[3], 0, "beyond the anti-aliased border");
        assert_eq!(at(&rgba, 9, 20)[3], 0, "no cap before the start");
        assert_eq!(at(&rgba, 10, 20)[3], 255);
        assert_eq!(at(&rgba, 90, 20)[3], 0, "no cap past the end");
    }

    #[test]
    fn edges_blend_in_order_and_hidden_ones_are_skipped() {
        let e = |color| EdgeInstance {
            src: 0,
            dst: 1,
            color,
        };
        let f = frame(
            vec![e([0, 0, 255, 255]), e([255, 0, 0, 128]), e([0, 255, 0, 0])],
            vec![[0.0, 50.5], [100.0, 50.5]],
            1.0,
        );
        let rgba = draw_edges(&f, target(), &Progress::default()).expect("not cancelled");
        // Half-transparent red over opaque blue.
        let [r, g, b, a] = at(&rgba, 40, 50);
        assert_eq!((r, g, a), (128, 0, 255));
        assert!((126..=128).contains(&b), "{b}");
        let cancelled = Progress::default();
        cancelled.cancel();
        assert!(draw_edges(&f, target(), &cancelled).is_none());
    }

    #[test]
    fn ceil_and_floor_by_hand() {
        for v in [-2.5f32, -2.0, -0.3, 0.0, 0.3, 1.0, 7.9, 1e6] {
            assert_eq!(ceil(v), v.ceil() as i64, "{v}");
            assert_eq!(floor(v), v.floor() as i64, "{v}");
        }
    }

    #[test]
    fn over_composites_premultiplied_colour() {
        let mut under = vec![0, 0, 200, 255, 10, 10, 10, 255];
        composite_over(&[100, 0, 0, 128, 0, 0, 0, 0], &mut under);
        assert_eq!(&under[..4], &[100, 0, 100, 255]);
        assert_eq!(
            &under[4..],
            &[10, 10, 10, 255],
            "transparent over leaves it"
        );
    }
}
