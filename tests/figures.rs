//! Figures: the SVG export, rasterised by an independent renderer (resvg), matches the
//! PNG export (positions, colours, the set of labels), with Chinese, Arabic and Cyrillic
//! labels, a title and a caption; the raster-edges (hybrid) SVG matches too and its
//! size estimate holds; the same view gives the same SVG bytes; a tiled PNG equals the
//! one drawn at once; a transparent background is transparent; the PDF is a PDF with
//! the text in it. PNGs come from Mesa's llvmpipe through GL.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;

use ioscope::export::svg::EdgeMode;
use ioscope::graph::{Edge, EdgeKind, Network};
use ioscope::jobs::Progress;
use ioscope::model::{AccountId, Campaign, Dataset};
use ioscope::render::GraphView;
use ioscope::render::style::{ColorBy, Style};
use ioscope::ui::canvas::picture::{self, Picture, PictureOptions};

const SIZE: [f32; 2] = [520.0, 360.0];
/// Screen names in four scripts (the labels).
const NAMES: [&str; 6] = [
    "新华社记者",
    "مرحبا_بكم",
    "Москва_24",
    "istanbul_haber",
    "北京日报",
    "Правда",
];

/// A small network whose labels are in Chinese, Arabic, Cyrillic and Latin script,
/// with a title and a caption, one node selected.
fn scripts_view() -> GraphView {
    let mut ds = Dataset::default();
    ds.campaigns.push(Campaign {
        name: "mixed_2020".to_owned(),
        country: "China".to_owned(),
    });
    for i in 0..14u64 {
        let a = ds.accounts.get_or_insert(AccountId::Numeric(5000 + i));
        if let Some(name) = NAMES.get(i as usize) {
            ds.accounts.screen_name[a as usize] = (*name).into();
            ds.accounts.mark_core(a, 0);
        }
    }
    let e = |src, dst, weight| Edge {
        src,
        dst,
        kind: EdgeKind::Retweet,
        weight,
    };
    let mut edges: Vec<Edge> = (0..6)
        .flat_map(|i| [e(i, (i + 1) % 6, 4), e(i, 6 + i, 2)])
        .collect();
    edges.extend((6..13).map(|i| e(i, i + 1, 1)));
    let network = Network::from_edges(14, edges);
    let angle = |i: usize| i as f32 * std::f32::consts::TAU / 6.0;
    let (x, y): (Vec<f32>, Vec<f32>) = (0..14)
        .map(|i| {
            let r = if i < 6 { 30.0 } else { 55.0 };
            (r * angle(i).cos() + (i as f32) * 0.7, r * angle(i).sin())
        })
        .unzip();
    let mut view = GraphView::with_positions(
        Arc::new(ds),
        Arc::new(network),
        ioscope::render::Palette::DARK,
        x,
        y,
    );
    view.set_style(Style {
        color_by: ColorBy::Role,
        ..Style::default()
    });
    view.select(&[2], false);
    view.annotation.title = "Амплификация · 放大 · تضخيم".to_owned();
    view.annotation.caption = "Core accounts of a mixed release and who they retweet".to_owned();
    view.set_viewport(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE.into()));
    view
}

fn options(scale: f32) -> PictureOptions {
    PictureOptions {
        backends: Some(eframe::egui_wgpu::wgpu::Backends::GL),
        ..PictureOptions::new(SIZE, scale)
    }
}

/// Mean over pixels of the largest channel difference, after a 3 × 3 box blur of both
/// (anti-aliasing and glyph hinting differ between rasterizers; positions and colours
/// do not), and the share of pixels differing by more than `far`.
fn compare(a: &Picture, b: &[u8], far: u8) -> (f64, f64) {
    let (w, h) = (a.width as usize, a.height as usize);
    let blur = |px: &[u8]| -> Vec<f32> {
        let mut out = vec![0.0; w * h * 4];
        for y in 0..h {
            for x in 0..w {
                for c in 0..4 {
                    let mut sum = 0.0;
                    let mut n = 0.0;
                    for dy in -1i32..=1 {
                        for dx in -1i32..=1 {
                            let (xx, yy) = (x as i32 + dx, y as i32 + dy);
                            if xx >= 0 && yy >= 0 && (xx as usize) < w && (yy as usize) < h {
                                sum += f32::from(px[(yy as usize * w + xx as usize) * 4 + c]);
                                n += 1.0;
                            }
                        }
                    }
                    out[(y * w + x) * 4 + c] = sum / n;
                }
            }
        }
        out
    };
    let (ba, bb) = (blur(&a.rgba), blur(b));
    let mut total = 0.0;
    let mut far_count = 0;
    for (pa, pb) in ba.chunks_exact(4).zip(bb.chunks_exact(4)) {
        let d = pa
            .iter()
            .zip(pb)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max);
        total += f64::from(d);
        if d > f32::from(far) {
            far_count += 1;
        }
    }
    let n = (w * h) as f64;
    let result = (total / n, f64::from(far_count) / n);
    // Both pictures are kept for a look when they differ much.
    if result.1 > 0.002 {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let save = |name: &str, rgba: &[u8]| {
            let pic = Picture {
                width: a.width,
                height: a.height,
                rgba: rgba.to_vec(),
            };
            let _ = std::fs::write(dir.join(name), picture::png_bytes(&pic, 1.0).unwrap());
        };
        save(&format!("figure-{}-png.png", a.width), &a.rgba);
        save(&format!("figure-{}-svg.png", a.width), b);
    }
    result
}

/// The text of every `<text>` element.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            let start = t.find('>')? + 1;
            let end = t.find("</text>")?;
            Some(t[start..end].replace("&amp;", "&").replace("&lt;", "<"))
        })
        .collect()
}

#[test]
fn svg_rasterised_by_resvg_matches_the_png() {
    let view = scripts_view();
    let png = picture::render_with(&view, &options(1.0), &Progress::default()).unwrap();
    let svg = picture::svg(&view, &options(1.0), EdgeMode::Vector, &Progress::default()).unwrap();
    // Text stays text, in its own script: every label and the title and caption.
    let texts = svg_texts(&svg);
    for name in NAMES {
        assert!(
            texts.iter().any(|t| t == name),
            "{name} not among {texts:?}"
        );
    }
    assert!(texts.iter().any(|t| t.contains("放大")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("Core accounts")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("core (6)")),
        "the legend: {texts:?}"
    );
    // Vector elements: an edge per drawn edge, a circle per node, a ring.
    assert_eq!(svg.matches("<path d=").count(), 19, "edges");
    assert!(
        svg.matches("<circle").count() >= 15,
        "nodes and the selection ring"
    );
    let (w, h, rgba) = ioscope::export::pdf::rasterise(&svg).unwrap();
    assert_eq!((w, h), (png.width, png.height));
    let (mean, far) = compare(&png, &rgba, 64);
    assert!(
        mean < 4.0 && far < 0.01,
        "mean difference {mean:.2}, {:.2}% far",
        far * 100.0
    );
    // At 2× the SVG says so, and still matches.
    let png2 = picture::render_with(&view, &options(2.0), &Progress::default()).unwrap();
    let svg2 = picture::svg(&view, &options(2.0), EdgeMode::Vector, &Progress::default()).unwrap();
    assert!(svg2.contains(&format!(
        "width=\"{}\" height=\"{}\"",
        png2.width, png2.height
    )));
    let (_, _, rgba2) = ioscope::export::pdf::rasterise(&svg2).unwrap();
    let (mean, far) = compare(&png2, &rgba2, 64);
    assert!(
        mean < 4.0 && far < 0.01,
        "2×: mean {mean:.2}, {:.2}% far",
        far * 100.0
    );
    // Same view, same bytes.
    let again = picture::svg(&view, &options(1.0), EdgeMode::Vector, &Progress::default()).unwrap();
    assert!(again == svg, "the SVG is reproducible");
}

/// The PNG of the mixed-script view, kept as a snapshot (`tests/snapshots/
/// figure_scripts.png`; `UPDATE_SNAPSHOTS=1` writes it anew): a figure that changes
/// (a label in the wrong script, a moved legend, a lost caption) fails here.
#[test]
fn the_mixed_script_figure_matches_its_snapshot() {
    let view = scripts_view();
    let png = picture::render_with(&view, &options(1.0), &Progress::default()).unwrap();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/figure_scripts.png");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, picture::png_bytes(&png, 1.0).unwrap()).unwrap();
    }
    let file = std::fs::File::open(&path).expect("the snapshot is in the repository");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut stored = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut stored).unwrap();
    assert_eq!((info.width, info.height), (png.width, png.height));
    let (mean, far) = compare(&png, &stored, 48);
    assert!(
        mean < 1.0 && far < 0.002,
        "mean {mean:.2}, {:.3}% far",
        far * 100.0
    );
}

#[test]
fn hybrid_svg_has_raster_edges_under_vector_nodes_and_matches() {
    let view = scripts_view();
    let png = picture::render_with(&view, &options(1.0), &Progress::default()).unwrap();
    let svg = picture::svg(&view, &options(1.0), EdgeMode::Raster, &Progress::default()).unwrap();
    assert_eq!(svg.matches("<path d=").count(), 0, "no vector edges");
    assert_eq!(svg.matches("data:image/png;base64,").count(), 1);
    let image_at = svg.find("<image").unwrap();
    let first_circle = svg.find("<circle").unwrap();
    assert!(image_at < first_circle, "edges under the nodes");
    let (_, _, rgba) = ioscope::export::pdf::rasterise(&svg).unwrap();
    let (mean, far) = compare(&png, &rgba, 64);
    assert!(
        mean < 4.0 && far < 0.01,
        "mean difference {mean:.2}, {:.2}% far",
        far * 100.0
    );
    // The estimates are within a third of the real sizes.
    let [vector, raster] = picture::svg_estimate(&view, &options(1.0)).unwrap();
    let vector_svg =
        picture::svg(&view, &options(1.0), EdgeMode::Vector, &Progress::default()).unwrap();
    for (estimate, actual) in [(vector, vector_svg.len()), (raster, svg.len())] {
        let ratio = estimate as f64 / actual as f64;
        assert!(
            (0.5..2.0).contains(&ratio),
            "estimate {estimate} for {actual} bytes"
        );
    }
}

#[test]
fn a_tiled_picture_is_the_picture_drawn_at_once() {
    let view = scripts_view();
    let whole = picture::render_with(&view, &options(2.0), &Progress::default()).unwrap();
    let tiled_options = PictureOptions {
        max_tile: 300,
        ..options(2.0)
    };
    let progress = Progress::default();
    let tiled = picture::render_with(&view, &tiled_options, &progress).unwrap();
    assert_eq!((tiled.width, tiled.height), (whole.width, whole.height));
    // 1040 × 720 pixels in 300-pixel tiles: 4 × 3 tiles (and on a software adapter
    // the edges' bands), all counted.
    let (done, total) = progress.bytes();
    assert!(done == total && total >= 12, "{done} of {total}");
    let (mean, far) = compare(&whole, &tiled.rgba, 48);
    assert!(
        mean < 0.5 && far < 0.001,
        "mean {mean:.3}, {:.3}% far",
        far * 100.0
    );
    // Cancelled, it stops.
    let cancelled = Progress::default();
    cancelled.cancel();
    assert!(picture::render_with(&view, &tiled_options, &cancelled).is_err());
}

#[test]
fn a_transparent_background_is_transparent_and_sizes_are_bounded() {
    let view = scripts_view();
    let opts = PictureOptions {
        transparent: true,
        ..options(1.0)
    };
    let pic = picture::render_with(&view, &opts, &Progress::default()).unwrap();
    let px = |x: u32, y: u32| &pic.rgba[((y * pic.width + x) * 4) as usize..][..4];
    // A corner away from the legend, the title and the caption: nothing there.
    assert_eq!(px(pic.width - 2, pic.height / 2)[3], 0);
    let opaque = picture::render_with(&view, &options(1.0), &Progress::default()).unwrap();
    assert_eq!(
        opaque.rgba[((opaque.height / 2 * opaque.width + opaque.width - 2) * 4 + 3) as usize],
        255
    );
    // Some drawing is there (the network, the labels).
    assert!(pic.rgba.chunks_exact(4).filter(|p| p[3] > 0).count() > 1000);
    let svg = picture::svg(&view, &opts, EdgeMode::Vector, &Progress::default()).unwrap();
    let background = format!("width=\"{}\" height=\"{}\"", SIZE[0], SIZE[1]);
    let rects: Vec<&str> = svg.lines().filter(|l| l.starts_with("<rect")).collect();
    assert!(
        !rects
            .iter()
            .any(|r| r.contains(&format!("<rect x=\"0\" y=\"0\" {background}"))),
        "no background rectangle: {rects:?}"
    );
    // Beyond the largest picture: a clear refusal, not a crash.
    let huge = PictureOptions::new([40_000.0, 100.0], 1.0);
    let err = picture::render_with(&view, &huge, &Progress::default()).unwrap_err();
    assert!(err.contains("at most"), "{err}");
}

#[test]
fn the_pdf_is_a_page_of_the_canvas_size_with_its_text() {
    let view = scripts_view();
    let pdf = picture::pdf(&view, &options(1.0), EdgeMode::Vector, &Progress::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 5_000);
    // 520 × 360 points at 96 per inch is 390 × 270 PDF points.
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/MediaBox [0 0 390 270]"), "page size");
    // Fonts are embedded (text stays text).
    assert!(
        text.contains("/FontFile") || text.contains("/FontFile2") || text.contains("/FontFile3")
    );
}
