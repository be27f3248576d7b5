//! ForceAtlas2: the Barnes-Hut forces against exact ones, robustness on awkward graphs,
//! behaviour (clusters apart, pins), determinism across thread counts, the runner, and
//! the GPU path against the CPU engine (at the end).

use std::time::{Duration, Instant};

use eframe::egui_wgpu::wgpu;
use ioscope::layout::fa2::random_positions;
use ioscope::layout::gpu::{DeviceChoice, GpuForces};
use ioscope::layout::quality::quality;
use ioscope::layout::runner::{LayoutCommand, LayoutRunner, RunState, Snapshot};
use ioscope::layout::{ForceAtlas2, LayoutGraph, Params};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

fn random_graph(n: usize, m: usize, seed: u64) -> Vec<(u32, u32, f32)> {
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..m)
        .map(|_| {
            (
                rng.random_range(0..n as u32),
                rng.random_range(0..n as u32),
                rng.random_range(1..4) as f32,
            )
        })
        .collect()
}

/// ForceAtlas2's forces by definition, O(n²), written independently of the engine.
fn exact_forces(g: &LayoutGraph, x: &[f32], y: &[f32], p: &Params) -> Vec<(f64, f64)> {
    let n = x.len();
    let mean_mass = g.mass.iter().map(|&m| f64::from(m)).sum::<f64>() / n as f64;
    let mut f = vec![(0.0f64, 0.0f64); n];
    for i in 0..n {
        let (xi, yi, mi) = (f64::from(x[i]), f64::from(y[i]), f64::from(g.mass[i]));
        for j in 0..n {
            if i == j {
                continue;
            }
            let (dx, dy) = (xi - f64::from(x[j]), yi - f64::from(y[j]));
            let factor =
                f64::from(p.scaling_ratio) * mi * f64::from(g.mass[j]) / (dx * dx + dy * dy);
            f[i].0 += dx * factor;
            f[i].1 += dy * factor;
        }
        for e in g.offsets[i] as usize..g.offsets[i + 1] as usize {
            let j = g.neighbors[e] as usize;
            if j == i {
                continue;
            }
            let (dx, dy) = (xi - f64::from(x[j]), yi - f64::from(y[j]));
            let d = (dx * dx + dy * dy).sqrt();
            let mut factor = -f64::from(g.weights[e]).powf(f64::from(p.edge_weight_influence));
            if p.dissuade_hubs {
                let source = if g.outgoing[e] { i } else { j };
                factor *= mean_mass / f64::from(g.mass[source]);
            }
            if p.lin_log {
                factor *= (1.0 + d).ln() / d;
            }
            f[i].0 += dx * factor;
            f[i].1 += dy * factor;
        }
        let d = (xi * xi + yi * yi).sqrt();
        let factor = if p.strong_gravity {
            f64::from(p.gravity) * mi
        } else {
            f64::from(p.gravity) * mi / d
        };
        f[i].0 -= xi * factor;
        f[i].1 -= yi * factor;
    }
    f
}

fn relative_error(engine: (&[f32], &[f32]), exact: &[(f64, f64)]) -> f64 {
    let (mut err, mut norm) = (0.0, 0.0);
    for (i, e) in exact.iter().enumerate() {
        let (dx, dy) = (f64::from(engine.0[i]) - e.0, f64::from(engine.1[i]) - e.1);
        err += (dx * dx + dy * dy).sqrt();
        norm += (e.0 * e.0 + e.1 * e.1).sqrt();
    }
    err / norm
}

#[test]
fn barnes_hut_matches_exact_forces_and_converges_as_theta_shrinks() {
    let variants = [
        Params::default(),
        Params {
            lin_log: true,
            dissuade_hubs: true,
            scaling_ratio: 3.0,
            ..Params::default()
        },
        Params {
            strong_gravity: true,
            gravity: 0.2,
            edge_weight_influence: 0.5,
            ..Params::default()
        },
    ];
    for (v, base) in variants.iter().enumerate() {
        for seed in 0..3u64 {
            let n = 300;
            let edges = random_graph(n, 900, seed);
            let graph = LayoutGraph::from_edges(n, &edges);
            let (x, y) = random_positions(n, seed + 10, 1000.0);
            let exact = exact_forces(&graph, &x, &y, base);
            let mut errors = Vec::new();
            for theta in [0.0f32, 0.3, 1.2] {
                let params = Params { theta, ..*base };
                let mut fa2 =
                    ForceAtlas2::with_positions(graph.clone(), params, x.clone(), y.clone());
                fa2.compute_forces();
                errors.push(relative_error(fa2.forces(), &exact));
            }
            assert!(
                errors[0] < 1e-4,
                "variant {v} seed {seed}: θ=0 must be exact, error {}",
                errors[0]
            );
            assert!(
                errors[1] < 0.02,
                "variant {v} seed {seed}: θ=0.3 error {}",
                errors[1]
            );
            assert!(
                errors[2] < 0.25,
                "variant {v} seed {seed}: θ=1.2 error {}",
                errors[2]
            );
            assert!(
                errors[0] <= errors[1] && errors[1] <= errors[2],
                "{errors:?}"
            );
        }
    }
}

/// Repulsion alone (no edges, no gravity) on positions a layout has clustered, where
/// groups have the most cells far from them: the walk's approximations (the monopoles
/// at θ 1.2 and each group's local expansion of its far cells) stay close to the exact
/// sums.
#[test]
fn repulsion_through_the_tree_stays_close_to_exact_on_a_clustered_layout() {
    let n = 3000;
    let laid_out = {
        let mut fa2 = ForceAtlas2::new(graph(n, 11), Params::default(), 4);
        for _ in 0..60 {
            fa2.step();
        }
        (fa2.x.clone(), fa2.y.clone())
    };
    let mut alone = LayoutGraph::from_edges(n, &[]);
    // The masses of the laid-out graph, so the clusters weigh what they did.
    alone.mass = graph(n, 11).mass;
    let params = Params {
        gravity: 0.0,
        ..Params::default()
    };
    let exact = exact_forces(&alone, &laid_out.0, &laid_out.1, &params);
    let error = |theta: f32| {
        let p = Params { theta, ..params };
        let mut fa2 =
            ForceAtlas2::with_positions(alone.clone(), p, laid_out.0.clone(), laid_out.1.clone());
        fa2.compute_forces();
        relative_error(fa2.forces(), &exact)
    };
    let (fine, coarse) = (error(0.5), error(1.2));
    eprintln!("repulsion alone vs exact: θ 0.5 {fine:.5}, θ 1.2 {coarse:.5}");
    assert!(error(0.0) < 1e-5);
    assert!(
        fine < coarse && coarse < 0.02,
        "θ 0.5 {fine}, θ 1.2 {coarse}"
    );
}

fn all_finite(fa2: &ForceAtlas2) -> bool {
    fa2.x.iter().chain(&fa2.y).all(|v| v.is_finite())
}

#[test]
fn awkward_graphs_stay_finite() {
    // Empty graph and a single node.
    let mut empty = ForceAtlas2::new(LayoutGraph::from_edges(0, &[]), Params::default(), 1);
    empty.step();
    assert_eq!(empty.node_count(), 0);
    let mut one = ForceAtlas2::new(
        LayoutGraph::from_edges(1, &[(0, 0, 1.0)]),
        Params::default(),
        1,
    );
    for _ in 0..20 {
        one.step();
    }
    assert!(all_finite(&one));
    // Coincident nodes, self-loops, isolated nodes, huge and odd weights, ids out of range.
    let edges = vec![
        (0, 1, 1.0),
        (1, 1, 5.0),
        (2, 3, 1e30),
        (3, 4, f32::NAN),
        (4, 5, -2.0),
        (0, 99, 1.0),
    ];
    let graph = LayoutGraph::from_edges(10, &edges);
    for params in [
        Params::default(),
        Params {
            prevent_overlap: true,
            lin_log: true,
            ..Params::default()
        },
        Params {
            strong_gravity: true,
            dissuade_hubs: true,
            ..Params::default()
        },
    ] {
        let mut fa2 =
            ForceAtlas2::with_positions(graph.clone(), params, vec![3.0; 10], vec![3.0; 10]);
        for _ in 0..100 {
            fa2.step();
            assert!(all_finite(&fa2), "{params:?}");
        }
        // Coincident nodes were pushed apart.
        assert!((fa2.x[0] - fa2.x[6]).abs() + (fa2.y[0] - fa2.y[6]).abs() > 1e-3);
    }
    // Non-finite starting positions are replaced.
    let fa2 = ForceAtlas2::with_positions(
        graph,
        Params::default(),
        vec![f32::NAN; 10],
        vec![f32::INFINITY; 10],
    );
    assert!(all_finite(&fa2));
}

fn centroid(fa2: &ForceAtlas2, nodes: std::ops::Range<usize>) -> (f32, f32) {
    let k = nodes.len() as f32;
    let (sx, sy) = nodes.fold((0.0, 0.0), |(a, b), i| (a + fa2.x[i], b + fa2.y[i]));
    (sx / k, sy / k)
}

#[test]
fn two_cliques_end_up_apart() {
    let mut edges = Vec::new();
    for c in 0..2u32 {
        for a in 0..10 {
            for b in a + 1..10 {
                edges.push((c * 10 + a, c * 10 + b, 1.0));
            }
        }
    }
    let mut fa2 = ForceAtlas2::new(LayoutGraph::from_edges(20, &edges), Params::default(), 7);
    for _ in 0..500 {
        fa2.step();
    }
    let (a, b) = (centroid(&fa2, 0..10), centroid(&fa2, 10..20));
    let between = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let spread = (0..10)
        .map(|i| ((fa2.x[i] - a.0).powi(2) + (fa2.y[i] - a.1).powi(2)).sqrt())
        .fold(0.0, f32::max);
    assert!(
        between > 2.0 * spread,
        "cliques {between} apart, spread {spread}"
    );
    assert!(
        fa2.movement() < 1e-2,
        "settled: movement {}",
        fa2.movement()
    );
}

#[test]
fn pinned_nodes_do_not_move() {
    let edges = random_graph(50, 150, 3);
    let mut fa2 = ForceAtlas2::new(LayoutGraph::from_edges(50, &edges), Params::default(), 3);
    fa2.set_pinned(4, true);
    fa2.set_position(4, 12.5, -7.0);
    for _ in 0..50 {
        fa2.step();
    }
    assert_eq!((fa2.x[4], fa2.y[4]), (12.5, -7.0));
    assert!(fa2.is_pinned(4));
    assert!(
        fa2.x[5] != random_positions(50, 3, 1000.0).0[5],
        "others moved"
    );
}

fn run_in_pool(threads: usize, graph: &LayoutGraph, iterations: usize) -> (Vec<u32>, Vec<u32>) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| {
        let mut fa2 = ForceAtlas2::new(graph.clone(), Params::default(), 42);
        for _ in 0..iterations {
            fa2.step();
        }
        (
            fa2.x.iter().map(|v| v.to_bits()).collect(),
            fa2.y.iter().map(|v| v.to_bits()).collect(),
        )
    })
}

#[test]
fn bit_identical_whatever_the_number_of_threads() {
    // Large enough for many parallel chunks and groups; long enough for tree refits.
    let edges = random_graph(12_000, 40_000, 9);
    let graph = LayoutGraph::from_edges(12_000, &edges);
    let one = run_in_pool(1, &graph, 40);
    assert_eq!(one, run_in_pool(2, &graph, 40));
    assert_eq!(one, run_in_pool(3, &graph, 40));
    // Another seed gives another picture.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    let other = pool.install(|| {
        let mut fa2 = ForceAtlas2::new(graph.clone(), Params::default(), 43);
        fa2.step();
        fa2.x[0].to_bits()
    });
    assert_ne!(one.0[0], other);
}

fn wait_for(runner: &LayoutRunner, what: &str, pred: impl Fn(&Snapshot) -> bool) -> Snapshot {
    let start = Instant::now();
    loop {
        if let Some(s) = runner.take_snapshot()
            && pred(&s)
        {
            return (*s).clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn runner_start_pause_step_replace_move() {
    let edges = random_graph(200, 600, 5);
    let graph = LayoutGraph::from_edges(200, &edges);
    let keys: Vec<u32> = (0..200).collect();
    let runner = LayoutRunner::spawn(graph, keys, Params::default(), 5, || {}).unwrap();
    let first = wait_for(&runner, "first snapshot", |_| true);
    assert_eq!(first.iteration, 0);
    assert_eq!(first.state, RunState::Paused);

    runner.send(LayoutCommand::Step(5));
    let stepped = wait_for(&runner, "5 steps", |s| {
        s.iteration == 5 && s.state == RunState::Paused
    });
    assert!(stepped.x.iter().all(|v| v.is_finite()));
    // Paused: nothing more happens.
    std::thread::sleep(Duration::from_millis(50));
    assert!(runner.take_snapshot().is_none_or(|s| s.iteration == 5));

    runner.send(LayoutCommand::Start { keep_going: true });
    let running = wait_for(&runner, "running", |s| s.iteration > 20);
    assert_eq!(running.state, RunState::Running);
    runner.send(LayoutCommand::Pause);
    let paused = wait_for(&runner, "pause", |s| s.state == RunState::Paused);

    // Move (and so pin) node 3; replace the graph with nodes 0..100, whose positions stay.
    runner.send(LayoutCommand::Move {
        node: 3,
        x: 1.5,
        y: 2.5,
    });
    let moved = wait_for(&runner, "move", |s| s.x[3] == 1.5 && s.y[3] == 2.5);
    let sub: Vec<(u32, u32, f32)> = edges
        .iter()
        .copied()
        .filter(|&(a, b, _)| a < 100 && b < 100)
        .collect();
    runner.send(LayoutCommand::ReplaceGraph {
        graph: LayoutGraph::from_edges(100, &sub),
        keys: (0..100).collect(),
        seed: 1,
    });
    let replaced = wait_for(&runner, "replace", |s| s.generation == 1);
    assert_eq!(replaced.x.len(), 100);
    assert_eq!(&replaced.x[..100], &moved.x[..100]);
    assert_eq!(replaced.iteration, 0, "a new graph starts counting again");
    let _ = paused;

    // Run until it stops by itself: the pinned node has not moved.
    runner.send(LayoutCommand::Start { keep_going: false });
    let done = wait_for(&runner, "convergence", |s| s.state == RunState::Converged);
    assert_eq!((done.x[3], done.y[3]), (1.5, 2.5));
    assert!(done.movement < ioscope::layout::runner::CONVERGED_MOVEMENT);
    // Idle after converging: no more snapshots.
    std::thread::sleep(Duration::from_millis(50));
    assert!(runner.take_snapshot().is_none());
}

// ---------------------------------------------------------------------------------
// The GPU path of ForceAtlas2 (a wgpu compute shader) against the CPU engine, on Mesa's
// software adapter (GL through EGL, pinned as the other GPU tests pin it): the same
// forces within a stated tolerance for every setting, the same layouts, and the runner
// moving onto the GPU and back when told.
//
// The tolerance: at θ = 0 (exact sums on both sides) every node's force agrees to
// 1e-4 of its own size plus 1e-6 of the mean force (single precision summed in another
// order; llvmpipe stays about 100 times inside it). At θ = 1.2 the GPU walks the tree
// body by body where the CPU walks it once per group with a stricter criterion, so
// the two differ by Barnes-Hut's own error: the GPU's stays under 0.5 % of the exact
// forces (Σ|error| / Σ|force|) and shrinks with θ.

fn gpu() -> Box<GpuForces> {
    Box::new(
        GpuForces::open(Some(wgpu::Backends::GL), false).expect("a wgpu adapter (Mesa llvmpipe)"),
    )
}

/// `n` nodes in `communities` communities: most edges inside one, weights 1 to 3.
fn clustered_edges(n: usize, communities: usize, m: usize, seed: u64) -> Vec<(u32, u32, f32)> {
    let mut rng = SmallRng::seed_from_u64(seed);
    (0..m)
        .map(|_| {
            let a = rng.random_range(0..n);
            let b = if rng.random_bool(0.9) {
                let c = a % communities;
                (rng.random_range(0..n / communities) * communities + c).min(n - 1)
            } else {
                rng.random_range(0..n)
            };
            (a as u32, b as u32, rng.random_range(1..4) as f32)
        })
        .collect()
}

fn graph(n: usize, seed: u64) -> LayoutGraph {
    let mut g = LayoutGraph::from_edges(n, &clustered_edges(n, 5, n * 3, seed));
    // Sizes of different radii, for overlap prevention.
    let mut rng = SmallRng::seed_from_u64(seed ^ 1);
    g.size = (0..n).map(|_| rng.random_range(0.5..4.0)).collect();
    g
}

/// Forces of the same graph, positions and settings on the CPU and on the GPU.
fn both_forces(g: &LayoutGraph, params: Params, seed: u64) -> [(Vec<f32>, Vec<f32>); 2] {
    let mut cpu = ForceAtlas2::new(g.clone(), params, seed);
    let mut on_gpu = ForceAtlas2::new(g.clone(), params, seed);
    on_gpu.attach_gpu(gpu());
    cpu.compute_forces();
    on_gpu.compute_forces();
    assert!(
        on_gpu.gpu().is_some(),
        "the GPU was given up: {:?}",
        on_gpu.gpu_error()
    );
    [cpu, on_gpu].map(|e| {
        let (fx, fy) = e.forces();
        (fx.to_vec(), fy.to_vec())
    })
}

fn norm(f: &(Vec<f32>, Vec<f32>), i: usize) -> f64 {
    f64::from(f.0[i]).hypot(f64::from(f.1[i]))
}

#[test]
fn gpu_forces_match_the_cpu_engine_for_every_setting_at_theta_zero() {
    let n = 1500;
    let g = graph(n, 7);
    let exact = Params {
        theta: 0.0,
        ..Params::default()
    };
    let settings = [
        ("defaults", exact),
        (
            "LinLog, strong gravity",
            Params {
                lin_log: true,
                strong_gravity: true,
                gravity: 0.2,
                ..exact
            },
        ),
        (
            "dissuade hubs, weights^0.5",
            Params {
                dissuade_hubs: true,
                edge_weight_influence: 0.5,
                scaling_ratio: 3.0,
                ..exact
            },
        ),
        (
            "prevent overlap",
            Params {
                prevent_overlap: true,
                lin_log: true,
                ..exact
            },
        ),
    ];
    for (name, params) in settings {
        let [cpu, on_gpu] = both_forces(&g, params, 11);
        let mean = (0..n).map(|i| norm(&cpu, i)).sum::<f64>() / n as f64;
        assert!(mean > 0.0, "{name}: no forces at all");
        let mut worst = 0.0f64;
        for i in 0..n {
            let d = f64::from(on_gpu.0[i] - cpu.0[i]).hypot(f64::from(on_gpu.1[i] - cpu.1[i]));
            let allowed = 1e-4 * norm(&cpu, i) + 1e-6 * mean;
            worst = worst.max(d / allowed);
            assert!(
                d <= allowed,
                "{name}: node {i}: GPU ({}, {}) vs CPU ({}, {})",
                on_gpu.0[i],
                on_gpu.1[i],
                cpu.0[i],
                cpu.1[i]
            );
        }
        eprintln!("{name}: worst error {worst:.3} of the tolerance");
    }
}

#[test]
fn gpu_barnes_hut_error_is_small_and_shrinks_with_theta() {
    let n = 4000;
    let g = graph(n, 3);
    let forces = |theta: f32, gpu: bool| {
        let p = Params {
            theta,
            ..Params::default()
        };
        let mut e = ForceAtlas2::new(g.clone(), p, 5);
        if gpu {
            e.attach_gpu(self::gpu());
        }
        e.compute_forces();
        assert!(e.gpu_error().is_none(), "{:?}", e.gpu_error());
        let (fx, fy) = e.forces();
        (fx.to_vec(), fy.to_vec())
    };
    let (ex, ey) = forces(0.0, false);
    let exact: Vec<(f64, f64)> = ex
        .iter()
        .zip(&ey)
        .map(|(&a, &b)| (f64::from(a), f64::from(b)))
        .collect();
    let error = |(fx, fy): (Vec<f32>, Vec<f32>)| relative_error((&fx, &fy), &exact);
    let cpu = error(forces(1.2, false));
    let coarse = error(forces(1.2, true));
    let fine = error(forces(0.5, true));
    eprintln!("error vs exact forces: CPU θ 1.2 {cpu:.5}; GPU θ 1.2 {coarse:.5}, θ 0.5 {fine:.5}");
    assert!(coarse > 0.0 && coarse < 0.005, "GPU θ 1.2: {coarse}");
    assert!(fine < coarse, "θ 0.5 {fine} vs θ 1.2 {coarse}");
}

#[test]
fn coincident_bodies_are_pushed_apart_on_the_gpu() {
    // Nodes 0 and 1 share a position; nothing else is near.
    let g = LayoutGraph::from_edges(4, &[(0, 2, 1.0), (1, 3, 1.0)]);
    let x = vec![5.0, 5.0, 300.0, -300.0];
    let y = vec![5.0, 5.0, 40.0, -40.0];
    let mut e = ForceAtlas2::with_positions(g, Params::default(), x, y);
    e.attach_gpu(gpu());
    e.compute_forces();
    assert!(e.gpu().is_some(), "{:?}", e.gpu_error());
    let (fx, fy) = e.forces();
    assert!(fx.iter().chain(fy).all(|v| v.is_finite()));
    // The pair's mutual push dominates, in opposite directions.
    let dot = fx[0] * fx[1] + fy[0] * fy[1];
    assert!(
        dot < 0.0,
        "({}, {}) and ({}, {})",
        fx[0],
        fy[0],
        fx[1],
        fy[1]
    );
    assert!(fx[0].hypot(fy[0]) > 100.0);
}

#[test]
fn a_layout_on_the_gpu_is_as_good_as_on_the_cpu() {
    let n = 3000;
    let edges = clustered_edges(n, 6, n * 3, 21);
    let pairs: Vec<(u32, u32)> = edges.iter().map(|&(a, b, _)| (a, b)).collect();
    let g = LayoutGraph::from_edges(n, &edges);
    let run = |gpu: Option<Box<GpuForces>>| {
        let mut e = ForceAtlas2::new(g.clone(), Params::default(), 9);
        if let Some(gpu) = gpu {
            e.attach_gpu(gpu);
        }
        for _ in 0..150 {
            e.step();
        }
        assert!(e.gpu_error().is_none(), "{:?}", e.gpu_error());
        (quality(&e.x, &e.y, &pairs, 5000, 1), e.movement())
    };
    let (q_cpu, m_cpu) = run(None);
    let (q_gpu, m_gpu) = run(Some(gpu()));
    eprintln!("quality CPU {q_cpu:.4} GPU {q_gpu:.4}; movement {m_cpu:.5} {m_gpu:.5}");
    // Communities pulled together (a random layout scores about 1).
    assert!(q_cpu < 0.5 && q_gpu < 0.5, "{q_cpu} {q_gpu}");
    assert!((q_gpu - q_cpu).abs() <= 0.05 * q_cpu, "{q_gpu} vs {q_cpu}");
}

#[test]
fn the_runner_moves_onto_the_gpu_and_back_when_told() {
    let n = 800;
    let g = LayoutGraph::from_edges(n, &clustered_edges(n, 4, n * 2, 2));
    let runner =
        LayoutRunner::spawn(g, (0..n as u32).collect(), Params::default(), 3, || {}).unwrap();
    // A small graph stays on the CPU unless the GPU is asked for.
    runner.send(LayoutCommand::SetDevice(DeviceChoice::Auto));
    let s = wait_for(&runner, "a snapshot", |_| true);
    assert!(s.gpu.is_none());
    runner.send(LayoutCommand::SetDevice(DeviceChoice::Gpu));
    runner.send(LayoutCommand::Step(30));
    let s = wait_for(&runner, "30 iterations on the GPU", |s| {
        s.iteration >= 30 && s.state == RunState::Paused
    });
    let name = s.gpu.clone().expect("the forces on the GPU");
    assert!(!name.is_empty());
    assert!(s.x.iter().chain(&s.y).all(|v| v.is_finite()));
    runner.send(LayoutCommand::SetDevice(DeviceChoice::Cpu));
    runner.send(LayoutCommand::Step(5));
    let s = wait_for(&runner, "5 more on the CPU", |s| {
        s.iteration >= 35 && s.state == RunState::Paused
    });
    assert!(s.gpu.is_none(), "still on {:?}", s.gpu);
}

#[test]
fn phase_times_account_for_every_iteration() {
    let edges = random_graph(6000, 20_000, 4);
    let graph = LayoutGraph::from_edges(6000, &edges);
    let mut fa2 = ForceAtlas2::new(graph, Params::default(), 7);
    assert_eq!(fa2.phase_times().rebuilds, 0);
    for _ in 0..24 {
        fa2.step();
    }
    let t = fa2.phase_times();
    // The first iteration builds; later ones rebuild or refit (every 8th rebuilds).
    assert!(
        (3..=24).contains(&t.rebuilds),
        "{} rebuilds in 24 iterations",
        t.rebuilds
    );
    for (phase, d) in [
        ("tree", t.tree),
        ("attraction", t.attraction),
        ("tree and attraction", t.tree_and_attraction),
        ("repulsion", t.repulsion),
        ("moves", t.moves),
    ] {
        assert!(!d.is_zero(), "{phase} took no time");
    }
}
