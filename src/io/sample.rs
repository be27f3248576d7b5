//! The bundled sample dataset: a scaled-down synthetic release (written by `ioscope synth`),
//! compressed in `assets/sample.zip` and embedded in the binary, so that ioscope opens
//! something real when started without a file.

use std::sync::Arc;

use super::input::Input;

/// Seed and scale the bundled sample was written with
/// (`ioscope synth --seed 2020 --scale 0.02 -o assets/sample.zip`).
pub const SAMPLE_SEED: u64 = 2020;
pub const SAMPLE_SCALE: f64 = 0.02;
pub const SAMPLE_NAME: &str = "sample.zip";

static SAMPLE_ZIP: &[u8] = include_bytes!("../../assets/sample.zip");

/// The sample as a loader input.
pub fn sample_input() -> Input {
    Input::Bytes {
        name: SAMPLE_NAME.to_owned(),
        bytes: Arc::from(SAMPLE_ZIP),
    }
}

/// Size of the embedded archive in bytes.
pub fn sample_bytes() -> usize {
    SAMPLE_ZIP.len()
}
