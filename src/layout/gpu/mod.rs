//! The GPU side of the layout: ForceAtlas2's forces as a wgpu compute shader
//! ([`forces::GpuForces`], shader `fa2.wgsl`), and the wgpu device helpers every GPU
//! user of the app shares (opening a device of its own with no window, waiting for a
//! submission).
//!
//! The engine ([`super::ForceAtlas2`]) keeps the tree, the adaptive speed and the
//! positions on the CPU; with a GPU attached, each iteration's forces (the tree walk,
//! the attraction along every edge, gravity) are computed there instead.

pub mod choice;
pub mod device;
pub mod forces;

pub use choice::{DeviceChoice, GPU_MIN_NODES, TRIAL_ITERATIONS, Trial};
pub use device::{device, is_hardware, wait};
pub use forces::GpuForces;
