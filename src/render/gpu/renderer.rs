//! [`GraphRenderer`]: the GPU resources of the network renderer (it lives in
//! egui_wgpu's callback resources). Each frame it uploads what changed, writes the view
//! uniform, refines the cached edge layer when asked, and paints edges then nodes.

use std::sync::atomic::Ordering;

use eframe::egui_wgpu::{self, wgpu};

use super::buffers::{
    GrowingBuffer, graph_bind_group, positions_texture, uniform_buffer, write_positions,
};
use super::frame::{Frame, FrameView, LayerMode};
use super::instances::{
    EDGE_STRIDE, EdgeInstance, NODE_STRIDE, NodeInstance, POSITIONS_WIDTH, QUAD_INDICES,
    ViewUniform, rgba,
};
use super::layer::{EdgeLayer, LayerKey};
use super::pipelines::Pipelines;

pub struct GraphRenderer {
    pipelines: Pipelines,
    layer_uniform: wgpu::Buffer,
    layer_uniform_bind_group: wgpu::BindGroup,
    layer: Option<EdgeLayer>,
    /// Whether this frame composites the layer instead of drawing edges.
    layer_in_use: bool,
    use_layer: bool,
    format: wgpu::TextureFormat,
    quad_indices: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    uniform: wgpu::Buffer,
    positions: wgpu::Texture,
    positions_rows: u32,
    nodes: GrowingBuffer,
    edges: GrowingBuffer,
    /// Versions now on the GPU: positions, nodes, edges.
    uploaded: [u64; 3],
    node_count: u32,
    edge_count: u32,
    linear_output: bool,
    max_rows: u32,
}

impl GraphRenderer {
    /// A renderer for a colour target of `format` with `msaa_samples` samples and the
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
        let pipelines = Pipelines::new(device, format, msaa_samples, depth_format);
        let quad_indices = wgpu::util::DeviceExt::create_buffer_init(
            device,
            &wgpu::util::BufferInitDescriptor {
                label: Some("ioscope quad indices"),
                contents: bytemuck::cast_slice(&QUAD_INDICES),
                usage: wgpu::BufferUsages::INDEX,
            },
        );
        let uniform = uniform_buffer::<ViewUniform>(device, "ioscope view uniform");
        let layer_uniform = uniform_buffer::<ViewUniform>(device, "ioscope edge layer uniform");
        let positions = positions_texture(device, 1);
        let layout = &pipelines.bind_group_layout;
        let bind_group = graph_bind_group(device, layout, &uniform, &positions);
        let layer_uniform_bind_group = graph_bind_group(device, layout, &layer_uniform, &positions);
        Self {
            pipelines,
            layer_uniform,
            layer_uniform_bind_group,
            layer: None,
            layer_in_use: false,
            use_layer,
            format,
            quad_indices,
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

    /// Adds a renderer to an egui_wgpu render state, so that paint callbacks draw.
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
        self.upload_scene(device, queue, frame);
        let mut uniform = Self::uniform_for(&frame.view, self.linear_output);
        self.layer_in_use = false;
        let mode = if self.use_layer {
            frame.view.layer
        } else {
            LayerMode::Direct
        };
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
            && layer.key.same_content(&LayerKey::of(frame))
        {
            uniform.layer_rect = layer.rect_in(frame);
            self.layer_in_use = true;
        }
        queue.write_buffer(&self.uniform, 0, bytemuck::bytes_of(&uniform));
    }

    /// Uploads positions, nodes and edges whose version changed.
    fn upload_scene(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, frame: &Frame) {
        let scene = &frame.scene;
        let max_nodes = self.max_nodes();
        // Nodes and edges without a position would read padding: keep them out.
        let n = scene.positions.len().min(max_nodes) as u32;
        if scene.positions_version != self.uploaded[0] {
            let positions = &scene.positions[..n as usize];
            let rows = n.div_ceil(POSITIONS_WIDTH).max(1);
            if rows > self.positions_rows {
                self.positions = positions_texture(device, rows);
                self.positions_rows = rows;
                let layout = &self.pipelines.bind_group_layout;
                self.bind_group = graph_bind_group(device, layout, &self.uniform, &self.positions);
                self.layer_uniform_bind_group =
                    graph_bind_group(device, layout, &self.layer_uniform, &self.positions);
            }
            write_positions(queue, &self.positions, positions);
            self.uploaded[0] = scene.positions_version;
        }
        if scene.nodes_version != self.uploaded[1] {
            let nodes: Vec<NodeInstance> =
                scene.nodes.iter().filter(|i| i.node < n).copied().collect();
            self.nodes
                .write(device, queue, bytemuck::cast_slice(&nodes));
            self.node_count = nodes.len() as u32;
            self.uploaded[1] = scene.nodes_version;
        }
        if scene.edges_version != self.uploaded[2] {
            // Edges come strongest first (the level-of-detail order): past the device's
            // largest buffer, the weakest are left out.
            let most = usize::try_from(self.edges.max_size()).unwrap_or(usize::MAX)
                / std::mem::size_of::<EdgeInstance>();
            let edges: Vec<EdgeInstance> = scene
                .edges
                .iter()
                .filter(|e| e.src < n && e.dst < n)
                .take(most)
                .copied()
                .collect();
            self.edges
                .write(device, queue, bytemuck::cast_slice(&edges));
            self.edge_count = edges.len() as u32;
            self.uploaded[2] = scene.edges_version;
        }
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

    /// Draws the next chunk of this frame's edges at full detail into the layer
    /// texture (starting over when the view or the content changed).
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
            self.layer = Some(EdgeLayer::new(
                device,
                self.format,
                size,
                &self.pipelines.layer_bind_group_layout,
                &self.pipelines.layer_sampler,
                key,
            ));
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
            pass.set_pipeline(&self.pipelines.layer_edge);
            let bytes = u64::from(start) * EDGE_STRIDE..u64::from(end) * EDGE_STRIDE;
            pass.set_vertex_buffer(0, self.edges.buffer.slice(bytes));
            pass.set_index_buffer(self.quad_indices.slice(..), wgpu::IndexFormat::Uint16);
            pass.draw_indexed(0..QUAD_INDICES.len() as u32, 0, 0..end - start);
        }
    }

    /// Draws edges, then nodes, into a render pass whose viewport is the canvas.
    pub fn paint(&self, pass: &mut wgpu::RenderPass<'_>, frame: &Frame) {
        let n = frame.scene.positions.len().min(self.max_nodes()) as u32;
        if n == 0 || self.node_count == 0 {
            return;
        }
        let quad = 0..QUAD_INDICES.len() as u32;
        pass.set_bind_group(0, &self.bind_group, &[]);
        pass.set_index_buffer(self.quad_indices.slice(..), wgpu::IndexFormat::Uint16);
        let edges = frame.view.edge_count.min(self.edge_count);
        if self.layer_in_use
            && let Some(layer) = &self.layer
        {
            pass.set_pipeline(&self.pipelines.layer_composite);
            pass.set_bind_group(1, &layer.bind_group, &[]);
            pass.draw_indexed(quad.clone(), 0, 0..1);
        } else if edges > 0 && frame.view.edge_alpha > 0.0 {
            let bytes = ..u64::from(edges) * EDGE_STRIDE;
            pass.set_vertex_buffer(0, self.edges.buffer.slice(bytes));
            if frame.view.edge_lines {
                pass.set_pipeline(&self.pipelines.edge_line);
                pass.draw(0..2, 0..edges);
            } else {
                pass.set_pipeline(&self.pipelines.edge);
                pass.draw_indexed(quad.clone(), 0, 0..edges);
            }
        }
        // The most important nodes are the last instances.
        let count = frame.view.node_count.min(self.node_count);
        if count == 0 {
            return;
        }
        let first = u64::from(self.node_count - count) * NODE_STRIDE;
        let bytes = first..u64::from(self.node_count) * NODE_STRIDE;
        pass.set_pipeline(&self.pipelines.node);
        pass.set_vertex_buffer(0, self.nodes.buffer.slice(bytes));
        pass.draw_indexed(quad, 0, 0..count);
    }
}
