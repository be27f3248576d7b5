//! Any bytes through the parallel gzip member reader and through a plain loop of flate2
//! decoders, one fresh decoder per member: the same bytes out (the first megabyte), and
//! both fail or neither, never a panic.
#![no_main]

use std::io::Read;

use ioscope::io::gzip::{Cuts, MemberReader};

/// The members of `data` inflated one after the other (at most `most` bytes), and
/// whether that went without error.
fn one_by_one(data: &[u8], most: usize) -> (bool, Vec<u8>) {
    let mut out = Vec::new();
    let mut rest = data;
    loop {
        let mut member = flate2::bufread::GzDecoder::new(rest);
        let left = (most - out.len()) as u64;
        if (&mut member).take(left).read_to_end(&mut out).is_err() {
            return (false, out);
        }
        rest = member.into_inner();
        if out.len() >= most || rest.is_empty() {
            return (true, out);
        }
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // The reader is only given streams that start like gzip.
    if !data.starts_with(&[0x1f, 0x8b]) {
        return;
    }
    let most = 1 << 20;
    let cuts = Cuts {
        window: 512,
        piece: 16,
    };
    let mut parallel = Vec::new();
    let parallel_read = MemberReader::with_cuts(data, cuts)
        .take(most as u64)
        .read_to_end(&mut parallel);
    let (serial_ok, serial) = one_by_one(data, most);
    assert_eq!(parallel_read.is_ok(), serial_ok);
    if serial_ok {
        assert!(parallel == serial, "{} bytes against {}", parallel.len(), serial.len());
    }
});
