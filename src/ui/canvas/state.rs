//! The canvas widget's own state (the drag in progress, the hovered node, the level of
//! detail's memory), kept between frames for one view, and where a node lands on
//! screen.

use egui::Pos2;

use crate::render::camera::Camera;
use crate::render::lod::LodState;
use crate::render::view::GraphView;

/// What a drag on the canvas is doing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CanvasDrag {
    Pan,
    /// Moving (and pinning) a node.
    Node(u32),
    /// A selection box from `start` (screen points); `add` keeps the selection.
    Box {
        start: Pos2,
        add: bool,
    },
}

/// The canvas widget's own state, kept between frames for one view.
#[derive(Clone, Debug)]
pub struct CanvasState {
    /// The view this state belongs to (a new view starts afresh).
    pub view_id: u64,
    pub drag: Option<CanvasDrag>,
    pub hovered: Option<u32>,
    pub lod: LodState,
    /// Leave the background unpainted (a picture with a transparent background).
    pub transparent_background: bool,
}

impl CanvasState {
    pub fn for_view(view: &GraphView) -> Self {
        Self {
            view_id: view.id,
            drag: None,
            hovered: None,
            lod: LodState::new(view.scene.edges.len()),
            transparent_background: false,
        }
    }
}

/// Screen position of node `node` for `camera` in `rect` (`None` for no such node).
pub fn screen_of(view: &GraphView, camera: &Camera, rect: egui::Rect, node: u32) -> Option<Pos2> {
    let i = node as usize;
    Some(camera.world_to_screen(rect, [*view.x.get(i)?, *view.y.get(i)?]))
}
