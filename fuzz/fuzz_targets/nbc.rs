//! Any bytes as NBC News users.csv and tweets.csv opened together (the first byte says
//! where the rest is cut in two): a dataset or an error, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else {
        return;
    };
    let (users, tweets) = rest.split_at(usize::from(control) * rest.len() / 256);
    ioscope_fuzz::load(&[("users.csv", users), ("tweets.csv", tweets)]);
});
