//! The graph canvas widget: draws the network through the GPU paint callback, then
//! labels, legend and the box-selection rectangle on top, and turns pointer and keys
//! into [`Command`]s (camera moves, selection, node moves, layout control): it reads
//! the [`GraphView`] and changes nothing but its own widget state ([`CanvasState`]).
//!
//! One frame: input → commands and this frame's camera ([`input`]), a level-of-detail
//! plan → the GPU frame ([`frame`]), then overlays ([`overlays`]). [`toolbar`] is the
//! row above it.
//!
//! Mouse: drag to pan, wheel or pinch to zoom at the cursor, click a node to select it
//! (Shift+click adds or removes), drag a node to move and pin it, Shift+drag or drag
//! with the right button to box-select (Shift adds to the selection). Keys (when no text
//! field has focus): F fits all, Z zooms to the selection, + and − zoom, Space runs or
//! pauses the layout.

pub mod frame;
pub mod input;
pub mod overlays;
pub mod picture;
pub mod state;
pub mod toolbar;

use egui::{Sense, Ui};

use crate::render::camera::Camera;
use crate::render::view::{FIT_MARGIN, GraphView};
use crate::state::Command;
pub use input::{HIT_SLOP_POINTS, node_at};
pub use state::{CanvasDrag, CanvasState, screen_of};
pub use toolbar::toolbar_ui;

/// The canvas: draws `view` and returns the commands of this frame's input. `state`
/// is reset when it belongs to another view.
pub fn canvas_ui(ui: &mut Ui, view: &GraphView, state: &mut Option<CanvasState>) -> Vec<Command> {
    let state = match state {
        Some(s) if s.view_id == view.id => s,
        slot => slot.insert(CanvasState::for_view(view)),
    };
    let mut out = Vec::new();
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    if rect != view.viewport {
        out.push(Command::SetViewport(rect));
    }
    let painter = ui.painter_at(rect);
    if !state.transparent_background {
        painter.rect_filled(rect, 0.0, view.palette.canvas_background());
    }
    // This frame's camera: the fit while auto-fit is on, moved by this frame's input.
    let mut camera = match view.fit_bounds {
        Some(b) if view.auto_fit => Camera::fit(b, rect, FIT_MARGIN),
        _ => view.camera,
    };
    let input = input::handle(ui, &response, rect, view, state, &mut camera, &mut out);
    if input.camera_moved {
        out.push(Command::SetCamera(camera));
    }
    if let Some(r) = input::box_rect(ui, &response, state) {
        overlays::draw_box(&painter, view.palette, r);
    }
    state.hovered = match ui.input(|i| i.pointer.hover_pos()) {
        Some(p) if rect.contains(p) && state.drag.is_none() => {
            input::node_at_with(view, &camera, rect, p)
        }
        _ => None,
    };
    let moving = input.camera_moved || input.dragging;
    let drawn = frame::paint(ui, &painter, view, state, &camera, rect, moving);
    overlays::draw_layer(&painter, view, &camera, rect);
    overlays::draw_labels(
        ui,
        &painter,
        view,
        &camera,
        rect,
        drawn.node_scale,
        state.hovered,
    );
    overlays::draw_legend(&painter, view, rect);
    overlays::draw_annotation(&painter, view, rect);
    if let Some(node) = state.hovered {
        response.on_hover_ui_at_pointer(|ui| overlays::node_tooltip(ui, view, node));
    }
    out
}
