//! The plots as figures: activity (stacked bars per bin, retweets in a lighter shade of
//! their series, the selection as a line), posting hours (the weekday × hour heatmap)
//! and account creation (bars), drawn as SVG in the window's colours, with axes, ticks
//! and a legend; PNG is that SVG rasterised ([`super::pdf::rasterise`]).

use std::fmt::Write as _;

use egui::Color32;

use crate::analysis::activity::{Activity, Histogram, HourOfWeek};
use crate::analysis::numbers::thousands;
use crate::model::time::format_days;
use crate::render::Palette;
use crate::render::fonts::SVG_FONT_FAMILY;

/// A plot figure's size in points.
pub const PLOT_SIZE: [f32; 2] = [960.0, 400.0];
/// Margins: left (the counts), right, top (title and legend), bottom (the dates).
const LEFT: f32 = 64.0;
const RIGHT: f32 = 16.0;
const TOP: f32 = 56.0;
const BOTTOM: f32 = 36.0;
/// Date labels along the time axis, at most.
const DATE_LABELS: usize = 7;
const FONT: f32 = 12.0;

/// A lighter shade of a series colour (for its retweets).
pub fn lighter(c: Color32) -> Color32 {
    let mix = |v: u8| (u16::from(v) + (255 - u16::from(v)) / 2) as u8;
    Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
}

/// The colour of each activity series: the network's colour of its label where the
/// network has one (`legend`), the palette's otherwise.
pub fn series_colors(a: &Activity, palette: Palette, legend: &[(String, Color32)]) -> Vec<Color32> {
    a.series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            legend
                .iter()
                .find(|(label, _)| *label == s.label)
                .map_or_else(|| palette.categorical(i), |(_, c)| *c)
        })
        .collect()
}

fn hex(c: Color32) -> String {
    let [r, g, b, _] = c.to_srgba_unmultiplied();
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text escaped for XML.
fn escaped(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// An SVG document being written: the frame, then the plot's elements.
struct Doc {
    out: String,
    text: String,
}

impl Doc {
    fn new(scale: f32, palette: Palette) -> Self {
        let [w, h] = PLOT_SIZE;
        let mut out = String::new();
        let _ = write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {w} {h}\">\n<g font-family=\"{SVG_FONT_FAMILY}\" font-size=\"{FONT}\">\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{}\"/>\n",
            (w * scale).round(),
            (h * scale).round(),
            hex(palette.canvas_background()),
        );
        Self {
            out,
            text: hex(palette.label_text()),
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Color32) {
        let _ = writeln!(
            self.out,
            "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"{}\"/>",
            w.max(0.0),
            h.max(0.0),
            hex(fill)
        );
    }

    fn text(&mut self, x: f32, y: f32, anchor: &str, text: &str) {
        let _ = writeln!(
            self.out,
            "<text x=\"{x:.2}\" y=\"{y:.2}\" text-anchor=\"{anchor}\" fill=\"{}\">{}</text>",
            self.text,
            escaped(text)
        );
    }

    fn line(&mut self, points: &[(f32, f32)], color: Color32, width: f32) {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.2},{y:.2}"))
            .collect();
        let _ = writeln!(
            self.out,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\" points=\"{}\"/>",
            hex(color),
            pts.join(" ")
        );
    }

    fn title(&mut self, title: &str) {
        let _ = writeln!(
            self.out,
            "<text x=\"{LEFT}\" y=\"20\" font-size=\"16\" fill=\"{}\">{}</text>",
            self.text,
            escaped(title)
        );
    }

    /// A row of legend swatches under the title.
    fn legend(&mut self, entries: &[(String, Color32)]) {
        let mut x = LEFT;
        for (label, color) in entries {
            self.rect(x, 32.0, 10.0, 10.0, *color);
            self.text(x + 14.0, 41.0, "start", label);
            x += 24.0 + 6.5 * label.chars().count() as f32;
        }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</g>\n</svg>\n");
        self.out
    }
}

/// A round step for about five ticks up to `max`.
fn tick_step(max: u64) -> u64 {
    let raw = (max as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * magnitude);
    step as u64
}

/// The count axis (ticks, grid lines) for counts up to `max`; returns the y of a count.
fn count_axis(doc: &mut Doc, max: u64, palette: Palette) -> impl Fn(f64) -> f32 + use<> {
    let [w, h] = PLOT_SIZE;
    let step = tick_step(max);
    let top_count = max.div_ceil(step).max(1) * step;
    let plot_h = h - TOP - BOTTOM;
    let y_of = move |v: f64| h - BOTTOM - (v / top_count as f64) as f32 * plot_h;
    let grid = palette.label_halo();
    let mut v = 0;
    while v <= top_count {
        let y = y_of(v as f64);
        doc.line(&[(LEFT, y), (w - RIGHT, y)], grid, 0.5);
        doc.text(LEFT - 6.0, y + 4.0, "end", &thousands(v));
        v += step;
    }
    y_of
}

/// Date labels under bins whose first days are `edges`.
fn date_axis(doc: &mut Doc, edges: &[i32]) {
    let bins = edges.len().saturating_sub(1);
    if bins == 0 {
        return;
    }
    let [w, h] = PLOT_SIZE;
    let bw = (w - LEFT - RIGHT) / bins as f32;
    let every = bins.div_ceil(DATE_LABELS).max(1);
    for b in (0..bins).step_by(every) {
        doc.text(
            LEFT + bw * b as f32,
            h - BOTTOM + 16.0,
            "start",
            &format_days(edges[b]),
        );
    }
}

/// The activity plot.
pub fn activity_svg(a: &Activity, colors: &[Color32], palette: Palette, scale: f32) -> String {
    let mut doc = Doc::new(scale, palette);
    doc.title(&format!("Posting activity: {} tweets", thousands(a.total)));
    let bins = a.edges.len().saturating_sub(1);
    let stacked = |b: usize| -> u64 {
        a.series
            .iter()
            .map(|s| {
                s.originals.get(b).copied().unwrap_or(0) + s.retweets.get(b).copied().unwrap_or(0)
            })
            .sum()
    };
    let max = (0..bins)
        .map(stacked)
        .chain(a.selection.iter().copied())
        .max()
        .unwrap_or(0);
    let mut legend: Vec<(String, Color32)> = a
        .series
        .iter()
        .zip(colors)
        .map(|(s, &c)| (s.label.clone(), c))
        .collect();
    let has_selection = a.selection.iter().any(|&n| n > 0);
    if has_selection {
        legend.push(("selected accounts".to_owned(), palette.selection()));
    }
    doc.legend(&legend);
    let y_of = count_axis(&mut doc, max, palette);
    let bw = (PLOT_SIZE[0] - LEFT - RIGHT) / bins.max(1) as f32;
    for b in 0..bins {
        let mut below = 0u64;
        for (s, &c) in a.series.iter().zip(colors) {
            for (n, color) in [
                (s.originals.get(b).copied().unwrap_or(0), c),
                (s.retweets.get(b).copied().unwrap_or(0), lighter(c)),
            ] {
                if n == 0 {
                    continue;
                }
                let (y0, y1) = (y_of(below as f64), y_of((below + n) as f64));
                doc.rect(
                    LEFT + bw * b as f32,
                    y1,
                    (bw * 0.9).max(0.5),
                    y0 - y1,
                    color,
                );
                below += n;
            }
        }
    }
    if has_selection {
        let points: Vec<(f32, f32)> = a
            .selection
            .iter()
            .enumerate()
            .map(|(b, &n)| (LEFT + bw * (b as f32 + 0.45), y_of(n as f64)))
            .collect();
        doc.line(&points, palette.selection(), 2.0);
    }
    date_axis(&mut doc, &a.edges);
    doc.finish()
}

/// The posting-hours heatmap (weekday rows, hour columns) in time zone `tz`.
pub fn hours_svg(hours: &HourOfWeek, tz: &str, palette: Palette, scale: f32) -> String {
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut doc = Doc::new(scale, palette);
    doc.title(&format!("Posting hours ({tz})"));
    let max = hours.iter().flatten().copied().max().unwrap_or(0).max(1);
    let [w, h] = PLOT_SIZE;
    let cell = ((w - LEFT - RIGHT) / 24.0, (h - TOP - BOTTOM) / 7.0);
    let (hot, cold) = (palette.hover(), palette.canvas_background());
    for hour in (0..24).step_by(3) {
        doc.text(
            LEFT + cell.0 * (hour as f32 + 0.5),
            TOP - 6.0,
            "middle",
            &format!("{hour:02}"),
        );
    }
    for (d, row) in hours.iter().enumerate() {
        doc.text(
            LEFT - 6.0,
            TOP + cell.1 * (d as f32 + 0.6),
            "end",
            WEEKDAYS[d],
        );
        for (hour, &n) in row.iter().enumerate() {
            let t = (n as f32 / max as f32).sqrt();
            doc.rect(
                LEFT + cell.0 * hour as f32 + 0.5,
                TOP + cell.1 * d as f32 + 0.5,
                cell.0 - 1.0,
                cell.1 - 1.0,
                cold.lerp_to_gamma(hot, t),
            );
        }
    }
    doc.finish()
}

/// The account-creation histogram.
pub fn creation_svg(hist: &Histogram, palette: Palette, scale: f32) -> String {
    let mut doc = Doc::new(scale, palette);
    let total: u64 = hist.counts.iter().sum();
    doc.title(&format!("Account creation: {} accounts", thousands(total)));
    let max = hist.counts.iter().copied().max().unwrap_or(0);
    let y_of = count_axis(&mut doc, max, palette);
    let bw = (PLOT_SIZE[0] - LEFT - RIGHT) / hist.counts.len().max(1) as f32;
    let color = palette.categorical(0);
    for (b, &n) in hist.counts.iter().enumerate() {
        if n > 0 {
            let y = y_of(n as f64);
            doc.rect(
                LEFT + bw * b as f32,
                y,
                (bw * 0.9).max(0.5),
                y_of(0.0) - y,
                color,
            );
        }
    }
    date_axis(&mut doc, &hist.edges);
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::activity::Series;

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(1000), 200);
        assert_eq!(tick_step(7), 2);
        assert_eq!(tick_step(0), 1);
        assert_eq!(tick_step(12_345), 5000);
    }

    #[test]
    fn activity_bars_stack_originals_then_retweets() {
        let a = Activity {
            bin: None,
            edges: vec![0, 31, 59],
            series: vec![Series {
                label: "Turkey <&>".into(),
                originals: vec![10, 0],
                retweets: vec![5, 20],
            }],
            selection: vec![0, 0],
            total: 35,
        };
        let c = Color32::from_rgb(200, 0, 0);
        let svg = activity_svg(&a, &[c], Palette::DARK, 1.0);
        assert!(
            svg.contains(">Turkey &lt;&amp;&gt;</text>"),
            "the legend, escaped"
        );
        assert_eq!(
            svg.matches("fill=\"#c80000\"").count(),
            2,
            "one original bar and the swatch"
        );
        assert_eq!(
            svg.matches(&format!("fill=\"{}\"", hex(lighter(c))))
                .count(),
            2,
            "two retweet bars"
        );
        assert!(svg.contains(">1970-01-01</text>"));
        assert!(!svg.contains("selected accounts"), "no selection, no line");
    }
}
