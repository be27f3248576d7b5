//! Gzip streams, inflated in parallel where the file has several members (parts
//! compressed one by one and concatenated, as `bgzip` or `cat a.gz b.gz` make them).
//! A member's end is only known once it is inflated, so the reader guesses: it reads a
//! window of compressed bytes, takes the gzip headers it finds in it (one every
//! megabyte or more) as cuts, and inflates the pieces between them in parallel. A piece
//! counts only when it inflates to whole members, checksums included, ending exactly at
//! the next cut; a header that was only a look-alike inside compressed data fails that
//! check. A window without such cuts (one large member), or with a failed piece, sends
//! the rest of the stream through the serial decoder, from the last member boundary
//! checked, so every stream reads exactly as the serial decoder reads it. Either way each
//! member is inflated by a fresh decoder, as RFC 1952 has members independent (flate2's
//! `MultiGzDecoder` keeps one inflater across members, and on a corrupt member that
//! refers back past its own start it may read the member before's bytes).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Chain, Cursor, Read};

use flate2::bufread::GzDecoder;
use rayon::prelude::*;

/// How the stream is cut.
#[derive(Clone, Copy, Debug)]
pub struct Cuts {
    /// Compressed bytes read and cut at a time.
    pub window: usize,
    /// Least compressed bytes between two cuts.
    pub piece: usize,
}

impl Default for Cuts {
    fn default() -> Self {
        Self {
            window: 16 << 20,
            piece: 1 << 20,
        }
    }
}

/// The serial decoder: a fresh decoder for each member of `B` (a member never refers
/// back into the one before it). Pieces are inflated with it, and the stream falls back
/// to it over the bytes read ahead and then the rest.
struct Serial<B> {
    member: Option<GzDecoder<B>>,
}

/// The compressed bytes read ahead, then the rest of the stream.
type Ahead<R> = BufReader<Chain<Cursor<Vec<u8>>, R>>;

impl<B: BufRead> Read for Serial<B> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(member) = &mut self.member {
            let n = member.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // The member is read to its end, checksum checked: the next one, if any.
            let Some(mut rest) = self.member.take().map(GzDecoder::into_inner) else {
                break;
            };
            if !rest.fill_buf()?.is_empty() {
                self.member = Some(GzDecoder::new(rest));
            }
        }
        Ok(0)
    }
}

enum Mode<R> {
    Parallel(R),
    Serial(Box<Serial<Ahead<R>>>),
    /// Only while switching.
    Switching,
}

/// Reads the inflated bytes of a gzip stream (every member), inflating members in
/// parallel where the stream has several.
pub struct MemberReader<R> {
    mode: Mode<R>,
    cuts: Cuts,
    /// Compressed bytes read and not yet inflated; they start on a member boundary.
    pending: Vec<u8>,
    eof: bool,
    /// Inflated pieces, in order, and how much of the first was read.
    ready: VecDeque<Vec<u8>>,
    read_from_first: usize,
}

impl<R: Read> MemberReader<R> {
    pub fn new(inner: R) -> Self {
        Self::with_cuts(inner, Cuts::default())
    }

    pub fn with_cuts(inner: R, cuts: Cuts) -> Self {
        Self {
            mode: Mode::Parallel(inner),
            cuts: Cuts {
                window: cuts.window.max(1),
                piece: cuts.piece.max(1),
            },
            pending: Vec::new(),
            eof: false,
            ready: VecDeque::new(),
            read_from_first: 0,
        }
    }

    /// Whether the stream went to the serial decoder (for the tests).
    pub fn is_serial(&self) -> bool {
        matches!(self.mode, Mode::Serial(_))
    }

    /// Inflates the next window in parallel, or switches to the serial decoder.
    fn fill(&mut self) -> std::io::Result<()> {
        let Mode::Parallel(inner) = &mut self.mode else {
            return Ok(());
        };
        if !self.eof && self.pending.len() < self.cuts.window {
            // Reads to the window's end or the stream's (retrying on interruption).
            let want = self.cuts.window - self.pending.len();
            self.pending.reserve(want);
            let n = inner
                .by_ref()
                .take(want as u64)
                .read_to_end(&mut self.pending)?;
            self.eof = n < want;
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut cuts = member_starts(&self.pending, self.cuts.piece);
        if self.eof {
            cuts.push(self.pending.len());
        }
        if cuts.len() < 2 {
            return self.go_serial();
        }
        let data = &self.pending;
        let pieces: Vec<Option<Vec<u8>>> = cuts
            .par_windows(2)
            .map(|w| inflate_whole(&data[w[0]..w[1]]))
            .collect();
        if pieces.iter().any(Option::is_none) {
            return self.go_serial();
        }
        let end = cuts[cuts.len() - 1];
        self.ready.extend(pieces.into_iter().flatten());
        self.pending.drain(..end);
        Ok(())
    }

    /// Sends what is left through the serial decoder.
    fn go_serial(&mut self) -> std::io::Result<()> {
        if let Mode::Parallel(inner) = std::mem::replace(&mut self.mode, Mode::Switching) {
            let ahead = Cursor::new(std::mem::take(&mut self.pending));
            let bytes = BufReader::with_capacity(1 << 20, ahead.chain(inner));
            self.mode = Mode::Serial(Box::new(Serial {
                member: Some(GzDecoder::new(bytes)),
            }));
        }
        Ok(())
    }
}

impl<R: Read> Read for MemberReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            while let Some(first) = self.ready.front() {
                let left = &first[self.read_from_first..];
                if left.is_empty() {
                    self.ready.pop_front();
                    self.read_from_first = 0;
                    continue;
                }
                let n = left.len().min(buf.len());
                buf[..n].copy_from_slice(&left[..n]);
                self.read_from_first += n;
                return Ok(n);
            }
            match &mut self.mode {
                Mode::Serial(decoder) => return decoder.read(buf),
                Mode::Switching => return Ok(0),
                Mode::Parallel(_) => {
                    if self.eof && self.pending.is_empty() {
                        return Ok(0);
                    }
                    self.fill()?;
                }
            }
        }
    }
}

/// Positions that look like the start of a gzip member, the first at 0 and each at
/// least `piece` bytes after the one before (a header must fit whole before the end).
fn member_starts(data: &[u8], piece: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut from = piece;
    while from < data.len() {
        let Some(i) = memchr::memmem::find(&data[from..], &[0x1f, 0x8b, 0x08]) else {
            break;
        };
        let at = from + i;
        if looks_like_header(&data[at..]) {
            starts.push(at);
            from = at + piece;
        } else {
            from = at + 1;
        }
    }
    starts
}

/// A gzip member header: magic, deflate, no reserved flag, a known compression level
/// and operating system byte.
fn looks_like_header(h: &[u8]) -> bool {
    h.len() >= 10
        && h[0] == 0x1f
        && h[1] == 0x8b
        && h[2] == 8
        && h[3] & 0xe0 == 0
        && matches!(h[8], 0 | 2 | 4)
        && (h[9] <= 13 || h[9] == 255)
}

/// Most inflated bytes per compressed byte a piece may hold (CSV inflates three to
/// five times); a piece that holds more is left to the serial decoder, which streams it,
/// so that a window never holds more than this many times its size.
const MOST_INFLATED_PER_BYTE: usize = 8;

/// The inflated bytes of `data` when it is whole members (checksums and sizes right)
/// and nothing else, no more than [`MOST_INFLATED_PER_BYTE`] times its size (and a
/// megabyte); `None` otherwise.
fn inflate_whole(data: &[u8]) -> Option<Vec<u8>> {
    let most = data
        .len()
        .saturating_mul(MOST_INFLATED_PER_BYTE)
        .saturating_add(1 << 20);
    let mut out = Vec::with_capacity(data.len().saturating_mul(4));
    let members = Serial {
        member: Some(GzDecoder::new(data)),
    };
    members.take(most as u64 + 1).read_to_end(&mut out).ok()?;
    (out.len() <= most).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn member(data: &[u8], level: u32) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
        e.write_all(data).expect("compress");
        e.finish().expect("compress")
    }

    /// Rows of a CSV-like text, `n` of them, varied by `seed`.
    fn rows(n: usize, seed: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..n {
            let x = (i * 7919 + seed * 104_729) % 1_000_003;
            out.extend_from_slice(format!("{i},{x},user_{},\"text {x:x}\"\n", x % 97).as_bytes());
        }
        out
    }

    fn read_all(mut r: impl Read, buf_len: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buf = vec![0u8; buf_len];
        loop {
            let n = r.read(&mut buf).expect("read");
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    const SMALL: Cuts = Cuts {
        window: 4096,
        piece: 300,
    };

    #[test]
    fn many_members_inflate_in_parallel_to_the_serial_bytes() {
        let mut gz = Vec::new();
        let mut plain = Vec::new();
        for (k, n) in [40, 0, 7, 120, 3, 60, 1, 200, 15, 80]
            .into_iter()
            .enumerate()
        {
            let part = rows(n, k);
            gz.extend(member(&part, 6));
            plain.extend(part);
        }
        for buf_len in [1, 7, 1000, 1 << 16] {
            let reader = MemberReader::with_cuts(&gz[..], SMALL);
            assert_eq!(read_all(reader, buf_len), plain, "reads of {buf_len} bytes");
        }
        // With windows holding several cuts, the stream stays parallel to its end.
        let mut reader = MemberReader::with_cuts(&gz[..], SMALL);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).expect("read");
        assert_eq!(out, plain);
        assert!(!reader.is_serial(), "the members were cut apart");
    }

    #[test]
    fn one_member_goes_to_the_serial_decoder() {
        let plain = rows(3000, 1);
        let gz = member(&plain, 6);
        let mut reader = MemberReader::with_cuts(&gz[..], SMALL);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).expect("read");
        assert_eq!(out, plain);
        assert!(reader.is_serial());
    }

    #[test]
    fn a_header_look_alike_inside_a_member_is_not_a_cut() {
        // Stored (level 0) members keep their bytes as they are: a text holding a gzip
        // header lets one appear inside the compressed stream.
        let fake = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff];
        let mut gz = Vec::new();
        let mut plain = Vec::new();
        for k in 0..6 {
            let mut part = rows(30, k);
            part.extend_from_slice(&fake);
            part.extend(rows(30, k + 10));
            gz.extend(member(&part, 0));
            plain.extend(part);
        }
        let starts = member_starts(&gz, 1);
        assert!(
            starts.len() > 6,
            "the look-alikes are taken as cuts first: {starts:?}"
        );
        let reader = MemberReader::with_cuts(
            &gz[..],
            Cuts {
                window: 1 << 20,
                piece: 1,
            },
        );
        assert_eq!(read_all(reader, 999), plain);
    }

    #[test]
    fn members_that_inflate_far_go_to_the_serial_decoder() {
        // Members of zeros inflate about a thousand times: the window would hold it all.
        let zeros = vec![0u8; 3 << 20];
        let mut gz = Vec::new();
        for _ in 0..3 {
            gz.extend(member(&zeros, 9));
        }
        assert!(gz.len() < 64 << 10, "{} bytes", gz.len());
        let mut reader = MemberReader::with_cuts(
            &gz[..],
            Cuts {
                window: 1 << 20,
                piece: 1,
            },
        );
        let mut out = Vec::new();
        reader.read_to_end(&mut out).expect("read");
        assert_eq!(out.len(), 3 * zeros.len());
        assert!(out.iter().all(|&b| b == 0));
        assert!(reader.is_serial());
    }

    #[test]
    fn a_truncated_or_corrupt_stream_fails_as_the_serial_decoder_does() {
        let mut gz = Vec::new();
        for k in 0..8 {
            gz.extend(member(&rows(50, k), 6));
        }
        let cut = &gz[..gz.len() - 5];
        let mut out = Vec::new();
        assert!(
            MemberReader::with_cuts(cut, SMALL)
                .read_to_end(&mut out)
                .is_err()
        );
        let mut corrupt = gz.clone();
        let last = corrupt.len() - 6;
        corrupt[last] ^= 0xff;
        let mut out = Vec::new();
        assert!(
            MemberReader::with_cuts(&corrupt[..], SMALL)
                .read_to_end(&mut out)
                .is_err()
        );
        // Empty input reads as empty, as the serial decoder reads it.
        let mut out = Vec::new();
        MemberReader::new(&[][..])
            .read_to_end(&mut out)
            .expect("empty");
        assert!(out.is_empty());
    }
}
