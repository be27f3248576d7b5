//! The canvas as a picture: the canvas widget itself, run headless in an egui context
//! at `scale` pixels per point (so labels, legend and rings are where they are on
//! screen, only sharper), rendered off-screen through wgpu at full detail (every edge
//! drawn directly, no level of detail, no cached layer), read back as RGBA and encoded
//! as PNG with its resolution. Works on software renderers.

use eframe::egui_wgpu::{self, wgpu};

use super::canvas_ui;
use crate::render::gpu::GraphRenderer;
use crate::render::offscreen::{device, target_texture, wait};
use crate::render::view::GraphView;

/// Colour format of the picture.
const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;
/// Screen points per inch at scale 1 (the PNG's resolution is this times the scale).
pub const POINTS_PER_INCH: f32 = 96.0;

/// An RGBA picture, rows top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Runs the canvas of `view` in a `size_points` window at `scale` pixels per point and
/// returns what egui drew (two frames: the first lays the fonts out).
fn canvas_output(
    view: &GraphView,
    size_points: [f32; 2],
    scale: f32,
) -> (egui::Context, Vec<egui::FullOutput>) {
    let ctx = egui::Context::default();
    crate::ui::fonts::install(&ctx);
    ctx.set_visuals(if view.palette == crate::render::Palette::DARK {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    });
    ctx.set_pixels_per_point(scale);
    let raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            size_points.into(),
        )),
        ..Default::default()
    };
    let mut state = None;
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
    (ctx, outputs)
}

/// The canvas of `view`, `size_points` in points, at `scale` pixels per point.
pub fn render(view: &GraphView, size_points: [f32; 2], scale: f32) -> Result<Picture, String> {
    render_on(view, size_points, scale, None)
}

/// [`render`] on given wgpu backends (tests pin one rasterizer).
pub fn render_on(
    view: &GraphView,
    size_points: [f32; 2],
    scale: f32,
    backends: Option<wgpu::Backends>,
) -> Result<Picture, String> {
    if !(scale.is_finite() && scale > 0.0) || size_points.iter().any(|s| !s.is_finite() || *s < 1.0)
    {
        return Err(format!("a picture of {size_points:?} points at {scale}×"));
    }
    let (device, queue, _) = device(backends)?;
    let max = device.limits().max_texture_dimension_2d;
    let [width, height] = size_points.map(|s| (s * scale).round() as u32);
    if width > max || height > max {
        return Err(format!(
            "{width}×{height} pixels is more than this device draws at once ({max}×{max})"
        ));
    }
    let mut renderer =
        egui_wgpu::Renderer::new(&device, FORMAT, egui_wgpu::RendererOptions::PREDICTABLE);
    // Full detail: edges drawn directly, never through the cached layer.
    renderer
        .callback_resources
        .insert(GraphRenderer::new(&device, FORMAT, 1, None, false));
    let (ctx, outputs) = canvas_output(view, size_points, scale);
    for output in &outputs {
        for (id, deltas) in &output.textures_delta.set {
            for delta in deltas {
                renderer.update_texture(&device, &queue, *id, delta);
            }
        }
    }
    let Some(last) = outputs.last() else {
        return Err("egui drew nothing".to_owned());
    };
    let screen = egui_wgpu::ScreenDescriptor {
        size_in_pixels: [width, height],
        pixels_per_point: scale,
    };
    let shapes = ctx.tessellate(last.shapes.clone(), scale);
    let texture = target_texture(&device, [width, height], FORMAT);
    let target = texture.create_view(&wgpu::TextureViewDescriptor::default());
    let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
        label: Some("ioscope picture"),
    });
    let user_buffers = renderer.update_buffers(&device, &queue, &mut encoder, &shapes, &screen);
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
        renderer.render(&mut pass, &shapes, &screen);
    }
    let index = queue.submit(user_buffers.into_iter().chain([encoder.finish()]));
    wait(&device, &index)?;
    read_back(&device, &queue, &texture)
}

/// Copies the texture to memory (rows padded as wgpu requires, then unpadded).
fn read_back(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    texture: &wgpu::Texture,
) -> Result<Picture, String> {
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
    let rgba = mapped
        .chunks_exact(padded)
        .flat_map(|r| &r[..row])
        .copied()
        .collect();
    Ok(Picture {
        width,
        height,
        rgba,
    })
}

/// The picture as a PNG file's bytes, with its resolution (`POINTS_PER_INCH` × scale).
pub fn png_bytes(picture: &Picture, scale: f32) -> Result<Vec<u8>, String> {
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
        .write_image_data(&picture.rgba)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}
