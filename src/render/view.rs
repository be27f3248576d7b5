//! The network on screen: the drawn [`Network`] and its style, the layout runner and
//! its latest positions, the camera, the selection, the hovered node, the spatial index
//! for hit testing and the level-of-detail state. The app owns one per dataset; the
//! canvas widget reads it and moves its camera, everything else changes through
//! commands the app applies.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use egui::Rect;

use super::camera::{Bounds, Camera};
use super::gpu::{GpuScene, NODE_SELECTED, NodeInstance, next_version};
use super::hit::HitIndex;
use super::palette::Palette;
use super::scene::{LegendEntry, Marks, Network, Style};
use crate::layout::runner::{GraphBuilder, LayoutCommand, LayoutRunner, RunState, Snapshot};
use crate::layout::{LayoutGraph, Params};
use crate::model::Dataset;

/// Seed of the first layout of every dataset (so that a dataset always opens the same).
pub const LAYOUT_SEED: u64 = 42;

/// While interacting, the canvas starts by drawing about this many edges and then
/// adapts to the frame time.
const START_LOD_EDGES: f32 = 200_000.0;

/// Below this share of the network's area in view, only nodes near the viewport are
/// handed to the GPU (so frame time does not grow with off-screen nodes).
const CULL_BELOW_VISIBLE_SHARE: f32 = 0.25;
/// Networks smaller than this are always drawn whole.
const CULL_MIN_NODES: usize = 20_000;

/// What a culled node list was computed for.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CullKey {
    positions: u64,
    nodes: u64,
    min: [f32; 2],
    max: [f32; 2],
}

/// What a drag on the canvas is doing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CanvasDrag {
    Pan,
    /// Moving (and pinning) a node.
    Node(u32),
    /// A selection box from `start` (screen points); `add` keeps the selection.
    Box {
        start: egui::Pos2,
        add: bool,
    },
}

/// What the canvas does with the accounts a filter leaves out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FilterMode {
    /// Grey them out; the layout keeps the whole network.
    #[default]
    Dim,
    /// Leave them out and lay out only what is shown.
    Hide,
}

/// The layout as last published.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutStatus {
    pub iteration: u64,
    pub iterations_per_second: f64,
    pub state: RunState,
}

pub struct GraphView {
    pub dataset: Arc<Dataset>,
    pub network: Arc<Network>,
    pub style: Style,
    pub palette: Palette,
    pub legend: Vec<LegendEntry>,
    /// Largest base node radius, in points.
    pub max_radius: f32,
    /// Base radius of node i, in points.
    pub radius: Vec<f32>,
    /// Total area of the nodes at their base radii (points²).
    pub node_area: f32,
    pub scene: GpuScene,
    /// Latest positions (node i at `x[i]`, `y[i]`).
    pub x: Arc<Vec<f32>>,
    pub y: Arc<Vec<f32>>,
    pub bounds: Option<Bounds>,
    /// Bounds of all but the farthest 0.5% of nodes on each side: what "fit" shows.
    pub fit_bounds: Option<Bounds>,
    /// Mean world length of (a sample of) the edges, for density-aware edge opacity.
    pub mean_edge_length: f32,
    pub layout: Option<LayoutStatus>,
    runner: Option<LayoutRunner>,
    pub camera: Camera,
    /// Follow the layout with the camera until the user moves it.
    pub auto_fit: bool,
    /// Canvas rectangle of the last frame (points).
    pub viewport: Rect,
    pub selected: Vec<bool>,
    /// Nodes a filter leaves out (empty: none) and edges it keeps (empty: all).
    pub filtered_out: Vec<bool>,
    pub edge_shown: Vec<bool>,
    pub filter_mode: FilterMode,
    /// Layout node → view node, per runner generation (the runner lays out the shown
    /// subgraph when filtered nodes are hidden).
    layout_keys: Vec<(u64, Arc<Vec<u32>>)>,
    layout_generation: u64,
    /// Selected nodes in the order they were selected.
    pub selection: Vec<u32>,
    pub pinned: Vec<bool>,
    pub hovered: Option<u32>,
    pub drag: Option<CanvasDrag>,
    hit: Option<((u64, u64), Arc<HitIndex>)>,
    all_hit: Option<(u64, Arc<HitIndex>)>,
    /// Position of each node's instance in `scene.nodes`.
    instance_of: Vec<u32>,
    /// Node instances near the viewport when zoomed in, and what they were cut for.
    culled: Option<(CullKey, Arc<Vec<NodeInstance>>, u64)>,
    /// Share of edges and nodes drawn while interacting (adapted to the frame time).
    pub lod_fraction: f32,
    /// Set by the renderer while the cached edge layer is still being refined.
    pub layer_pending: Arc<AtomicBool>,
    /// Edges added to the layer per frame (adapted to the frame time).
    pub layer_chunk: u32,
    /// Time (egui seconds) until which the view counts as being interacted with.
    pub interacting_until: f64,
}

impl GraphView {
    /// Builds the view of a dataset and starts laying it out (when `run_layout`).
    /// `repaint` is called from the layout thread after each snapshot.
    pub fn new(
        dataset: Arc<Dataset>,
        network: Arc<Network>,
        palette: Palette,
        run_layout: bool,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let n = network.node_count();
        let (x, y) = crate::layout::fa2::random_positions(n, LAYOUT_SEED, 1000.0);
        let for_layout = Arc::clone(&network);
        let runner = LayoutRunner::spawn_building(
            move || for_layout.layout_graph(),
            (0..n as u32).collect(),
            Self::params_for(n),
            LAYOUT_SEED,
            repaint,
        )
        .ok();
        if let Some(r) = &runner
            && run_layout
        {
            r.send(LayoutCommand::Start { keep_going: false });
        }
        let mut view = Self::with_positions(dataset, network, palette, x, y);
        view.runner = runner;
        view
    }

    /// A view with fixed positions and no layout thread (tests, benchmarks, exports).
    pub fn with_positions(
        dataset: Arc<Dataset>,
        network: Arc<Network>,
        palette: Palette,
        x: Vec<f32>,
        y: Vec<f32>,
    ) -> Self {
        let n = network.node_count();
        let mut view = Self {
            dataset,
            network,
            style: Style::default(),
            palette,
            legend: Vec::new(),
            max_radius: 12.0,
            radius: Vec::new(),
            node_area: 0.0,
            scene: GpuScene::default(),
            x: Arc::new(Vec::new()),
            y: Arc::new(Vec::new()),
            bounds: None,
            fit_bounds: None,
            mean_edge_length: 1.0,
            layout: None,
            runner: None,
            camera: Camera::default(),
            auto_fit: true,
            viewport: Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            selected: vec![false; n],
            filtered_out: Vec::new(),
            edge_shown: Vec::new(),
            filter_mode: FilterMode::Dim,
            layout_keys: Vec::new(),
            layout_generation: 0,
            selection: Vec::new(),
            pinned: vec![false; n],
            hovered: None,
            drag: None,
            hit: None,
            culled: None,
            all_hit: None,
            instance_of: Vec::new(),
            lod_fraction: 1.0,
            layer_pending: Arc::new(AtomicBool::new(false)),
            layer_chunk: 100_000,
            interacting_until: 0.0,
        };
        view.set_positions(x, y);
        view.restyle();
        view.lod_fraction = (START_LOD_EDGES / view.scene.edges.len().max(1) as f32).min(1.0);
        view
    }

    /// ForceAtlas2 settings for a network of `n` nodes: a coarser Barnes-Hut on big ones.
    pub fn params_for(n: usize) -> Params {
        Params {
            theta: if n > 50_000 { 1.2 } else { 0.8 },
            scaling_ratio: 2.0,
            lin_log: true,
            ..Params::default()
        }
    }

    pub fn node_count(&self) -> usize {
        self.network.node_count()
    }

    /// Takes the runner's newest snapshot, if any. Returns whether positions changed.
    pub fn poll_layout(&mut self) -> bool {
        let Some(snapshot) = self.runner.as_ref().and_then(LayoutRunner::take_snapshot) else {
            return false;
        };
        self.apply_snapshot(&snapshot);
        true
    }

    fn apply_snapshot(&mut self, s: &Snapshot) {
        self.layout = Some(LayoutStatus {
            iteration: s.iteration,
            iterations_per_second: s.iterations_per_second,
            state: s.state,
        });
        let keys = self
            .layout_keys
            .iter()
            .find(|(g, _)| *g == s.generation)
            .map(|(_, k)| Arc::clone(k));
        match keys {
            Some(keys) if keys.len() == s.x.len() => {
                // A subgraph: its nodes move, the others keep their places.
                let mut x = (*self.x).clone();
                let mut y = (*self.y).clone();
                for (i, &node) in keys.iter().enumerate() {
                    if let (Some(px), Some(py)) =
                        (x.get_mut(node as usize), y.get_mut(node as usize))
                    {
                        *px = s.x[i];
                        *py = s.y[i];
                    }
                }
                self.set_positions(x, y);
            }
            _ if s.x.len() == self.node_count() => self.set_positions(s.x.clone(), s.y.clone()),
            _ => {}
        }
    }

    /// Replaces every position (node i at `x[i]`, `y[i]`).
    pub fn set_positions(&mut self, x: Vec<f32>, y: Vec<f32>) {
        let n = self.node_count().min(x.len()).min(y.len());
        let interleaved: Vec<[f32; 2]> = (0..n).map(|i| [x[i], y[i]]).collect();
        self.bounds = Bounds::of(&x[..n], &y[..n]);
        self.fit_bounds = Bounds::robust(&x[..n], &y[..n], 0.005);
        // A sample of edges is enough for a mean length.
        let edges = &self.network.edges;
        let step = (edges.len() / 20_000).max(1);
        let (mut sum, mut count) = (0.0f64, 0u32);
        for e in edges.iter().step_by(step) {
            if let (Some(a), Some(b)) = (
                interleaved.get(e.src as usize),
                interleaved.get(e.dst as usize),
            ) {
                let d = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
                if d.is_finite() {
                    sum += f64::from(d);
                    count += 1;
                }
            }
        }
        if count > 0 {
            self.mean_edge_length = (sum / f64::from(count)) as f32;
        }
        self.x = Arc::new(x);
        self.y = Arc::new(y);
        self.scene.positions = Arc::new(interleaved);
        self.scene.positions_version = next_version();
    }

    /// Recomputes colours, sizes, edges and legend from the style and palette.
    pub fn restyle(&mut self) {
        let styled = self.network.style(
            &self.dataset,
            self.style,
            self.palette,
            &Marks {
                selected: &self.selected,
                filtered_out: &self.filtered_out,
                hide: self.filter_mode == FilterMode::Hide,
                edge_shown: &self.edge_shown,
            },
        );
        self.legend = styled.legend;
        self.max_radius = styled.max_radius;
        self.node_area = styled
            .radius
            .iter()
            .map(|r| std::f32::consts::PI * r * r)
            .sum();
        self.radius = styled.radius;
        let mut instance_of = vec![u32::MAX; self.node_count()];
        for (slot, inst) in styled.nodes.iter().enumerate() {
            if let Some(i) = instance_of.get_mut(inst.node as usize) {
                *i = slot as u32;
            }
        }
        self.instance_of = instance_of;
        self.scene.nodes = Arc::new(styled.nodes);
        self.scene.nodes_version = next_version();
        self.scene.edges = Arc::new(styled.edges);
        self.scene.edges_version = next_version();
    }

    pub fn set_style(&mut self, style: Style) {
        if style != self.style {
            self.style = style;
            self.restyle();
        }
    }

    pub fn set_palette(&mut self, palette: Palette) {
        if palette != self.palette {
            self.palette = palette;
            self.restyle();
        }
    }

    /// Selects `nodes` (replacing the selection unless `add`).
    pub fn select(&mut self, nodes: &[u32], add: bool) {
        if !add {
            for &i in &self.selection {
                self.selected[i as usize] = false;
            }
            self.selection.clear();
        }
        for &i in nodes {
            if let Some(s) = self.selected.get_mut(i as usize)
                && !*s
            {
                *s = true;
                self.selection.push(i);
            }
        }
        self.update_selection_flags();
    }

    /// Adds a node to the selection or removes it.
    pub fn toggle(&mut self, node: u32) {
        let Some(s) = self.selected.get_mut(node as usize) else {
            return;
        };
        *s = !*s;
        if *s {
            self.selection.push(node);
        } else {
            self.selection.retain(|&i| i != node);
        }
        self.update_selection_flags();
    }

    fn update_selection_flags(&mut self) {
        let mut nodes = (*self.scene.nodes).clone();
        for node in &mut nodes {
            if self
                .selected
                .get(node.node as usize)
                .copied()
                .unwrap_or(false)
            {
                node.flags |= NODE_SELECTED;
            } else {
                node.flags &= !NODE_SELECTED;
            }
        }
        self.scene.nodes = Arc::new(nodes);
        self.scene.nodes_version = next_version();
    }

    /// The spatial index of the current positions (rebuilt when they changed).
    pub fn hit_index(&mut self) -> Arc<HitIndex> {
        if self.filter_mode != FilterMode::Hide || self.filtered_out.is_empty() {
            return self.hit_index_all();
        }
        // Hidden nodes cannot be hovered, clicked or boxed: a grid without them.
        let key = (self.scene.positions_version, self.scene.nodes_version);
        if let Some((k, index)) = &self.hit
            && *k == key
        {
            return Arc::clone(index);
        }
        let hide = |v: &[f32]| -> Vec<f32> {
            v.iter()
                .enumerate()
                .map(|(i, &p)| if self.hides(i) { f32::NAN } else { p })
                .collect()
        };
        let index = Arc::new(HitIndex::build(&hide(&self.x), &hide(&self.y)));
        self.hit = Some((key, Arc::clone(&index)));
        index
    }

    /// The node instances to draw for `camera`: all of them, or, when zoomed in on a
    /// big network, only those within reach of the viewport (in drawing order), with a
    /// version of their own. The cut is recomputed only when the view or the nodes
    /// change; it costs O(nodes in view) through the hit grid, plus their upload.
    pub fn nodes_for_view(
        &mut self,
        camera: &Camera,
        viewport: Rect,
        node_scale: f32,
    ) -> (Arc<Vec<NodeInstance>>, u64) {
        let all = (Arc::clone(&self.scene.nodes), self.scene.nodes_version);
        let Some(bounds) = self.fit_bounds else {
            return all;
        };
        let view = camera.visible_world(viewport);
        let [vw, vh] = view.size();
        let [bw, bh] = bounds.size();
        let share = (vw * vh) / (bw.max(1e-6) * bh.max(1e-6));
        if self.node_count() < CULL_MIN_NODES || share.is_nan() || share >= CULL_BELOW_VISIBLE_SHARE
        {
            return all;
        }
        // Reach: the largest disc and its ring, in world units.
        let reach = (self.max_radius * node_scale + 4.0) / camera.scale.max(1e-9);
        let key = CullKey {
            positions: self.scene.positions_version,
            nodes: self.scene.nodes_version,
            min: [view.min[0] - reach, view.min[1] - reach],
            max: [view.max[0] + reach, view.max[1] + reach],
        };
        if let Some((k, nodes, version)) = &self.culled
            && *k == key
        {
            return (Arc::clone(nodes), *version);
        }
        let index = self.hit_index_all();
        let near = index.in_rect(Bounds {
            min: key.min,
            max: key.max,
        });
        let mut slots: Vec<u32> = near
            .iter()
            .filter_map(|&n| self.instance_of.get(n as usize).copied())
            .collect();
        slots.sort_unstable();
        let nodes: Vec<NodeInstance> = slots
            .iter()
            .filter_map(|&s| self.scene.nodes.get(s as usize).copied())
            .collect();
        let nodes = Arc::new(nodes);
        let version = next_version();
        self.culled = Some((key, Arc::clone(&nodes), version));
        (nodes, version)
    }

    /// The grid of every node's position (hidden ones included).
    fn hit_index_all(&mut self) -> Arc<HitIndex> {
        match &self.all_hit {
            Some((v, index)) if *v == self.scene.positions_version => Arc::clone(index),
            _ => {
                let index = Arc::new(HitIndex::build(&self.x, &self.y));
                self.all_hit = Some((self.scene.positions_version, Arc::clone(&index)));
                index
            }
        }
    }

    /// Whether node i is filtered out and not drawn.
    pub fn hides(&self, i: usize) -> bool {
        self.filter_mode == FilterMode::Hide && self.filtered_out.get(i).copied().unwrap_or(false)
    }

    /// Puts a node somewhere and pins it (a drag). Shown at once, and sent to the layout.
    pub fn move_node(&mut self, node: u32, at: [f32; 2]) {
        let i = node as usize;
        if i >= self.node_count() || !(at[0].is_finite() && at[1].is_finite()) {
            return;
        }
        let mut x = (*self.x).clone();
        let mut y = (*self.y).clone();
        if i < x.len() && i < y.len() {
            x[i] = at[0];
            y[i] = at[1];
            self.set_positions(x, y);
        }
        self.pinned[i] = true;
        // The runner may lay out a subgraph: its own index for this node.
        let local = match self.layout_keys.last() {
            Some((_, keys)) => keys.iter().position(|&k| k == node).map(|p| p as u32),
            None => Some(node),
        };
        if let (Some(r), Some(local)) = (&self.runner, local) {
            r.send(LayoutCommand::Move {
                node: local,
                x: at[0],
                y: at[1],
            });
        }
    }

    /// Sends a command to the layout runner (nothing happens without one).
    pub fn layout_command(&self, command: LayoutCommand) {
        if let Some(r) = &self.runner {
            r.send(command);
        }
    }

    pub fn has_layout(&self) -> bool {
        self.runner.is_some()
    }

    /// Shows a filter: `node_shown` per node (empty: all) and `edge_shown` per network
    /// edge (empty: all). In [`FilterMode::Hide`] the layout runs on the shown
    /// subgraph only; in [`FilterMode::Dim`] on the whole network.
    pub fn set_filter(&mut self, node_shown: &[bool], edge_shown: Vec<bool>, mode: FilterMode) {
        let n = self.node_count();
        self.filtered_out = if node_shown.is_empty() {
            Vec::new()
        } else {
            (0..n)
                .map(|i| !node_shown.get(i).copied().unwrap_or(true))
                .collect()
        };
        self.edge_shown = edge_shown;
        let relayout = mode == FilterMode::Hide || self.filter_mode == FilterMode::Hide;
        self.filter_mode = mode;
        self.restyle();
        if relayout && self.runner.is_some() {
            let keep: Vec<u32> = (0..n as u32)
                .filter(|&i| {
                    mode == FilterMode::Dim
                        || !self.filtered_out.get(i as usize).copied().unwrap_or(false)
                })
                .collect();
            // The subgraph's adjacency is built on the layout thread.
            let network = Arc::clone(&self.network);
            let edge_shown = (mode == FilterMode::Hide).then(|| self.edge_shown.clone());
            let kept = keep.clone();
            let build = move || {
                let mut local = vec![u32::MAX; network.node_count()];
                for (k, &node) in kept.iter().enumerate() {
                    local[node as usize] = k as u32;
                }
                let shown = |k: usize| {
                    edge_shown
                        .as_ref()
                        .is_none_or(|s| s.get(k).copied().unwrap_or(true))
                };
                let edges: Vec<(u32, u32, f32)> = network
                    .edges
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| shown(*k))
                    .filter_map(|(_, e)| {
                        let (a, b) = (local[e.src as usize], local[e.dst as usize]);
                        (a != u32::MAX && b != u32::MAX).then_some((a, b, e.weight as f32))
                    })
                    .collect();
                LayoutGraph::from_edges(kept.len(), &edges)
            };
            self.layout_generation += 1;
            self.layout_keys
                .retain(|(g, _)| *g + 4 > self.layout_generation);
            self.layout_keys
                .push((self.layout_generation, Arc::new(keep.clone())));
            self.layout_command(LayoutCommand::ReplaceGraphWith {
                build: GraphBuilder(Box::new(build)),
                keys: keep,
                seed: LAYOUT_SEED,
            });
            self.layout_command(LayoutCommand::Start { keep_going: false });
        }
    }

    /// Factor on every node's base radius for `camera`: at the "fit" zoom, nodes cover
    /// at most about a quarter of the canvas (big networks get smaller discs); zooming
    /// in grows them with the square root of the zoom, so structure opens up.
    pub fn node_scale_at(&self, camera: &Camera, viewport: Rect) -> f32 {
        let Some(bounds) = self.fit_bounds else {
            return 1.0;
        };
        let fit = Camera::fit(bounds, viewport, 24.0).scale;
        let density = (0.25 * viewport.area() / self.node_area.max(1.0))
            .sqrt()
            .clamp(0.25, 1.0);
        let zoom = if fit > 0.0 {
            (camera.scale / fit).sqrt().clamp(0.6, 4.0)
        } else {
            1.0
        };
        density * zoom
    }

    /// The camera that shows the network (all but its farthest outliers).
    pub fn fit_all(&mut self) {
        if let Some(b) = self.fit_bounds {
            self.camera = Camera::fit(b, self.viewport, 24.0);
        }
        self.auto_fit = false;
    }

    /// The camera that shows the selection (every node when nothing is selected).
    pub fn zoom_to_selection(&mut self) {
        if self.selection.is_empty() {
            self.fit_all();
            return;
        }
        if let Some(b) = Bounds::of_indices(&self.x, &self.y, self.selection.iter().copied()) {
            let mut cam = Camera::fit(b, self.viewport, 80.0);
            // A single account: close enough to read its neighbourhood.
            if let Some(all) = self.fit_bounds {
                let whole = Camera::fit(all, self.viewport, 24.0);
                cam.scale = cam.scale.min(whole.scale * 40.0);
            }
            self.camera = cam;
        }
        self.auto_fit = false;
    }
}
