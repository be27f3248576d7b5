//! `ioscope bench export`: how long a figure takes — the canvas of a laid-out
//! network drawn off-screen at full detail at a size, encoded as PNG; then the same as
//! SVG with vector edges and with edges as a raster layer (hybrid) — with each file's
//! size (and the SVGs' estimates) and the process's peak memory.

use std::time::Instant;

use super::peak_memory_bytes;
use crate::export::svg::EdgeMode;
use crate::render::Palette;
use crate::state::Loaded;
use crate::tools::export::laid_out;
use crate::ui::canvas::picture;

/// Draws `loaded` (laid out for `iterations`) at `size` points × `scale`.
pub fn run(
    loaded: &Loaded,
    iterations: usize,
    size: [f32; 2],
    scale: f32,
) -> Result<serde_json::Value, String> {
    let start = Instant::now();
    let mut view = laid_out(loaded, iterations, Palette::DARK);
    view.set_viewport(egui::Rect::from_min_size(egui::Pos2::ZERO, size.into()));
    let layout_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let pic = picture::render(&view, size, scale)?;
    let draw_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let png = picture::png_bytes(&pic, scale)?;
    let encode_seconds = start.elapsed().as_secs_f64();
    let options = picture::PictureOptions::new(size, scale);
    let [vector_estimate, hybrid_estimate] = picture::svg_estimate(&view, &options)?;
    let progress = crate::jobs::Progress::default();
    let start = Instant::now();
    let vector = picture::svg(&view, &options, EdgeMode::Vector, &progress)?.len();
    let vector_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let hybrid = picture::svg(&view, &options, EdgeMode::Raster, &progress)?.len();
    let hybrid_seconds = start.elapsed().as_secs_f64();
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    let mb = |b: usize| round(b as f64 / 1e6);
    Ok(serde_json::json!({
        "bench": "export",
        "nodes": loaded.network.node_count(),
        "edges": loaded.network.edges.len(),
        "pixels": format!("{}x{}", pic.width, pic.height),
        "layout_iterations": iterations,
        "layout_seconds": round(layout_seconds),
        "draw_seconds": round(draw_seconds),
        "png_seconds": round(encode_seconds),
        "png_MB": mb(png.len()),
        "png_total_seconds": round(draw_seconds + encode_seconds),
        "svg_vector_seconds": round(vector_seconds),
        "svg_vector_MB": mb(vector),
        "svg_vector_estimate_MB": mb(vector_estimate as usize),
        "svg_hybrid_seconds": round(hybrid_seconds),
        "svg_hybrid_MB": mb(hybrid),
        "svg_hybrid_estimate_MB": mb(hybrid_estimate as usize),
        "peak_memory_MB": peak_memory_bytes().map(|b| b / (1 << 20)),
    }))
}
