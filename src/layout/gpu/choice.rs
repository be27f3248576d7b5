//! Where the layout's forces are computed: the CPU or a GPU, as the user (through
//! `IOSCOPE_LAYOUT_DEVICE`) and the graph's size say.

use super::device::is_hardware;
use super::forces::GpuForces;

/// Graphs with fewer nodes are laid out on the CPU unless the GPU is asked for: their
/// iterations take a few milliseconds there, about what a GPU round trip costs.
pub const GPU_MIN_NODES: usize = 20_000;

/// Where the layout's forces are computed, as `IOSCOPE_LAYOUT_DEVICE` says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeviceChoice {
    /// A real GPU (not a software rasterizer) for graphs of at least
    /// [`GPU_MIN_NODES`] nodes, else the CPU (unset, or `auto`).
    #[default]
    Auto,
    /// Always the CPU (`cpu`): bit-identical layouts for any number of threads.
    Cpu,
    /// Any adapter, software ones too, for any graph (`gpu`).
    Gpu,
}

impl DeviceChoice {
    /// `auto`, `cpu` or `gpu` (any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Some(Self::Auto),
            "cpu" => Some(Self::Cpu),
            "gpu" => Some(Self::Gpu),
            _ => None,
        }
    }

    /// The choice `IOSCOPE_LAYOUT_DEVICE` makes (auto when unset or unreadable).
    pub fn from_env() -> Self {
        std::env::var("IOSCOPE_LAYOUT_DEVICE")
            .ok()
            .and_then(|v| Self::parse(&v))
            .unwrap_or_default()
    }

    /// Whether a graph of `nodes` nodes is worth opening a GPU for.
    pub fn wants_gpu(self, nodes: usize) -> bool {
        match self {
            Self::Auto => nodes >= GPU_MIN_NODES,
            Self::Cpu => false,
            Self::Gpu => nodes > 0,
        }
    }

    /// The GPU to lay out with, as this choice says: `Ok(None)` when the CPU is the
    /// choice (for [`Self::Auto`], also when the only adapter is a software one or
    /// none opens).
    pub fn open(self) -> Result<Option<GpuForces>, String> {
        match self {
            Self::Cpu => Ok(None),
            Self::Gpu => GpuForces::open(None).map(Some),
            Self::Auto => Ok(GpuForces::open(None)
                .ok()
                .filter(|g| is_hardware(g.adapter()))),
        }
    }
}
