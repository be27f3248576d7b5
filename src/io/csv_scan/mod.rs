//! Streaming, parallel CSV scanning for the archive files (RFC 4180: fields may be quoted,
//! quotes inside are doubled, quoted fields may hold newlines).
//!
//! The stream is cut into blocks that end on record boundaries ([`BlockReader`]); each
//! block is split into chunks that start on record boundaries ([`split_chunks`]), found
//! from the parity of the quotes before each cut; chunks are then parsed in parallel by
//! [`RecordParser`], which takes its fields from a structural scan of the chunk
//! (separators outside quotes as bit masks, 64 bytes at a time: `structural`).

use std::io::Read;
use std::ops::Range;

use memchr::{memchr, memchr2, memchr3, memrchr2};
use rayon::prelude::*;

mod structural;
#[cfg(target_arch = "x86_64")]
pub use structural::Avx2;
use structural::Separators;
pub use structural::{BlockMasks, Portable};

/// Target size of a block handed to the parsers.
pub const BLOCK_BYTES: usize = 32 << 20;
/// A record larger than this means the quoting of the file is broken.
pub const MAX_RECORD_BYTES: usize = 768 << 20;

/// A piece of the stream that starts and ends on record boundaries.
pub struct Block {
    /// The block's bytes are `buffer[..len]`; the rest is spare room kept initialised
    /// so that reading into a recycled buffer needs no zeroing.
    buffer: Vec<u8>,
    len: usize,
    /// 1-based line number of `data[0]`.
    pub first_line: u64,
    /// Byte offset of `data[0]` in the stream (a byte-order mark included).
    pub offset: u64,
    /// True for the last block of the stream.
    pub last: bool,
    /// Quote parity of each whole [`SEGMENT_BYTES`] segment of `data`, so that the
    /// parsers can cut the block without counting quotes again.
    pub segment_parity: Vec<u8>,
}

/// Why a stream could not be cut into records.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("read failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("a record starting at line {line} runs past {max_mib} MiB: an unbalanced quote?")]
    RecordTooLarge { line: u64, max_mib: usize },
}

/// Parity of the number of `"` bytes (1 = odd): all that cutting needs is whether a
/// position is inside quotes. Eight bytes at a time: each `"` byte sets the high bit
/// of its byte in a mask (exact zero-byte test), the masks are XOR-ed together, and
/// the parity of the set bits is the answer. The compiler vectorises the loop.
pub fn quote_parity(data: &[u8]) -> u8 {
    const QUOTES: u64 = 0x2222_2222_2222_2222;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut words = data.chunks_exact(8);
    let mut acc = 0u64;
    for w in &mut words {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(w);
        let v = u64::from_le_bytes(bytes) ^ QUOTES;
        acc ^= !(((v & LOW7) + LOW7) | v | LOW7);
    }
    let mut p = (acc.count_ones() & 1) as u8;
    for &b in words.remainder() {
        p ^= u8::from(b == b'"');
    }
    p
}

/// Size of the segments whose quote parities a [`Block`] carries.
pub const SEGMENT_BYTES: usize = 256 << 10;

/// Number of `\n` bytes.
pub fn count_newlines(data: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', data).count() as u64
}

/// [`quote_parity`] and [`count_newlines`] of `data` in one pass over it, with AVX2
/// where the CPU has it: the reader counts every segment both ways (to cut blocks into
/// chunks and to number lines), and two passes over memory took 6–7 % of a load.
pub fn parity_and_lines(data: &[u8]) -> (u8, u64) {
    #[cfg(target_arch = "x86_64")]
    if let Some(avx2) = Avx2::detect() {
        return avx2.parity_and_lines(data);
    }
    (quote_parity(data), count_newlines(data))
}

/// Position just after the last record-ending newline of `data`, which starts outside
/// quotes and ends inside quotes when `odd_at_end`.
fn last_record_end(data: &[u8], odd_at_end: bool) -> Option<usize> {
    let mut inside = odd_at_end;
    let mut end = data.len();
    while let Some(i) = memrchr2(b'"', b'\n', &data[..end]) {
        if data[i] == b'"' {
            inside = !inside;
        } else if !inside {
            return Some(i + 1);
        }
        end = i;
    }
    None
}

/// Reads a stream in blocks that end on record boundaries. A UTF-8 byte-order mark at
/// the start is dropped.
pub struct BlockReader<R> {
    reader: R,
    /// Bytes read and not yet handed out are `pending[..filled]`; the rest of `pending`
    /// is initialised room to read into.
    pending: Vec<u8>,
    filled: usize,
    /// Quote parity and newlines of each whole segment of `pending`, and of the partial
    /// last one.
    segments: Vec<u8>,
    segment_lines: Vec<u64>,
    partial_parity: u8,
    partial_lines: u64,
    /// Bytes of `pending` covered by `segments` and `partial_parity`.
    counted: usize,
    next_line: u64,
    /// Stream offset of `pending[0]`.
    next_offset: u64,
    started: bool,
    eof: bool,
    block_bytes: usize,
    /// Buffers of parsed blocks handed back, reused to spare page faults.
    spare: Vec<Vec<u8>>,
}

impl Block {
    /// The bytes of the block.
    pub fn data(&self) -> &[u8] {
        &self.buffer[..self.len]
    }

    /// The buffer, for [`BlockReader::recycle`].
    pub fn into_buffer(self) -> Vec<u8> {
        self.buffer
    }
}

impl<R: Read> BlockReader<R> {
    pub fn new(reader: R) -> Self {
        Self::with_block_size(reader, BLOCK_BYTES)
    }

    pub fn with_block_size(reader: R, block_bytes: usize) -> Self {
        Self {
            reader,
            pending: Vec::new(),
            filled: 0,
            segments: Vec::new(),
            segment_lines: Vec::new(),
            partial_parity: 0,
            partial_lines: 0,
            counted: 0,
            next_line: 1,
            next_offset: 0,
            started: false,
            eof: false,
            block_bytes: block_bytes.max(1),
            spare: Vec::new(),
        }
    }

    fn fill_to(&mut self, target: usize) -> std::io::Result<()> {
        while self.filled < target && !self.eof {
            let want = (target - self.filled).max(64 << 10);
            if self.pending.is_empty()
                && let Some(buffer) = self.spare.pop()
            {
                self.pending = buffer;
            }
            if self.pending.len() < self.filled + want {
                // Zeroed once; recycled buffers are reused as they are.
                self.pending.resize(self.filled + want, 0);
            }
            let n = loop {
                match self.reader.read(&mut self.pending[self.filled..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            self.filled += n;
            if n == 0 {
                self.eof = true;
            }
        }
        if !self.started && (self.filled >= 3 || self.eof) {
            self.started = true;
            if self.pending[..self.filled].starts_with(b"\xEF\xBB\xBF") {
                self.pending.copy_within(3..self.filled, 0);
                self.filled -= 3;
                self.next_offset = 3;
                // Bytes counted before the shift are counted again.
                self.counted = 0;
                self.segments.clear();
                self.segment_lines.clear();
                self.partial_parity = 0;
                self.partial_lines = 0;
            }
        }
        Ok(())
    }

    /// The next block, or `None` at the end of the stream.
    pub fn next_block(&mut self) -> Result<Option<Block>, ScanError> {
        let mut target = self.block_bytes;
        loop {
            self.fill_to(target)?;
            if self.filled == 0 {
                return Ok(None);
            }
            self.count_new_bytes();
            let odd = self
                .segments
                .iter()
                .fold(self.partial_parity, |a, &b| a ^ b)
                == 1;
            let cut = if self.eof {
                Some(self.filled)
            } else {
                last_record_end(&self.pending[..self.filled], odd)
            };
            match cut {
                Some(cut) => return Ok(Some(self.take(cut))),
                None if self.filled > MAX_RECORD_BYTES => {
                    return Err(ScanError::RecordTooLarge {
                        line: self.next_line,
                        max_mib: MAX_RECORD_BYTES >> 20,
                    });
                }
                None => target = self.filled * 2,
            }
        }
    }

    /// Extends the segment parities over bytes read since the last count.
    fn count_new_bytes(&mut self) {
        while self.counted < self.filled {
            let seg_start = self.segments.len() * SEGMENT_BYTES;
            let whole = (self.filled - seg_start) / SEGMENT_BYTES;
            if self.counted == seg_start && whole >= 2 {
                // Whole segments on the parsers' threads: while the reader inflates a
                // compressed file they wait for it anyway.
                let end = seg_start + whole * SEGMENT_BYTES;
                let counts: Vec<(u8, u64)> = self.pending[seg_start..end]
                    .par_chunks(SEGMENT_BYTES)
                    .map(parity_and_lines)
                    .collect();
                self.segments.extend(counts.iter().map(|c| c.0));
                self.segment_lines.extend(counts.iter().map(|c| c.1));
                self.counted = end;
                continue;
            }
            let seg_end = (seg_start + SEGMENT_BYTES).min(self.filled);
            let (parity, lines) = parity_and_lines(&self.pending[self.counted..seg_end]);
            self.partial_parity ^= parity;
            self.partial_lines += lines;
            self.counted = seg_end;
            if seg_end - seg_start == SEGMENT_BYTES {
                self.segments.push(self.partial_parity);
                self.segment_lines.push(self.partial_lines);
                self.partial_parity = 0;
                self.partial_lines = 0;
            }
        }
    }

    /// Hands back a block's buffer for reuse.
    pub fn recycle(&mut self, buffer: Vec<u8>) {
        if self.spare.len() < 2 {
            self.spare.push(buffer);
        }
    }

    /// How many buffers are kept for reuse.
    pub fn spare_len(&self) -> usize {
        self.spare.len()
    }

    /// The buffers kept for reuse, for the reader of the next file.
    pub fn into_spare(self) -> Vec<Vec<u8>> {
        let mut spare = self.spare;
        spare.push(self.pending);
        spare
    }

    fn take(&mut self, cut: usize) -> Block {
        let rest_len = self.filled - cut;
        let mut rest = self.spare.pop().unwrap_or_default();
        if rest.len() < rest_len {
            rest.resize(rest_len, 0);
        }
        rest[..rest_len].copy_from_slice(&self.pending[cut..self.filled]);
        let buffer = std::mem::replace(&mut self.pending, rest);
        self.filled = rest_len;
        // The block's lines: its whole segments' counts, and the part of a segment after.
        let whole = (cut / SEGMENT_BYTES).min(self.segment_lines.len());
        let lines = self.segment_lines[..whole].iter().sum::<u64>()
            + count_newlines(&buffer[whole * SEGMENT_BYTES..cut]);
        let mut segment_parity = std::mem::take(&mut self.segments);
        segment_parity.truncate(cut / SEGMENT_BYTES);
        self.segment_lines.clear();
        self.partial_parity = 0;
        self.partial_lines = 0;
        self.counted = 0;
        self.count_new_bytes();
        let first_line = self.next_line;
        self.next_line += lines;
        let offset = self.next_offset;
        self.next_offset += cut as u64;
        Block {
            buffer,
            len: cut,
            first_line,
            offset,
            last: self.eof && self.filled == 0,
            segment_parity,
        }
    }
}

/// Splits a block (which starts on a record boundary) into about `parts` ranges that each
/// start on a record boundary, using the parity of the quotes before each cut. The
/// parities of whole [`SEGMENT_BYTES`] segments, when known, spare a count.
pub fn split_chunks(data: &[u8], parts: usize, segment_parity: Option<&[u8]>) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    let (step, parities): (usize, Vec<u8>) = match segment_parity {
        Some(seg)
            if data.len() >= parts * SEGMENT_BYTES
                && seg.len() * SEGMENT_BYTES >= data.len() - SEGMENT_BYTES =>
        {
            // Cut on segment starts: the parity before each is the XOR of those before.
            let per_part = (seg.len() / parts).max(1);
            let step = per_part * SEGMENT_BYTES;
            let parities = (0..parts)
                .map(|k| {
                    seg[(k * per_part).min(seg.len())..((k + 1) * per_part).min(seg.len())]
                        .iter()
                        .fold(0, |a, &b| a ^ b)
                })
                .collect();
            (step, parities)
        }
        _ => {
            let step = data.len().div_ceil(parts).max(1);
            let parities = (0..parts)
                .into_par_iter()
                .map(|k| {
                    let s = (k * step).min(data.len());
                    quote_parity(&data[s..(s + step).min(data.len())])
                })
                .collect();
            (step, parities)
        }
    };
    let mut starts = vec![0usize];
    let mut parity_before = 0u8;
    for k in 1..parts {
        parity_before ^= parities[k - 1];
        let from = (k * step).min(data.len());
        let last = *starts.last().unwrap_or(&0);
        if from <= last {
            continue;
        }
        if let Some(start) = first_record_start(data, from, parity_before == 1)
            && start > last
            && start < data.len()
        {
            starts.push(start);
        }
    }
    let mut ranges = Vec::with_capacity(starts.len());
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(data.len());
        ranges.push(s..e);
    }
    ranges
}

/// Position just after the first record-ending newline at or after `from`.
fn first_record_start(data: &[u8], mut from: usize, mut inside: bool) -> Option<usize> {
    while let Some(i) = memchr2(b'"', b'\n', &data[from..]) {
        let p = from + i;
        if data[p] == b'"' {
            inside = !inside;
        } else if !inside {
            return Some(p + 1);
        }
        from = p + 1;
    }
    None
}

/// One field of a record: a byte range of the chunk, and whether it holds doubled quotes.
#[derive(Clone, Copy, Debug, Default)]
pub struct FieldSpan {
    pub start: usize,
    pub end: usize,
    pub escaped: bool,
}

/// The fields of the current record.
#[derive(Default, Debug)]
pub struct Fields {
    pub spans: Vec<FieldSpan>,
}

impl Fields {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The raw bytes of field `i` (doubled quotes still doubled); empty if absent.
    pub fn raw<'a>(&self, buf: &'a [u8], i: usize) -> &'a [u8] {
        self.spans.get(i).map_or(&[][..], |s| &buf[s.start..s.end])
    }

    /// Field `i` with doubled quotes undone.
    pub fn unescaped<'a>(&self, buf: &'a [u8], i: usize) -> std::borrow::Cow<'a, [u8]> {
        match self.spans.get(i) {
            None => std::borrow::Cow::Borrowed(&[][..]),
            Some(s) if !s.escaped => std::borrow::Cow::Borrowed(&buf[s.start..s.end]),
            Some(s) => {
                let raw = &buf[s.start..s.end];
                let mut out = Vec::with_capacity(raw.len());
                let mut i = 0;
                while i < raw.len() {
                    out.push(raw[i]);
                    i += if raw[i] == b'"' && raw.get(i + 1) == Some(&b'"') {
                        2
                    } else {
                        1
                    };
                }
                std::borrow::Cow::Owned(out)
            }
        }
    }
}

/// Why a record could not be split into fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// A quoted field runs to the end of the data.
    UnterminatedQuote,
    /// Something other than a delimiter follows a closing quote.
    TextAfterClosingQuote,
    /// A quote inside a field that does not start with one.
    QuoteInUnquotedField,
}

impl RecordError {
    pub fn reason(self) -> &'static str {
        match self {
            Self::UnterminatedQuote => "unterminated quoted field (unbalanced quote); row skipped",
            Self::TextAfterClosingQuote => "text after a closing quote (stray quote); row skipped",
            Self::QuoteInUnquotedField => {
                "a quote inside an unquoted field (stray quote); row skipped"
            }
        }
    }
}

/// Walks the records of one chunk from its structural scan ([`Separators`]): each
/// separator outside quotes ends a field, and the quotes counted before it say how to
/// read the field (none: as it is; two around it: quoted; more: quoted with doubled
/// quotes inside, checked). Anything else is a malformed record, which
/// [`ScalarRecordParser`] reads again byte by byte for its error and the place to
/// resume; both parsers split every chunk alike (a property test checks it).
pub struct RecordParser<'a, M: BlockMasks = Portable> {
    buf: &'a [u8],
    pos: usize,
    separators: Separators<'a, M>,
    /// Quotes before `pos`.
    quotes_before: u64,
}

impl<'a> RecordParser<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Self::with_masks(buf, Portable)
    }
}

impl<'a, M: BlockMasks> RecordParser<'a, M> {
    /// A parser whose structural scan finds its masks with `masks`.
    pub fn with_masks(buf: &'a [u8], masks: M) -> Self {
        Self {
            buf,
            pos: 0,
            separators: Separators::new(buf, masks),
            quotes_before: 0,
        }
    }

    /// Byte offset of the next record.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// As [`ScalarRecordParser::next_record`], which it falls back on for malformed
    /// records. Always inlined, so that [`Self::next_record_avx2`] compiles the scan
    /// with its CPU features.
    #[inline(always)]
    pub fn next_record(&mut self, fields: &mut Fields) -> Option<(usize, Result<(), RecordError>)> {
        let buf = self.buf;
        let len = buf.len();
        let record_start = begin_record(self.pos, len, fields)?;
        let mut start = self.pos;
        let mut quotes_at_start = self.quotes_before;
        loop {
            let (end, quotes_at_end, last) = match self.separators.next_separator() {
                Some((end, quotes)) => (end, quotes, buf[end] == b'\n'),
                None => (len, self.separators.quotes_in_all(), true),
            };
            let mut field_end = end;
            if last && field_end > start && buf[field_end - 1] == b'\r' {
                field_end -= 1;
            }
            let quotes = quotes_at_end - quotes_at_start;
            let span = if quotes == 0 {
                Some(FieldSpan {
                    start,
                    end: field_end,
                    escaped: false,
                })
            } else if field_end >= start + 2
                && buf[start] == b'"'
                && buf[field_end - 1] == b'"'
                && (quotes == 2 || doubled_quotes_only(&buf[start + 1..field_end - 1]))
            {
                Some(FieldSpan {
                    start: start + 1,
                    end: field_end - 1,
                    escaped: quotes > 2,
                })
            } else {
                None
            };
            let Some(span) = span else {
                let mut scalar = ScalarRecordParser {
                    buf,
                    pos: record_start,
                };
                let outcome = scalar.next_record(fields);
                self.pos = scalar.pos;
                self.quotes_before = self.separators.skip_to(self.pos);
                return outcome;
            };
            fields.spans.push(span);
            if last {
                self.pos = (end + 1).min(len);
                self.quotes_before = quotes_at_end;
                return Some((record_start, Ok(())));
            }
            start = end + 1;
            quotes_at_start = quotes_at_end;
        }
    }
}

#[cfg(target_arch = "x86_64")]
impl RecordParser<'_, Avx2> {
    /// [`Self::next_record`] compiled for a CPU with AVX2, BMI1, BMI2, POPCNT and LZCNT
    /// (32-byte compares, one instruction per bit count), which the parser's [`Avx2`]
    /// proves this one has. It reads what the portable build reads.
    #[inline]
    #[allow(unsafe_code)]
    pub fn next_record_avx2(
        &mut self,
        fields: &mut Fields,
    ) -> Option<(usize, Result<(), RecordError>)> {
        // SAFETY: the function needs those features, and the `Avx2` this parser holds
        // exists only on a CPU that has them (`Avx2::detect`).
        unsafe { next_record_with_avx2(self, fields) }
    }
}

/// The scan of one record, compiled with the features an [`Avx2`] proves.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,popcnt,lzcnt")]
fn next_record_with_avx2(
    parser: &mut RecordParser<'_, Avx2>,
    fields: &mut Fields,
) -> Option<(usize, Result<(), RecordError>)> {
    parser.next_record(fields)
}

/// The start of a record at `pos` with its fields cleared; `None` at the end of the
/// chunk (`len` bytes).
fn begin_record(pos: usize, len: usize, fields: &mut Fields) -> Option<usize> {
    if pos >= len {
        return None;
    }
    fields.spans.clear();
    Some(pos)
}

/// True when every quote of a quoted field's inside is one of a doubled pair.
fn doubled_quotes_only(inside: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = memchr(b'"', &inside[from..]) {
        let q = from + i;
        if inside.get(q + 1) != Some(&b'"') {
            return false;
        }
        from = q + 2;
    }
    true
}

/// Walks the records of one chunk a field at a time with SIMD searches for the next
/// special byte. Records end where the block cutting says they do: at a newline after
/// an even number of quotes. After a malformed record the parser resumes at that same
/// place, so that the outcome never depends on where a stream was cut into blocks and
/// chunks (that is, on the number of threads). [`RecordParser`] hands it the records
/// its structural scan cannot read.
pub struct ScalarRecordParser<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> ScalarRecordParser<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// Byte offset of the next record.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Splits the next record into `fields`. Returns `None` at the end of the chunk; the
    /// start offset of the record and its outcome otherwise. After an error the parser
    /// resumes at the next line.
    pub fn next_record(&mut self, fields: &mut Fields) -> Option<(usize, Result<(), RecordError>)> {
        let buf = self.buf;
        let len = buf.len();
        let record_start = begin_record(self.pos, len, fields)?;
        let mut pos = self.pos;
        loop {
            if pos < len && buf[pos] == b'"' {
                let start = pos + 1;
                let mut p = start;
                let mut escaped = false;
                let close = loop {
                    match memchr(b'"', &buf[p..]) {
                        None => {
                            self.pos = len;
                            return Some((record_start, Err(RecordError::UnterminatedQuote)));
                        }
                        Some(i) => {
                            let q = p + i;
                            if buf.get(q + 1) == Some(&b'"') {
                                escaped = true;
                                p = q + 2;
                            } else {
                                break q;
                            }
                        }
                    }
                };
                fields.spans.push(FieldSpan {
                    start,
                    end: close,
                    escaped,
                });
                pos = close + 1;
                match buf.get(pos) {
                    None => {
                        self.pos = len;
                        return Some((record_start, Ok(())));
                    }
                    Some(b',') => pos += 1,
                    Some(b'\n') => {
                        self.pos = pos + 1;
                        return Some((record_start, Ok(())));
                    }
                    Some(b'\r') if matches!(buf.get(pos + 1), None | Some(b'\n')) => {
                        self.pos = (pos + 2).min(len);
                        return Some((record_start, Ok(())));
                    }
                    Some(_) => {
                        self.pos = first_record_start(buf, pos, false).unwrap_or(len);
                        return Some((record_start, Err(RecordError::TextAfterClosingQuote)));
                    }
                }
            } else {
                match memchr3(b',', b'\n', b'"', &buf[pos..]) {
                    None => {
                        let end = if buf[pos..].ends_with(b"\r") {
                            len - 1
                        } else {
                            len
                        };
                        fields.spans.push(FieldSpan {
                            start: pos,
                            end,
                            escaped: false,
                        });
                        self.pos = len;
                        return Some((record_start, Ok(())));
                    }
                    Some(i) if buf[pos + i] == b'"' => {
                        self.pos = first_record_start(buf, pos + i, false).unwrap_or(len);
                        return Some((record_start, Err(RecordError::QuoteInUnquotedField)));
                    }
                    Some(i) => {
                        let e = pos + i;
                        if buf[e] == b',' {
                            fields.spans.push(FieldSpan {
                                start: pos,
                                end: e,
                                escaped: false,
                            });
                            pos = e + 1;
                        } else {
                            let end = if e > pos && buf[e - 1] == b'\r' {
                                e - 1
                            } else {
                                e
                            };
                            fields.spans.push(FieldSpan {
                                start: pos,
                                end,
                                escaped: false,
                            });
                            self.pos = e + 1;
                            return Some((record_start, Ok(())));
                        }
                    }
                }
            }
        }
    }
}

/// True when a record is an empty line.
pub fn is_blank(fields: &Fields, buf: &[u8]) -> bool {
    fields.len() == 1 && fields.raw(buf, 0).is_empty() && !buf.is_empty()
}

#[cfg(test)]
mod tests;
