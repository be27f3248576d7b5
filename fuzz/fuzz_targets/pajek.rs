//! Any bytes as `network.net`: a dataset or an error, never a panic, hang or exhaustion.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ioscope_fuzz::load(&[("network.net", data)]));
