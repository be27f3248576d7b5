//! The network on screen, one per dataset: the drawn network and its style, the latest
//! positions and their bounds, the camera and viewport, the selection
//! ([`selection`]), the filter's marks, the cached spatial queries and culling
//! ([`spatial`]), and the handle on the layout thread. The app changes it through the
//! commands it applies; the canvas only reads it (its own interaction state lives with
//! the widget).

pub mod selection;
pub mod spatial;

use std::sync::Arc;

use egui::Rect;

use super::camera::{Bounds, Camera};
use super::edge_layer::EdgeLayer;
use super::gpu::{EdgeInstance, GpuScene, NodeInstance, next_version};
use super::hit::HitIndex;
use super::palette::Palette;
use super::style::{LegendEntry, Marks, Style, Styled, style};
use crate::filter::FilterMode;
use crate::graph::Network;
use crate::layout::runner::LayoutCommand;
use crate::layout::{LayoutHandle, LayoutRequest};
use crate::model::Dataset;
use selection::Selection;
use spatial::{CULL_RING_POINTS, Indexed, Spatial};

/// Margin around the network when fitting it (points).
pub const FIT_MARGIN: f32 = 24.0;
/// Margin around the selection when zooming to it (points).
pub const SELECTION_MARGIN: f32 = 80.0;
/// Zooming to a selection goes at most this many times closer than "fit".
pub const MAX_SELECTION_ZOOM: f32 = 40.0;
/// "Fit" leaves out this share of the farthest nodes on each side.
pub const FIT_OUTLIER_SHARE: f32 = 0.005;
/// Edges sampled for the mean edge length.
const EDGE_LENGTH_SAMPLES: usize = 20_000;
/// At the "fit" zoom, nodes cover at most about this share of the canvas.
const NODE_COVER_SHARE: f32 = 0.25;
/// Bounds on the density factor and on the zoom factor of node radii.
const NODE_DENSITY_RANGE: (f32, f32) = (0.25, 1.0);
const NODE_ZOOM_RANGE: (f32, f32) = (0.6, 4.0);
/// The viewport before the first frame sets it (points).
const DEFAULT_VIEWPORT: [f32; 2] = [800.0, 600.0];

/// Text on the canvas besides the labels: a title and a caption (a saved view's, or
/// the analyst's own), and how large the canvas's text is drawn (larger when
/// presenting). Pictures show it exactly as the canvas does.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub title: String,
    pub caption: String,
    /// Multiplies the size of labels, legend, title and caption.
    pub text_scale: f32,
}

impl Default for Annotation {
    fn default() -> Self {
        Self {
            title: String::new(),
            caption: String::new(),
            text_scale: 1.0,
        }
    }
}

/// What a view shows, apart from the view (its layout thread and caches): enough to
/// build a still copy of it on another thread (a picture export).
#[derive(Clone)]
pub struct ViewParts {
    pub dataset: Arc<Dataset>,
    pub network: Arc<Network>,
    pub palette: Palette,
    pub style: Style,
    pub x: Arc<Vec<f32>>,
    pub y: Arc<Vec<f32>>,
    pub pinned: Vec<bool>,
    pub filtered_out: Vec<bool>,
    pub edge_shown: Vec<bool>,
    pub filter_mode: FilterMode,
    pub selection: Vec<u32>,
    pub camera: Camera,
    pub auto_fit: bool,
    pub viewport: Rect,
    pub annotation: Annotation,
    pub community: Arc<Vec<u32>>,
    pub centrality: Arc<Vec<f64>>,
    /// The node and edge instances as drawn now (mid-fade, they differ from the style).
    pub nodes: Arc<Vec<NodeInstance>>,
    pub edges: Arc<Vec<EdgeInstance>>,
}

impl ViewParts {
    /// A still view (no layout thread) showing exactly these parts.
    pub fn into_view(self) -> GraphView {
        let mut view = GraphView::with_positions(
            self.dataset,
            self.network,
            self.palette,
            self.x.as_ref().clone(),
            self.y.as_ref().clone(),
        );
        view.style = self.style;
        view.pinned = self.pinned;
        view.filtered_out = self.filtered_out;
        view.edge_shown = self.edge_shown;
        view.filter_mode = self.filter_mode;
        view.selection.select(&self.selection, false);
        view.viewport = self.viewport;
        view.camera = self.camera;
        view.auto_fit = self.auto_fit;
        view.annotation = self.annotation;
        view.community = self.community;
        view.centrality = self.centrality;
        view.restyle();
        view.show_instances(self.nodes, self.edges);
        view
    }
}

pub struct GraphView {
    /// Identity of this view (new for each dataset), for state kept beside it.
    pub id: u64,
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
    /// Bounds of all but the farthest nodes on each side: what "fit" shows.
    pub fit_bounds: Option<Bounds>,
    /// Mean world length of (a sample of) the edges, for density-aware edge opacity.
    pub mean_edge_length: f32,
    pub layout: LayoutHandle,
    pub camera: Camera,
    /// Follow the layout with the camera until the user moves it.
    pub auto_fit: bool,
    /// Canvas rectangle of the last frame (points).
    pub viewport: Rect,
    pub selection: Selection,
    /// Nodes a filter leaves out (empty: none) and edges it keeps (empty: all).
    pub filtered_out: Vec<bool>,
    pub edge_shown: Vec<bool>,
    pub filter_mode: FilterMode,
    pub pinned: Vec<bool>,
    pub annotation: Annotation,
    /// Each node's community and PageRank (empty until computed).
    pub community: Arc<Vec<u32>>,
    pub centrality: Arc<Vec<f64>>,
    /// A coordination network drawn over the interactions, or instead of them.
    pub layer: Option<EdgeLayer>,
    spatial: Spatial,
    /// Position of each node's instance in `scene.nodes`.
    instance_of: Vec<u32>,
}

/// The positions a network file gave, on the canvas (files hold y up, as Gephi does;
/// the canvas draws y down); nodes the file placed nowhere start where the layout's
/// seeded start puts them. `None` when the file gave none.
pub fn file_positions(dataset: &Dataset, n: usize) -> Option<(Vec<f32>, Vec<f32>)> {
    let given = dataset.graph_file.as_ref()?.positions.as_ref()?;
    if !given.iter().any(Option::is_some) {
        return None;
    }
    let (mut x, mut y) = LayoutHandle::start_positions(n);
    for (i, p) in given.iter().enumerate().take(n) {
        if let Some([px, py]) = p {
            x[i] = *px;
            y[i] = -*py;
        }
    }
    Some((x, y))
}

impl GraphView {
    /// Builds the view of a dataset and starts laying it out (when `run_layout`). A
    /// network file's own positions are kept: its layout then waits until asked.
    /// `repaint` is called from the layout thread after each snapshot.
    pub fn new(
        dataset: Arc<Dataset>,
        network: Arc<Network>,
        palette: Palette,
        run_layout: bool,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        if let Some((x, y)) = file_positions(&dataset, network.node_count()) {
            let pinned = vec![false; x.len()];
            return Self::new_at(dataset, network, palette, (x, y, pinned), repaint);
        }
        let (x, y) = LayoutHandle::start_positions(network.node_count());
        let layout = LayoutHandle::spawn(Arc::clone(&network), run_layout, repaint);
        let mut view = Self::with_positions(dataset, network, palette, x, y);
        view.layout = layout;
        view
    }

    /// The view of a dataset at saved positions and pins (a reopened session), its
    /// layout paused until asked to run. Positions of another length are not used: the
    /// view then starts afresh.
    pub fn new_at(
        dataset: Arc<Dataset>,
        network: Arc<Network>,
        palette: Palette,
        positions: (Vec<f32>, Vec<f32>, Vec<bool>),
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let n = network.node_count();
        let (x, y, pinned) = positions;
        if x.len() != n || y.len() != n || pinned.len() != n {
            return Self::new(dataset, network, palette, false, repaint);
        }
        let layout = LayoutHandle::spawn_at(
            Arc::clone(&network),
            x.clone(),
            y.clone(),
            pinned.clone(),
            repaint,
        );
        let mut view = Self::with_positions(dataset, network, palette, x, y);
        view.layout = layout;
        view.pinned = pinned;
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
            id: next_version(),
            dataset,
            layout: LayoutHandle::none(Arc::clone(&network)),
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
            camera: Camera::default(),
            auto_fit: true,
            viewport: Rect::from_min_size(egui::Pos2::ZERO, DEFAULT_VIEWPORT.into()),
            selection: Selection::new(n),
            filtered_out: Vec::new(),
            edge_shown: Vec::new(),
            filter_mode: FilterMode::Dim,
            pinned: vec![false; n],
            annotation: Annotation::default(),
            community: Arc::default(),
            centrality: Arc::default(),
            layer: None,
            spatial: Spatial::default(),
            instance_of: Vec::new(),
        };
        view.set_positions(x, y);
        view.restyle();
        view
    }

    pub fn node_count(&self) -> usize {
        self.network.node_count()
    }

    /// What this view shows, to build a still copy elsewhere ([`ViewParts::into_view`]).
    pub fn parts(&self) -> ViewParts {
        ViewParts {
            dataset: Arc::clone(&self.dataset),
            network: Arc::clone(&self.network),
            palette: self.palette,
            style: self.style,
            x: Arc::clone(&self.x),
            y: Arc::clone(&self.y),
            pinned: self.pinned.clone(),
            filtered_out: self.filtered_out.clone(),
            edge_shown: self.edge_shown.clone(),
            filter_mode: self.filter_mode,
            selection: self.selection.order.clone(),
            camera: self.camera,
            auto_fit: self.auto_fit,
            viewport: self.viewport,
            annotation: self.annotation.clone(),
            community: Arc::clone(&self.community),
            centrality: Arc::clone(&self.centrality),
            nodes: Arc::clone(&self.scene.nodes),
            edges: Arc::clone(&self.scene.edges),
        }
    }

    /// Takes the layout's newest snapshot, if any. Returns whether positions changed.
    pub fn poll_layout(&mut self) -> bool {
        match self.layout.poll(&self.x, &self.y) {
            Some((x, y)) => {
                self.set_positions(x, y);
                true
            }
            None => false,
        }
    }

    /// Replaces every position (node i at `x[i]`, `y[i]`).
    pub fn set_positions(&mut self, x: Vec<f32>, y: Vec<f32>) {
        let n = self.node_count().min(x.len()).min(y.len());
        let interleaved: Vec<[f32; 2]> = (0..n).map(|i| [x[i], y[i]]).collect();
        // Hidden nodes keep old places: the bounds are those of the nodes shown.
        let hiding = self.filter_mode == FilterMode::Hide && !self.filtered_out.is_empty();
        let (sx, sy): (Vec<f32>, Vec<f32>) = if hiding {
            (0..n)
                .filter(|&i| !self.hides(i))
                .map(|i| (x[i], y[i]))
                .unzip()
        } else {
            (x[..n].to_vec(), y[..n].to_vec())
        };
        self.bounds = Bounds::of(&sx, &sy);
        self.fit_bounds = Bounds::robust(&sx, &sy, FIT_OUTLIER_SHARE);
        if let Some(mean) = mean_edge_length(&self.network, &interleaved) {
            self.mean_edge_length = mean;
        }
        self.x = Arc::new(x);
        self.y = Arc::new(y);
        self.scene.positions = Arc::new(interleaved);
        self.scene.positions_version = next_version();
        self.follow();
    }

    /// The marks the style is computed with.
    pub fn marks(&self) -> Marks<'_> {
        Marks {
            selected: &self.selection.flags,
            filtered_out: &self.filtered_out,
            hide: self.filter_mode == FilterMode::Hide,
            edge_shown: &self.edge_shown,
            community: &self.community,
            centrality: &self.centrality,
        }
    }

    /// The network's communities and PageRank, once computed: the style may use them.
    pub fn set_metrics(&mut self, community: Arc<Vec<u32>>, centrality: Arc<Vec<f64>>) {
        self.community = community;
        self.centrality = centrality;
        if self.style.color_by == super::style::ColorBy::Community
            || self.style.size_by == super::style::SizeBy::PageRank
        {
            self.restyle();
        }
    }

    /// Recomputes colours, sizes, edges and legend from the style and palette.
    pub fn restyle(&mut self) {
        let styled = style(
            &self.network,
            &self.dataset,
            self.style,
            self.palette,
            &self.marks(),
        );
        self.apply_styled(styled);
    }

    /// Draws these instances (a fade between two stylings, or its end) instead of the
    /// ones styled last; they must list the same nodes and edges as the style, as
    /// [`super::fade`] makes them. Instances of another length are not shown.
    pub fn show_instances(&mut self, nodes: Arc<Vec<NodeInstance>>, edges: Arc<Vec<EdgeInstance>>) {
        if nodes.len() == self.scene.nodes.len() && !Arc::ptr_eq(&nodes, &self.scene.nodes) {
            self.scene.nodes = nodes;
            self.scene.nodes_version = next_version();
        }
        if edges.len() == self.scene.edges.len() && !Arc::ptr_eq(&edges, &self.scene.edges) {
            self.scene.edges = edges;
            self.scene.edges_version = next_version();
        }
    }

    /// Shows a style computed elsewhere (for this view's style, palette and marks).
    pub fn apply_styled(&mut self, styled: Styled) {
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
        self.selection.select(nodes, add);
        self.update_selection_flags();
    }

    /// Adds a node to the selection or removes it.
    pub fn toggle(&mut self, node: u32) {
        if self.selection.toggle(node) {
            self.update_selection_flags();
        }
    }

    /// Sets the selection flag of every node instance from the selection.
    pub fn update_selection_flags(&mut self) {
        self.scene.nodes = Arc::new(self.selection.flag_instances(&self.scene.nodes));
        self.scene.nodes_version = next_version();
    }

    fn indexed(&self) -> Indexed<'_> {
        let hiding = self.filter_mode == FilterMode::Hide && !self.filtered_out.is_empty();
        Indexed {
            x: &self.x,
            y: &self.y,
            positions_version: self.scene.positions_version,
            nodes_version: self.scene.nodes_version,
            hidden: hiding.then_some(self.filtered_out.as_slice()),
        }
    }

    /// The spatial index of the nodes that can be hit (hidden ones cannot), cached.
    pub fn hit_index(&self) -> Arc<HitIndex> {
        self.spatial.hits(&self.indexed())
    }

    /// The node instances to draw for `camera` (see [`Spatial::nodes_for_view`]).
    pub fn nodes_for_view(
        &self,
        camera: &Camera,
        viewport: Rect,
        node_scale: f32,
    ) -> (Arc<Vec<NodeInstance>>, u64) {
        self.spatial.nodes_for_view(
            &self.indexed(),
            &self.scene.nodes,
            &self.instance_of,
            self.fit_bounds,
            self.max_radius * node_scale + CULL_RING_POINTS,
            camera,
            viewport,
        )
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
        if let Some(local) = self.layout.local_index(node) {
            self.layout.send(LayoutCommand::Move {
                node: local,
                x: at[0],
                y: at[1],
            });
        }
    }

    /// Sends a command to the layout runner (nothing happens without one).
    pub fn layout_command(&mut self, command: LayoutCommand) {
        self.layout.command(command);
    }

    pub fn has_layout(&self) -> bool {
        self.layout.is_running_thread()
    }

    /// Shows `layer` over the network or instead of it (`None`: none). The canvas's
    /// marks for a layer shown instead come with the next filter result; the layout
    /// follows then.
    pub fn set_layer(&mut self, layer: Option<EdgeLayer>) {
        self.layer = layer;
    }

    /// Shows a filter: `node_shown` per node (empty: all) and `edge_shown` per network
    /// edge (empty: all). In [`FilterMode::Hide`] the layout runs on the shown
    /// subgraph only; in [`FilterMode::Dim`] on the whole network.
    pub fn set_filter(&mut self, node_shown: &[bool], edge_shown: Vec<bool>, mode: FilterMode) {
        self.set_filter_marks(node_shown, edge_shown, mode);
        self.restyle();
        self.request_layout();
    }

    /// [`Self::set_filter`] with the style already computed for the new marks (off the
    /// UI thread); the selection flags are brought up to date.
    pub fn set_filter_styled(
        &mut self,
        node_shown: &[bool],
        edge_shown: Vec<bool>,
        mode: FilterMode,
        styled: Styled,
    ) {
        self.set_filter_marks(node_shown, edge_shown, mode);
        self.apply_styled(styled);
        self.update_selection_flags();
        self.request_layout();
    }

    fn set_filter_marks(&mut self, node_shown: &[bool], edge_shown: Vec<bool>, mode: FilterMode) {
        let n = self.node_count();
        self.filtered_out = if node_shown.is_empty() {
            Vec::new()
        } else {
            (0..n)
                .map(|i| !node_shown.get(i).copied().unwrap_or(true))
                .collect()
        };
        self.edge_shown = edge_shown;
        self.filter_mode = mode;
    }

    /// Asks the layout for what the filter shows (nothing happens when unchanged).
    fn request_layout(&mut self) {
        let instead = self.layer.as_ref().filter(|l| l.instead);
        let request = if let Some(layer) = instead {
            // The layer's network alone: its accounts the filter shows, its pairs.
            let keep: Vec<u32> = (0..self.node_count() as u32)
                .filter(|&i| {
                    layer.members.get(i as usize).copied().unwrap_or(false)
                        && !self.filtered_out.get(i as usize).copied().unwrap_or(false)
                })
                .collect();
            LayoutRequest {
                nodes: Some(Arc::new(keep)),
                edges: None,
                pairs: Some(Arc::clone(&layer.pairs)),
            }
        } else if self.filter_mode == FilterMode::Hide && !self.filtered_out.is_empty() {
            let keep: Vec<u32> = (0..self.node_count() as u32)
                .filter(|&i| !self.filtered_out[i as usize])
                .collect();
            LayoutRequest {
                nodes: Some(Arc::new(keep)),
                edges: (!self.edge_shown.is_empty()).then(|| Arc::new(self.edge_shown.clone())),
                pairs: None,
            }
        } else {
            LayoutRequest::whole()
        };
        self.layout.request(request);
    }

    /// Factor on every node's base radius for `camera`: at the "fit" zoom, nodes cover
    /// at most about a quarter of the canvas (big networks get smaller discs); zooming
    /// in grows them with the square root of the zoom, so structure opens up.
    pub fn node_scale_at(&self, camera: &Camera, viewport: Rect) -> f32 {
        let Some(bounds) = self.fit_bounds else {
            return 1.0;
        };
        let fit = Camera::fit(bounds, viewport, FIT_MARGIN).scale;
        let density = (NODE_COVER_SHARE * viewport.area() / self.node_area.max(1.0))
            .sqrt()
            .clamp(NODE_DENSITY_RANGE.0, NODE_DENSITY_RANGE.1);
        let zoom = if fit > 0.0 {
            (camera.scale / fit)
                .sqrt()
                .clamp(NODE_ZOOM_RANGE.0, NODE_ZOOM_RANGE.1)
        } else {
            1.0
        };
        density * zoom
    }

    /// Node radii factor for the view's own camera.
    pub fn node_scale(&self) -> f32 {
        self.node_scale_at(&self.camera, self.viewport)
    }

    /// The canvas moved the camera (the user took over from auto-fit).
    pub fn set_camera(&mut self, camera: Camera) {
        self.camera = camera;
        self.auto_fit = false;
    }

    /// The canvas's rectangle for this frame.
    pub fn set_viewport(&mut self, viewport: Rect) {
        self.viewport = viewport;
        self.follow();
    }

    /// Keeps the whole network in view while auto-fit is on.
    fn follow(&mut self) {
        if self.auto_fit
            && let Some(b) = self.fit_bounds
        {
            self.camera = Camera::fit(b, self.viewport, FIT_MARGIN);
        }
    }

    /// The camera that shows the network (all but its farthest outliers).
    pub fn fit_all(&mut self) {
        if let Some(b) = self.fit_bounds {
            self.camera = Camera::fit(b, self.viewport, FIT_MARGIN);
        }
        self.auto_fit = false;
    }

    /// The camera that shows the selection (every node when nothing is selected).
    pub fn zoom_to_selection(&mut self) {
        if self.selection.order.is_empty() {
            self.fit_all();
            return;
        }
        let picked = self.selection.order.iter().copied();
        if let Some(b) = Bounds::of_indices(&self.x, &self.y, picked) {
            let mut cam = Camera::fit(b, self.viewport, SELECTION_MARGIN);
            // A single account: close enough to read its neighbourhood.
            if let Some(all) = self.fit_bounds {
                let whole = Camera::fit(all, self.viewport, FIT_MARGIN);
                cam.scale = cam.scale.min(whole.scale * MAX_SELECTION_ZOOM);
            }
            self.camera = cam;
        }
        self.auto_fit = false;
    }
}

/// Mean length of a sample of the network's edges at `positions` (`None` when no
/// sampled edge has a finite length).
fn mean_edge_length(network: &Network, positions: &[[f32; 2]]) -> Option<f32> {
    let edges = &network.edges;
    let step = (edges.len() / EDGE_LENGTH_SAMPLES).max(1);
    let (mut sum, mut count) = (0.0f64, 0u32);
    for e in edges.iter().step_by(step) {
        if let (Some(a), Some(b)) = (positions.get(e.src as usize), positions.get(e.dst as usize)) {
            let d = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
            if d.is_finite() {
                sum += f64::from(d);
                count += 1;
            }
        }
    }
    (count > 0).then(|| (sum / f64::from(count)) as f32)
}
