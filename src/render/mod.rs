//! Drawing the account network. The GPU draws nodes and edges as instances inside
//! egui's wgpu render pass ([`gpu`], shaded by `gpu/graph.wgsl`); the CPU side decides
//! what to draw ([`style`]: colours, sizes, edges in level-of-detail order, legend),
//! how much of it a frame draws ([`lod`]), where the camera looks ([`camera`]), which
//! labels fit ([`labels`]) and which node is under the cursor ([`hit`]).
//! [`view::GraphView`] holds one dataset's view state, and [`offscreen`] renders without
//! a window (benchmarks). [`palette`] owns the colours; [`density`] the edge opacity; [`fade`] blends two stylings; [`fonts`] holds the fonts' bytes; [`raster`] draws
//! edges on the CPU for pictures on software adapters; [`edge_layer`] is a coordination
//! network drawn over the interactions or instead of them.

pub mod camera;
pub mod density;
pub mod edge_layer;
pub mod fade;
pub mod fonts;
pub mod gpu;
pub mod hit;
pub mod labels;
pub mod lod;
pub mod offscreen;
pub mod palette;
pub mod raster;
pub mod style;
pub mod view;

pub use camera::{Bounds, Camera};
pub use density::density_alpha;
pub use palette::Palette;
pub use style::{ColorBy, EdgeColorBy, SizeBy, Style};
pub use view::GraphView;
