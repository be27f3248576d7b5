//! Off-screen rendering through wgpu with no window: the same [`GraphRenderer`] the
//! canvas uses, drawing into a texture. `ioscope bench render` times frames with it.

use eframe::egui_wgpu::wgpu;

use super::gpu::{Frame, GraphRenderer};
pub use crate::layout::gpu::wait;

/// Colour format of the off-screen target (what eframe's surfaces usually are).
const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

pub struct Offscreen {
    device: wgpu::Device,
    queue: wgpu::Queue,
    target: wgpu::TextureView,
    renderer: GraphRenderer,
    pub adapter: wgpu::AdapterInfo,
    pub size: [u32; 2],
}

impl Offscreen {
    /// Opens the best adapter (`WGPU_BACKEND` and `WGPU_ADAPTER_NAME` narrow it down)
    /// and a `width × height` target.
    pub fn new(width: u32, height: u32) -> Result<Self, String> {
        let (device, queue, info) = device(None)?;
        let max = device.limits().max_texture_dimension_2d;
        if width == 0 || height == 0 || width > max || height > max {
            return Err(format!("size {width}x{height} is outside 1..={max}"));
        }
        let texture = target_texture(&device, [width, height], FORMAT);
        let target = texture.create_view(&wgpu::TextureViewDescriptor::default());
        let software = info.device_type == wgpu::DeviceType::Cpu;
        let renderer = GraphRenderer::new(&device, FORMAT, 1, None, software);
        Ok(Self {
            device,
            queue,
            target,
            renderer,
            adapter: info,
            size: [width, height],
        })
    }

    /// Whether edges are cached in a layer while panning (software rasterizers).
    pub fn uses_edge_layer(&self) -> bool {
        self.renderer.uses_edge_layer()
    }

    /// Most nodes the device can draw.
    pub fn max_nodes(&self) -> usize {
        self.renderer.max_nodes()
    }

    /// Uploads what changed, draws one frame and waits until the GPU has finished it.
    pub fn render(&mut self, frame: &Frame, background: [f64; 4]) -> Result<(), String> {
        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("ioscope offscreen frame"),
            });
        self.renderer
            .prepare(&self.device, &self.queue, &mut encoder, frame);
        {
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("ioscope offscreen pass"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: &self.target,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color {
                            r: background[0],
                            g: background[1],
                            b: background[2],
                            a: background[3],
                        }),
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            self.renderer.paint(&mut pass, frame);
        }
        let index = self.queue.submit([encoder.finish()]);
        wait(&self.device, &index)?;
        Ok(())
    }
}

/// A wgpu device of its own, on `backends` (`None`: as `WGPU_BACKEND` says, else the
/// best adapter there is).
pub fn device(
    backends: Option<wgpu::Backends>,
) -> Result<(wgpu::Device, wgpu::Queue, wgpu::AdapterInfo), String> {
    crate::layout::gpu::device(
        backends,
        wgpu::PowerPreference::default(),
        false,
        "ioscope offscreen",
    )
}

/// A texture to render into and copy out of.
pub fn target_texture(
    device: &wgpu::Device,
    [width, height]: [u32; 2],
    format: wgpu::TextureFormat,
) -> wgpu::Texture {
    device.create_texture(&wgpu::TextureDescriptor {
        label: Some("ioscope offscreen target"),
        size: wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    })
}
