//! The graph canvas driven headless with egui_kittest: clicking, Shift+clicking and
//! box-selecting nodes (selection state asserted), dragging a node pins it and hands it
//! to the layout runner, and an image snapshot of a small fixed graph (coincident nodes,
//! a self-loop, multi-edges) drawn by the wgpu renderer on Mesa's llvmpipe through GL.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::ui::{AppHarness, app_harness, settle, step_until};
use egui::{Event, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use ioscope::graph::{Edge, Network};
use ioscope::render::GraphView;
use ioscope::render::style::{ColorBy, Style};
use ioscope::state::Command;
use ioscope::ui::canvas::{CanvasState, canvas_ui, node_at};

fn sample_app() -> AppHarness {
    // Layout off: nodes stay where the test clicks.
    let mut h = app_harness(Vec::new(), [1280.0, 800.0], false);
    step_until(&mut h, |a| {
        a.state
            .view
            .as_ref()
            .is_some_and(|v| v.layout.status.is_some())
    });
    settle(&mut h);
    h
}

fn view(h: &AppHarness) -> &GraphView {
    h.state().as_ref().unwrap().state.view.as_ref().unwrap()
}

fn screen_of(view: &GraphView, node: u32) -> Pos2 {
    view.camera.world_to_screen(
        view.viewport,
        [view.x[node as usize], view.y[node as usize]],
    )
}

/// An important node well inside the canvas that a click at its centre hits (the hit
/// test finds it, not a neighbour).
fn clickable_node(h: &mut AppHarness, skip: &[u32]) -> u32 {
    let app = h.state_mut().as_mut().unwrap();
    let view = app.state.view.as_mut().unwrap();
    let inner = view.viewport.shrink(100.0);
    let order = view.network.by_importance.clone();
    order
        .into_iter()
        .filter(|n| !skip.contains(n))
        .find(|&n| {
            let p = screen_of(view, n);
            inner.contains(p) && node_at(view, p) == Some(n)
        })
        .expect("a node that a click hits")
}

fn click(h: &mut AppHarness, at: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerMoved(at));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers,
        });
    }
    h.event(Event::ModifiersChanged(modifiers));
    h.run_steps(2);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(1);
}

/// Presses `button` at `from`, moves to `to` in ten steps, releases.
fn drag(h: &mut AppHarness, from: Pos2, to: Pos2, button: PointerButton) {
    h.event(Event::PointerMoved(from));
    for (at, pressed) in [(from, true), (to, false)] {
        if !pressed {
            for i in 1..=10 {
                h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 10.0)));
                h.run_steps(1);
            }
        }
        h.event(Event::PointerButton {
            pos: at,
            button,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(if pressed { 1 } else { 2 });
    }
}

#[test]
fn clicking_nodes_selects_them() {
    let mut h = sample_app();
    let a = clickable_node(&mut h, &[]);
    let b = clickable_node(&mut h, &[a]);
    let at = screen_of(view(&h), a);
    click(&mut h, at, Modifiers::NONE);
    assert_eq!(view(&h).selection.order, vec![a]);
    assert!(view(&h).selection.flags[a as usize]);
    // Shift+click adds, Shift+click again removes.
    h.event(Event::ModifiersChanged(Modifiers::SHIFT));
    let at = screen_of(view(&h), b);
    click(&mut h, at, Modifiers::SHIFT);
    assert_eq!(view(&h).selection.order, vec![a, b]);
    h.event(Event::ModifiersChanged(Modifiers::SHIFT));
    let at = screen_of(view(&h), a);
    click(&mut h, at, Modifiers::SHIFT);
    assert_eq!(view(&h).selection.order, vec![b]);
    // A click on empty canvas clears it.
    let empty = view(&h).viewport.left_bottom() + vec2(3.0, -3.0);
    let app = h.state_mut().as_mut().unwrap();
    assert!(node_at(app.state.view.as_mut().unwrap(), empty).is_none());
    click(&mut h, empty, Modifiers::NONE);
    assert!(view(&h).selection.order.is_empty());
    assert!(!view(&h).selection.flags[b as usize]);
}

#[test]
fn box_select_takes_exactly_the_nodes_inside() {
    let mut h = sample_app();
    let vp = view(&h).viewport;
    let from = vp.center() - vec2(120.0, 90.0);
    let to = vp.center() + vec2(150.0, 60.0);
    // Right-button drag draws the box.
    drag(&mut h, from, to, PointerButton::Secondary);
    let v = view(&h);
    let rect = egui::Rect::from_two_pos(from, to);
    let mut expected: Vec<u32> = (0..v.node_count() as u32)
        .filter(|&n| rect.contains(screen_of(v, n)))
        .collect();
    let mut got = v.selection.order.clone();
    got.sort_unstable();
    expected.sort_unstable();
    assert!(expected.len() > 5, "the box holds some nodes");
    assert_eq!(got, expected);
}

#[test]
fn dragging_a_node_moves_and_pins_it_in_the_layout() {
    let mut h = sample_app();
    let node = clickable_node(&mut h, &[]);
    let from = screen_of(view(&h), node);
    let to = from + vec2(90.0, -60.0);
    drag(&mut h, from, to, PointerButton::Primary);
    let v = view(&h);
    assert!(v.pinned[node as usize]);
    assert!(v.selection.order.is_empty(), "a drag is not a click");
    let target = v.camera.screen_to_world(v.viewport, to);
    // The runner publishes the moved position back; wait for it, then run the layout:
    // the pinned node must not move.
    let close = |v: &GraphView| {
        (v.x[node as usize] - target[0]).abs() < 1e-3 * target[0].abs().max(1.0)
            && (v.y[node as usize] - target[1]).abs() < 1e-3 * target[1].abs().max(1.0)
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !close(view(&h)) {
        assert!(
            Instant::now() < deadline,
            "the node is where it was dropped"
        );
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
    // Let the runner's own publication of the move arrive too.
    for _ in 0..5 {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(close(view(&h)));
    let target = [view(&h).x[node as usize], view(&h).y[node as usize]];
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(ioscope::state::command::Command::LayoutRun);
    let start_iteration = view(&h).layout.status.as_ref().unwrap().iteration;
    let deadline = Instant::now() + Duration::from_secs(30);
    while view(&h).layout.status.as_ref().unwrap().iteration < start_iteration + 20 {
        assert!(Instant::now() < deadline, "the layout runs");
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
    let v = view(&h);
    assert_eq!(v.x[node as usize], target[0]);
    assert_eq!(v.y[node as usize], target[1]);
}

/// Twelve accounts (four core), fixed seeded positions with two coincident nodes, a
/// self-loop and several edges between the same pair.
fn small_view() -> GraphView {
    use ioscope::graph::EdgeKind;
    use ioscope::model::{AccountId, Campaign, Dataset};
    use rand::{Rng, SeedableRng, rngs::SmallRng};
    let mut ds = Dataset::default();
    ds.campaigns.push(Campaign {
        name: "china_052020".to_owned(),
        country: "China".to_owned(),
    });
    for i in 0..12u64 {
        let a = ds.accounts.get_or_insert(AccountId::Numeric(1000 + i));
        if i < 4 {
            ds.accounts.mark_core(a, 0);
        }
    }
    let e = |src, dst, kind, weight| Edge {
        src,
        dst,
        kind,
        weight,
    };
    let edges = vec![
        e(0, 0, EdgeKind::Mention, 3),
        e(1, 2, EdgeKind::Retweet, 5),
        e(1, 2, EdgeKind::Mention, 2),
        e(2, 1, EdgeKind::Reply, 1),
        e(0, 1, EdgeKind::Retweet, 4),
        e(0, 3, EdgeKind::Retweet, 4),
        e(3, 4, EdgeKind::Quote, 1),
        e(4, 5, EdgeKind::Retweet, 2),
        e(5, 6, EdgeKind::Retweet, 1),
        e(6, 7, EdgeKind::Mention, 1),
        e(7, 8, EdgeKind::Retweet, 1),
        e(0, 9, EdgeKind::Retweet, 6),
        e(0, 10, EdgeKind::Retweet, 6),
        e(0, 11, EdgeKind::Retweet, 6),
    ];
    let network = Network::from_edges(12, edges);
    let mut rng = SmallRng::seed_from_u64(2020);
    let mut x: Vec<f32> = (0..12).map(|_| rng.random_range(0.0..100.0)).collect();
    let mut y: Vec<f32> = (0..12).map(|_| rng.random_range(0.0..60.0)).collect();
    x[5] = x[4];
    y[5] = y[4];
    let mut view = GraphView::with_positions(
        Arc::new(ds),
        Arc::new(network),
        ioscope::render::Palette::DARK,
        x,
        y,
    );
    view.set_style(Style {
        color_by: ColorBy::Role,
        ..Style::default()
    });
    view.select(&[0], false);
    view
}

/// The small graph's canvas in a 480 × 320 harness (optionally drawn through `renderer`),
/// applying the canvas's own commands as the app does.
fn small_harness(
    renderer: Option<egui_kittest::wgpu::WgpuTestRenderer>,
) -> Harness<'static, (GraphView, Option<CanvasState>)> {
    let mut builder = Harness::builder().with_size([480.0, 320.0]);
    if let Some(r) = renderer {
        builder = builder.renderer(r);
    }
    builder.build_ui_state(
        |ui, (view, canvas): &mut (GraphView, Option<CanvasState>)| {
            ui.ctx().set_visuals(egui::Visuals::dark());
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    for command in canvas_ui(ui, view, canvas) {
                        match command {
                            Command::SetViewport(rect) => view.set_viewport(rect),
                            Command::SetCamera(camera) => view.set_camera(camera),
                            _ => {}
                        }
                    }
                });
        },
        (small_view(), None),
    )
}

#[test]
fn small_graph_image_snapshot() {
    use egui_kittest::wgpu::{WgpuTestRenderer, create_render_state, default_wgpu_setup};
    // Always the same rasterizer: Mesa's llvmpipe through GL.
    let mut setup = default_wgpu_setup();
    if let eframe::egui_wgpu::WgpuSetup::CreateNew(new) = &mut setup {
        new.instance_descriptor.backends = eframe::egui_wgpu::wgpu::Backends::GL;
    }
    let render_state = create_render_state(setup, eframe::egui_wgpu::RendererOptions::PREDICTABLE);
    ioscope::render::gpu::GraphRenderer::register(&render_state, 1);
    let mut h = small_harness(Some(WgpuTestRenderer::from_render_state(render_state)));
    h.run_steps(3);
    // Every node is on the canvas, and the coincident pair shares one spot.
    let v = &h.state().0;
    for i in 0..12 {
        assert!(v.viewport.contains(screen_of(v, i)));
    }
    assert_eq!(screen_of(v, 4), screen_of(v, 5));
    // A little tolerance for rasterizer differences between CPUs (llvmpipe's SIMD
    // width); a missing node, edge, label or outline changes far more pixels.
    let options = egui_kittest::SnapshotOptions::new()
        .threshold(1.0)
        .max_failed_pixels(150);
    h.snapshot_options("small_graph", &options);
}

#[test]
fn zoomed_in_only_nodes_near_the_view_go_to_the_gpu() {
    use ioscope::graph::EdgeKind;
    use ioscope::model::Dataset;
    use ioscope::render::Camera;
    // 40,000 nodes on a 200 × 200 grid, a chain of edges.
    let n = 40_000u32;
    let edges = (1..n).map(|i| Edge {
        src: i - 1,
        dst: i,
        kind: EdgeKind::Retweet,
        weight: 1 + i % 5,
    });
    let network = Network::from_edges(n as usize, edges);
    let x: Vec<f32> = (0..n).map(|i| (i % 200) as f32 * 10.0).collect();
    let y: Vec<f32> = (0..n).map(|i| (i / 200) as f32 * 10.0).collect();
    let mut view = GraphView::with_positions(
        Arc::new(Dataset::default()),
        Arc::new(network),
        ioscope::render::Palette::DARK,
        x.clone(),
        y.clone(),
    );
    let viewport = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(800.0, 600.0));
    view.viewport = viewport;
    // Zoomed out: everything.
    let fit = Camera::fit(view.fit_bounds.unwrap(), viewport, 24.0);
    let (all, version) = view.nodes_for_view(&fit, viewport, 1.0);
    assert_eq!(all.len(), n as usize);
    assert_eq!(version, view.scene.nodes_version);
    // Zoomed in 20×: the nodes within reach of the view, in drawing order.
    let zoomed = Camera {
        center: [1000.0, 1000.0],
        scale: fit.scale * 20.0,
    };
    let node_scale = 2.0;
    let (near, v1) = view.nodes_for_view(&zoomed, viewport, node_scale);
    // By brute force, on screen: every node whose disc touches the viewport must be
    // drawn; none farther than the largest disc and its ring (a few points) may be.
    let distance_to_viewport = |i: u32| {
        let p = zoomed.world_to_screen(viewport, [x[i as usize], y[i as usize]]);
        let dx = (viewport.min.x - p.x).max(p.x - viewport.max.x).max(0.0);
        let dy = (viewport.min.y - p.y).max(p.y - viewport.max.y).max(0.0);
        dx.hypot(dy)
    };
    let largest = view.max_radius * node_scale;
    let got: Vec<u32> = near.iter().map(|i| i.node).collect();
    for i in 0..n {
        let drawn_radius = view.radius[i as usize] * node_scale;
        let d = distance_to_viewport(i);
        if d <= drawn_radius {
            assert!(got.contains(&i), "node {i} touches the view but is cut");
        }
        if got.contains(&i) {
            assert!(d <= largest + 8.0, "node {i} is {d} points away but drawn");
        }
    }
    assert!(
        !got.is_empty() && got.len() < n as usize / 50,
        "{} nodes",
        got.len()
    );
    // In drawing order.
    let order: std::collections::HashMap<u32, usize> = view
        .scene
        .nodes
        .iter()
        .enumerate()
        .map(|(k, i)| (i.node, k))
        .collect();
    assert!(got.windows(2).all(|w| order[&w[0]] < order[&w[1]]));
    assert_ne!(v1, view.scene.nodes_version);
    // The same view again reuses the cut (same version); a move makes a new one.
    assert_eq!(view.nodes_for_view(&zoomed, viewport, node_scale).1, v1);
    let moved = Camera {
        center: [1500.0, 1000.0],
        ..zoomed
    };
    assert_ne!(view.nodes_for_view(&moved, viewport, node_scale).1, v1);
}

/// The exported picture at 1× is the frame on screen: the same view drawn by the
/// window's code (the image snapshot above) and by the picture export match, pixel for
/// pixel within rasterizer noise; at 2× it is twice the size, with its resolution.
#[test]
fn the_picture_at_1x_is_the_frame_on_screen() {
    use ioscope::ui::canvas::picture;
    // The canvas as the snapshot test lays it out (its panel leaves a margin).
    let mut h = small_harness(None);
    h.run_steps(3);
    let view = &h.state().0;
    let rect = view.viewport;
    let gl = Some(eframe::egui_wgpu::wgpu::Backends::GL);
    let pic = picture::render_on(view, [rect.width(), rect.height()], 1.0, gl).unwrap();
    assert_eq!(
        (pic.width, pic.height),
        (rect.width() as u32, rect.height() as u32)
    );
    let file = std::fs::File::open(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/small_graph.png"),
    )
    .unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut snapshot = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut snapshot).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    // The canvas's part of the snapshot.
    let (x0, y0) = (rect.min.x as usize, rect.min.y as usize);
    let screen: Vec<u8> = (0..pic.height as usize)
        .flat_map(|y| {
            let start = ((y0 + y) * info.width as usize + x0) * 4;
            snapshot[start..start + pic.width as usize * 4]
                .iter()
                .copied()
        })
        .collect();
    let differing = pic
        .rgba
        .chunks_exact(4)
        .zip(screen.chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
        .count();
    assert!(
        differing <= pic.rgba.len() / 4 / 200,
        "{differing} pixels differ from the frame on screen"
    );
    // Something was drawn: many colours, not one background.
    let colours: std::collections::HashSet<&[u8]> = pic.rgba.chunks_exact(4).collect();
    assert!(colours.len() > 50, "{} colours", colours.len());
    // A still copy of the view (what the window's export draws from) draws the same.
    let copy = view.parts().into_view();
    let again = picture::render_on(&copy, [rect.width(), rect.height()], 1.0, gl).unwrap();
    assert!(again == pic, "a still copy draws the same picture");
    let big = picture::render_on(view, [rect.width(), rect.height()], 2.0, gl).unwrap();
    assert_eq!((big.width, big.height), (pic.width * 2, pic.height * 2));
    let png = picture::png_bytes(&big, 2.0).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let dims = reader.info().pixel_dims.unwrap();
    assert_eq!(dims.xppu, (96.0f32 * 2.0 / 0.0254).round() as u32);
}
