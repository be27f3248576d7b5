//! The canvas as a picture: the canvas widget itself, run headless in an egui context
//! at `scale` pixels per point (so labels, legend, rings, title and caption are where
//! they are on screen, only sharper), then
//!
//! - as pixels ([`render`]): rendered off-screen through wgpu at full detail (every
//!   edge drawn directly, no level of detail, no cached layer), in tiles when larger
//!   than one texture (each tile the same shapes moved, the network's frame re-centred
//!   on it), read back as RGBA and encoded as PNG with its resolution ([`png_bytes`]);
//! - as SVG ([`svg`]): the same shapes and frame as vector elements, the edges
//!   optionally as one raster layer; and PDF from that SVG ([`pdf`]).
//!
//! Works on software renderers. Long pictures report progress (tiles done) and stop
//! when cancelled.

use std::sync::Arc;

use eframe::egui_wgpu::{self, wgpu};
use egui::epaint::ClippedShape;
use egui::{Rect, Shape, vec2};

use super::canvas_ui;
use super::frame::last_frame_id;
use super::state::CanvasState;
use crate::export::svg::{self, EdgeMode, NetworkLayer, SvgPicture};
use crate::jobs::Progress;
use crate::render::gpu::{Frame, GraphRenderer, paint_callback};
use crate::render::offscreen::{device, target_texture, wait};
use crate::render::raster::{self, RasterTarget};
use crate::render::view::GraphView;

/// Colour format of the picture.
const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;
/// Screen points per inch at scale 1 (the PNG's resolution is this times the scale).
pub const POINTS_PER_INCH: f32 = 96.0;
/// Largest tile drawn at once (pixels a side): beyond it, pictures are tiled.
pub const MAX_TILE: u32 = 4096;
/// Largest picture (pixels a side).
pub const MAX_SIDE: u32 = 32_768;

/// Premultiplied RGBA as straight RGBA (what PNG holds).
pub fn unmultiplied(rgba: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if rgba.chunks_exact(4).all(|p| p[3] == 255 || p[3] == 0) {
        return std::borrow::Cow::Borrowed(rgba);
    }
    let mut out = rgba.to_vec();
    for p in out.chunks_exact_mut(4) {
        let a = u16::from(p[3]);
        if a > 0 && a < 255 {
            for c in &mut p[..3] {
                *c = ((u16::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// An RGBA picture (premultiplied alpha), rows top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// How to draw a picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PictureOptions {
    /// The canvas's size in points.
    pub size_points: [f32; 2],
    /// Pixels per point.
    pub scale: f32,
    /// Leave the background transparent.
    pub transparent: bool,
    /// Largest tile (pixels a side; the device's limit applies too).
    pub max_tile: u32,
    /// wgpu backends to draw with (`None`: the best; tests pin one rasterizer).
    pub backends: Option<wgpu::Backends>,
}

impl PictureOptions {
    pub fn new(size_points: [f32; 2], scale: f32) -> Self {
        Self {
            size_points,
            scale,
            transparent: false,
            max_tile: MAX_TILE,
            backends: None,
        }
    }

    /// The picture's size in pixels, or why it cannot be drawn.
    pub fn pixels(&self) -> Result<[u32; 2], String> {
        let bad = !(self.scale.is_finite() && self.scale > 0.0)
            || self.size_points.iter().any(|s| !s.is_finite() || *s < 1.0);
        let px = self.size_points.map(|s| (s * self.scale).round());
        if bad || px.iter().any(|&p| !(1.0..=MAX_SIDE as f32).contains(&p)) {
            return Err(format!(
                "a picture of {:?} points at {}× (at most {MAX_SIDE} pixels a side)",
                self.size_points, self.scale
            ));
        }
        Ok(px.map(|p| p as u32))
    }
}

/// What the canvas painted: egui's shapes and textures, and its GPU frame.
struct Painted {
    ctx: egui::Context,
    outputs: Vec<egui::FullOutput>,
    frame: Option<Arc<Frame>>,
}

impl Painted {
    fn shapes(&self) -> &[ClippedShape] {
        self.outputs.last().map_or(&[], |o| o.shapes.as_slice())
    }

    /// Where the network was drawn (the paint callback's rectangle, points).
    fn canvas_rect(&self) -> Option<Rect> {
        self.shapes().iter().find_map(|s| match &s.shape {
            Shape::Callback(cb) => Some(cb.rect),
            _ => None,
        })
    }
}

/// Runs the canvas of `view` headless and returns what it painted (two frames: the
/// first lays the fonts out).
fn paint_canvas(view: &GraphView, options: &PictureOptions) -> Painted {
    let ctx = egui::Context::default();
    crate::ui::fonts::install(&ctx);
    ctx.set_visuals(if view.palette == crate::render::Palette::DARK {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    });
    ctx.set_pixels_per_point(options.scale);
    let raw = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(
            egui::Pos2::ZERO,
            options.size_points.into(),
        )),
        ..Default::default()
    };
    let mut state = Some(CanvasState {
        transparent_background: options.transparent,
        ..CanvasState::for_view(view)
    });
    let outputs = (0..2)
        .map(|_| {
            ctx.run_ui(raw.clone(), |ui| {
                egui::CentralPanel::default()
                    .frame(egui::Frame::NONE)
                    .show(ui, |ui| {
                        // A picture takes no input: the canvas's commands are dropped.
                        let _ = canvas_ui(ui, view, &mut state);
                    });
            })
        })
        .collect();
    let frame = ctx.data(|d| d.get_temp::<Arc<Frame>>(last_frame_id()));
    Painted {
        ctx,
        outputs,
        frame,
    }
}

/// The canvas of `view`, `size_points` in points, at `scale` pixels per point.
pub fn render(view: &GraphView, size_points: [f32; 2], scale: f32) -> Result<Picture, String> {
    render_with(
        view,
        &PictureOptions::new(size_points, scale),
        &Progress::default(),
    )
}

/// [`render`] on given wgpu backends (tests pin one rasterizer).
pub fn render_on(
    view: &GraphView,
    size_points: [f32; 2],
    scale: f32,
    backends: Option<wgpu::Backends>,
) -> Result<Picture, String> {
    let options = PictureOptions {
        backends,
        ..PictureOptions::new(size_points, scale)
    };
    render_with(view, &options, &Progress::default())
}

/// The picture `options` describe; `progress` counts tiles and stops it when cancelled.
pub fn render_with(
    view: &GraphView,
    options: &PictureOptions,
    progress: &Progress,
) -> Result<Picture, String> {
    let pixels = options.pixels()?;
    let gpu = device(options.backends)?;
    // Software adapters draw the edges far slower than the CPU does: there the GPU
    // draws the rest on a transparent background, and the edges go under it.
    let software = gpu.2.device_type == wgpu::DeviceType::Cpu;
    let painted = paint_canvas(
        view,
        &PictureOptions {
            transparent: options.transparent || software,
            ..*options
        },
    );
    let mut picture = draw(&gpu, &painted, options, !software, progress)?;
    if software && let Some(edges) = edge_layer(&painted, options, pixels, progress)? {
        let background = if options.transparent {
            [0; 4]
        } else {
            view.palette.canvas_background().to_array()
        };
        let mut under: Vec<u8> = background.repeat(picture.rgba.len() / 4);
        raster::composite_over(&edges, &mut under);
        raster::composite_over(&picture.rgba, &mut under);
        picture.rgba = under;
    }
    Ok(picture)
}

/// The network's edges alone, drawn on the CPU (premultiplied RGBA); `None` when the
/// canvas drew no network.
fn edge_layer(
    painted: &Painted,
    options: &PictureOptions,
    pixels: [u32; 2],
    progress: &Progress,
) -> Result<Option<Vec<u8>>, String> {
    let (Some(frame), Some(canvas)) = (&painted.frame, painted.canvas_rect()) else {
        return Ok(None);
    };
    let target = RasterTarget {
        canvas,
        scale: options.scale,
        pixels,
    };
    raster::draw_edges(frame, target, progress)
        .map(Some)
        .ok_or_else(|| "cancelled".to_owned())
}

/// The shapes of one tile (`tile` in points): moved so that its corner is the origin,
/// the network's frame re-centred on the part of the canvas inside it.
fn tile_shapes(painted: &Painted, tile: Rect, edges: bool) -> Vec<ClippedShape> {
    let offset = -tile.min.to_vec2();
    painted
        .shapes()
        .iter()
        .filter_map(|cs| match &cs.shape {
            Shape::Callback(cb) => {
                let frame = painted.frame.as_ref()?;
                let inside = cb.rect.intersect(tile);
                if !inside.is_positive() {
                    return None;
                }
                let mut f = Frame::clone(frame);
                let v = &mut f.view;
                let shift = (inside.center() - cb.rect.center()) / v.scale;
                v.center = [v.center[0] + shift.x, v.center[1] + shift.y];
                v.viewport = [inside.width(), inside.height()];
                if !edges {
                    v.edge_count = 0;
                }
                f.layer_pending = None;
                let rect = inside.translate(offset);
                Some(ClippedShape {
                    clip_rect: cs.clip_rect.translate(offset),
                    shape: Shape::Callback(paint_callback(rect, f)),
                    transform_after_tessellation: cs.transform_after_tessellation,
                })
            }
            shape => {
                let mut shape = shape.clone();
                shape.translate(offset);
                Some(ClippedShape {
                    clip_rect: cs.clip_rect.translate(offset),
                    shape,
                    transform_after_tessellation: cs.transform_after_tessellation,
                })
            }
        })
        .collect()
}

/// Draws what was painted (the network's edges or not), tile by tile, into one picture.
fn draw(
    gpu: &(wgpu::Device, wgpu::Queue, wgpu::AdapterInfo),
    painted: &Painted,
    options: &PictureOptions,
    edges: bool,
    progress: &Progress,
) -> Result<Picture, String> {
    let [width, height] = options.pixels()?;
    let (device, queue, _) = gpu;
    let tile = options
        .max_tile
        .clamp(64, MAX_TILE)
        .min(device.limits().max_texture_dimension_2d);
    let mut renderer =
        egui_wgpu::Renderer::new(device, FORMAT, egui_wgpu::RendererOptions::PREDICTABLE);
    // Full detail: edges drawn directly, never through the cached layer.
    renderer
        .callback_resources
        .insert(GraphRenderer::new(device, FORMAT, 1, None, false));
    for output in &painted.outputs {
        for (id, deltas) in &output.textures_delta.set {
            for delta in deltas {
                renderer.update_texture(device, queue, *id, delta);
            }
        }
    }
    let mut rgba = vec![0u8; width as usize * height as usize * 4];
    let (across, down) = (width.div_ceil(tile), height.div_ceil(tile));
    progress.set_total(progress.bytes().1 + u64::from(across * down));
    for ty in 0..down {
        for tx in 0..across {
            if progress.is_cancelled() {
                return Err("cancelled".to_owned());
            }
            let (x0, y0) = (tx * tile, ty * tile);
            let size = [tile.min(width - x0), tile.min(height - y0)];
            let s = options.scale;
            let tile_points = Rect::from_min_size(
                egui::pos2(x0 as f32 / s, y0 as f32 / s),
                vec2(size[0] as f32 / s, size[1] as f32 / s),
            );
            let shapes = tile_shapes(painted, tile_points, edges);
            let part = draw_tile(device, queue, &mut renderer, &painted.ctx, &shapes, size, s)?;
            let row = width as usize * 4;
            for (y, src) in part.chunks_exact(size[0] as usize * 4).enumerate() {
                let at = (y0 as usize + y) * row + x0 as usize * 4;
                rgba[at..at + src.len()].copy_from_slice(src);
            }
            progress.add_done(1);
        }
    }
    Ok(Picture {
        width,
        height,
        rgba,
    })
}

/// Renders one tile's shapes into a `size` texture and reads it back.
fn draw_tile(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    renderer: &mut egui_wgpu::Renderer,
    ctx: &egui::Context,
    shapes: &[ClippedShape],
    size: [u32; 2],
    scale: f32,
) -> Result<Vec<u8>, String> {
    let screen = egui_wgpu::ScreenDescriptor {
        size_in_pixels: size,
        pixels_per_point: scale,
    };
    let primitives = ctx.tessellate(shapes.to_vec(), scale);
    let texture = target_texture(device, size, FORMAT);
    let target = texture.create_view(&wgpu::TextureViewDescriptor::default());
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
        label: Some("ioscope picture"),
    });
    let user_buffers = renderer.update_buffers(device, queue, &mut encoder, &primitives, &screen);
    {
        let mut pass = encoder
            .begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("ioscope picture"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: &target,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT),
                        store: wgpu::StoreOp::Store,
                    },
                })],
                ..Default::default()
            })
            .forget_lifetime();
        renderer.render(&mut pass, &primitives, &screen);
    }
    let index = queue.submit(user_buffers.into_iter().chain([encoder.finish()]));
    wait(device, &index)?;
    read_back(device, queue, &texture)
}

/// Copies the texture to memory (rows padded as wgpu requires, then unpadded).
fn read_back(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    texture: &wgpu::Texture,
) -> Result<Vec<u8>, String> {
    let (width, height) = (texture.width(), texture.height());
    let row = width as usize * 4;
    let align = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT as usize;
    let padded = row.div_ceil(align) * align;
    let buffer = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("ioscope picture read-back"),
        size: (padded * height as usize) as u64,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
        label: Some("ioscope picture read-back"),
    });
    encoder.copy_texture_to_buffer(
        texture.as_image_copy(),
        wgpu::TexelCopyBufferInfo {
            buffer: &buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(padded as u32),
                rows_per_image: None,
            },
        },
        wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
    );
    let index = queue.submit([encoder.finish()]);
    let (tx, rx) = std::sync::mpsc::channel();
    buffer
        .slice(..)
        .map_async(wgpu::MapMode::Read, move |r| drop(tx.send(r)));
    wait(device, &index)?;
    rx.recv()
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("the picture could not be read back: {e}"))?;
    let mapped = buffer
        .slice(..)
        .get_mapped_range()
        .map_err(|e| format!("the picture could not be read back: {e}"))?;
    Ok(mapped
        .chunks_exact(padded)
        .flat_map(|r| &r[..row])
        .copied()
        .collect())
}

/// The picture as a PNG file's bytes (straight alpha), with its resolution
/// (`POINTS_PER_INCH` × scale).
pub fn png_bytes(picture: &Picture, scale: f32) -> Result<Vec<u8>, String> {
    let straight = unmultiplied(&picture.rgba);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, picture.width, picture.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let per_metre = (POINTS_PER_INCH * scale / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&straight)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The SVG of the picture `options` describe, edges as `edges` (a raster layer is
/// drawn first, with progress).
pub fn svg(
    view: &GraphView,
    options: &PictureOptions,
    edges: EdgeMode,
    progress: &Progress,
) -> Result<String, String> {
    let painted = paint_canvas(view, options);
    let edges_png = match edges {
        EdgeMode::Vector => None,
        EdgeMode::Raster => {
            let pixels = options.pixels()?;
            let rgba = edge_layer(&painted, options, pixels, progress)?
                .unwrap_or_else(|| vec![0; pixels[0] as usize * pixels[1] as usize * 4]);
            let layer = Picture {
                width: pixels[0],
                height: pixels[1],
                rgba,
            };
            Some(png_bytes(&layer, options.scale)?)
        }
    };
    if progress.is_cancelled() {
        return Err("cancelled".to_owned());
    }
    let network = match (&painted.frame, painted.canvas_rect()) {
        (Some(frame), Some(rect)) => Some(NetworkLayer {
            frame,
            rect,
            edges_png: edges_png.as_deref(),
        }),
        _ => None,
    };
    Ok(svg::svg(&SvgPicture {
        size_points: options.size_points,
        scale: options.scale,
        shapes: painted.shapes(),
        network,
    }))
}

/// The estimated size of the SVG in bytes (vector edges, raster edges), before it is
/// written.
pub fn svg_estimate(view: &GraphView, options: &PictureOptions) -> Result<[u64; 2], String> {
    let pixels = options.pixels()?;
    let painted = paint_canvas(view, options);
    let (Some(frame), Some(rect)) = (&painted.frame, painted.canvas_rect()) else {
        return Ok([0, 0]);
    };
    Ok([EdgeMode::Vector, EdgeMode::Raster].map(|m| svg::estimate_bytes(frame, rect, m, pixels)))
}

/// The PDF of the picture (its SVG, converted), sized as the canvas on screen.
pub fn pdf(
    view: &GraphView,
    options: &PictureOptions,
    edges: EdgeMode,
    progress: &Progress,
) -> Result<Vec<u8>, String> {
    let svg = svg(view, options, edges, progress)?;
    crate::export::pdf::pdf_bytes(&svg, POINTS_PER_INCH * options.scale)
}
