//! The SVG of a figure as PDF (through usvg and svg2pdf, the crates Typst uses), and
//! SVG rasterised (through resvg) for the plots' pictures, and pixels as PNG. Both read the SVG with the
//! canvas's own fonts only ([`crate::render::fonts`]), so that the result does not
//! depend on the machine's fonts: the PDF embeds them (subset) and text stays text.

use std::sync::{Arc, OnceLock};

use svg2pdf::usvg;

/// The canvas's fonts, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    Arc::clone(DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for bytes in crate::render::fonts::ALL {
            db.load_font_data(bytes.to_vec());
        }
        db.set_sans_serif_family("Ubuntu");
        Arc::new(db)
    }))
}

/// Parses an SVG document with the canvas's fonts.
pub fn parse(svg: &str) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| format!("the SVG could not be read: {e}"))
}

/// A PDF page of the SVG at `dpi` pixels per inch (96 × the picture's scale gives the
/// size the canvas has on screen, as the PNG's resolution says).
pub fn pdf_bytes(svg: &str, dpi: f32) -> Result<Vec<u8>, String> {
    let tree = parse(svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi },
    )
    .map_err(|e| format!("the PDF could not be made: {e}"))
}

/// The SVG rasterised at its own size (`width` × `height`), as straight RGBA.
pub fn rasterise(svg: &str) -> Result<(u32, u32, Vec<u8>), String> {
    let tree = parse(svg)?;
    let size = tree.size().to_int_size();
    let (w, h) = (size.width(), size.height());
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| format!("a picture of {w}×{h} pixels cannot be drawn"))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok((w, h, rgba))
}

/// Straight RGBA pixels as a PNG file's bytes.
pub fn png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgba).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}
