//! The GPU side of the canvas: wgpu pipelines and buffers that draw the network inside
//! egui's render pass, through an `egui_wgpu` paint callback (or into an off-screen
//! texture for `bench render`). Buffers are rewritten only when their content changed:
//! each [`GpuScene`] part carries a version, and a layout snapshot bumps the positions'
//! version only (n × 8 bytes). See `graph.wgsl` for the shading.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use eframe::egui_wgpu::{self, wgpu};
use egui::Color32;

/// Node flag: drawn with the selection outline.
pub const NODE_SELECTED: u32 = 1;
/// Node flag: filtered out and drawn greyed.
pub const NODE_DIMMED: u32 = 2;
/// Node flag: filtered out and not drawn.
pub const NODE_HIDDEN: u32 = 4;

/// Two triangles of a quad over its four corners.
const QUAD_INDICES: [u16; 6] = [0, 1, 2, 0, 2, 3];

/// Positions texture width (node i is at texel (i % W, i / W)).
const POSITIONS_WIDTH: u32 = 2048;

/// One node as the GPU reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct NodeInstance {
    /// The node (its position is texel `node` of the positions texture).
    pub node: u32,
    /// sRGB colour, premultiplied alpha (egui's `Color32` bytes).
    pub color: [u8; 4],
    /// Base radius in points (scaled by the view's node scale).
    pub radius: f32,
    pub flags: u32,
}

/// One edge as the GPU reads it (its ends are looked up in the positions texture).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct EdgeInstance {
    pub src: u32,
    pub dst: u32,
    /// sRGB colour; alpha 0 hides the edge.
    pub color: [u8; 4],
}

/// The view uniform (layout mirrored in `graph.wgsl`).
#[derive(Clone, Copy, Debug, Default, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
struct ViewUniform {
    center: [f32; 2],
    viewport: [f32; 2],
    scale: f32,
    node_scale: f32,
    edge_width: f32,
    edge_alpha: f32,
    pixels_per_point: f32,
    hovered: u32,
    pos_width: u32,
    linear_output: u32,
    selection_color: [f32; 4],
    hover_color: [f32; 4],
    layer_rect: [f32; 4],
}

static NEXT_VERSION: AtomicU64 = AtomicU64::new(1);

/// A fresh version number, never handed out before in this process.
pub fn next_version() -> u64 {
    NEXT_VERSION.fetch_add(1, Ordering::Relaxed)
}

/// Data shared with the GPU, each part with the version of its content.
#[derive(Clone, Debug, Default)]
pub struct GpuScene {
    /// Interleaved (x, y) world positions, node i at index i.
    pub positions: Arc<Vec<[f32; 2]>>,
    pub positions_version: u64,
    /// Node instances, least important first (a suffix is drawn when thinning).
    pub nodes: Arc<Vec<NodeInstance>>,
    pub nodes_version: u64,
    /// Edges in level-of-detail order (a prefix is drawn when thinning).
    pub edges: Arc<Vec<EdgeInstance>>,
    pub edges_version: u64,
}

/// How one frame looks at the scene.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameView {
    /// World point at the viewport's centre.
    pub center: [f32; 2],
    /// Points per world unit.
    pub scale: f32,
    /// Viewport size in points.
    pub viewport: [f32; 2],
    pub pixels_per_point: f32,
    /// Multiplies every node's base radius.
    pub node_scale: f32,
    /// Edge width in points.
    pub edge_width: f32,
    /// Edge opacity (0..1).
    pub edge_alpha: f32,
    /// How many edges to draw (a prefix of the LOD order).
    pub edge_count: u32,
    /// Draw edges as one-pixel lines instead of anti-aliased quads (interactive LOD).
    pub edge_lines: bool,
    /// How many nodes to draw (the most important).
    pub node_count: u32,
    /// How edges use the cached edge layer (software renderers only).
    pub layer: LayerMode,
    /// Edges added to the layer per frame: it is refined progressively, strongest
    /// edges first, so that no frame takes long on a software rasterizer.
    pub layer_chunk: u32,
    pub hovered: Option<u32>,
    pub selection_color: Color32,
    pub hover_color: Color32,
}

/// How a frame uses the cached edge layer. Renderers on real GPUs always draw edges
/// directly; on software rasterizers, full-detail edges are drawn once into a texture
/// that is reused while the view pans and zooms over unchanged positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayerMode {
    /// Draw edges directly (positions are changing).
    #[default]
    Direct,
    /// Full detail: redraw the layer if it does not show exactly this view.
    Refresh,
    /// Interacting: reuse the layer, moved and scaled, if it holds these positions and
    /// edges; otherwise draw directly with this frame's level of detail.
    Reuse,
}

/// What the cached edge layer shows.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayerKey {
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
    fn of(frame: &Frame) -> Self {
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

    fn same_content(&self, other: &Self) -> bool {
        self.positions_version == other.positions_version
            && self.edges_version == other.edges_version
    }
}

struct EdgeLayer {
    key: LayerKey,
    /// Edges drawn into it so far (it is refined over several frames).
    drawn: u32,
    size: [u32; 2],
    texture: wgpu::Texture,
    bind_group: wgpu::BindGroup,
}

/// Everything one frame draws.
#[derive(Clone, Debug)]
pub struct Frame {
    pub scene: GpuScene,
    pub view: FrameView,
    /// Set by the renderer while the edge layer is still being refined (the view
    /// should then ask for another frame).
    pub layer_pending: Option<Arc<AtomicBool>>,
}

fn rgba(c: Color32) -> [f32; 4] {
    let [r, g, b, a] = c.to_array();
    [r, g, b, a].map(|v| f32::from(v) / 255.0)
}

/// A vertex/instance buffer that grows when needed.
struct GrowingBuffer {
    buffer: wgpu::Buffer,
    capacity: u64,
    label: &'static str,
}

impl GrowingBuffer {
    fn new(device: &wgpu::Device, label: &'static str) -> Self {
        Self {
            buffer: Self::create(device, label, 4096),
            capacity: 4096,
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

    fn write(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, bytes: &[u8]) {
        let needed = (bytes.len() as u64).max(4);
        if needed > self.capacity {
            self.capacity = needed.next_power_of_two();
            self.buffer = Self::create(device, self.label, self.capacity);
        }
        if !bytes.is_empty() {
            queue.write_buffer(&self.buffer, 0, bytes);
        }
    }
}

/// GPU resources of the network renderer; lives in egui_wgpu's callback resources.
pub struct GraphRenderer {
    edge_pipeline: wgpu::RenderPipeline,
    edge_line_pipeline: wgpu::RenderPipeline,
    /// Edge pipelines for the (single-sampled) layer texture.
    layer_edge_pipeline: wgpu::RenderPipeline,
    layer_composite_pipeline: wgpu::RenderPipeline,
    layer_bind_group_layout: wgpu::BindGroupLayout,
    layer_sampler: wgpu::Sampler,
    layer_uniform: wgpu::Buffer,
    layer_uniform_bind_group: wgpu::BindGroup,
    layer: Option<EdgeLayer>,
    /// Whether this frame composites the layer instead of drawing edges.
    layer_in_use: bool,
    use_layer: bool,
    format: wgpu::TextureFormat,
    quad_indices: wgpu::Buffer,
    node_pipeline: wgpu::RenderPipeline,
    bind_group_layout: wgpu::BindGroupLayout,
    bind_group: wgpu::BindGroup,
    uniform: wgpu::Buffer,
    positions: wgpu::Texture,
    positions_rows: u32,
    nodes: GrowingBuffer,
    edges: GrowingBuffer,
    /// Versions now on the GPU.
    uploaded: [u64; 3],
    node_count: u32,
    edge_count: u32,
    linear_output: bool,
    max_rows: u32,
}

impl GraphRenderer {
    /// Pipelines for a colour target of `format` with `msaa_samples` samples and the
    /// given depth format (all as egui's render pass has them).
    ///
    /// `use_layer` turns on the cached edge layer (for software rasterizers).
    pub fn new(
        device: &wgpu::Device,
        format: wgpu::TextureFormat,
        msaa_samples: u32,
        depth_format: Option<wgpu::TextureFormat>,
        use_layer: bool,
    ) -> Self {
        let shader = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("ioscope graph shader"),
            source: wgpu::ShaderSource::Wgsl(include_str!("graph.wgsl").into()),
        });
        let bind_group_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("ioscope graph bind group layout"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Uniform,
                        has_dynamic_offset: false,
                        min_binding_size: None,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::VERTEX,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: false },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
            ],
        });
        let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("ioscope graph pipeline layout"),
            bind_group_layouts: &[Some(&bind_group_layout)],
            immediate_size: 0,
        });
        let layer_bind_group_layout =
            device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
                label: Some("ioscope edge layer bind group layout"),
                entries: &[
                    wgpu::BindGroupLayoutEntry {
                        binding: 0,
                        visibility: wgpu::ShaderStages::FRAGMENT,
                        ty: wgpu::BindingType::Texture {
                            sample_type: wgpu::TextureSampleType::Float { filterable: true },
                            view_dimension: wgpu::TextureViewDimension::D2,
                            multisampled: false,
                        },
                        count: None,
                    },
                    wgpu::BindGroupLayoutEntry {
                        binding: 1,
                        visibility: wgpu::ShaderStages::FRAGMENT,
                        ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                        count: None,
                    },
                ],
            });
        let composite_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("ioscope edge layer pipeline layout"),
            bind_group_layouts: &[Some(&bind_group_layout), Some(&layer_bind_group_layout)],
            immediate_size: 0,
        });
        let blend = wgpu::BlendState {
            color: wgpu::BlendComponent {
                src_factor: wgpu::BlendFactor::One,
                dst_factor: wgpu::BlendFactor::OneMinusSrcAlpha,
                operation: wgpu::BlendOperation::Add,
            },
            alpha: wgpu::BlendComponent {
                src_factor: wgpu::BlendFactor::OneMinusDstAlpha,
                dst_factor: wgpu::BlendFactor::One,
                operation: wgpu::BlendOperation::Add,
            },
        };
        let depth_stencil = depth_format.map(|format| wgpu::DepthStencilState {
            format,
            depth_write_enabled: Some(false),
            depth_compare: Some(wgpu::CompareFunction::Always),
            stencil: wgpu::StencilState::default(),
            bias: wgpu::DepthBiasState::default(),
        });
        struct Spec<'a> {
            label: &'a str,
            vs: &'a str,
            fs: &'a str,
            topology: wgpu::PrimitiveTopology,
            stride: u64,
            attributes: &'a [wgpu::VertexAttribute],
            layout: &'a wgpu::PipelineLayout,
            samples: u32,
            depth: bool,
        }
        let pipeline = |spec: Spec<'_>| {
            let buffers = [Some(wgpu::VertexBufferLayout {
                array_stride: spec.stride,
                step_mode: wgpu::VertexStepMode::Instance,
                attributes: spec.attributes,
            })];
            device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some(spec.label),
                layout: Some(spec.layout),
                vertex: wgpu::VertexState {
                    module: &shader,
                    entry_point: Some(spec.vs),
                    buffers: if spec.attributes.is_empty() {
                        &[]
                    } else {
                        &buffers
                    },
                    compilation_options: wgpu::PipelineCompilationOptions::default(),
                },
                primitive: wgpu::PrimitiveState {
                    topology: spec.topology,
                    cull_mode: None,
                    ..Default::default()
                },
                depth_stencil: if spec.depth {
                    depth_stencil.clone()
                } else {
                    None
                },
                multisample: wgpu::MultisampleState {
                    count: spec.samples,
                    mask: !0,
                    alpha_to_coverage_enabled: false,
                },
                fragment: Some(wgpu::FragmentState {
                    module: &shader,
                    entry_point: Some(spec.fs),
                    targets: &[Some(wgpu::ColorTargetState {
                        format,
                        blend: Some(blend),
                        write_mask: wgpu::ColorWrites::ALL,
                    })],
                    compilation_options: wgpu::PipelineCompilationOptions::default(),
                }),
                multiview_mask: None,
                cache: None,
            })
        };
        let edge_attributes = wgpu::vertex_attr_array![0 => Uint32, 1 => Uint32, 2 => Unorm8x4];
        let node_attributes =
            wgpu::vertex_attr_array![0 => Uint32, 1 => Unorm8x4, 2 => Float32, 3 => Uint32];
        let samples = msaa_samples.max(1);
        let edges = |label, vs, fs, topology, layout, samples, depth| Spec {
            label,
            vs,
            fs,
            topology,
            stride: 12,
            attributes: &edge_attributes,
            layout,
            samples,
            depth,
        };
        let triangles = wgpu::PrimitiveTopology::TriangleList;
        let edge_pipeline = pipeline(edges(
            "ioscope edges",
            "vs_edge",
            "fs_edge",
            triangles,
            &layout,
            samples,
            true,
        ));
        let edge_line_pipeline = pipeline(edges(
            "ioscope edge lines",
            "vs_edge_line",
            "fs_edge_line",
            wgpu::PrimitiveTopology::LineList,
            &layout,
            samples,
            true,
        ));
        let layer_edge_pipeline = pipeline(edges(
            "ioscope edge layer",
            "vs_edge",
            "fs_edge",
            triangles,
            &layout,
            1,
            false,
        ));
        let node_pipeline = pipeline(Spec {
            label: "ioscope nodes",
            vs: "vs_node",
            fs: "fs_node",
            topology: triangles,
            stride: 16,
            attributes: &node_attributes,
            layout: &layout,
            samples,
            depth: true,
        });
        let layer_composite_pipeline = pipeline(Spec {
            label: "ioscope edge layer composite",
            vs: "vs_layer",
            fs: "fs_layer",
            topology: triangles,
            stride: 0,
            attributes: &[],
            layout: &composite_layout,
            samples,
            depth: true,
        });
        let layer_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("ioscope edge layer sampler"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let quad_indices = wgpu::util::DeviceExt::create_buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("ioscope quad indices"),
                contents: bytemuck::cast_slice(&QUAD_INDICES),
                usage: wgpu::BufferUsages::INDEX,
            },
        );
        let uniform = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("ioscope view uniform"),
            size: std::mem::size_of::<ViewUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let layer_uniform = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("ioscope edge layer uniform"),
            size: std::mem::size_of::<ViewUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let positions = Self::positions_texture(device, 1);
        let bind_group = Self::bind_group(device, &bind_group_layout, &uniform, &positions);
        let layer_uniform_bind_group =
            Self::bind_group(device, &bind_group_layout, &layer_uniform, &positions);
        Self {
            edge_pipeline,
            edge_line_pipeline,
            layer_edge_pipeline,
            layer_composite_pipeline,
            layer_bind_group_layout,
            layer_sampler,
            layer_uniform,
            layer_uniform_bind_group,
            layer: None,
            layer_in_use: false,
            use_layer,
            format,
            quad_indices,
            node_pipeline,
            bind_group_layout,
            bind_group,
            uniform,
            positions,
            positions_rows: 1,
            nodes: GrowingBuffer::new(device, "ioscope nodes"),
            edges: GrowingBuffer::new(device, "ioscope edges"),
            uploaded: [0; 3],
            node_count: 0,
            edge_count: 0,
            linear_output: format.is_srgb(),
            max_rows: device.limits().max_texture_dimension_2d,
        }
    }

    /// Adds a renderer to an egui_wgpu render state, so that [`paint_callback`]s draw.
    /// The cached edge layer is used on software rasterizers (device type CPU).
    pub fn register(render_state: &egui_wgpu::RenderState, msaa_samples: u32) {
        let software = render_state.adapter.get_info().device_type == wgpu::DeviceType::Cpu;
        let renderer = Self::new(
            &render_state.device,
            render_state.target_format,
            msaa_samples,
            None,
            software,
        );
        render_state
            .renderer
            .write()
            .callback_resources
            .insert(renderer);
    }

    fn positions_texture(device: &wgpu::Device, rows: u32) -> wgpu::Texture {
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

    fn bind_group(
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

    pub fn uses_edge_layer(&self) -> bool {
        self.use_layer
    }

    /// Most nodes the positions texture can hold on this device.
    pub fn max_nodes(&self) -> usize {
        POSITIONS_WIDTH as usize * self.max_rows as usize
    }

    /// Uploads what changed since the last frame and the view uniform, and redraws
    /// the edge layer into its texture (through `encoder`) when the frame asks for it.
    pub fn prepare(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        frame: &Frame,
    ) {
        let scene = &frame.scene;
        let max_nodes = self.max_nodes();
        if scene.positions_version != self.uploaded[0] {
            let positions = &scene.positions[..scene.positions.len().min(max_nodes)];
            let n = positions.len() as u32;
            let rows = n.div_ceil(POSITIONS_WIDTH).max(1);
            if rows > self.positions_rows {
                self.positions = Self::positions_texture(device, rows);
                self.positions_rows = rows;
                self.bind_group = Self::bind_group(
                    device,
                    &self.bind_group_layout,
                    &self.uniform,
                    &self.positions,
                );
                self.layer_uniform_bind_group = Self::bind_group(
                    device,
                    &self.bind_group_layout,
                    &self.layer_uniform,
                    &self.positions,
                );
            }
            // Whole rows, the last one padded.
            let mut data: Vec<[f32; 2]> = Vec::with_capacity((rows * POSITIONS_WIDTH) as usize);
            data.extend_from_slice(positions);
            data.resize((rows * POSITIONS_WIDTH) as usize, [0.0; 2]);
            queue.write_texture(
                wgpu::TexelCopyTextureInfo {
                    texture: &self.positions,
                    mip_level: 0,
                    origin: wgpu::Origin3d::ZERO,
                    aspect: wgpu::TextureAspect::All,
                },
                bytemuck::cast_slice(&data),
                wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(POSITIONS_WIDTH * 8),
                    rows_per_image: Some(rows),
                },
                wgpu::Extent3d {
                    width: POSITIONS_WIDTH,
                    height: rows,
                    depth_or_array_layers: 1,
                },
            );
            self.uploaded[0] = scene.positions_version;
        }
        if scene.nodes_version != self.uploaded[1] {
            // Nodes without a position would read padding: keep them out.
            let n = scene.positions.len().min(max_nodes) as u32;
            let nodes: Vec<NodeInstance> =
                scene.nodes.iter().filter(|i| i.node < n).copied().collect();
            self.nodes
                .write(device, queue, bytemuck::cast_slice(&nodes));
            self.node_count = nodes.len() as u32;
            self.uploaded[1] = scene.nodes_version;
        }
        if scene.edges_version != self.uploaded[2] {
            // Edges whose ends have no position would read padding: keep them out.
            let n = scene.positions.len().min(max_nodes) as u32;
            let edges: Vec<EdgeInstance> = scene
                .edges
                .iter()
                .filter(|e| e.src < n && e.dst < n)
                .copied()
                .collect();
            self.edges
                .write(device, queue, bytemuck::cast_slice(&edges));
            self.edge_count = edges.len() as u32;
            self.uploaded[2] = scene.edges_version;
        }
        let mut uniform = Self::uniform_for(&frame.view, self.linear_output);
        self.layer_in_use = false;
        let mode = if self.use_layer {
            frame.view.layer
        } else {
            LayerMode::Direct
        };
        let key = LayerKey::of(frame);
        let mut pending = false;
        if mode == LayerMode::Refresh {
            self.draw_layer(device, queue, encoder, frame, &uniform);
            pending = self
                .layer
                .as_ref()
                .is_some_and(|l| l.drawn < frame.view.edge_count.min(self.edge_count));
        }
        if let Some(flag) = &frame.layer_pending {
            flag.store(pending, Ordering::Relaxed);
        }
        if let Some(layer) = &self.layer
            && mode != LayerMode::Direct
            && layer.key.same_content(&key)
        {
            // Where the layer's view lies in this one, in points from the centre.
            let k = &layer.key;
            let v = &frame.view;
            let corner = |sign: f32, axis: usize| {
                let world = k.center[axis] + sign * 0.5 * k.viewport[axis] / k.scale;
                (world - v.center[axis]) * v.scale
            };
            uniform.layer_rect = [
                corner(-1.0, 0),
                corner(-1.0, 1),
                corner(1.0, 0),
                corner(1.0, 1),
            ];
            self.layer_in_use = true;
        }
        queue.write_buffer(&self.uniform, 0, bytemuck::bytes_of(&uniform));
    }

    fn uniform_for(v: &FrameView, linear_output: bool) -> ViewUniform {
        ViewUniform {
            center: v.center,
            viewport: v.viewport,
            scale: v.scale,
            node_scale: v.node_scale,
            edge_width: v.edge_width,
            edge_alpha: v.edge_alpha.clamp(0.0, 1.0),
            pixels_per_point: v.pixels_per_point.max(0.1),
            hovered: v.hovered.unwrap_or(u32::MAX),
            pos_width: POSITIONS_WIDTH,
            linear_output: u32::from(linear_output),
            selection_color: rgba(v.selection_color),
            hover_color: rgba(v.hover_color),
            layer_rect: [0.0; 4],
        }
    }

    /// Draws this frame's edges at full detail into the layer texture.
    fn draw_layer(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        frame: &Frame,
        uniform: &ViewUniform,
    ) {
        let v = &frame.view;
        let ppp = v.pixels_per_point.max(0.1);
        let max = device.limits().max_texture_dimension_2d;
        let size = [
            ((v.viewport[0] * ppp).round() as u32).clamp(1, max),
            ((v.viewport[1] * ppp).round() as u32).clamp(1, max),
        ];
        let key = LayerKey::of(frame);
        if self.layer.as_ref().is_none_or(|l| l.size != size) {
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
                format: self.format,
                usage: wgpu::TextureUsages::RENDER_ATTACHMENT
                    | wgpu::TextureUsages::TEXTURE_BINDING,
                view_formats: &[],
            });
            let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
            let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("ioscope edge layer bind group"),
                layout: &self.layer_bind_group_layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: wgpu::BindingResource::TextureView(&view),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: wgpu::BindingResource::Sampler(&self.layer_sampler),
                    },
                ],
            });
            self.layer = Some(EdgeLayer {
                key,
                drawn: 0,
                size,
                texture,
                bind_group,
            });
        }
        let Some(layer) = &mut self.layer else {
            return;
        };
        let total = v.edge_count.min(self.edge_count);
        let restart = layer.key != key || layer.drawn == 0;
        if restart {
            layer.key = key;
            layer.drawn = 0;
        } else if layer.drawn >= total {
            return;
        }
        let start = layer.drawn;
        let end = total.min(start.saturating_add(v.layer_chunk.max(1)));
        layer.drawn = end;
        queue.write_buffer(&self.layer_uniform, 0, bytemuck::bytes_of(uniform));
        let target = layer
            .texture
            .create_view(&wgpu::TextureViewDescriptor::default());
        let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("ioscope edge layer pass"),
            color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                view: &target,
                depth_slice: None,
                resolve_target: None,
                ops: wgpu::Operations {
                    load: if restart {
                        wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT)
                    } else {
                        wgpu::LoadOp::Load
                    },
                    store: wgpu::StoreOp::Store,
                },
            })],
            depth_stencil_attachment: None,
            timestamp_writes: None,
            occlusion_query_set: None,
            multiview_mask: None,
        });
        if end > start && v.edge_alpha > 0.0 {
            pass.set_bind_group(0, &self.layer_uniform_bind_group, &[]);
            pass.set_pipeline(&self.layer_edge_pipeline);
            pass.set_vertex_buffer(
                0,
                self.edges
                    .buffer
                    .slice(u64::from(start) * 12..u64::from(end) * 12),
            );
            pass.set_index_buffer(self.quad_indices.slice(..), wgpu::IndexFormat::Uint16);
            pass.draw_indexed(0..6, 0, 0..end - start);
        }
    }

    /// Draws edges, then nodes, into a render pass whose viewport is the canvas.
    pub fn paint(&self, pass: &mut wgpu::RenderPass<'_>, frame: &Frame) {
        let n = frame.scene.positions.len().min(self.max_nodes()) as u32;
        if n == 0 || self.node_count == 0 {
            return;
        }
        pass.set_bind_group(0, &self.bind_group, &[]);
        let edges = frame.view.edge_count.min(self.edge_count);
        if self.layer_in_use
            && let Some(layer) = &self.layer
        {
            pass.set_pipeline(&self.layer_composite_pipeline);
            pass.set_bind_group(1, &layer.bind_group, &[]);
            pass.set_index_buffer(self.quad_indices.slice(..), wgpu::IndexFormat::Uint16);
            pass.draw_indexed(0..6, 0, 0..1);
        } else if edges > 0 && frame.view.edge_alpha > 0.0 {
            pass.set_vertex_buffer(0, self.edges.buffer.slice(..u64::from(edges) * 12));
            if frame.view.edge_lines {
                pass.set_pipeline(&self.edge_line_pipeline);
                pass.draw(0..2, 0..edges);
            } else {
                pass.set_pipeline(&self.edge_pipeline);
                pass.set_index_buffer(self.quad_indices.slice(..), wgpu::IndexFormat::Uint16);
                pass.draw_indexed(0..6, 0, 0..edges);
            }
        }
        // The most important nodes are the last instances.
        let count = frame.view.node_count.min(self.node_count);
        if count == 0 {
            return;
        }
        let first = u64::from(self.node_count - count) * 16;
        pass.set_pipeline(&self.node_pipeline);
        pass.set_vertex_buffer(
            0,
            self.nodes
                .buffer
                .slice(first..u64::from(self.node_count) * 16),
        );
        pass.set_index_buffer(self.quad_indices.slice(..), wgpu::IndexFormat::Uint16);
        pass.draw_indexed(0..6, 0, 0..count);
    }
}

/// The egui paint callback that draws one frame of the network.
pub struct GraphCallback(pub Frame);

impl egui_wgpu::CallbackTrait for GraphCallback {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        _screen: &egui_wgpu::ScreenDescriptor,
        encoder: &mut wgpu::CommandEncoder,
        resources: &mut egui_wgpu::CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        if let Some(renderer) = resources.get_mut::<GraphRenderer>() {
            renderer.prepare(device, queue, encoder, &self.0);
        }
        Vec::new()
    }

    fn paint(
        &self,
        _info: egui::PaintCallbackInfo,
        pass: &mut wgpu::RenderPass<'static>,
        resources: &egui_wgpu::CallbackResources,
    ) {
        if let Some(renderer) = resources.get::<GraphRenderer>() {
            renderer.paint(pass, &self.0);
        }
    }
}

/// A paint callback drawing `frame` in `rect`.
pub fn paint_callback(rect: egui::Rect, frame: Frame) -> egui::PaintCallback {
    egui_wgpu::Callback::new_paint_callback(rect, GraphCallback(frame))
}
