//! The canvas as SVG: the same picture as the PNG export, as vector elements at the
//! same positions, sizes, colours and opacities. The network comes from the GPU frame
//! the canvas drew (edges as lines in drawing order, nodes as circles with their
//! selection rings, exactly as `graph.wgsl` shades them); everything egui painted over
//! it (labels, legend, title, caption) from egui's shapes, text as `<text>` (selectable,
//! any script) stretched to egui's measured width so it lands where egui put it.
//!
//! For networks too large for a usable vector file, [`EdgeMode::Raster`] puts the
//! edges in as one embedded PNG layer under vector nodes and text. [`estimate_bytes`]
//! says how large either will be before it is written. Units are egui points (the
//! `viewBox`); `width` and `height` are the PNG's pixels.

use std::fmt::Write as _;

use egui::epaint::{ClippedShape, ColorMode, Shape};
use egui::{Color32, Pos2, Rect};

use crate::render::fonts::SVG_FONT_FAMILY;
use crate::render::gpu::{Frame, NODE_HIDDEN, NODE_SELECTED};

/// How edges go into the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EdgeMode {
    /// One vector line per edge.
    #[default]
    Vector,
    /// One embedded PNG of all edges (at the picture's pixels) under vector nodes.
    Raster,
}

/// The network the canvas drew in `rect` (points), and for [`EdgeMode::Raster`] the
/// PNG of its edges alone (transparent, the picture's size in pixels).
pub struct NetworkLayer<'a> {
    pub frame: &'a Frame,
    pub rect: Rect,
    pub edges_png: Option<&'a [u8]>,
}

/// What to write.
pub struct SvgPicture<'a> {
    /// The picture's size in points, and pixels per point.
    pub size_points: [f32; 2],
    pub scale: f32,
    /// egui's shapes in painting order; the network is drawn where its paint callback is.
    pub shapes: &'a [ClippedShape],
    pub network: Option<NetworkLayer<'a>>,
}

/// Bytes an edge, a node and a ring take in a vector file, on average (measured on
/// the sample and the scale-1 release: 43 bytes an edge there); a raster layer's PNG
/// per pixel an edge covers
/// and per pixel of the picture (empty runs compress to little).
const EDGE_BYTES: u64 = 42;
const NODE_BYTES: u64 = 38;
const PNG_BYTES_PER_COVERED_PIXEL: f64 = 1.0;
const PNG_BYTES_PER_PIXEL: f64 = 0.05;
/// The file's frame: header, groups, legend.
const FIXED_BYTES: u64 = 4_000;

/// A number in points, to 1/100 (shortest form: `12`, `12.5`, `12.34`).
fn num(out: &mut String, v: f32) {
    let r = (v * 100.0).round() / 100.0;
    // `-0` reads badly; NaN and infinities never reach a file.
    let r = if r == 0.0 || !r.is_finite() { 0.0 } else { r };
    let _ = write!(out, "{r}");
}

/// An opacity to 1/1000.
fn opacity(out: &mut String, v: f32) {
    let _ = write!(out, "{}", (v.clamp(0.0, 1.0) * 1000.0).round() / 1000.0);
}

/// `#rrggbb` of straight (not premultiplied) colour bytes.
fn hex(out: &mut String, [r, g, b]: [u8; 3]) {
    let _ = write!(out, "#{r:02x}{g:02x}{b:02x}");
}

/// An egui colour (premultiplied) as `#rrggbb` and its opacity.
fn straight(c: Color32) -> ([u8; 3], f32) {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    ([r, g, b], f32::from(a) / 255.0)
}

/// `name="#rrggbb"` and, below 1, `name-opacity="…"`; `none` when transparent.
fn paint_attr(out: &mut String, name: &str, c: Color32) {
    let (rgb, a) = straight(c);
    if a <= 0.0 {
        let _ = write!(out, " {name}=\"none\"");
        return;
    }
    let _ = write!(out, " {name}=\"");
    hex(out, rgb);
    out.push('"');
    if a < 1.0 {
        let _ = write!(out, " {name}-opacity=\"");
        opacity(out, a);
        out.push('"');
    }
}

/// Text escaped for XML (control characters, which XML 1.0 forbids, dropped).
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// Where the shader puts a world point: points from the canvas's corner.
fn project(frame: &Frame, rect: Rect, p: [f32; 2]) -> Pos2 {
    let v = &frame.view;
    let c = rect.center();
    Pos2::new(
        c.x + (p[0] - v.center[0]) * v.scale,
        c.y + (p[1] - v.center[1]) * v.scale,
    )
}

/// Whether a box (points) misses the canvas (as `outside_view` in the shader).
fn outside(rect: Rect, lo: Pos2, hi: Pos2) -> bool {
    hi.x < rect.min.x || lo.x > rect.max.x || hi.y < rect.min.y || lo.y > rect.max.y
}

/// The edges the shader draws: ends in points, colour and opacity.
fn drawn_edges(frame: &Frame, rect: Rect) -> impl Iterator<Item = (Pos2, Pos2, [u8; 3], f32)> + '_ {
    let v = &frame.view;
    let aa = 1.0 / v.pixels_per_point.max(1e-6);
    let width = v.edge_width.max(aa);
    let half = 0.5 * width + 0.5 * aa;
    let faint = (v.edge_width / aa).min(1.0);
    let positions = &frame.scene.positions;
    let count = (v.edge_count as usize).min(frame.scene.edges.len());
    frame.scene.edges[..count].iter().filter_map(move |e| {
        let a = project(frame, rect, *positions.get(e.src as usize)?);
        let b = project(frame, rect, *positions.get(e.dst as usize)?);
        let lo = Pos2::new(a.x.min(b.x) - half, a.y.min(b.y) - half);
        let hi = Pos2::new(a.x.max(b.x) + half, a.y.max(b.y) + half);
        let [r, g, bl, alpha] = e.color;
        let length = (b - a).length();
        let too_short = length.is_nan() || length <= 1e-6;
        if alpha == 0 || too_short || outside(rect, lo, hi) {
            return None;
        }
        Some((
            a,
            b,
            [r, g, bl],
            f32::from(alpha) / 255.0 * v.edge_alpha * faint,
        ))
    })
}

/// A node as the shader draws it: centre, radius, colour bytes and opacity, and its
/// selection ring (outer radius, colour).
struct DrawnNode {
    at: Pos2,
    radius: f32,
    rgb: [u8; 3],
    alpha: f32,
    ring: Option<f32>,
}

fn drawn_nodes(frame: &Frame, rect: Rect) -> impl Iterator<Item = DrawnNode> + '_ {
    let v = &frame.view;
    let aa = 1.0 / v.pixels_per_point.max(1e-6);
    let nodes = &frame.scene.nodes;
    let count = (v.node_count as usize).min(nodes.len());
    // The most important nodes are last; a limited count draws a suffix.
    nodes[nodes.len() - count..].iter().filter_map(move |n| {
        let at = project(frame, rect, *frame.scene.positions.get(n.node as usize)?);
        let radius = (n.radius * v.node_scale).max(0.75 * aa);
        let ring = (n.flags & NODE_SELECTED != 0).then_some(radius + 2.0);
        let half = ring.unwrap_or(radius) + 0.5 * aa;
        let reach = egui::vec2(half, half);
        if n.flags & NODE_HIDDEN != 0 || outside(rect, at - reach, at + reach) {
            return None;
        }
        let [r, g, b, a] = n.color;
        Some(DrawnNode {
            at,
            radius,
            rgb: [r, g, b],
            alpha: f32::from(a) / 255.0,
            ring,
        })
    })
}

/// Writes `items` in groups of equal style: `open` starts a group for a style, `item`
/// writes one element. Drawing order is kept (a group ends where the style changes).
fn grouped<T, K: PartialEq>(
    out: &mut String,
    items: impl Iterator<Item = T>,
    key: impl Fn(&T) -> K,
    open: impl Fn(&mut String, &K),
    item: impl Fn(&mut String, &T),
) {
    let mut current: Option<K> = None;
    for t in items {
        let k = key(&t);
        if current.as_ref() != Some(&k) {
            if current.is_some() {
                out.push_str("</g>\n");
            }
            open(out, &k);
            current = Some(k);
        }
        item(out, &t);
    }
    if current.is_some() {
        out.push_str("</g>\n");
    }
}

/// Opacity to 1/1000, as an integer (a group key).
fn milli(a: f32) -> u16 {
    (a.clamp(0.0, 1.0) * 1000.0).round() as u16
}

fn open_paint_group(out: &mut String, attr: &str, rgb: [u8; 3], alpha: u16) {
    let _ = write!(out, "<g {attr}=\"");
    hex(out, rgb);
    out.push('"');
    if alpha < 1000 {
        let _ = write!(out, " {attr}-opacity=\"{}\"", f32::from(alpha) / 1000.0);
    }
    out.push('>');
}

fn write_edges(out: &mut String, frame: &Frame, rect: Rect) {
    let aa = 1.0 / frame.view.pixels_per_point.max(1e-6);
    out.push_str("<g fill=\"none\" stroke-width=\"");
    num(out, frame.view.edge_width.max(aa));
    out.push_str("\">\n");
    grouped(
        out,
        drawn_edges(frame, rect),
        |&(_, _, rgb, a)| (rgb, milli(a)),
        |out, &(rgb, a)| open_paint_group(out, "stroke", rgb, a),
        |out, &(a, b, _, _)| {
            out.push_str("<path d=\"M");
            num(out, a.x);
            out.push(' ');
            num(out, a.y);
            out.push('L');
            num(out, b.x);
            out.push(' ');
            num(out, b.y);
            out.push_str("\"/>");
        },
    );
    out.push_str("</g>\n");
}

fn circle(out: &mut String, at: Pos2, r: f32) {
    out.push_str("<circle cx=\"");
    num(out, at.x);
    out.push_str("\" cy=\"");
    num(out, at.y);
    out.push_str("\" r=\"");
    num(out, r);
    out.push_str("\"/>");
}

fn write_nodes(out: &mut String, frame: &Frame, rect: Rect) {
    let ring = frame.view.selection_color;
    let (ring_rgb, ring_alpha) = {
        let [r, g, b, a] = ring.to_array();
        ([r, g, b], milli(f32::from(a) / 255.0))
    };
    out.push_str("<g stroke=\"none\">\n");
    // Each selected node's ring goes under it: a ring circle, then the node.
    let parts = drawn_nodes(frame, rect).flat_map(|n| {
        let ring = n.ring.map(|r| (n.at, r, ring_rgb, ring_alpha));
        ring.into_iter()
            .chain([(n.at, n.radius, n.rgb, milli(n.alpha))])
    });
    grouped(
        out,
        parts,
        |&(_, _, rgb, a)| (rgb, a),
        |out, &(rgb, a)| open_paint_group(out, "fill", rgb, a),
        |out, &(at, r, _, _)| circle(out, at, r),
    );
    out.push_str("</g>\n");
}

fn write_network(out: &mut String, layer: &NetworkLayer<'_>, size_points: [f32; 2]) {
    match layer.edges_png {
        Some(png) => {
            let _ = write!(
                out,
                "<image x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,",
                size_points[0], size_points[1]
            );
            base64::Engine::encode_string(&base64::engine::general_purpose::STANDARD, png, out);
            out.push_str("\"/>\n");
        }
        None => write_edges(out, layer.frame, layer.rect),
    }
    write_nodes(out, layer.frame, layer.rect);
}

fn write_text(out: &mut String, t: &egui::epaint::TextShape) {
    let galley = &t.galley;
    let format = galley.job.sections.first().map(|s| &s.format);
    let size = format.map_or(12.0, |f| f.font_id.size);
    let color = t.override_text_color.unwrap_or_else(|| match format {
        Some(f) if f.color != Color32::PLACEHOLDER => f.color,
        _ => t.fallback_color,
    });
    let color = color.gamma_multiply(t.opacity_factor);
    // The text as written (logical order), when egui's rows hold it unchanged or it is
    // one row; egui's shaped, visual-order glyphs otherwise.
    let logical = galley.job.text.trim_end_matches('\n');
    let visual: String = galley
        .rows
        .iter()
        .flat_map(|r| r.row.glyphs.iter().map(|g| g.chr))
        .collect();
    let one_row = galley.rows.len() == 1;
    for row in &galley.rows {
        let glyphs = &row.row.glyphs;
        let Some(first) = glyphs.first() else {
            continue;
        };
        let text: String = if one_row && visual != logical {
            logical.to_owned()
        } else {
            glyphs.iter().map(|g| g.chr).collect()
        };
        if text.trim().is_empty() {
            continue;
        }
        let left = glyphs.iter().map(|g| g.pos.x).fold(f32::INFINITY, f32::min);
        let right = glyphs
            .iter()
            .map(|g| g.pos.x + g.advance_width)
            .fold(f32::NEG_INFINITY, f32::max);
        let x = t.pos.x + row.pos.x + left;
        let y = t.pos.y + row.pos.y + first.pos.y;
        let width = right - left;
        out.push_str("<text x=\"");
        num(out, x);
        out.push_str("\" y=\"");
        num(out, y);
        out.push_str("\" font-size=\"");
        num(out, size);
        out.push('"');
        paint_attr(out, "fill", color);
        out.push_str(" textLength=\"");
        num(out, width);
        out.push_str("\" lengthAdjust=\"spacingAndGlyphs\">");
        escape(out, &text);
        out.push_str("</text>\n");
    }
}

fn write_rect(out: &mut String, r: &egui::epaint::RectShape) {
    if r.fill.a() == 0 && (r.stroke.width <= 0.0 || r.stroke.color.a() == 0) {
        return;
    }
    let rect = r.rect;
    out.push_str("<rect x=\"");
    num(out, rect.min.x);
    out.push_str("\" y=\"");
    num(out, rect.min.y);
    out.push_str("\" width=\"");
    num(out, rect.width());
    out.push_str("\" height=\"");
    num(out, rect.height());
    out.push('"');
    let radius = f32::from(r.corner_radius.nw);
    if radius > 0.0 {
        out.push_str(" rx=\"");
        num(out, radius.min(rect.width() / 2.0).min(rect.height() / 2.0));
        out.push('"');
    }
    paint_attr(out, "fill", r.fill);
    stroke_attrs(out, r.stroke.width, r.stroke.color);
    out.push_str("/>\n");
}

fn stroke_attrs(out: &mut String, width: f32, color: Color32) {
    if width > 0.0 && color.a() > 0 {
        paint_attr(out, "stroke", color);
        out.push_str(" stroke-width=\"");
        num(out, width);
        out.push('"');
    }
}

fn points_attr(out: &mut String, points: &[Pos2]) {
    for (i, p) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        num(out, p.x);
        out.push(',');
        num(out, p.y);
    }
}

/// One egui shape (the network where its callback is).
fn write_shape(out: &mut String, shape: &Shape, picture: &SvgPicture<'_>) {
    match shape {
        Shape::Vec(shapes) => shapes.iter().for_each(|s| write_shape(out, s, picture)),
        Shape::Rect(r) => write_rect(out, r),
        Shape::Circle(c) => {
            out.push_str("<circle cx=\"");
            num(out, c.center.x);
            out.push_str("\" cy=\"");
            num(out, c.center.y);
            out.push_str("\" r=\"");
            num(out, c.radius);
            out.push('"');
            paint_attr(out, "fill", c.fill);
            stroke_attrs(out, c.stroke.width, c.stroke.color);
            out.push_str("/>\n");
        }
        Shape::LineSegment { points, stroke } => {
            out.push_str("<polyline fill=\"none\" points=\"");
            points_attr(out, points);
            out.push('"');
            stroke_attrs(out, stroke.width, stroke.color);
            out.push_str("/>\n");
        }
        Shape::Path(p) => {
            out.push_str(if p.closed { "<polygon" } else { "<polyline" });
            out.push_str(" points=\"");
            points_attr(out, &p.points);
            out.push('"');
            paint_attr(
                out,
                "fill",
                if p.closed {
                    p.fill
                } else {
                    Color32::TRANSPARENT
                },
            );
            if let ColorMode::Solid(c) = p.stroke.color {
                stroke_attrs(out, p.stroke.width, c);
            }
            out.push_str("/>\n");
        }
        Shape::Text(t) => write_text(out, t),
        Shape::Mesh(mesh) => {
            for tri in mesh.indices.chunks_exact(3) {
                let v: Vec<_> = tri
                    .iter()
                    .filter_map(|&i| mesh.vertices.get(i as usize))
                    .collect();
                if let [a, _, _] = v.as_slice() {
                    out.push_str("<polygon points=\"");
                    points_attr(out, &v.iter().map(|v| v.pos).collect::<Vec<_>>());
                    out.push('"');
                    paint_attr(out, "fill", a.color);
                    out.push_str("/>\n");
                }
            }
        }
        Shape::Callback(_) => {
            if let Some(layer) = &picture.network {
                write_network(out, layer, picture.size_points);
            }
        }
        _ => {}
    }
}

/// The SVG document.
pub fn svg(picture: &SvgPicture<'_>) -> String {
    let [w, h] = picture.size_points;
    let estimate = picture.network.as_ref().map_or(FIXED_BYTES, |n| {
        estimate_network(n.frame, n.rect, n.edges_png.map(<[u8]>::len))
    });
    let mut out = String::with_capacity(estimate as usize);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {w} {h}\">\n",
        (w * picture.scale).round(),
        (h * picture.scale).round(),
    );
    let _ = writeln!(
        out,
        "<g font-family=\"{SVG_FONT_FAMILY}\" xml:space=\"preserve\" stroke-linecap=\"butt\">"
    );
    for shape in picture.shapes {
        write_shape(&mut out, &shape.shape, picture);
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// Bytes of the network's part of the file: edges as vectors or (given the PNG's
/// size) as a raster layer, and nodes.
fn estimate_network(frame: &Frame, rect: Rect, png_bytes: Option<usize>) -> u64 {
    let nodes: u64 = drawn_nodes(frame, rect)
        .map(|n| if n.ring.is_some() { 2 } else { 1 })
        .sum();
    let edges = match png_bytes {
        Some(b) => (b as u64) * 4 / 3,
        None => drawn_edges(frame, rect).count() as u64 * EDGE_BYTES,
    };
    FIXED_BYTES + nodes * NODE_BYTES + edges
}

/// How large the SVG of `frame` in `rect` will be, in bytes, with edges as `mode`, at
/// `pixels` (width × height) for a raster layer, before anything is drawn.
pub fn estimate_bytes(frame: &Frame, rect: Rect, mode: EdgeMode, pixels: [u32; 2]) -> u64 {
    match mode {
        EdgeMode::Vector => estimate_network(frame, rect, None),
        EdgeMode::Raster => {
            let total = f64::from(pixels[0]) * f64::from(pixels[1]);
            let ppp = f64::from(frame.view.pixels_per_point);
            let line = (f64::from(frame.view.edge_width) * ppp).max(1.0) + 1.0;
            let covered: f64 = drawn_edges(frame, rect)
                .map(|(a, b, _, _)| f64::from((b - a).length()) * ppp * line)
                .sum();
            let png =
                covered.min(total) * PNG_BYTES_PER_COVERED_PIXEL + total * PNG_BYTES_PER_PIXEL;
            estimate_network(frame, rect, Some(png as usize))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_text_is_escaped() {
        let mut out = String::new();
        for v in [12.0, 12.5, 12.345_67, -0.001, f32::NAN] {
            num(&mut out, v);
            out.push(' ');
        }
        assert_eq!(out, "12 12.5 12.35 0 0 ");
        let mut out = String::new();
        escape(&mut out, "a<b & \"c\"\u{1b} 中文 عربي");
        assert_eq!(out, "a&lt;b &amp; &quot;c&quot; 中文 عربي");
    }

    #[test]
    fn colours_are_straight_with_their_opacity() {
        let mut out = String::new();
        paint_attr(
            &mut out,
            "fill",
            Color32::from_rgba_unmultiplied(255, 0, 0, 128),
        );
        assert_eq!(out, " fill=\"#ff0000\" fill-opacity=\"0.502\"");
        let mut out = String::new();
        paint_attr(&mut out, "fill", Color32::TRANSPARENT);
        assert_eq!(out, " fill=\"none\"");
    }
}
