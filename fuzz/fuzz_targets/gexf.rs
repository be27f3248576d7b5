//! Any bytes as `network.gexf`: a dataset or an error, never a panic, hang or exhaustion.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ioscope_fuzz::load(&[("network.gexf", data)]));
