//! Exporting a figure from the window: its settings (format, size, background, how
//! SVG and PDF hold the edges), the export dialog's state with the SVG size estimates,
//! and the sizes a figure may have.

use crate::jobs::Job;

/// Largest figure side in pixels (pictures past one texture are drawn in tiles).
pub const MAX_FIGURE_PIXELS: u32 = 32_768;

/// A figure's file format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FigureFormat {
    #[default]
    Png,
    Svg,
    Pdf,
}

impl FigureFormat {
    pub const ALL: [Self; 3] = [Self::Png, Self::Svg, Self::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Pdf => "pdf",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Png => "PNG (pixels)",
            Self::Svg => "SVG (vector)",
            Self::Pdf => "PDF (print)",
        }
    }
}

/// A figure's size: the canvas times a factor, or explicit pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FigureSize {
    /// Pixels per point (the canvas on screen is 1).
    Scale(f32),
    /// Width × height in pixels.
    Pixels([u32; 2]),
}

/// What a figure export writes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FigureSettings {
    pub format: FigureFormat,
    pub size: FigureSize,
    pub transparent: bool,
    /// SVG and PDF: edges as one raster layer under vector nodes and text.
    pub raster_edges: bool,
}

impl Default for FigureSettings {
    fn default() -> Self {
        Self {
            format: FigureFormat::Png,
            size: FigureSize::Scale(2.0),
            transparent: false,
            raster_edges: false,
        }
    }
}

impl FigureSettings {
    /// The canvas size in points and pixels per point that give this figure from a
    /// canvas of `canvas` points. Explicit pixels keep the scale that fits them and
    /// extend the canvas along the other side; `None` when the size is out of range.
    pub fn layout(&self, canvas: [f32; 2]) -> Option<([f32; 2], f32)> {
        let [w, h] = canvas;
        if !(w >= 1.0 && h >= 1.0) {
            return None;
        }
        let (size, scale) = match self.size {
            FigureSize::Scale(s) => (canvas, s),
            FigureSize::Pixels([pw, ph]) => {
                let (pw, ph) = (pw as f32, ph as f32);
                let s = (pw / w).min(ph / h);
                ([pw / s, ph / s], s)
            }
        };
        let pixels = size.map(|v| (v * scale).round());
        let fits = pixels
            .iter()
            .all(|&p| (1.0..=MAX_FIGURE_PIXELS as f32).contains(&p));
        (fits && scale.is_finite() && scale > 0.0).then_some((size, scale))
    }

    /// The figure's pixels from a canvas of `canvas` points.
    pub fn pixels(&self, canvas: [f32; 2]) -> Option<[u32; 2]> {
        let (size, scale) = self.layout(canvas)?;
        Some(size.map(|v| (v * scale).round() as u32))
    }
}

/// The export dialog: the settings being chosen and the SVG's estimated sizes
/// (vector edges, raster edges), computed in the background when it opens.
#[derive(Default)]
pub struct FigureDialog {
    pub settings: FigureSettings,
    pub estimate: Option<[u64; 2]>,
    pub estimating: Option<Job<Result<[u64; 2], String>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_the_canvas_scaled_or_explicit_pixels() {
        let s = FigureSettings {
            size: FigureSize::Scale(4.0),
            ..FigureSettings::default()
        };
        assert_eq!(s.pixels([800.0, 500.0]), Some([3200, 2000]));
        let p = FigureSettings {
            size: FigureSize::Pixels([16_384, 16_384]),
            ..FigureSettings::default()
        };
        let (size, scale) = p.layout([800.0, 500.0]).unwrap();
        assert_eq!(scale, 16_384.0 / 800.0);
        assert_eq!(size[0], 800.0);
        assert_eq!(p.pixels([800.0, 500.0]), Some([16_384, 16_384]));
        let too_big = FigureSettings {
            size: FigureSize::Pixels([40_000, 100]),
            ..FigureSettings::default()
        };
        assert_eq!(too_big.pixels([800.0, 500.0]), None);
        assert_eq!(s.pixels([0.0, 500.0]), None);
    }
}
