//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod ui;

use std::path::{Path, PathBuf};

use ioscope::io::{Input, LoadOptions, Progress};
use ioscope::state::{Loaded, load_all};

/// Runs the `ioscope` binary: exit code, standard output, standard error.
pub fn ioscope(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ioscope"))
        .args(args)
        .output()
        .expect("run ioscope");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `command` (the `ioscope` binary, set up by the caller), asserts it succeeded
/// and parses its standard output as JSON.
pub fn json_of(command: &mut std::process::Command) -> serde_json::Value {
    let out = command.output().expect("run ioscope");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

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
