//! Force-directed layout: ForceAtlas2 (Jacomy, Venturini, Heymann, Bastian, PLoS ONE
//! 2014) with Barnes-Hut repulsion, written for archive-scale networks (175,000 nodes,
//! a million edges): structure-of-arrays state, a Morton-ordered quadtree rebuilt each
//! iteration, per-node force gathering in parallel (rayon) with no shared writes, and
//! fixed-order reductions, so that the same graph, parameters and seed give
//! bit-identical positions whatever the number of threads.
//!
//! [`ForceAtlas2`] is the engine ([`fa2`]; its SIMD loops in [`lanes`], its tree in
//! [`quadtree`], walked by [`walk`], a target's far field in [`expansion`]); [`graph::LayoutGraph`] its input; [`runner::LayoutRunner`] runs it on
//! a named thread that owns the positions and publishes snapshots; [`handle`] is a
//! view's handle on a runner; [`multilevel`] gives big graphs a coarse-to-fine start;
//! [`quality`] measures a layout; [`gpu`] computes the forces with a wgpu compute
//! shader when a real GPU is there.

pub mod expansion;
pub mod fa2;
pub mod forces;
pub mod gpu;
pub mod graph;
pub mod handle;
pub mod lane_inputs;
pub mod lanes;
#[cfg(target_arch = "x86_64")]
pub mod lanes_avx2;
pub mod multilevel;
pub mod params;
pub mod quadtree;
pub mod quality;
pub mod runner;
pub mod walk;

pub use fa2::{ForceAtlas2, Params, PhaseTimes};
pub use graph::LayoutGraph;
pub use handle::{LayoutHandle, LayoutRequest, LayoutStatus};
