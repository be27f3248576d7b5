//! What every fuzz target does: bytes loaded as files of a given name, the whole load
//! (detection, parsing, the network, the summary), which must return a dataset or an
//! error, and never panic, hang or run out of memory.

use std::sync::Arc;

use ioscope::io::{Input, LoadOptions, Progress};

/// Loads `files` (name, bytes) together; the outcome is dropped.
pub fn load(files: &[(&str, &[u8])]) {
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, bytes)| Input::Bytes {
            name: (*name).to_owned(),
            bytes: Arc::from(*bytes),
        })
        .collect();
    let options = LoadOptions {
        ignore_memory: true,
        keep_text: true,
        ..LoadOptions::default()
    };
    let _ = ioscope::state::load_all(&inputs, &options, &Progress::default());
}
