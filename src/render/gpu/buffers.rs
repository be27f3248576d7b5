//! GPU buffers and textures the renderer rewrites: instance buffers that grow, the
//! positions texture (node i at texel (i % W, i / W)) and its bind group.

use eframe::egui_wgpu::wgpu;

use super::instances::{POSITION_TEXEL_BYTES, POSITIONS_WIDTH};

/// A vertex/instance buffer that grows when needed.
pub struct GrowingBuffer {
    pub buffer: wgpu::Buffer,
    capacity: u64,
    /// The device's largest buffer: the buffer never grows past it.
    max_size: u64,
    label: &'static str,
}

impl GrowingBuffer {
    pub fn new(device: &wgpu::Device, label: &'static str) -> Self {
        Self {
            buffer: Self::create(device, label, 4096),
            capacity: 4096,
            max_size: device.limits().max_buffer_size,
            label,
        }
    }

    fn create(device: &wgpu::Device, label: &str, size: u64) -> wgpu::Buffer {
        device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size,
            usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }

    /// The most bytes [`GrowingBuffer::write`] takes (the device's largest buffer).
    pub fn max_size(&self) -> u64 {
        self.max_size
    }

    /// Writes `bytes` from the start, growing the buffer first when needed; callers
    /// keep `bytes` within [`GrowingBuffer::max_size`] (more is cut off).
    pub fn write(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, bytes: &[u8]) {
        let bytes = &bytes[..bytes
            .len()
            .min(usize::try_from(self.max_size).unwrap_or(usize::MAX))];
        let needed = (bytes.len() as u64).max(4);
        if needed > self.capacity {
            self.capacity = needed.next_power_of_two().min(self.max_size).max(needed);
            self.buffer = Self::create(device, self.label, self.capacity);
        }
        if !bytes.is_empty() {
            queue.write_buffer(&self.buffer, 0, bytes);
        }
    }
}

/// A positions texture of `rows` rows (`Rg32Float`, [`POSITIONS_WIDTH`] wide).
pub fn positions_texture(device: &wgpu::Device, rows: u32) -> wgpu::Texture {
    device.create_texture(&wgpu::TextureDescriptor {
        label: Some("ioscope positions"),
        size: wgpu::Extent3d {
            width: POSITIONS_WIDTH,
            height: rows.max(1),
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::Rg32Float,
        usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
        view_formats: &[],
    })
}

/// Writes `positions` into `texture` as whole rows, the last one padded.
pub fn write_positions(queue: &wgpu::Queue, texture: &wgpu::Texture, positions: &[[f32; 2]]) {
    let rows = (positions.len() as u32).div_ceil(POSITIONS_WIDTH).max(1);
    let mut data: Vec<[f32; 2]> = Vec::with_capacity((rows * POSITIONS_WIDTH) as usize);
    data.extend_from_slice(positions);
    data.resize((rows * POSITIONS_WIDTH) as usize, [0.0; 2]);
    queue.write_texture(
        wgpu::TexelCopyTextureInfo {
            texture,
            mip_level: 0,
            origin: wgpu::Origin3d::ZERO,
            aspect: wgpu::TextureAspect::All,
        },
        bytemuck::cast_slice(&data),
        wgpu::TexelCopyBufferLayout {
            offset: 0,
            bytes_per_row: Some(POSITIONS_WIDTH * POSITION_TEXEL_BYTES),
            rows_per_image: Some(rows),
        },
        wgpu::Extent3d {
            width: POSITIONS_WIDTH,
            height: rows,
            depth_or_array_layers: 1,
        },
    );
}

/// The bind group of a view uniform and a positions texture.
pub fn graph_bind_group(
    device: &wgpu::Device,
    layout: &wgpu::BindGroupLayout,
    uniform: &wgpu::Buffer,
    positions: &wgpu::Texture,
) -> wgpu::BindGroup {
    let view = positions.create_view(&wgpu::TextureViewDescriptor::default());
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some("ioscope graph bind group"),
        layout,
        entries: &[
            wgpu::BindGroupEntry {
                binding: 0,
                resource: uniform.as_entire_binding(),
            },
            wgpu::BindGroupEntry {
                binding: 1,
                resource: wgpu::BindingResource::TextureView(&view),
            },
        ],
    })
}

/// A uniform buffer the size of `T`.
pub fn uniform_buffer<T>(device: &wgpu::Device, label: &str) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some(label),
        size: std::mem::size_of::<T>() as u64,
        usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A device whose largest buffer is 64 KiB (a real one's is 256 MiB or more).
    fn small_device() -> (wgpu::Device, wgpu::Queue) {
        let instance =
            wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
        let adapter = pollster::block_on(wgpu::util::initialize_adapter_from_env_or_default(
            &instance, None,
        ))
        .expect("a graphics adapter (Mesa's llvmpipe in CI)");
        let limits = wgpu::Limits {
            max_buffer_size: 1 << 16,
            ..adapter.limits()
        };
        pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
            required_limits: limits,
            ..Default::default()
        }))
        .expect("a device")
    }

    #[test]
    fn a_buffer_never_grows_past_the_devices_largest() {
        let (device, queue) = small_device();
        let mut buffer = GrowingBuffer::new(&device, "test");
        assert_eq!(buffer.max_size(), 1 << 16);
        // More than the device allows: cut off, where a larger buffer would be a
        // validation error (a panic).
        buffer.write(&device, &queue, &vec![7u8; 1 << 20]);
        assert_eq!(buffer.buffer.size(), 1 << 16);
        // Between powers of two near the limit: the buffer stops at the limit.
        let mut buffer = GrowingBuffer::new(&device, "test");
        buffer.write(&device, &queue, &vec![1u8; 40_000]);
        assert_eq!(buffer.buffer.size(), 1 << 16);
        buffer.write(&device, &queue, &[1u8; 100]);
        assert_eq!(buffer.buffer.size(), 1 << 16, "it does not shrink");
    }
}
