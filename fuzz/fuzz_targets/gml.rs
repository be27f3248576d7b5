//! Any bytes as `network.gml`: a dataset or an error, never a panic, hang or exhaustion.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ioscope_fuzz::load(&[("network.gml", data)]));
