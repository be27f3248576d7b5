//! The render pipelines of the canvas, made once per colour target: edges as
//! anti-aliased quads and as one-pixel lines, nodes as discs, edges into the cached
//! layer, and the layer's composite; with their bind group layouts (view uniform and
//! positions texture; layer texture and sampler). Shaders: `graph.wgsl`.

use eframe::egui_wgpu::wgpu;

use super::instances::{EDGE_ATTRIBUTES, EDGE_STRIDE, NODE_ATTRIBUTES, NODE_STRIDE};

pub struct Pipelines {
    pub edge: wgpu::RenderPipeline,
    pub edge_line: wgpu::RenderPipeline,
    /// Edges into the (single-sampled) layer texture.
    pub layer_edge: wgpu::RenderPipeline,
    pub layer_composite: wgpu::RenderPipeline,
    pub node: wgpu::RenderPipeline,
    /// Group 0: the view uniform and the positions texture.
    pub bind_group_layout: wgpu::BindGroupLayout,
    /// Group 1 of the composite: the layer texture and its sampler.
    pub layer_bind_group_layout: wgpu::BindGroupLayout,
    pub layer_sampler: wgpu::Sampler,
}

/// One pipeline's particulars.
#[derive(Clone, Copy)]
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

/// What every pipeline shares.
struct Target<'a> {
    device: &'a wgpu::Device,
    shader: &'a wgpu::ShaderModule,
    format: wgpu::TextureFormat,
    depth_stencil: Option<wgpu::DepthStencilState>,
}

/// Premultiplied-alpha "over" blending.
const PREMULTIPLIED_OVER: wgpu::BlendState = wgpu::BlendState {
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

impl Target<'_> {
    fn pipeline(&self, spec: Spec<'_>) -> wgpu::RenderPipeline {
        let buffers = [Some(wgpu::VertexBufferLayout {
            array_stride: spec.stride,
            step_mode: wgpu::VertexStepMode::Instance,
            attributes: spec.attributes,
        })];
        self.device
            .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some(spec.label),
                layout: Some(spec.layout),
                vertex: wgpu::VertexState {
                    module: self.shader,
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
                    self.depth_stencil.clone()
                } else {
                    None
                },
                multisample: wgpu::MultisampleState {
                    count: spec.samples,
                    mask: !0,
                    alpha_to_coverage_enabled: false,
                },
                fragment: Some(wgpu::FragmentState {
                    module: self.shader,
                    entry_point: Some(spec.fs),
                    targets: &[Some(wgpu::ColorTargetState {
                        format: self.format,
                        blend: Some(PREMULTIPLIED_OVER),
                        write_mask: wgpu::ColorWrites::ALL,
                    })],
                    compilation_options: wgpu::PipelineCompilationOptions::default(),
                }),
                multiview_mask: None,
                cache: None,
            })
    }
}

fn graph_bind_group_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
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
    })
}

fn layer_bind_group_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
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
    })
}

impl Pipelines {
    /// Pipelines for a colour target of `format` with `msaa_samples` samples and the
    /// given depth format (all as egui's render pass has them).
    pub fn new(
        device: &wgpu::Device,
        format: wgpu::TextureFormat,
        msaa_samples: u32,
        depth_format: Option<wgpu::TextureFormat>,
    ) -> Self {
        let shader = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("ioscope graph shader"),
            source: wgpu::ShaderSource::Wgsl(include_str!("graph.wgsl").into()),
        });
        let bind_group_layout = graph_bind_group_layout(device);
        let layer_bind_group_layout = layer_bind_group_layout(device);
        let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("ioscope graph pipeline layout"),
            bind_group_layouts: &[Some(&bind_group_layout)],
            immediate_size: 0,
        });
        let composite_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("ioscope edge layer pipeline layout"),
            bind_group_layouts: &[Some(&bind_group_layout), Some(&layer_bind_group_layout)],
            immediate_size: 0,
        });
        let target = Target {
            device,
            shader: &shader,
            format,
            depth_stencil: depth_format.map(|format| wgpu::DepthStencilState {
                format,
                depth_write_enabled: Some(false),
                depth_compare: Some(wgpu::CompareFunction::Always),
                stencil: wgpu::StencilState::default(),
                bias: wgpu::DepthBiasState::default(),
            }),
        };
        let samples = msaa_samples.max(1);
        Self {
            edge: Self::edge_pipeline(&target, &layout, samples, EdgeTarget::Pass),
            edge_line: Self::edge_pipeline(&target, &layout, samples, EdgeTarget::PassLines),
            layer_edge: Self::edge_pipeline(&target, &layout, samples, EdgeTarget::Layer),
            node: target.pipeline(Spec {
                label: "ioscope nodes",
                vs: "vs_node",
                fs: "fs_node",
                topology: wgpu::PrimitiveTopology::TriangleList,
                stride: NODE_STRIDE,
                attributes: &NODE_ATTRIBUTES,
                layout: &layout,
                samples,
                depth: true,
            }),
            layer_composite: target.pipeline(Spec {
                label: "ioscope edge layer composite",
                vs: "vs_layer",
                fs: "fs_layer",
                topology: wgpu::PrimitiveTopology::TriangleList,
                stride: 0,
                attributes: &[],
                layout: &composite_layout,
                samples,
                depth: true,
            }),
            layer_sampler: device.create_sampler(&wgpu::SamplerDescriptor {
                label: Some("ioscope edge layer sampler"),
                mag_filter: wgpu::FilterMode::Linear,
                min_filter: wgpu::FilterMode::Linear,
                ..Default::default()
            }),
            bind_group_layout,
            layer_bind_group_layout,
        }
    }

    /// An edge pipeline drawing into egui's pass (quads or lines) or into the edge
    /// layer (quads, single-sampled, no depth).
    fn edge_pipeline(
        target: &Target<'_>,
        layout: &wgpu::PipelineLayout,
        samples: u32,
        into: EdgeTarget,
    ) -> wgpu::RenderPipeline {
        let (label, vs, fs, topology) = match into {
            EdgeTarget::Pass => (
                "ioscope edges",
                "vs_edge",
                "fs_edge",
                wgpu::PrimitiveTopology::TriangleList,
            ),
            EdgeTarget::PassLines => (
                "ioscope edge lines",
                "vs_edge_line",
                "fs_edge_line",
                wgpu::PrimitiveTopology::LineList,
            ),
            EdgeTarget::Layer => (
                "ioscope edge layer",
                "vs_edge",
                "fs_edge",
                wgpu::PrimitiveTopology::TriangleList,
            ),
        };
        let layer = into == EdgeTarget::Layer;
        target.pipeline(Spec {
            label,
            vs,
            fs,
            topology,
            stride: EDGE_STRIDE,
            attributes: &EDGE_ATTRIBUTES,
            layout,
            samples: if layer { 1 } else { samples },
            depth: !layer,
        })
    }
}

/// Where an edge pipeline draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EdgeTarget {
    Pass,
    PassLines,
    Layer,
}
