//! Saved views: a named picture of the work (camera, filter and time window, styles,
//! selection, caption, thumbnail) that the analyst steps through when presenting, and
//! the presentation's own state (which view is on screen, the camera's flight and the
//! fade between two filters).

use std::sync::Arc;

use base64::Engine as _;

use crate::filter::{FilterMode, FilterSpec};
use crate::render::gpu::{EdgeInstance, NodeInstance};
use crate::render::{Camera, Style};

/// How long moving from one view to the next takes (camera flight and fade), seconds.
pub const TRANSITION_SECONDS: f64 = 0.5;
/// Canvas text is this much larger while presenting.
pub const PRESENT_TEXT_SCALE: f32 = 1.6;
/// Width of a view's thumbnail in pixels.
pub const THUMBNAIL_WIDTH: f32 = 192.0;

/// The camera: the world point at the canvas's centre and points per world unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedCamera {
    pub center: [f32; 2],
    pub scale: f32,
}

impl From<Camera> for SavedCamera {
    fn from(c: Camera) -> Self {
        Self {
            center: c.center,
            scale: c.scale,
        }
    }
}

impl From<SavedCamera> for Camera {
    fn from(c: SavedCamera) -> Self {
        Self {
            center: c.center,
            scale: c.scale,
        }
    }
}

/// One saved view.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SavedView {
    /// Identity within the session (new for each view).
    pub id: u64,
    pub name: String,
    pub caption: String,
    pub camera: SavedCamera,
    /// The canvas's size (points) when the view was captured: a canvas of another size
    /// shows the same part of the network ([`Self::camera_for`]).
    pub viewport: [f32; 2],
    /// The filter, its time window included.
    pub filter: FilterSpec,
    pub filter_mode: FilterMode,
    pub style: Style,
    /// Selected (highlighted) nodes, in the order they were selected.
    pub selection: Vec<u32>,
    /// A small PNG of the canvas (empty until drawn), base64 in the session's JSON.
    #[serde(with = "base64_bytes")]
    pub thumbnail: Vec<u8>,
}

impl SavedView {
    /// The camera that shows this view's part of the network on a canvas of `size`
    /// points: the saved camera itself on a canvas of the saved size, otherwise scaled
    /// so that the saved visible area fits.
    pub fn camera_for(&self, size: [f32; 2]) -> Camera {
        camera_on(self.camera.into(), self.viewport, size)
    }
}

/// `camera`, set for a canvas of `from` points, on a canvas of `size` points: the same
/// centre, zoomed so that the same area fits.
fn camera_on(camera: Camera, from: [f32; 2], size: [f32; 2]) -> Camera {
    let [w, h] = from;
    if size == from || !(w > 0.0 && h > 0.0) || !(size[0] > 0.0 && size[1] > 0.0) {
        return camera;
    }
    Camera {
        scale: camera.scale * (size[0] / w).min(size[1] / h),
        ..camera
    }
}

/// Bytes as a base64 string in JSON.
mod base64_bytes {
    use base64::Engine as _;

    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

/// A thumbnail as base64 (for tests and tools that inspect sessions).
pub fn thumbnail_base64(view: &SavedView) -> String {
    base64::engine::general_purpose::STANDARD.encode(&view.thumbnail)
}

/// The camera flying from one view to the next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    pub from: Camera,
    /// The view's camera, for a canvas of `to_viewport` points (the canvas may change
    /// size on the way, as when presenting hides the panels).
    pub to: Camera,
    pub to_viewport: [f32; 2],
    /// When it started (the UI's clock, seconds).
    pub start: f64,
}

impl Flight {
    /// The camera at `now` on a canvas of `size` points, and whether the flight is
    /// over (then exactly the view's camera for that canvas).
    pub fn at(&self, now: f64, size: [f32; 2]) -> (Camera, bool) {
        let to = camera_on(self.to, self.to_viewport, size);
        let t = ((now - self.start) / TRANSITION_SECONDS) as f32;
        if t >= 1.0 {
            return (to, true);
        }
        (self.from.toward(&to, crate::render::camera::ease(t)), false)
    }
}

/// Accounts fading between two filters: the instances drawn before and after.
#[derive(Clone, Debug)]
pub struct Fade {
    pub from: (Arc<Vec<NodeInstance>>, Arc<Vec<EdgeInstance>>),
    pub to: (Arc<Vec<NodeInstance>>, Arc<Vec<EdgeInstance>>),
    pub start: f64,
}

/// Presenting: which view is on screen, and what the layout was doing before.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presenting {
    /// The view shown (`None`: the work as it was, when there are no views).
    pub index: Option<usize>,
    /// The layout ran before presenting (it runs again afterwards).
    pub layout_was_running: bool,
    /// Show the activity strip under the canvas.
    pub activity_strip: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_shows_the_same_area_on_a_canvas_of_another_size() {
        let view = SavedView {
            camera: SavedCamera {
                center: [3.0, 4.0],
                scale: 2.0,
            },
            viewport: [400.0, 300.0],
            ..SavedView::default()
        };
        assert_eq!(view.camera_for([400.0, 300.0]), Camera::from(view.camera));
        let big = view.camera_for([800.0, 900.0]);
        assert_eq!(big.center, [3.0, 4.0]);
        assert_eq!(big.scale, 4.0, "the width limits");
    }

    #[test]
    fn thumbnails_travel_as_base64_in_json() {
        let view = SavedView {
            name: "Доклад 报告".into(),
            thumbnail: vec![0, 1, 2, 250, 255],
            ..SavedView::default()
        };
        let json = serde_json::to_string(&view).expect("serialises");
        assert!(json.contains(&thumbnail_base64(&view)), "{json}");
        let back: SavedView = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, view);
    }

    #[test]
    fn a_flight_ends_exactly_on_its_camera() {
        let f = Flight {
            from: Camera::default(),
            to: Camera {
                center: [1.0, 2.0],
                scale: 3.0,
            },
            to_viewport: [100.0, 100.0],
            start: 10.0,
        };
        let size = [100.0, 100.0];
        assert_eq!(f.at(10.0, size), (Camera::default(), false));
        let (mid, done) = f.at(10.0 + TRANSITION_SECONDS / 2.0, size);
        assert!(!done && mid != f.from && mid != f.to);
        assert_eq!(f.at(10.0 + TRANSITION_SECONDS, size), (f.to, true));
        // The canvas doubled on the way: the same area, twice the zoom.
        let (end, _) = f.at(11.0, [200.0, 300.0]);
        assert_eq!(end.scale, 6.0);
    }
}
