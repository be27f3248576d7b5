//! [`GpuForces`]: one ForceAtlas2 iteration's forces computed by a wgpu compute shader.
//!
//! Per iteration the CPU uploads what changed (the tree's cells, the bodies in sorted
//! order, the nodes' positions), one dispatch runs an invocation per body, and the
//! forces come back in node order. The adjacency (neighbours and their pulls) is
//! uploaded once per graph and per change of the attraction settings.
//!
//! The shader does what the CPU engine does, term for term, with two differences that
//! stay within the stated tolerance (`tests/layout_gpu.rs`): the tree is walked body by
//! body (the CPU walks it once per group of nearby bodies, with a criterion that holds
//! for the whole group, so the CPU's is the stricter), and bodies at the very same
//! position are pushed apart along another fixed direction (a 32-bit hash: WGSL has no
//! 64-bit integers).

use eframe::egui_wgpu::wgpu;
use rayon::prelude::*;

use crate::layout::graph::LayoutGraph;
use crate::layout::params::Params;
use crate::layout::quadtree::QuadTree;

/// Invocations per workgroup (the shader's `@workgroup_size`).
const WORKGROUP: u32 = 64;
/// 1 / θ is capped here, so that θ = 0 (exact forces) stays finite in the shader.
const MAX_INV_THETA: f32 = 1e18;

/// The shader's uniform block (`Params` in `fa2.wgsl`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, bytemuck::Pod, bytemuck::Zeroable)]
struct Uniforms {
    n: u32,
    cells: u32,
    flags: u32,
    row: u32,
    kr: f32,
    gravity: f32,
    inv_theta: f32,
    pad: f32,
}

const LIN_LOG: u32 = 1;
const PREVENT_OVERLAP: u32 = 2;
const STRONG_GRAVITY: u32 = 4;

/// The storage buffers, in binding order (bindings 1 to 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    CellF = 0,
    CellU = 1,
    Bodies = 2,
    Nodes = 3,
    Adjacency = 4,
    Forces = 5,
}

const SLOTS: usize = 6;

/// The dispatch grid for `n` invocations: (workgroups along x, along y, invocations
/// per row), at most `max` workgroups along one dimension.
pub fn dispatch_grid(n: u32, max: u32) -> (u32, u32, u32) {
    let groups = n.div_ceil(WORKGROUP).max(1);
    let max = max.max(1);
    if groups <= max {
        (groups, 1, groups * WORKGROUP)
    } else {
        (max, groups.div_ceil(max), max * WORKGROUP)
    }
}

/// A GPU device with the force pipeline and its buffers (kept between iterations and
/// grown when a bigger graph comes).
pub struct GpuForces {
    device: wgpu::Device,
    queue: wgpu::Queue,
    info: wgpu::AdapterInfo,
    /// The adapter in words.
    name: String,
    pipeline: wgpu::ComputePipeline,
    layout: wgpu::BindGroupLayout,
    uniforms: wgpu::Buffer,
    storage: [Option<wgpu::Buffer>; SLOTS],
    readback: Option<wgpu::Buffer>,
    bind_group: Option<wgpu::BindGroup>,
    /// Nodes of the adjacency last uploaded (`None`: none or stale).
    graph_nodes: Option<usize>,
    /// Upload buffers, kept to spare allocations.
    cell_f: Vec<[f32; 4]>,
    cell_u: Vec<[u32; 4]>,
    bodies: Vec<[f32; 4]>,
    nodes: Vec<[f32; 4]>,
}

impl std::fmt::Debug for GpuForces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuForces")
            .field("adapter", &self.info.name)
            .finish_non_exhaustive()
    }
}

impl GpuForces {
    /// Opens a device on `backends` (`None`: as `WGPU_BACKEND` says; the
    /// high-performance adapter, a discrete GPU where there are two) and builds the
    /// force pipeline on it; with `hardware_only`, not on a software rasterizer.
    pub fn open(backends: Option<wgpu::Backends>, hardware_only: bool) -> Result<Self, String> {
        let (device, queue, info) = super::device::device(
            backends,
            wgpu::PowerPreference::HighPerformance,
            hardware_only,
            "ioscope layout",
        )?;
        if device.limits().max_storage_buffers_per_shader_stage < SLOTS as u32 {
            return Err(format!("{} has too few storage buffers", info.name));
        }
        // Errors raised by wgpu outside a scope would otherwise end the process.
        device.on_uncaptured_error(std::sync::Arc::new(|e| {
            eprintln!("ioscope: GPU layout error: {e}");
        }));
        let scope = device.push_error_scope(wgpu::ErrorFilter::Validation);
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("ioscope fa2.wgsl"),
            source: wgpu::ShaderSource::Wgsl(include_str!("fa2.wgsl").into()),
        });
        let layout = bind_group_layout(&device);
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("ioscope layout forces"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some("ioscope layout forces"),
            layout: Some(&pipeline_layout),
            module: &module,
            entry_point: Some("forces_main"),
            compilation_options: wgpu::PipelineCompilationOptions::default(),
            cache: None,
        });
        let uniforms = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("ioscope layout uniforms"),
            size: std::mem::size_of::<Uniforms>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        if let Some(e) = pollster::block_on(scope.pop()) {
            return Err(format!(
                "the layout shader does not run on {}: {e}",
                info.name
            ));
        }
        Ok(Self {
            device,
            queue,
            name: format!("{} ({:?})", info.name, info.backend),
            info,
            pipeline,
            layout,
            uniforms,
            storage: Default::default(),
            readback: None,
            bind_group: None,
            graph_nodes: None,
            cell_f: Vec::new(),
            cell_u: Vec::new(),
            bodies: Vec::new(),
            nodes: Vec::new(),
        })
    }

    pub fn adapter(&self) -> &wgpu::AdapterInfo {
        &self.info
    }

    /// The adapter in words ("NVIDIA H200 (Vulkan)").
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Marks the adjacency as stale: the next [`Self::compute`] uploads it again.
    pub fn forget_graph(&mut self) {
        self.graph_nodes = None;
    }

    /// Uploads the adjacency and each entry's pull (the attraction factor).
    fn upload_graph(&mut self, g: &LayoutGraph, pull: &[f32]) -> Result<(), String> {
        let n = g.node_count();
        let entries = g.neighbors.len().min(pull.len());
        let words = (n + 1)
            .checked_add(entries.saturating_mul(2))
            .filter(|&w| u32::try_from(w).is_ok())
            .ok_or("the graph has too many edges for the GPU layout")?;
        let mut adjacency: Vec<u32> = Vec::with_capacity(words);
        adjacency.extend(g.offsets.iter().take(n + 1).map(|&o| o.min(entries as u32)));
        adjacency.resize(n + 1, entries as u32);
        for (&j, &f) in g.neighbors.iter().zip(pull) {
            adjacency.push(j);
            adjacency.push(f.to_bits());
        }
        self.write(Slot::Adjacency, bytemuck::cast_slice(&adjacency))?;
        self.graph_nodes = Some(n);
        Ok(())
    }

    /// The forces on every node for the positions `x`, `y` (which `tree` was built or
    /// refitted over), into `fx`, `fy`. The graph is `g`, its attraction factors `pull`.
    #[allow(clippy::too_many_arguments)]
    pub fn compute(
        &mut self,
        g: &LayoutGraph,
        pull: &[f32],
        tree: &QuadTree,
        x: &[f32],
        y: &[f32],
        params: Params,
        fx: &mut [f32],
        fy: &mut [f32],
    ) -> Result<(), String> {
        let n = x.len();
        if n == 0 {
            return Ok(());
        }
        if tree.order.len() != n || g.node_count() != n || fx.len() != n || fy.len() != n {
            return Err("the GPU layout was given mismatched buffers".to_owned());
        }
        let n32 = u32::try_from(n).map_err(|_| "too many nodes for the GPU layout")?;
        let scope = self.device.push_error_scope(wgpu::ErrorFilter::Validation);
        let memory = self.device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
        if self.graph_nodes != Some(n) {
            self.upload_graph(g, pull)?;
        }
        self.pack(g, tree, x, y);
        let (gx, gy, row) = dispatch_grid(
            n32,
            self.device.limits().max_compute_workgroups_per_dimension,
        );
        let uniforms = Uniforms {
            n: n32,
            cells: tree.cells.len() as u32,
            flags: [
                (params.lin_log, LIN_LOG),
                (params.prevent_overlap, PREVENT_OVERLAP),
                (params.strong_gravity, STRONG_GRAVITY),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .fold(0, |flags, (_, flag)| flags | flag),
            row,
            kr: params.scaling_ratio,
            gravity: params.gravity,
            inv_theta: if params.theta > 0.0 {
                (1.0 / params.theta).min(MAX_INV_THETA)
            } else {
                MAX_INV_THETA
            },
            pad: 0.0,
        };
        self.queue
            .write_buffer(&self.uniforms, 0, bytemuck::bytes_of(&uniforms));
        let (cell_f, cell_u, bodies, nodes) = (
            std::mem::take(&mut self.cell_f),
            std::mem::take(&mut self.cell_u),
            std::mem::take(&mut self.bodies),
            std::mem::take(&mut self.nodes),
        );
        let written = self
            .write(Slot::CellF, bytemuck::cast_slice(&cell_f))
            .and_then(|()| self.write(Slot::CellU, bytemuck::cast_slice(&cell_u)))
            .and_then(|()| self.write(Slot::Bodies, bytemuck::cast_slice(&bodies)))
            .and_then(|()| self.write(Slot::Nodes, bytemuck::cast_slice(&nodes)));
        (self.cell_f, self.cell_u, self.bodies, self.nodes) = (cell_f, cell_u, bodies, nodes);
        written?;
        let force_bytes = (n * 8) as u64;
        self.reserve(Slot::Forces, force_bytes)?;
        let readback = match &self.readback {
            Some(b) if b.size() >= force_bytes => b.clone(),
            _ => {
                let b = self.device.create_buffer(&wgpu::BufferDescriptor {
                    label: Some("ioscope layout forces read-back"),
                    size: force_bytes,
                    usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                    mapped_at_creation: false,
                });
                self.readback = Some(b.clone());
                b
            }
        };
        let bind_group = self.bind_group()?;
        let forces = self.buffer(Slot::Forces)?;
        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("ioscope layout forces"),
            });
        {
            let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some("ioscope layout forces"),
                timestamp_writes: None,
            });
            pass.set_pipeline(&self.pipeline);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.dispatch_workgroups(gx, gy, 1);
        }
        encoder.copy_buffer_to_buffer(&forces, 0, &readback, 0, force_bytes);
        let index = self.queue.submit([encoder.finish()]);
        let (tx, rx) = std::sync::mpsc::channel();
        readback
            .slice(..force_bytes)
            .map_async(wgpu::MapMode::Read, move |r| drop(tx.send(r)));
        super::device::wait(&self.device, &index)?;
        if let Some(e) = pollster::block_on(memory.pop()) {
            return Err(format!("the GPU ran out of memory: {e}"));
        }
        if let Some(e) = pollster::block_on(scope.pop()) {
            return Err(format!("the GPU layout failed: {e}"));
        }
        rx.recv()
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("the GPU forces could not be read back: {e}"))?;
        {
            let mapped = readback
                .slice(..force_bytes)
                .get_mapped_range()
                .map_err(|e| format!("the GPU forces could not be read back: {e}"))?;
            for ((pair, fx), fy) in mapped.chunks_exact(8).zip(fx.iter_mut()).zip(fy.iter_mut()) {
                let a = f32::from_le_bytes([pair[0], pair[1], pair[2], pair[3]]);
                let b = f32::from_le_bytes([pair[4], pair[5], pair[6], pair[7]]);
                *fx = if a.is_finite() { a } else { 0.0 };
                *fy = if b.is_finite() { b } else { 0.0 };
            }
        }
        readback.unmap();
        Ok(())
    }

    /// Fills the upload buffers: cells, bodies in sorted order, nodes in node order
    /// (in parallel: at 175,000 nodes this is several megabytes an iteration).
    fn pack(&mut self, g: &LayoutGraph, tree: &QuadTree, x: &[f32], y: &[f32]) {
        self.cell_f.clear();
        self.cell_f
            .par_extend(tree.cells.par_iter().map(|c| [c.cx, c.cy, c.mass, c.size]));
        self.cell_u.clear();
        self.cell_u.par_extend(
            tree.cells
                .par_iter()
                .map(|c| [c.skip, c.first, c.count, u32::from(c.leaf)]),
        );
        self.bodies.clear();
        self.bodies
            .par_extend((0..tree.order.len()).into_par_iter().map(|k| {
                [
                    tree.sx[k],
                    tree.sy[k],
                    tree.smass[k],
                    f32::from_bits(tree.order[k]),
                ]
            }));
        self.nodes.clear();
        self.nodes.par_extend(
            x.par_iter()
                .zip(y)
                .zip(&g.size)
                .map(|((&a, &b), &s)| [a, b, s, 0.0]),
        );
    }

    fn buffer(&self, slot: Slot) -> Result<wgpu::Buffer, String> {
        self.storage[slot as usize]
            .clone()
            .ok_or_else(|| "a GPU layout buffer is missing".to_owned())
    }

    /// Makes sure the buffer of `slot` holds `bytes` (a bigger one replaces it, with
    /// room to grow; the bind group is then made again).
    fn reserve(&mut self, slot: Slot, bytes: u64) -> Result<(), String> {
        let bytes = bytes.max(16).next_multiple_of(16);
        if self.storage[slot as usize]
            .as_ref()
            .is_some_and(|b| b.size() >= bytes)
        {
            return Ok(());
        }
        let limits = self.device.limits();
        let cap = limits
            .max_storage_buffer_binding_size
            .min(limits.max_buffer_size);
        if bytes > cap {
            return Err(format!(
                "the graph needs {bytes} bytes in one GPU buffer; {} allows {cap}",
                self.info.name
            ));
        }
        let size = (bytes + bytes / 4).next_multiple_of(16).min(cap);
        let buffer = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("ioscope layout storage"),
            size,
            usage: wgpu::BufferUsages::STORAGE
                | wgpu::BufferUsages::COPY_DST
                | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        });
        self.storage[slot as usize] = Some(buffer);
        self.bind_group = None;
        Ok(())
    }

    /// Uploads `data` into the buffer of `slot`.
    fn write(&mut self, slot: Slot, data: &[u8]) -> Result<(), String> {
        self.reserve(slot, data.len() as u64)?;
        let buffer = self.buffer(slot)?;
        if !data.is_empty() {
            self.queue.write_buffer(&buffer, 0, data);
        }
        Ok(())
    }

    fn bind_group(&mut self) -> Result<wgpu::BindGroup, String> {
        if let Some(b) = &self.bind_group {
            return Ok(b.clone());
        }
        let buffers: Vec<wgpu::Buffer> = (0..SLOTS)
            .map(|s| {
                self.storage[s]
                    .clone()
                    .ok_or_else(|| "a GPU layout buffer is missing".to_owned())
            })
            .collect::<Result<_, _>>()?;
        let mut entries = vec![wgpu::BindGroupEntry {
            binding: 0,
            resource: self.uniforms.as_entire_binding(),
        }];
        entries.extend(
            buffers
                .iter()
                .enumerate()
                .map(|(s, b)| wgpu::BindGroupEntry {
                    binding: s as u32 + 1,
                    resource: b.as_entire_binding(),
                }),
        );
        let group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("ioscope layout forces"),
            layout: &self.layout,
            entries: &entries,
        });
        self.bind_group = Some(group.clone());
        Ok(group)
    }
}

/// Binding 0 the uniforms; 1 to 6 the storage buffers (the last one written).
fn bind_group_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    let entry = |binding: u32, ty: wgpu::BufferBindingType| wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::COMPUTE,
        ty: wgpu::BindingType::Buffer {
            ty,
            has_dynamic_offset: false,
            min_binding_size: None,
        },
        count: None,
    };
    let mut entries = vec![entry(0, wgpu::BufferBindingType::Uniform)];
    for s in 0..SLOTS as u32 {
        let read_only = s != Slot::Forces as u32;
        entries.push(entry(s + 1, wgpu::BufferBindingType::Storage { read_only }));
    }
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("ioscope layout forces"),
        entries: &entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dispatch_grid_covers_every_body_within_the_per_dimension_limit() {
        for (n, max) in [(1, 65_535), (64, 65_535), (65, 65_535), (175_000, 65_535)] {
            let (x, y, row) = dispatch_grid(n, max);
            assert_eq!((y, row), (1, x * WORKGROUP));
            assert!(x * WORKGROUP >= n && (x - 1) * WORKGROUP < n);
        }
        // More workgroups than one dimension takes: rows of `max` workgroups.
        let (x, y, row) = dispatch_grid(10_000, 16);
        assert_eq!((x, row), (16, 16 * WORKGROUP));
        assert!(x * y * WORKGROUP >= 10_000 && x * (y - 1) * WORKGROUP < 10_000);
    }
}
