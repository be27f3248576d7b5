//! The cached edge layer (software rasterizers): full-detail edges drawn into a
//! texture once, refined over several frames, and composited, moved and scaled, while
//! only the camera changes.

use eframe::egui_wgpu::wgpu;

use super::frame::Frame;

/// What the cached edge layer shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerKey {
    positions_version: u64,
    edges_version: u64,
    edge_count: u32,
    center: [f32; 2],
    scale: f32,
    viewport: [f32; 2],
    pixels_per_point: f32,
    edge_alpha: f32,
}

impl LayerKey {
    pub fn of(frame: &Frame) -> Self {
        let v = &frame.view;
        Self {
            positions_version: frame.scene.positions_version,
            edges_version: frame.scene.edges_version,
            edge_count: v.edge_count,
            center: v.center,
            scale: v.scale,
            viewport: v.viewport,
            pixels_per_point: v.pixels_per_point,
            edge_alpha: v.edge_alpha,
        }
    }

    pub fn same_content(&self, other: &Self) -> bool {
        self.positions_version == other.positions_version
            && self.edges_version == other.edges_version
    }
}

pub struct EdgeLayer {
    pub key: LayerKey,
    /// Edges drawn into it so far (it is refined over several frames).
    pub drawn: u32,
    pub size: [u32; 2],
    pub texture: wgpu::Texture,
    pub bind_group: wgpu::BindGroup,
}

impl EdgeLayer {
    /// A cleared layer texture of `size` pixels and its composite bind group.
    pub fn new(
        device: &wgpu::Device,
        format: wgpu::TextureFormat,
        size: [u32; 2],
        layout: &wgpu::BindGroupLayout,
        sampler: &wgpu::Sampler,
        key: LayerKey,
    ) -> Self {
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("ioscope edge layer"),
            size: wgpu::Extent3d {
                width: size[0],
                height: size[1],
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        });
        let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("ioscope edge layer bind group"),
            layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(&view),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(sampler),
                },
            ],
        });
        Self {
            key,
            drawn: 0,
            size,
            texture,
            bind_group,
        }
    }

    /// Where this layer's view lies in `frame`'s view, in points from its centre
    /// (left, top, right, bottom).
    pub fn rect_in(&self, frame: &Frame) -> [f32; 4] {
        let k = &self.key;
        let v = &frame.view;
        let corner = |sign: f32, axis: usize| {
            let world = k.center[axis] + sign * 0.5 * k.viewport[axis] / k.scale;
            (world - v.center[axis]) * v.scale
        };
        [
            corner(-1.0, 0),
            corner(-1.0, 1),
            corner(1.0, 0),
            corner(1.0, 1),
        ]
    }
}
