//! Any bytes as Twitter API JSON lines (twarc): a dataset or an error, never a panic,
//! hang or exhaustion.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ioscope_fuzz::load(&[("tweets.jsonl", data)]));
