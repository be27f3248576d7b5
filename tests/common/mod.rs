//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod ui;

use std::path::{Path, PathBuf};

use ioscope::io::{Input, LoadOptions, Progress};
use ioscope::state::{Loaded, load_all};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn load_paths_with(
    paths: &[PathBuf],
    options: &LoadOptions,
) -> Result<Loaded, ioscope::io::LoadError> {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
    load_all(&inputs, options, &Progress::default())
}

pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    load_paths_with(paths, &LoadOptions::default()).expect("load")
}

pub fn summary_json(loaded: &Loaded) -> serde_json::Value {
    serde_json::to_value(&loaded.summary).expect("json")
}

/// The bundled sample, loaded as the window loads it (without texts).
pub fn sample() -> Loaded {
    load_all(
        &[ioscope::io::sample::sample_input()],
        &LoadOptions::default(),
        &Progress::default(),
    )
    .expect("the sample loads")
}
