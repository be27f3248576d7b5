//! Any bytes as `fuzz_052020_tweets_csv_hashed.csv`: a dataset or an error, never a panic, hang or exhaustion.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ioscope_fuzz::load(&[("fuzz_052020_tweets_csv_hashed.csv", data)]));
