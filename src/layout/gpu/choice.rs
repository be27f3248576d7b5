//! Where the layout's forces are computed: the CPU or a GPU, as the user (through
//! `IOSCOPE_LAYOUT_DEVICE`) and the graph's size say.

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
            Self::Gpu => GpuForces::open(None, false).map(Some),
            Self::Auto => Ok(GpuForces::open(None, true).ok()),
        }
    }
}

/// Iterations timed on each device by [`Trial`].
pub const TRIAL_ITERATIONS: usize = 8;

/// How [`DeviceChoice::Auto`] makes sure a GPU it found is worth it (a small integrated
/// GPU can be slower than the processor's cores): the first [`TRIAL_ITERATIONS`]
/// iterations are timed on the CPU, the next ones on the GPU (the first of those, which
/// uploads the graph and compiles the shader, left out), and the GPU is kept only when
/// its median iteration is the faster. The iterations are the layout's own: nothing is
/// computed twice.
#[derive(Debug, Default)]
pub struct Trial {
    cpu_ms: Vec<f64>,
    gpu_ms: Vec<f64>,
}

impl Trial {
    /// Whether the next iteration is to run on the GPU.
    pub fn gpu_next(&self) -> bool {
        self.cpu_ms.len() >= TRIAL_ITERATIONS
    }

    /// Notes how long one iteration took, and where.
    pub fn record(&mut self, on_gpu: bool, ms: f64) {
        if on_gpu {
            self.gpu_ms.push(ms);
        } else {
            self.cpu_ms.push(ms);
        }
    }

    /// `Some(true)`: keep the GPU; `Some(false)`: the CPU is faster; `None`: not timed
    /// enough yet.
    pub fn verdict(&self) -> Option<bool> {
        if self.cpu_ms.len() < TRIAL_ITERATIONS || self.gpu_ms.len() <= TRIAL_ITERATIONS {
            return None;
        }
        Some(median(&self.gpu_ms[1..]) < median(&self.cpu_ms))
    }

    /// The medians so far (CPU, GPU without its first iteration), in milliseconds.
    pub fn medians(&self) -> (f64, f64) {
        (
            median(&self.cpu_ms),
            median(self.gpu_ms.get(1..).unwrap_or(&[])),
        )
    }
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trial_keeps_the_faster_device() {
        let run = |cpu: f64, gpu: f64| {
            let mut t = Trial::default();
            let mut verdict = None;
            for _ in 0..3 * TRIAL_ITERATIONS {
                let on_gpu = t.gpu_next();
                // The GPU's first iteration is slow (upload, compile): left out.
                let first = on_gpu && t.gpu_ms.is_empty();
                t.record(
                    on_gpu,
                    if first {
                        1000.0
                    } else if on_gpu {
                        gpu
                    } else {
                        cpu
                    },
                );
                verdict = verdict.or(t.verdict());
            }
            verdict
        };
        assert_eq!(run(30.0, 5.0), Some(true));
        assert_eq!(run(30.0, 45.0), Some(false));
        let mut t = Trial::default();
        assert!(!t.gpu_next());
        t.record(false, 1.0);
        assert_eq!(t.verdict(), None);
    }

    #[test]
    fn choices_parse() {
        assert_eq!(DeviceChoice::parse(" GPU "), Some(DeviceChoice::Gpu));
        assert_eq!(DeviceChoice::parse("cpu"), Some(DeviceChoice::Cpu));
        assert_eq!(DeviceChoice::parse(""), Some(DeviceChoice::Auto));
        assert_eq!(DeviceChoice::parse("tpu"), None);
        assert!(!DeviceChoice::Auto.wants_gpu(GPU_MIN_NODES - 1));
        assert!(DeviceChoice::Auto.wants_gpu(GPU_MIN_NODES));
        assert!(!DeviceChoice::Cpu.wants_gpu(1_000_000));
        assert!(DeviceChoice::Gpu.wants_gpu(1));
    }
}
