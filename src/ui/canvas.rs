//! The graph canvas widget: draws the network through the GPU paint callback, then
//! labels, legend and the box-selection rectangle on top, and turns pointer and keys
//! into actions. The camera (pan, zoom) is the widget's own view state and changes
//! here; selection, node moves and layout control go back to the app as [`Command`]s.
//!
//! Mouse: drag to pan, wheel or pinch to zoom at the cursor, click a node to select it
//! (Shift+click adds or removes), drag a node to move and pin it, Shift+drag or drag
//! with the right button to box-select (Shift adds to the selection). Keys (when no text
//! field has focus): F fits all, Z zooms to the selection, + and − zoom, Space runs or
//! pauses the layout.

use egui::{FontId, Key, PointerButton, Pos2, Rect, Sense, Stroke, Ui, vec2};

use crate::command::Command;
use crate::layout::runner::RunState;
use crate::render::camera::{Bounds, Camera};
use crate::render::gpu::{Frame, FrameView, LayerMode, paint_callback};
use crate::render::labels;
use crate::render::view::{CanvasDrag, GraphView};
use crate::render::{ColorBy, EdgeColorBy, SizeBy, density_alpha};

/// Edge width in points.
const EDGE_WIDTH: f32 = 1.0;
/// Extra reach of the pointer around a node, in points.
const HIT_SLOP: f32 = 4.0;
/// How long after the last pan or zoom the view still counts as moving (seconds).
const INTERACTION_GRACE: f64 = 0.3;
/// Frames slower than this thin the edges while interacting; faster ones restore them.
const SLOW_FRAME: f32 = 1.0 / 25.0;
const FAST_FRAME: f32 = 1.0 / 50.0;
/// The level of detail never draws fewer than these (the strongest edges, the most
/// important nodes).
pub const MIN_LOD_EDGES: u32 = 20_000;
const MIN_LOD_NODES: u32 = 20_000;

/// `fraction` of `total`, but at least `min` (or all when there are fewer).
fn lod_share(total: u32, fraction: f32, min: u32) -> u32 {
    ((total as f32 * fraction) as u32).max(min).min(total)
}

/// Node radii for the current camera (see [`GraphView::node_scale_at`]).
pub fn node_scale(view: &GraphView) -> f32 {
    view.node_scale_at(&view.camera, view.viewport)
}

/// The node under a screen point, if any.
pub fn node_at(view: &mut GraphView, pos: Pos2) -> Option<u32> {
    let scale = view.camera.scale;
    let node_scale = node_scale(view);
    let reach = view.max_radius * node_scale + HIT_SLOP;
    let world = view.camera.screen_to_world(view.viewport, pos);
    let index = view.hit_index();
    let node = index.nearest(world, reach / scale)?;
    let radius = view
        .radius
        .get(node as usize)
        .map_or(0.0, |r| r * node_scale);
    let at = view.camera.world_to_screen(
        view.viewport,
        [view.x[node as usize], view.y[node as usize]],
    );
    (at.distance(pos) <= radius + HIT_SLOP).then_some(node)
}

/// The toolbar above the canvas: layout control and styles.
pub fn toolbar_ui(ui: &mut Ui, view: &GraphView) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let running = view.layout.is_some_and(|l| l.state == RunState::Running);
        let (label, command) = if running {
            ("Pause layout", Command::LayoutPause)
        } else {
            ("Run layout", Command::LayoutRun)
        };
        if ui
            .add_enabled(view.has_layout(), egui::Button::new(label))
            .on_hover_text("Space")
            .clicked()
        {
            out.push(command);
        }
        if ui
            .add_enabled(view.has_layout(), egui::Button::new("Restart"))
            .on_hover_text("New random start positions")
            .clicked()
        {
            out.push(Command::LayoutReset);
        }
        if let Some(l) = view.layout {
            let state = match l.state {
                RunState::Running => format!("{:.0} it/s", l.iterations_per_second),
                RunState::Paused => "paused".to_owned(),
                RunState::Converged => "settled".to_owned(),
            };
            ui.label(format!("iteration {} · {state}", l.iteration));
        }
        ui.separator();
        let mut style = view.style;
        combo(ui, "Colour", &mut style.color_by, &ColorBy::ALL, |c| {
            c.label()
        });
        combo(ui, "Size", &mut style.size_by, &SizeBy::ALL, SizeBy::label);
        combo(
            ui,
            "Edges",
            &mut style.edge_color_by,
            &EdgeColorBy::ALL,
            EdgeColorBy::label,
        );
        if style != view.style {
            out.push(Command::SetStyle(style));
        }
        ui.separator();
        if ui.button("Fit").on_hover_text("F").clicked() {
            out.push(Command::FitAll);
        }
        if ui
            .add_enabled(
                !view.selection.is_empty(),
                egui::Button::new("Zoom to selection"),
            )
            .on_hover_text("Z")
            .clicked()
        {
            out.push(Command::ZoomToSelection);
        }
    });
    out
}

fn combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) {
    ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &v in all {
                ui.selectable_value(value, v, name(v));
            }
        });
}

/// The canvas. Returns the commands of this frame's clicks, drags and keys.
pub fn canvas_ui(ui: &mut Ui, view: &mut GraphView) -> Vec<Command> {
    let mut out = Vec::new();
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    view.viewport = rect;
    let palette = view.palette;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, palette.canvas_background());
    if view.auto_fit
        && let Some(b) = view.fit_bounds
    {
        view.camera = Camera::fit(b, rect, 24.0);
    }
    let now = ui.input(|i| i.time);
    let mut moved = false;

    // Zoom at the cursor (wheel, pinch) and keys.
    let pointer = ui.input(|i| i.pointer.hover_pos());
    if let Some(p) = pointer.filter(|p| rect.contains(*p)) {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (scroll * 0.002).exp() * zoom;
        if (factor - 1.0).abs() > 1e-4 {
            view.camera.zoom_at(rect, p, factor);
            view.auto_fit = false;
            moved = true;
        }
    }
    if !ui.ctx().egui_wants_keyboard_input() {
        let keys = ui.input(|i| {
            [
                i.key_pressed(Key::F),
                i.key_pressed(Key::Z),
                i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
                i.key_pressed(Key::Minus),
                i.key_pressed(Key::Space),
            ]
        });
        if keys[0] {
            out.push(Command::FitAll);
        }
        if keys[1] {
            out.push(Command::ZoomToSelection);
        }
        for (pressed, factor) in [(keys[2], 1.25), (keys[3], 0.8)] {
            if pressed {
                view.camera.zoom_at(rect, rect.center(), factor);
                view.auto_fit = false;
                moved = true;
            }
        }
        if keys[4] {
            let running = view.layout.is_some_and(|l| l.state == RunState::Running);
            out.push(if running {
                Command::LayoutPause
            } else {
                Command::LayoutRun
            });
        }
    }

    // Drags: a node, the view, or a selection box.
    let shift = ui.input(|i| i.modifiers.shift);
    if response.drag_started() {
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .unwrap_or(rect.center());
        view.drag = Some(if response.drag_started_by(PointerButton::Secondary) {
            CanvasDrag::Box {
                start: origin,
                add: shift,
            }
        } else if shift {
            CanvasDrag::Box {
                start: origin,
                add: true,
            }
        } else if let Some(node) = node_at(view, origin) {
            CanvasDrag::Node(node)
        } else {
            CanvasDrag::Pan
        });
    }
    let pointer_pos = response.interact_pointer_pos().or(pointer);
    match view.drag {
        Some(CanvasDrag::Pan) if response.dragged() => {
            view.camera.pan(response.drag_delta());
            view.auto_fit = false;
            moved = true;
        }
        Some(CanvasDrag::Node(node)) if response.dragged() => {
            if let Some(p) = pointer_pos {
                let [x, y] = view.camera.screen_to_world(rect, p);
                out.push(Command::MoveNode { node, x, y });
            }
        }
        _ => {}
    }
    if let Some(CanvasDrag::Box { start, add }) = view.drag
        && let Some(end) = pointer_pos
    {
        let r = Rect::from_two_pos(start, end);
        if response.drag_stopped() {
            let a = view.camera.screen_to_world(rect, r.min);
            let b = view.camera.screen_to_world(rect, r.max);
            let nodes = view.hit_index().in_rect(Bounds { min: a, max: b });
            out.push(Command::Select { nodes, add });
        } else {
            painter.rect(
                r,
                0.0,
                palette.box_select_fill(),
                Stroke::new(1.0, palette.box_select_stroke()),
                egui::StrokeKind::Inside,
            );
        }
    }
    if response.drag_stopped() || !ui.input(|i| i.pointer.any_down()) && !response.dragged() {
        view.drag = None;
    }

    // Clicks select.
    if response.clicked()
        && let Some(p) = pointer_pos
    {
        match node_at(view, p) {
            Some(node) if shift => out.push(Command::ToggleSelected(node)),
            Some(node) => out.push(Command::Select {
                nodes: vec![node],
                add: false,
            }),
            None if !shift => out.push(Command::ClearSelection),
            None => {}
        }
    }

    // Hover.
    view.hovered = match pointer {
        Some(p) if rect.contains(p) && view.drag.is_none() => node_at(view, p),
        _ => None,
    };

    // Level of detail: thin the edges while moving, full detail when still.
    if moved || view.drag.is_some() {
        view.interacting_until = now + INTERACTION_GRACE;
    }
    let layout_running = view.layout.is_some_and(|l| l.state == RunState::Running);
    let interacting = now < view.interacting_until || layout_running;
    let total_edges = view.scene.edges.len() as u32;
    let total_nodes = view.scene.nodes.len() as u32;
    let dt = ui.input(|i| i.unstable_dt);
    let (edge_count, node_count) = if interacting {
        if dt > SLOW_FRAME {
            view.lod_fraction = (view.lod_fraction * 0.7).max(0.001);
        } else if dt < FAST_FRAME {
            view.lod_fraction = (view.lod_fraction * 1.25).min(1.0);
        }
        if now < view.interacting_until {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(INTERACTION_GRACE));
        }
        (
            lod_share(total_edges, view.lod_fraction, MIN_LOD_EDGES),
            lod_share(total_nodes, view.lod_fraction, MIN_LOD_NODES),
        )
    } else {
        (total_edges, total_nodes)
    };

    // Software renderers keep full-detail edges in a texture while only the camera moves.
    let positions_moving = layout_running || matches!(view.drag, Some(CanvasDrag::Node(_)));
    let layer = if positions_moving {
        LayerMode::Direct
    } else if interacting {
        LayerMode::Reuse
    } else {
        LayerMode::Refresh
    };
    let node_scale = node_scale(view);
    let visible_fraction = match view.bounds {
        Some(b) => {
            let v = view.camera.visible_world(rect);
            let [vw, vh] = v.size();
            let [bw, bh] = b.size();
            (vw * vh) / (bw.max(1e-6) * bh.max(1e-6))
        }
        None => 1.0,
    };
    let edge_alpha = density_alpha(
        edge_count,
        view.mean_edge_length * view.camera.scale,
        EDGE_WIDTH,
        rect.area(),
        visible_fraction,
    );
    // Zoomed in on a big network, only the nodes near the viewport go to the GPU.
    let camera = view.camera;
    let (nodes, nodes_version) = view.nodes_for_view(&camera, rect, node_scale);
    let node_count = node_count.min(nodes.len() as u32);
    let mut scene = view.scene.clone();
    scene.nodes = nodes;
    scene.nodes_version = nodes_version;
    let frame = Frame {
        scene,
        view: FrameView {
            center: view.camera.center,
            scale: view.camera.scale,
            viewport: [rect.width(), rect.height()],
            pixels_per_point: ui.ctx().pixels_per_point(),
            node_scale,
            edge_width: EDGE_WIDTH,
            edge_alpha,
            edge_count,
            edge_lines: interacting,
            node_count,
            layer,
            layer_chunk: view.layer_chunk,
            hovered: view.hovered,
            selection_color: palette.selection(),
            hover_color: palette.hover(),
        },
        layer_pending: Some(std::sync::Arc::clone(&view.layer_pending)),
    };
    if view
        .layer_pending
        .load(std::sync::atomic::Ordering::Relaxed)
    {
        // The edge layer is still being refined: keep drawing, in steps that keep the
        // frame rate up.
        ui.ctx().request_repaint();
        if dt > SLOW_FRAME {
            view.layer_chunk = (view.layer_chunk / 2).max(5_000);
        } else if dt < FAST_FRAME {
            view.layer_chunk = view.layer_chunk.saturating_mul(2).min(1_000_000);
        }
    }
    painter.add(paint_callback(rect, frame));
    draw_labels(ui, &painter, view, rect, node_scale);
    draw_legend(&painter, view, rect);
    if let Some(node) = view.hovered {
        response.on_hover_ui_at_pointer(|ui| node_tooltip(ui, view, node));
    }
    out
}

fn draw_labels(ui: &Ui, painter: &egui::Painter, view: &GraphView, rect: Rect, node_scale: f32) {
    let font = FontId::proportional(12.0);
    let text_color = view.palette.label_text();
    let accounts = &view.dataset.accounts;
    let network = &view.network;
    let inner = rect.shrink(2.0);
    let candidates = view
        .selection
        .iter()
        .chain(view.hovered.iter())
        .chain(network.by_importance.iter())
        .filter(|&&i| !view.filtered_out.get(i as usize).copied().unwrap_or(false))
        .filter_map(|&i| {
            let (x, y) = (*view.x.get(i as usize)?, *view.y.get(i as usize)?);
            let at = view.camera.world_to_screen(rect, [x, y]);
            let radius = view.radius.get(i as usize)? * node_scale;
            Some((i, at, radius))
        });
    let mut galleys = Vec::new();
    let placed = labels::place(candidates, inner, |node| {
        let account = *network.account.get(node as usize)?;
        if account as usize >= accounts.len() {
            return None;
        }
        let galley = ui.fonts_mut(|f| {
            f.layout_no_wrap(
                short_label(accounts.label(account)),
                font.clone(),
                text_color,
            )
        });
        let size = galley.size();
        galleys.push((node, galley));
        Some(size)
    });
    for label in placed {
        if let Some((_, galley)) = galleys.iter().find(|(n, _)| *n == label.node) {
            painter.rect_filled(label.rect, 2.0, view.palette.label_halo());
            painter.galley(label.rect.min + vec2(1.0, 1.0), galley.clone(), text_color);
        }
    }
}

/// Labels longer than this many characters (hashed ids) are cut.
const LABEL_CHARS: usize = 18;

fn short_label(mut label: String) -> String {
    if let Some((cut, _)) = label.char_indices().nth(LABEL_CHARS) {
        label.truncate(cut);
        label.push('…');
    }
    label
}

fn draw_legend(painter: &egui::Painter, view: &GraphView, rect: Rect) {
    if view.legend.is_empty() {
        return;
    }
    let font = FontId::proportional(12.0);
    let row = 16.0;
    let color = view.palette.label_text();
    let galleys: Vec<_> = view
        .legend
        .iter()
        .map(|entry| {
            painter.layout_no_wrap(
                format!("{} ({})", entry.label, super::thousands(entry.count)),
                font.clone(),
                color,
            )
        })
        .collect();
    let width = galleys.iter().map(|g| g.size().x).fold(0.0, f32::max) + 32.0;
    let height = row * galleys.len() as f32 + 8.0;
    let box_rect = Rect::from_min_size(rect.min + vec2(8.0, 8.0), vec2(width, height));
    painter.rect_filled(box_rect, 4.0, view.palette.label_halo());
    for (i, (entry, galley)) in view.legend.iter().zip(galleys).enumerate() {
        let y = box_rect.min.y + 4.0 + row * (i as f32 + 0.5);
        painter.circle_filled(Pos2::new(box_rect.min.x + 12.0, y), 5.0, entry.color);
        let at = Pos2::new(box_rect.min.x + 24.0, y - galley.size().y / 2.0);
        painter.galley(at, galley, color);
    }
}

fn node_tooltip(ui: &mut Ui, view: &GraphView, node: u32) {
    let Some(&account) = view.network.account.get(node as usize) else {
        return;
    };
    let ds = &view.dataset;
    let a = &ds.accounts;
    if account as usize >= a.len() {
        return;
    }
    ui.strong(a.label(account));
    let display = &a.display_name[account as usize];
    if !display.is_empty() {
        ui.label(display.as_ref());
    }
    let campaign = a
        .campaign(account)
        .and_then(|c| ds.campaigns.get(c as usize));
    match campaign {
        Some(c) => ui.label(format!("{} · core account of {}", c.country, c.name)),
        None => ui.label("outside account (interacted with the core)"),
    };
    let lang = a.language.get(account as usize).copied().unwrap_or(0);
    if lang != 0 {
        ui.label(format!("language {}", ds.strings.languages.resolve(lang)));
    }
    ui.label(format!(
        "degree {} · {} interactions",
        super::thousands(u64::from(view.network.degree[node as usize])),
        super::thousands(view.network.interactions[node as usize])
    ));
    if view.pinned.get(node as usize).copied().unwrap_or(false) {
        ui.weak("pinned (moved by hand)");
    }
}
