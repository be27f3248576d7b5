//! Tests of the CSV scanner: records, broken quotes, blocks, chunks, BOMs.

use super::*;

fn records(data: &[u8]) -> Vec<Result<Vec<String>, RecordError>> {
    let mut p = RecordParser::new(data);
    let mut f = Fields::default();
    let mut out = Vec::new();
    while let Some((_, r)) = p.next_record(&mut f) {
        out.push(r.map(|()| {
            (0..f.len())
                .map(|i| String::from_utf8_lossy(&f.unescaped(data, i)).into_owned())
                .collect()
        }));
    }
    out
}

#[test]
fn quoted_unquoted_escaped_and_newlines() {
    let data = b"\"a\",\"b,c\",d\r\n\"x\"\"y\",\"line1\nline2\",\n,,\n";
    let r = records(data);
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].as_ref().unwrap(), &["a", "b,c", "d"]);
    assert_eq!(r[1].as_ref().unwrap(), &["x\"y", "line1\nline2", ""]);
    assert_eq!(r[2].as_ref().unwrap(), &["", "", ""]);
}

#[test]
fn broken_quotes_are_errors_and_parsing_resumes() {
    let data = b"\"a\"x,\"b\"\n\"ok\",\"1\"\n\"open,\"2\n";
    let r = records(data);
    assert_eq!(r[0], Err(RecordError::TextAfterClosingQuote));
    assert_eq!(r[1].as_ref().unwrap(), &["ok", "1"]);
    assert_eq!(r[2], Err(RecordError::TextAfterClosingQuote));
    let r = records(b"5\" screen,x\n\"next\"\n");
    assert_eq!(r[0], Err(RecordError::QuoteInUnquotedField));
    // The stray quote opens a quoted region: the record ends after the next quote.
    assert_eq!(r.len(), 1);
    let r = records(b"ab\"c\"d,e\n\"next\"\n");
    assert_eq!(r[0], Err(RecordError::QuoteInUnquotedField));
    assert_eq!(r[1].as_ref().unwrap(), &["next"]);
    let r = records(b"\"never closed\nand no quote after");
    assert_eq!(r[0], Err(RecordError::UnterminatedQuote));
}

#[test]
fn blocks_end_on_record_boundaries_and_keep_everything() {
    let mut data = Vec::new();
    for i in 0..500 {
        data.extend_from_slice(format!("\"{i}\",\"text\nwith \"\"newline\"\" {i}\"\n").as_bytes());
    }
    for block_size in [1, 7, 64, 1000, 1 << 20] {
        let mut reader = BlockReader::with_block_size(&data[..], block_size);
        let mut all = Vec::new();
        let mut line = 1;
        while let Some(b) = reader.next_block().unwrap() {
            assert_eq!(b.first_line, line);
            line += count_newlines(b.data());
            assert!(b.data().ends_with(b"\"\n"), "block cut inside a record");
            for (k, &p) in b.segment_parity.iter().enumerate() {
                assert_eq!(
                    p,
                    quote_parity(&b.data()[k * SEGMENT_BYTES..(k + 1) * SEGMENT_BYTES])
                );
            }
            all.extend_from_slice(b.data());
            reader.recycle(b.into_buffer());
        }
        assert_eq!(all, data);
    }
}

#[test]
fn chunks_start_on_record_boundaries() {
    let mut data = Vec::new();
    for i in 0..300 {
        data.extend_from_slice(format!("\"{i}\",\"a\nb\nc\"\n").as_bytes());
    }
    for parts in [1, 2, 3, 8, 64, 1000] {
        let ranges = split_chunks(&data, parts, None);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(data.len()));
        let mut n = 0;
        for w in ranges.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for r in &ranges {
            assert_eq!(data[r.start], b'"');
            n += records(&data[r.clone()]).len();
        }
        assert_eq!(n, 300, "parts={parts}");
    }
}

#[test]
fn segment_parities_cut_like_counting() {
    let mut data = Vec::new();
    let mut i = 0;
    while data.len() < 5 * SEGMENT_BYTES + 1234 {
        data.extend_from_slice(format!("\"{i}\",\"x\n\"\"y\"\"\"\n").as_bytes());
        i += 1;
    }
    let mut reader = BlockReader::with_block_size(&data[..], data.len() + 1);
    let block = reader.next_block().unwrap().unwrap();
    assert_eq!(block.segment_parity.len(), 5);
    for parts in [2, 3, 5] {
        let with = split_chunks(block.data(), parts, Some(&block.segment_parity));
        let n: usize = with
            .iter()
            .map(|r| records(&block.data()[r.clone()]).len())
            .sum();
        assert_eq!(n, i, "parts={parts}");
        assert!(with.len() > 1);
    }
    assert_eq!(quote_parity(b"\"\"\""), 1);
    assert_eq!(quote_parity(&[b'"'; 64]), 0);
    assert_eq!(quote_parity(&[b'"'; 65]), 1);
    // Bytes that differ from '"' by one bit must not count (the SWAR test is exact).
    let near: Vec<u8> = (0..=255u8).filter(|&b| b != b'"').collect();
    assert_eq!(quote_parity(&near), 0);
    for n in 0..40 {
        let mut v = near.clone();
        v.extend(std::iter::repeat_n(b'"', n));
        v.rotate_left(n * 7 % 200);
        assert_eq!(quote_parity(&v), (n % 2) as u8);
    }
}

#[test]
fn bom_is_dropped() {
    let mut reader = BlockReader::new(&b"\xEF\xBB\xBF\"a\"\n"[..]);
    let b = reader.next_block().unwrap().unwrap();
    assert_eq!(b.data(), b"\"a\"\n");
    assert!(reader.next_block().unwrap().is_none());
}

/// A reader that returns one byte per call, as pipes and decoders may.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(buf.len()).min(1);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn short_reads_and_bom_keep_quote_parity() {
    // Regression: a BOM removed after quotes were counted shifted the parity.
    let data = b"\xEF\xBB\xBF\"h\"\n\"a\nb\",\"c\"\n\"d\"\n";
    for block in [1, 2, 5] {
        let mut reader = BlockReader::with_block_size(Trickle(data), block);
        let mut all = Vec::new();
        while let Some(b) = reader.next_block().unwrap() {
            assert!(b.data().ends_with(b"\"\n"), "cut inside a record");
            all.extend_from_slice(b.data());
        }
        assert_eq!(all, &data[3..]);
    }
}

/// A record as a parser found it: its start, outcome and field spans.
type Parsed = (usize, Result<(), RecordError>, Vec<(usize, usize, bool)>);

/// Every record a parser finds.
fn parsed_by<P>(
    mut next: impl FnMut(&mut P, &mut Fields) -> Option<(usize, Result<(), RecordError>)>,
    parser: &mut P,
) -> Vec<Parsed> {
    let mut fields = Fields::default();
    let mut out = Vec::new();
    while let Some((start, outcome)) = next(parser, &mut fields) {
        let spans = fields
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.escaped))
            .collect();
        out.push((start, outcome, spans));
    }
    out
}

/// Every record the structural scan finds with its masks from AVX2. The machines the
/// tests run on have AVX2: a missing one fails rather than skips.
#[cfg(target_arch = "x86_64")]
fn parsed_with_avx2(bytes: &[u8]) -> Vec<Parsed> {
    let avx2 = Avx2::detect().expect("the test machine has AVX2, BMI1, BMI2, POPCNT, LZCNT");
    parsed_by(
        RecordParser::next_record,
        &mut RecordParser::with_masks(bytes, avx2),
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// The structural scan splits any bytes as the byte-at-a-time parser does: the
    /// same records, outcomes, fields and places to resume after a malformed record.
    #[test]
    fn the_structural_scan_reads_as_the_scalar_parser(
        bytes in proptest::collection::vec(
            proptest::sample::select(vec![b'a', b'b', b',', b'"', b'\n', b'\r', b' ']),
            0..400,
        )
    ) {
        let fast = parsed_by(RecordParser::next_record, &mut RecordParser::new(&bytes));
        let scalar =
            parsed_by(ScalarRecordParser::next_record, &mut ScalarRecordParser::new(&bytes));
        #[cfg(target_arch = "x86_64")]
        proptest::prop_assert_eq!(&parsed_with_avx2(&bytes), &fast);
        proptest::prop_assert_eq!(fast, scalar);
    }

    /// The same on well-formed CSV, whose fields the fast path reads itself.
    #[test]
    fn well_formed_records_read_alike(
        rows in proptest::collection::vec(
            proptest::collection::vec("[a-c,\"\n\r ]{0,90}", 1..6),
            0..12,
        ),
        crlf in proptest::bool::ANY,
    ) {
        let mut bytes = Vec::new();
        for row in &rows {
            let fields: Vec<String> = row
                .iter()
                .map(|f| {
                    if f.contains(['"', ',', '\n', '\r']) {
                        format!("\"{}\"", f.replace('"', "\"\""))
                    } else {
                        f.clone()
                    }
                })
                .collect();
            bytes.extend(fields.join(",").as_bytes());
            bytes.extend(if crlf { &b"\r\n"[..] } else { &b"\n"[..] });
        }
        let fast = parsed_by(RecordParser::next_record, &mut RecordParser::new(&bytes));
        let scalar =
            parsed_by(ScalarRecordParser::next_record, &mut ScalarRecordParser::new(&bytes));
        proptest::prop_assert!(fast.iter().all(|r| r.1.is_ok()));
        #[cfg(target_arch = "x86_64")]
        proptest::prop_assert_eq!(&parsed_with_avx2(&bytes), &fast);
        proptest::prop_assert_eq!(fast, scalar);
    }
}

/// The one-pass count of quotes and newlines with AVX2 gives the two plain counts, for
/// every length around the vector width and past the 255 vectors its byte counters
/// hold before they are summed (a missing AVX2 fails rather than skips).
#[cfg(target_arch = "x86_64")]
#[test]
fn the_avx2_count_of_quotes_and_newlines_is_the_plain_count() {
    let avx2 = Avx2::detect().expect("the test machine has AVX2, BMI1, BMI2, POPCNT, LZCNT");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Newline-dense data overflows byte counters that are not flushed in time.
    let all_newlines = vec![b'\n'; 255 * 32 * 3 + 17];
    assert_eq!(
        avx2.parity_and_lines(&all_newlines),
        (0, all_newlines.len() as u64)
    );
    for len in (0..100).chain([8159, 8160, 8161, 8192, 16_352, 50_000]) {
        let bytes: Vec<u8> = (0..len)
            .map(|_| match next() % 5 {
                0 => b'"',
                1 => b'\n',
                2 => b',',
                // Bytes one bit away from the two counted ones must not count.
                3 => b'"' ^ 1,
                _ => b'\n' ^ 8,
            })
            .collect();
        let plain = (quote_parity(&bytes), count_newlines(&bytes));
        assert_eq!(avx2.parity_and_lines(&bytes), plain, "length {len}");
        assert_eq!(parity_and_lines(&bytes), plain, "length {len}");
    }
}
