//! The layout as a view holds it: the runner thread, what it was last asked to lay out
//! (a [`LayoutRequest`] that compares equal when nothing changed, so an unchanged filter
//! never restarts the layout), which network node each laid-out node is, and the
//! layout's last published status. Positions come back merged into the view's own
//! (nodes outside a subgraph keep their places).

use std::sync::Arc;

use super::fa2::{ForceAtlas2, Params, random_positions};
use super::graph::LayoutGraph;
use super::multilevel;
use super::runner::{GraphBuilder, LayoutCommand, LayoutRunner, RunState, Snapshot};
use crate::graph::Network;

/// Seed of the first layout of every dataset (so that a dataset always opens the same).
pub const LAYOUT_SEED: u64 = 42;
/// Side of the square the first random positions fill (world units).
pub const START_SIDE: f32 = 1000.0;
/// Networks with more nodes than this get the coarser Barnes-Hut approximation.
pub const LARGE_NETWORK_NODES: usize = 50_000;
/// Barnes-Hut θ for large networks, and for the others.
pub const THETA_LARGE: f32 = 1.2;
pub const THETA: f32 = 0.8;
/// Runner generations whose node keys are kept (snapshots of older ones are ignored).
const KEPT_GENERATIONS: u64 = 4;

/// ForceAtlas2 settings the window uses for a network of `n` nodes: LinLog, scaling
/// ratio 2, and a coarser Barnes-Hut on big networks.
pub fn params_for(n: usize) -> Params {
    Params {
        theta: if n > LARGE_NETWORK_NODES {
            THETA_LARGE
        } else {
            THETA
        },
        scaling_ratio: 2.0,
        lin_log: true,
        ..Params::default()
    }
}

/// What to lay out: the whole network, or the subgraph of some nodes and edges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutRequest {
    /// Network nodes laid out, in layout order (`None`: all, node i as layout node i).
    pub nodes: Option<Arc<Vec<u32>>>,
    /// Network edges kept (`None`: all).
    pub edges: Option<Arc<Vec<bool>>>,
    /// Other edges between network nodes laid out instead of the network's (a
    /// coordination layer shown instead of the interactions).
    pub pairs: Option<Arc<Vec<(u32, u32, f32)>>>,
}

impl LayoutRequest {
    /// The whole network.
    pub fn whole() -> Self {
        Self::default()
    }
}

/// The layout as last published.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutStatus {
    pub iteration: u64,
    pub iterations_per_second: f64,
    pub state: RunState,
    /// The GPU computing the forces, if one is ("NVIDIA H200 (Vulkan)").
    pub gpu: Option<Arc<str>>,
}

/// A view's handle on its layout.
pub struct LayoutHandle {
    network: Arc<Network>,
    runner: Option<LayoutRunner>,
    request: LayoutRequest,
    /// Layout node → network node, per runner generation.
    keys: Vec<(u64, Arc<Vec<u32>>)>,
    generation: u64,
    pub status: Option<LayoutStatus>,
    /// Whether a new request starts the layout. Off for a reopened session until the
    /// user runs the layout: its picture stays as it was saved.
    start_on_request: bool,
}

impl LayoutHandle {
    /// No layout thread: positions stay as they are (tests, benchmarks, exports).
    pub fn none(network: Arc<Network>) -> Self {
        Self {
            network,
            runner: None,
            request: LayoutRequest::whole(),
            keys: Vec::new(),
            generation: 0,
            status: None,
            start_on_request: true,
        }
    }

    /// Starts the layout thread on the whole network (its adjacency is built there),
    /// running at once when `run`. `repaint` is called after each snapshot.
    pub fn spawn(network: Arc<Network>, run: bool, repaint: impl Fn() + Send + 'static) -> Self {
        let n = network.node_count();
        let for_layout = Arc::clone(&network);
        // Big networks start from a multilevel layout: a readable picture in seconds.
        let runner = LayoutRunner::spawn_engine(
            move || {
                multilevel::start(
                    LayoutGraph::of_network(&for_layout),
                    params_for(n),
                    LAYOUT_SEED,
                )
            },
            (0..n as u32).collect(),
            repaint,
        )
        .ok();
        if let Some(r) = &runner
            && run
        {
            r.send(LayoutCommand::Start { keep_going: false });
        }
        Self {
            runner,
            ..Self::none(network)
        }
    }

    /// Starts the layout thread paused, at given positions with some nodes pinned
    /// (a reopened session: the picture as it was, nothing moves until asked).
    pub fn spawn_at(
        network: Arc<Network>,
        x: Vec<f32>,
        y: Vec<f32>,
        pinned: Vec<bool>,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let n = network.node_count();
        let for_layout = Arc::clone(&network);
        let runner = LayoutRunner::spawn_engine(
            move || {
                let graph = LayoutGraph::of_network(&for_layout);
                let mut engine = ForceAtlas2::with_positions(graph, params_for(n), x, y);
                for (i, _) in pinned.iter().enumerate().filter(|(_, p)| **p) {
                    engine.set_pinned(i, true);
                }
                engine
            },
            (0..n as u32).collect(),
            repaint,
        )
        .ok();
        Self {
            runner,
            start_on_request: false,
            ..Self::none(network)
        }
    }

    /// The seeded start positions the runner begins from.
    pub fn start_positions(n: usize) -> (Vec<f32>, Vec<f32>) {
        random_positions(n, LAYOUT_SEED, START_SIDE)
    }

    pub fn is_running_thread(&self) -> bool {
        self.runner.is_some()
    }

    pub fn is_running(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(|s| s.state == RunState::Running)
    }

    /// Sends a command to the runner (nothing happens without one). Starting it
    /// lets later requests start it too.
    pub fn command(&mut self, command: LayoutCommand) {
        if matches!(command, LayoutCommand::Start { .. }) {
            self.start_on_request = true;
        }
        self.send(command);
    }

    /// Sends a command to the runner (nothing happens without one).
    pub fn send(&self, command: LayoutCommand) {
        if let Some(r) = &self.runner {
            r.send(command);
        }
    }

    /// Lays out what `request` names, unless that is what is laid out already.
    /// Returns whether the runner was asked.
    pub fn request(&mut self, request: LayoutRequest) -> bool {
        if request == self.request || self.runner.is_none() {
            return false;
        }
        let keys: Vec<u32> = match &request.nodes {
            Some(nodes) => nodes.as_ref().clone(),
            None => (0..self.network.node_count() as u32).collect(),
        };
        let network = Arc::clone(&self.network);
        let (nodes, edges) = (request.nodes.clone(), request.edges.clone());
        let pairs = request.pairs.clone();
        let build = move || match (&nodes, &pairs) {
            (Some(nodes), Some(pairs)) => LayoutGraph::of_pairs(network.node_count(), nodes, pairs),
            (None, Some(pairs)) => {
                let all: Vec<u32> = (0..network.node_count() as u32).collect();
                LayoutGraph::of_pairs(network.node_count(), &all, pairs)
            }
            (Some(nodes), None) => {
                LayoutGraph::of_subnetwork(&network, nodes, edges.as_deref().map(Vec::as_slice))
            }
            (None, None) => LayoutGraph::of_network(&network),
        };
        self.generation += 1;
        self.keys
            .retain(|(g, _)| *g + KEPT_GENERATIONS > self.generation);
        self.keys.push((self.generation, Arc::new(keys.clone())));
        // Switching between the network and another one over its nodes starts anew.
        let fresh = request.pairs.is_some() != self.request.pairs.is_some();
        self.send(LayoutCommand::ReplaceGraphWith {
            build: GraphBuilder(Box::new(build)),
            keys,
            seed: LAYOUT_SEED,
            fresh,
        });
        if self.start_on_request {
            self.send(LayoutCommand::Start { keep_going: false });
        }
        self.request = request;
        true
    }

    /// The layout node of network node `node` in the graph being laid out.
    pub fn local_index(&self, node: u32) -> Option<u32> {
        match self.keys.last() {
            Some((_, keys)) => keys.iter().position(|&k| k == node).map(|p| p as u32),
            None => Some(node),
        }
    }

    /// Takes the runner's newest snapshot, if any, and returns every node's position:
    /// a subgraph's nodes from the snapshot, the others from `x`, `y`.
    pub fn poll(&mut self, x: &[f32], y: &[f32]) -> Option<(Vec<f32>, Vec<f32>)> {
        let snapshot = self.runner.as_ref().and_then(LayoutRunner::take_snapshot)?;
        self.status = Some(LayoutStatus {
            iteration: snapshot.iteration,
            iterations_per_second: snapshot.iterations_per_second,
            state: snapshot.state,
            gpu: snapshot.gpu.clone(),
        });
        self.merge(&snapshot, x, y)
    }

    fn merge(&self, s: &Snapshot, x: &[f32], y: &[f32]) -> Option<(Vec<f32>, Vec<f32>)> {
        let keys = self
            .keys
            .iter()
            .find(|(g, _)| *g == s.generation)
            .map(|(_, k)| Arc::clone(k));
        match keys {
            Some(keys) if keys.len() == s.x.len() => {
                // A subgraph: its nodes move, the others keep their places.
                let (mut x, mut y) = (x.to_vec(), y.to_vec());
                for (i, &node) in keys.iter().enumerate() {
                    if let (Some(px), Some(py)) =
                        (x.get_mut(node as usize), y.get_mut(node as usize))
                    {
                        *px = s.x[i];
                        *py = s.y[i];
                    }
                }
                Some((x, y))
            }
            _ if s.x.len() == self.network.node_count() => Some((s.x.clone(), s.y.clone())),
            _ => None,
        }
    }
}
