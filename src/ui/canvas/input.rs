//! The canvas's input: wheel, pinch and keys zoom; drags pan, move a node or draw a
//! selection box; clicks select. Turns them into this frame's camera and
//! [`Command`]s, and finds the node under a point through the view's hit grid.

use egui::{Key, PointerButton, Pos2, Rect, Response, Ui};

use super::state::{CanvasDrag, CanvasState};
use crate::render::camera::{Bounds, Camera};
use crate::render::view::GraphView;
use crate::state::Command;

/// Extra reach of the pointer around a node, in points.
pub const HIT_SLOP_POINTS: f32 = 4.0;
/// Zoom factor per point of wheel scrolling (as an exponent).
const WHEEL_ZOOM_RATE: f32 = 0.002;
/// Zoom steps of the + and − keys.
const KEY_ZOOM_IN: f32 = 1.25;
const KEY_ZOOM_OUT: f32 = 0.8;
/// Zoom factors closer to 1 than this are no zoom.
const MIN_ZOOM_STEP: f32 = 1e-4;

/// The node under a screen point, for the view's own camera and viewport.
pub fn node_at(view: &GraphView, pos: Pos2) -> Option<u32> {
    node_at_with(view, &view.camera, view.viewport, pos)
}

/// The node under a screen point for `camera` in `rect`: the nearest within the
/// largest radius plus the slop, then only if its own disc (plus the slop) holds it.
pub fn node_at_with(view: &GraphView, camera: &Camera, rect: Rect, pos: Pos2) -> Option<u32> {
    let node_scale = view.node_scale_at(camera, rect);
    let reach = view.max_radius * node_scale + HIT_SLOP_POINTS;
    let world = camera.screen_to_world(rect, pos);
    let node = view.hit_index().nearest(world, reach / camera.scale)?;
    let radius = view
        .radius
        .get(node as usize)
        .map_or(0.0, |r| r * node_scale);
    let at = super::state::screen_of(view, camera, rect, node)?;
    (at.distance(pos) <= radius + HIT_SLOP_POINTS).then_some(node)
}

/// What this frame's input did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The camera moved (pan, zoom).
    pub camera_moved: bool,
    /// Something is being dragged (the view, a node, a box).
    pub dragging: bool,
}

/// Handles this frame's input: moves `camera` and pushes commands.
pub fn handle(
    ui: &Ui,
    response: &Response,
    rect: Rect,
    view: &GraphView,
    state: &mut CanvasState,
    camera: &mut Camera,
    out: &mut Vec<Command>,
) -> Outcome {
    let mut moved = zoom(ui, rect, camera);
    moved |= keys(ui, rect, view, camera, out);
    moved |= drags(ui, response, rect, view, state, camera, out);
    clicks(ui, response, rect, view, camera, out);
    Outcome {
        camera_moved: moved,
        dragging: state.drag.is_some(),
    }
}

/// Wheel and pinch zoom at the cursor.
fn zoom(ui: &Ui, rect: Rect, camera: &mut Camera) -> bool {
    let Some(p) = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| rect.contains(*p))
    else {
        return false;
    };
    let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
    let factor = (scroll * WHEEL_ZOOM_RATE).exp() * pinch;
    if (factor - 1.0).abs() > MIN_ZOOM_STEP {
        camera.zoom_at(rect, p, factor);
        true
    } else {
        false
    }
}

/// F, Z, +, − and Space, when no text field has the keyboard.
fn keys(
    ui: &Ui,
    rect: Rect,
    view: &GraphView,
    camera: &mut Camera,
    out: &mut Vec<Command>,
) -> bool {
    if ui.ctx().egui_wants_keyboard_input() {
        return false;
    }
    let [fit, zoom_sel, plus, minus, space] = ui.input(|i| {
        [
            i.key_pressed(Key::F),
            i.key_pressed(Key::Z),
            i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
            i.key_pressed(Key::Minus),
            i.key_pressed(Key::Space),
        ]
    });
    if fit {
        out.push(Command::FitAll);
    }
    if zoom_sel {
        out.push(Command::ZoomToSelection);
    }
    let mut moved = false;
    for (pressed, factor) in [(plus, KEY_ZOOM_IN), (minus, KEY_ZOOM_OUT)] {
        if pressed {
            camera.zoom_at(rect, rect.center(), factor);
            moved = true;
        }
    }
    if space {
        out.push(if view.layout.is_running() {
            Command::LayoutPause
        } else {
            Command::LayoutRun
        });
    }
    moved
}

/// Drags: a node, the view, or a selection box. Returns whether the view panned.
fn drags(
    ui: &Ui,
    response: &Response,
    rect: Rect,
    view: &GraphView,
    state: &mut CanvasState,
    camera: &mut Camera,
    out: &mut Vec<Command>,
) -> bool {
    let shift = ui.input(|i| i.modifiers.shift);
    if response.drag_started() {
        let origin = ui
            .input(|i| i.pointer.press_origin())
            .unwrap_or(rect.center());
        state.drag = Some(
            if response.drag_started_by(PointerButton::Secondary) || shift {
                CanvasDrag::Box {
                    start: origin,
                    add: shift,
                }
            } else if let Some(node) = node_at_with(view, camera, rect, origin) {
                CanvasDrag::Node(node)
            } else {
                CanvasDrag::Pan
            },
        );
    }
    let pointer = pointer_pos(ui, response);
    let mut panned = false;
    match state.drag {
        Some(CanvasDrag::Pan) if response.dragged() => {
            camera.pan(response.drag_delta());
            panned = true;
        }
        Some(CanvasDrag::Node(node)) if response.dragged() => {
            if let Some(p) = pointer {
                let [x, y] = camera.screen_to_world(rect, p);
                out.push(Command::MoveNode { node, x, y });
            }
        }
        Some(CanvasDrag::Box { start, add }) if response.drag_stopped() => {
            if let Some(end) = pointer {
                let r = Rect::from_two_pos(start, end);
                let a = camera.screen_to_world(rect, r.min);
                let b = camera.screen_to_world(rect, r.max);
                let nodes = view.hit_index().in_rect(Bounds { min: a, max: b });
                out.push(Command::Select { nodes, add });
            }
        }
        _ => {}
    }
    if response.drag_stopped() || !ui.input(|i| i.pointer.any_down()) && !response.dragged() {
        state.drag = None;
    }
    panned
}

/// The selection box being drawn, if any (screen points).
pub fn box_rect(ui: &Ui, response: &Response, state: &CanvasState) -> Option<Rect> {
    match state.drag {
        Some(CanvasDrag::Box { start, .. }) => {
            pointer_pos(ui, response).map(|end| Rect::from_two_pos(start, end))
        }
        _ => None,
    }
}

fn pointer_pos(ui: &Ui, response: &Response) -> Option<Pos2> {
    response
        .interact_pointer_pos()
        .or(ui.input(|i| i.pointer.hover_pos()))
}

/// Clicks select (Shift adds or removes); a click on empty canvas clears.
fn clicks(
    ui: &Ui,
    response: &Response,
    rect: Rect,
    view: &GraphView,
    camera: &Camera,
    out: &mut Vec<Command>,
) {
    if !response.clicked() {
        return;
    }
    let Some(p) = pointer_pos(ui, response) else {
        return;
    };
    let shift = ui.input(|i| i.modifiers.shift);
    match node_at_with(view, camera, rect, p) {
        Some(node) if shift => out.push(Command::ToggleSelected(node)),
        Some(node) => out.push(Command::Select {
            nodes: vec![node],
            add: false,
        }),
        None => match layer_pair_at(view, camera, rect, p) {
            // A coordination edge: its two accounts, and its evidence in the inspector.
            Some((a, b)) => {
                out.push(Command::Select {
                    nodes: vec![a, b],
                    add: false,
                });
                out.push(Command::ShowEvidence(a, b));
            }
            None if !shift => out.push(Command::ClearSelection),
            None => {}
        },
    }
}

/// The coordination layer's pair drawn under screen point `pos` (within a few points).
pub fn layer_pair_at(
    view: &GraphView,
    camera: &Camera,
    rect: Rect,
    pos: Pos2,
) -> Option<(u32, u32)> {
    let layer = view.layer.as_ref()?;
    let world = camera.screen_to_world(rect, pos);
    layer.pair_near(
        &view.x,
        &view.y,
        world,
        HIT_SLOP_POINTS / camera.scale,
        crate::render::edge_layer::MAX_LAYER_LINES,
        |n| view.hides(n as usize),
    )
}
