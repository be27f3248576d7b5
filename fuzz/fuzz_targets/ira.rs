//! Any bytes as a FiveThirtyEight IRA tweets file: a dataset or an error, never a panic,
//! hang or exhaustion.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ioscope_fuzz::load(&[("IRAhandle_tweets_1.csv", data)]));
