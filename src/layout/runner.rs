//! The layout runner: a named background thread (`ioscope-layout`) that owns the
//! ForceAtlas2 engine and its positions. The UI sends [`LayoutCommand`]s and reads the
//! latest [`Snapshot`]; neither side waits for the other. The runner stops by itself
//! when the layout has converged (unless told to keep going) and sleeps on its command
//! channel when idle.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TryRecvError};
use rustc_hash::FxHashMap;

use super::fa2::{ForceAtlas2, Params, random_positions};
use super::gpu::{DeviceChoice, GpuForces, Trial};
use super::graph::LayoutGraph;
use super::multilevel;

pub use super::params::{CONVERGED_MOVEMENT, SETTLED_ITERATIONS};
/// Snapshots are published at most this often while running.
const SNAPSHOT_INTERVAL: Duration = Duration::from_millis(15);

/// What the UI asks of the layout.
#[derive(Debug)]
pub enum LayoutCommand {
    /// Run until converged (or, with `keep_going`, until paused).
    Start {
        keep_going: bool,
    },
    Pause,
    /// Run this many iterations, then pause.
    Step(u32),
    SetParams(Params),
    /// New seeded random positions; the adaptive speed restarts.
    Reset {
        seed: u64,
    },
    /// Lay out another graph. `keys` name its nodes (e.g. account indices): nodes whose
    /// key was in the previous graph keep their position, new ones start next to a
    /// placed neighbour.
    ReplaceGraph {
        graph: LayoutGraph,
        keys: Vec<u32>,
        seed: u64,
    },
    /// [`LayoutCommand::ReplaceGraph`] with the graph built on the layout thread.
    /// Lays out another graph: node i is `keys[i]`; nodes laid out before keep their
    /// places unless `fresh` (another network over the same nodes starts anew).
    ReplaceGraphWith {
        build: GraphBuilder,
        keys: Vec<u32>,
        seed: u64,
        fresh: bool,
    },
    Pin {
        node: u32,
        pinned: bool,
    },
    /// Where to compute the forces from the next iteration on (the CPU, or a GPU
    /// opened on the layout thread; a GPU that cannot be opened leaves the CPU).
    SetDevice(DeviceChoice),
    /// Puts a node somewhere (a drag); it is pinned there.
    Move {
        node: u32,
        x: f32,
        y: f32,
    },
}

/// Builds a layout graph on the layout thread.
pub struct GraphBuilder(pub Box<dyn FnOnce() -> LayoutGraph + Send>);

impl std::fmt::Debug for GraphBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GraphBuilder")
    }
}

/// Where the runner is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Running,
    Paused,
    Converged,
}

/// Positions and figures published by the runner.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    pub iteration: u64,
    pub iterations_per_second: f64,
    /// Mean displacement / layout radius of the last iteration.
    pub movement: f64,
    pub state: RunState,
    /// Increases with each graph replacement, so views know what the positions index.
    pub generation: u64,
    /// The GPU computing the forces ("NVIDIA H200 (Vulkan)"); `None`: the CPU.
    pub gpu: Option<Arc<str>>,
}

/// Handle to the layout thread. Dropping it stops the thread.
pub struct LayoutRunner {
    commands: Sender<LayoutCommand>,
    latest: Arc<Mutex<Option<Arc<Snapshot>>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LayoutRunner {
    /// Starts the thread, paused, on `graph` at seeded positions. `on_snapshot` runs
    /// after each publication (the app passes a repaint request).
    pub fn spawn(
        graph: LayoutGraph,
        keys: Vec<u32>,
        params: Params,
        seed: u64,
        on_snapshot: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        Self::spawn_building(move || graph, keys, params, seed, on_snapshot)
    }

    /// Like [`Self::spawn`], with the graph built by `build` on the layout thread (big
    /// networks take a while to turn into an adjacency: not on the caller's thread).
    pub fn spawn_building(
        build: impl FnOnce() -> LayoutGraph + Send + 'static,
        keys: Vec<u32>,
        params: Params,
        seed: u64,
        on_snapshot: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        Self::spawn_engine(
            move || ForceAtlas2::new(build(), params, seed),
            keys,
            on_snapshot,
        )
    }

    /// Starts the thread, paused, on the engine `make` builds there (for a layout that
    /// starts from given positions).
    pub fn spawn_engine(
        make: impl FnOnce() -> ForceAtlas2 + Send + 'static,
        keys: Vec<u32>,
        on_snapshot: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        let (tx, rx) = crossbeam_channel::unbounded();
        let latest = Arc::new(Mutex::new(None));
        let shared = Arc::clone(&latest);
        let thread = std::thread::Builder::new()
            .name("ioscope-layout".to_owned())
            .spawn(move || {
                let engine = make();
                Worker {
                    engine,
                    keys,
                    rx,
                    latest: shared,
                    on_snapshot: Box::new(on_snapshot),
                    state: RunState::Paused,
                    keep_going: false,
                    steps_left: 0,
                    settled: 0,
                    generation: 0,
                    rate: RateMeter::default(),
                    last_publish: None,
                    device: DeviceChoice::from_env(),
                    gpu_tried: false,
                    gpu_name: None,
                    trial: None,
                }
                .run();
            })?;
        let runner = Self {
            commands: tx,
            latest,
            thread: Some(thread),
        };
        Ok(runner)
    }

    /// Sends a command (ignored if the thread has stopped).
    pub fn send(&self, command: LayoutCommand) {
        let _ = self.commands.send(command);
    }

    /// The newest snapshot, if one was published since the last call. Never blocks for
    /// longer than the runner takes to swap a pointer.
    pub fn take_snapshot(&self) -> Option<Arc<Snapshot>> {
        self.latest.try_lock().ok().and_then(|mut slot| slot.take())
    }
}

impl Drop for LayoutRunner {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop.
        let (tx, _) = crossbeam_channel::unbounded();
        drop(std::mem::replace(&mut self.commands, tx));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Iterations per second over the last second or so.
#[derive(Default)]
struct RateMeter {
    window_start: Option<Instant>,
    count: u32,
    rate: f64,
}

impl RateMeter {
    fn tick(&mut self) {
        let now = Instant::now();
        let start = *self.window_start.get_or_insert(now);
        self.count += 1;
        let elapsed = now.duration_since(start).as_secs_f64();
        if elapsed >= 0.5 {
            self.rate = f64::from(self.count) / elapsed;
            self.window_start = Some(now);
            self.count = 0;
        }
    }
}

struct Worker {
    engine: ForceAtlas2,
    keys: Vec<u32>,
    rx: Receiver<LayoutCommand>,
    latest: Arc<Mutex<Option<Arc<Snapshot>>>>,
    on_snapshot: Box<dyn Fn() + Send>,
    state: RunState,
    keep_going: bool,
    steps_left: u32,
    settled: u32,
    generation: u64,
    rate: RateMeter,
    last_publish: Option<Instant>,
    /// Where forces are to be computed.
    device: DeviceChoice,
    /// Whether a GPU was looked for (it is looked for once, when the first graph big
    /// enough runs).
    gpu_tried: bool,
    gpu_name: Option<Arc<str>>,
    /// Auto's trial of a GPU it found, with the GPU waiting for its turn.
    trial: Option<(Trial, Option<Box<GpuForces>>)>,
}

impl Worker {
    fn busy(&self) -> bool {
        self.state == RunState::Running || self.steps_left > 0
    }

    fn run(mut self) {
        self.publish();
        loop {
            // Idle: sleep until a command comes. Busy: take what is there, then iterate.
            let command = if self.busy() {
                match self.rx.try_recv() {
                    Ok(c) => Some(c),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match self.rx.recv() {
                    Ok(c) => Some(c),
                    Err(_) => return,
                }
            };
            if let Some(c) = command {
                self.apply(c);
                continue;
            }
            self.iterate();
        }
    }

    fn apply(&mut self, command: LayoutCommand) {
        match command {
            LayoutCommand::Start { keep_going } => {
                self.keep_going = keep_going;
                self.settled = 0;
                self.state = RunState::Running;
            }
            LayoutCommand::Pause => {
                self.state = RunState::Paused;
                self.steps_left = 0;
                self.publish();
            }
            LayoutCommand::Step(n) => {
                self.steps_left = self.steps_left.saturating_add(n);
                if self.state == RunState::Running {
                    self.state = RunState::Paused;
                }
            }
            LayoutCommand::SetParams(p) => {
                self.engine.params = p;
                self.settled = 0;
                if self.state == RunState::Converged {
                    self.state = RunState::Running;
                }
            }
            LayoutCommand::Reset { seed } => {
                // A big graph starts again from a multilevel layout (a small one from
                // seeded random positions, as at first).
                let fresh =
                    multilevel::start(self.engine.graph().clone(), self.engine.params, seed);
                for i in 0..self.engine.node_count() {
                    self.engine.set_position(i, fresh.x[i], fresh.y[i]);
                }
                self.engine.restart_speed();
                self.engine.set_speed(fresh.speed());
                self.settled = 0;
                self.publish();
            }
            LayoutCommand::ReplaceGraph { graph, keys, seed } => {
                self.replace(graph, keys, seed, false);
            }
            LayoutCommand::ReplaceGraphWith {
                build,
                keys,
                seed,
                fresh,
            } => {
                self.replace((build.0)(), keys, seed, fresh);
            }
            LayoutCommand::SetDevice(device) => {
                self.device = device;
                self.gpu_tried = false;
                self.trial = None;
                if !device.wants_gpu(self.engine.node_count()) {
                    self.engine.detach_gpu();
                }
                self.choose_device();
                self.publish();
            }
            LayoutCommand::Pin { node, pinned } => {
                self.engine.set_pinned(node as usize, pinned);
                self.publish();
            }
            LayoutCommand::Move { node, x, y } => {
                self.engine.set_position(node as usize, x, y);
                self.engine.set_pinned(node as usize, true);
                self.publish();
            }
        }
    }

    fn replace(&mut self, graph: LayoutGraph, keys: Vec<u32>, seed: u64, fresh: bool) {
        let old: FxHashMap<u32, usize> = if fresh {
            FxHashMap::default()
        } else {
            self.keys.iter().enumerate().map(|(i, &k)| (k, i)).collect()
        };
        let n = graph.node_count();
        let (rx, ry) = random_positions(n, seed, 1000.0);
        let mut x = vec![f32::NAN; n];
        let mut y = vec![f32::NAN; n];
        let mut pinned = vec![false; n];
        for i in 0..n {
            if let Some(&o) = keys.get(i).and_then(|k| old.get(k)) {
                x[i] = self.engine.x[o];
                y[i] = self.engine.y[o];
                pinned[i] = self.engine.is_pinned(o);
            }
        }
        // New nodes start next to a placed neighbour (or at random).
        for i in 0..n {
            if x[i].is_finite() {
                continue;
            }
            let neighbour = (graph.offsets[i] as usize..graph.offsets[i + 1] as usize)
                .map(|e| graph.neighbors[e] as usize)
                .find(|&j| x[j].is_finite());
            match neighbour {
                Some(j) => {
                    x[i] = x[j] + (rx[i] - 500.0) * 0.01;
                    y[i] = y[j] + (ry[i] - 500.0) * 0.01;
                }
                None => {
                    x[i] = rx[i];
                    y[i] = ry[i];
                }
            }
        }
        let params = self.engine.params;
        let gpu = self.engine.detach_gpu();
        self.engine = ForceAtlas2::with_positions(graph, params, x, y);
        if let Some(gpu) = gpu {
            self.engine.attach_gpu(gpu);
        }
        for (i, &p) in pinned.iter().enumerate() {
            self.engine.set_pinned(i, p);
        }
        self.keys = keys;
        self.generation += 1;
        self.settled = 0;
        if self.state == RunState::Converged {
            self.state = RunState::Running;
        }
        self.publish();
    }

    /// Opens the GPU the first time a graph that wants one runs; notes when the engine
    /// has given it up.
    fn choose_device(&mut self) {
        if !self.gpu_tried
            && self.engine.gpu().is_none()
            && self.device.wants_gpu(self.engine.node_count())
        {
            self.gpu_tried = true;
            match self.device.open() {
                // Auto times it against the CPU first.
                Ok(Some(gpu)) if self.device == DeviceChoice::Auto => {
                    self.trial = Some((Trial::default(), Some(Box::new(gpu))));
                }
                Ok(Some(gpu)) => self.engine.attach_gpu(Box::new(gpu)),
                Ok(None) => {}
                Err(e) => eprintln!("ioscope: the layout stays on the CPU: {e}"),
            }
        }
        if let Some((trial, waiting)) = &mut self.trial
            && trial.gpu_next()
            && let Some(gpu) = waiting.take()
        {
            self.engine.attach_gpu(gpu);
        }
        let name = self.engine.gpu().map(GpuForces::name);
        if name != self.gpu_name.as_deref() {
            if let Some(e) = self.engine.gpu_error() {
                eprintln!("ioscope: the layout went back to the CPU: {e}");
            }
            self.gpu_name = name.map(Arc::from);
        }
    }

    /// Times an iteration of Auto's trial, and ends the trial once it can tell.
    fn judge_trial(&mut self, ms: f64) {
        let Some((trial, _)) = &mut self.trial else {
            return;
        };
        trial.record(self.engine.gpu().is_some(), ms);
        let Some(keep) = trial.verdict() else {
            return;
        };
        let (cpu, gpu) = trial.medians();
        if !keep {
            eprintln!(
                "ioscope: the layout stays on the CPU ({cpu:.1} ms an iteration; the GPU {gpu:.1})"
            );
            self.engine.detach_gpu();
        }
        self.trial = None;
    }

    fn iterate(&mut self) {
        self.choose_device();
        let start = Instant::now();
        self.engine.step();
        self.judge_trial(start.elapsed().as_secs_f64() * 1e3);
        self.rate.tick();
        if self.steps_left > 0 {
            self.steps_left -= 1;
        }
        if self.engine.movement() < CONVERGED_MOVEMENT {
            self.settled += 1;
        } else {
            self.settled = 0;
        }
        if self.state == RunState::Running && !self.keep_going && self.settled >= SETTLED_ITERATIONS
        {
            self.state = RunState::Converged;
        }
        let due = self
            .last_publish
            .is_none_or(|t| t.elapsed() >= SNAPSHOT_INTERVAL);
        if due || !self.busy() {
            self.publish();
        }
    }

    fn publish(&mut self) {
        let snapshot = Arc::new(Snapshot {
            x: self.engine.x.clone(),
            y: self.engine.y.clone(),
            iteration: self.engine.iteration(),
            iterations_per_second: self.rate.rate,
            movement: self.engine.movement(),
            state: if self.steps_left > 0 {
                RunState::Running
            } else {
                self.state
            },
            generation: self.generation,
            gpu: self.gpu_name.clone(),
        });
        if let Ok(mut slot) = self.latest.lock() {
            *slot = Some(snapshot);
        }
        self.last_publish = Some(Instant::now());
        (self.on_snapshot)();
    }
}
