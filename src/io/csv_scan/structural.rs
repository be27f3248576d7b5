//! The structural scan of a chunk of CSV: its separators (commas and newlines outside
//! quotes), 64 bytes at a time, as simdjson and simdcsv find theirs. For each 64-byte
//! block, SIMD compares give bit masks of its quotes and of its commas and newlines; the
//! prefix XOR of the quote mask (carried from block to block) marks the bytes inside
//! quotes; the separators outside them are the set bits that remain, taken one at a time
//! with a trailing-zero count. No byte is branched on: a field costs one bit.
//!
//! A chunk starts on a record boundary, so outside quotes; quotes doubled inside a
//! quoted field toggle the state twice and leave it as it was.

use wide::u8x16;

/// Bytes per block: one bit of a `u64` mask each.
const BLOCK: usize = 64;

/// Masks of one 64-byte block: its quotes, and its commas and newlines.
#[inline]
fn block_masks(block: &[u8; BLOCK]) -> (u64, u64) {
    let quote = u8x16::splat(b'"');
    let comma = u8x16::splat(b',');
    let newline = u8x16::splat(b'\n');
    let mut quotes = 0u64;
    let mut separators = 0u64;
    for (k, part) in block.chunks_exact(16).enumerate() {
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(part);
        let v = u8x16::new(bytes);
        let q = u64::from(v.simd_eq(quote).to_bitmask());
        let s = u64::from((v.simd_eq(comma) | v.simd_eq(newline)).to_bitmask());
        quotes |= q << (16 * k);
        separators |= s << (16 * k);
    }
    (quotes, separators)
}

/// Bit i of the result is the XOR of bits 0..=i of `x`: set from an opening quote up to
/// (not including) its closing quote.
#[inline]
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// The mask of the bits below bit `i` (`i` < 64).
#[inline]
fn below(i: usize) -> u64 {
    (1u64 << i) - 1
}

/// The separators of a chunk outside quotes, in order, each with the number of quotes
/// before it.
pub struct Separators<'a> {
    buf: &'a [u8],
    /// Offset of the block loaded last; `loaded` is the offset after it.
    base: usize,
    loaded: usize,
    /// Separators of that block not yet taken.
    bits: u64,
    /// Its quotes, and the number of quotes before it.
    quotes: u64,
    quotes_before: u64,
    /// All ones when the next block starts inside quotes.
    inside: u64,
}

impl<'a> Separators<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            base: 0,
            loaded: 0,
            bits: 0,
            quotes: 0,
            quotes_before: 0,
            inside: 0,
        }
    }

    fn load_next_block(&mut self) {
        let start = self.loaded;
        let (quotes, separators) = match self.buf.get(start..start + BLOCK) {
            Some(block) => {
                let mut bytes = [0u8; BLOCK];
                bytes.copy_from_slice(block);
                block_masks(&bytes)
            }
            None => {
                // The last, partial block, padded with bytes that are neither.
                let mut bytes = [0u8; BLOCK];
                let rest = self.buf.get(start..).unwrap_or_default();
                bytes[..rest.len()].copy_from_slice(rest);
                block_masks(&bytes)
            }
        };
        let inside = prefix_xor(quotes) ^ self.inside;
        // The top bit, spread over the word: the state the next block starts in.
        self.inside = 0u64.wrapping_sub(inside >> 63);
        self.quotes_before += u64::from(self.quotes.count_ones());
        self.quotes = quotes;
        self.bits = separators & !inside;
        self.base = start;
        self.loaded = start + BLOCK;
    }

    /// The next separator outside quotes and the number of quotes before it; `None`
    /// after the last.
    #[inline]
    pub fn next_separator(&mut self) -> Option<(usize, u64)> {
        while self.bits == 0 {
            if self.loaded >= self.buf.len() {
                return None;
            }
            self.load_next_block();
        }
        let i = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        let quotes = self.quotes_before + u64::from((self.quotes & below(i)).count_ones());
        Some((self.base + i, quotes))
    }

    /// The number of quotes in the whole chunk.
    pub fn quotes_in_all(&mut self) -> u64 {
        while self.loaded < self.buf.len() {
            self.load_next_block();
        }
        self.bits = 0;
        self.quotes_before + u64::from(self.quotes.count_ones())
    }

    /// Drops the separators before `pos` and returns the number of quotes before `pos`.
    pub fn skip_to(&mut self, pos: usize) -> u64 {
        if pos >= self.buf.len() {
            return self.quotes_in_all();
        }
        while self.loaded <= pos {
            self.load_next_block();
        }
        // The parser never goes back before the block it took its last separator from.
        let i = pos.saturating_sub(self.base);
        self.bits &= !below(i);
        self.quotes_before + u64::from((self.quotes & below(i)).count_ones())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(buf: &[u8]) -> Vec<(usize, u64)> {
        let mut s = Separators::new(buf);
        std::iter::from_fn(|| s.next_separator()).collect()
    }

    #[test]
    fn separators_inside_quotes_are_skipped_across_blocks() {
        // a , " (100 commas) " , x \n " " , b \n: the quoted commas span two blocks.
        let mut buf = b"a,\"".to_vec();
        buf.extend(std::iter::repeat_n(b',', 100));
        buf.extend(b"\",x\n\"\",b\n");
        assert_eq!(
            all(&buf),
            vec![(1, 0), (104, 2), (106, 2), (109, 4), (111, 4)]
        );
        let mut s = Separators::new(&buf);
        assert_eq!(s.quotes_in_all(), 4);
    }

    #[test]
    fn skip_to_drops_earlier_separators_and_counts_quotes() {
        let buf = b"\"a\",b,c\n\"d\",e\n".repeat(20);
        let mut s = Separators::new(&buf);
        let at = 14 * 5;
        assert_eq!(buf[at - 1], b'\n');
        let quotes = s.skip_to(at);
        assert_eq!(
            quotes,
            buf[..at].iter().filter(|&&b| b == b'"').count() as u64
        );
        assert_eq!(s.next_separator(), Some((at + 3, quotes + 2)));
    }
}
