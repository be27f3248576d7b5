//! The structural scan of a chunk of CSV: its separators (commas and newlines outside
//! quotes), 64 bytes at a time, as simdjson and simdcsv find theirs. For each 64-byte
//! block, SIMD compares give bit masks of its quotes and of its commas and newlines; the
//! prefix XOR of the quote mask (carried from block to block) marks the bytes inside
//! quotes; the separators outside them are the set bits that remain, taken one at a time
//! with a trailing-zero count. No byte is branched on: a field costs one bit.
//!
//! A chunk starts on a record boundary, so outside quotes; quotes doubled inside a
//! quoted field toggle the state twice and leave it as it was.
//!
//! The masks come from [`BlockMasks`]: sixteen bytes per compare in the crate's
//! baseline ([`Portable`]), or thirty-two with AVX2 ([`Avx2`], only to be had on a CPU
//! that has it). Both give the same masks.

use wide::u8x16;

/// Bytes per block: one bit of a `u64` mask each.
const BLOCK: usize = 64;

/// How the masks of a 64-byte block (its quotes, and its commas and newlines) are found.
pub trait BlockMasks: Copy {
    fn masks(self, block: &[u8; BLOCK]) -> (u64, u64);
}

/// Masks with the crate's baseline instructions (SSE2 on x86-64: sixteen bytes a time).
#[derive(Clone, Copy, Debug, Default)]
pub struct Portable;

impl BlockMasks for Portable {
    #[inline(always)]
    fn masks(self, block: &[u8; BLOCK]) -> (u64, u64) {
        block_masks(block)
    }
}

/// Masks with AVX2 (thirty-two bytes a time). A value exists only on a CPU with AVX2,
/// BMI1, BMI2, POPCNT and LZCNT ([`Avx2::detect`]), so holding one proves them.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
pub struct Avx2 {
    _proof: (),
}

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    /// The proof that this CPU has the features, or `None`.
    pub fn detect() -> Option<Self> {
        let all = std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
            && std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("lzcnt");
        all.then_some(Self { _proof: () })
    }
}

#[cfg(target_arch = "x86_64")]
impl BlockMasks for Avx2 {
    #[inline(always)]
    #[allow(unsafe_code)]
    fn masks(self, block: &[u8; BLOCK]) -> (u64, u64) {
        // SAFETY: `self` exists only where `Avx2::detect` found AVX2 on this CPU, which
        // is all `avx2_block_masks` needs.
        unsafe { avx2_block_masks(block) }
    }
}

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    /// The quote parity (1 = odd) and the newline count of `data`, in one pass.
    #[allow(unsafe_code)]
    pub fn parity_and_lines(self, data: &[u8]) -> (u8, u64) {
        // SAFETY: `self` exists only where `Avx2::detect` found AVX2 on this CPU, which
        // is all `avx2_parity_and_lines` needs.
        unsafe { avx2_parity_and_lines(data) }
    }
}

/// [`Avx2::parity_and_lines`]: per 32 bytes, the quote compare XOR-ed into one
/// accumulator (each byte lane keeps the parity of its quotes) and the newline compare
/// (-1 per newline) subtracted from byte-lane counters, summed every 255 vectors before
/// they could overflow.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn avx2_parity_and_lines(data: &[u8]) -> (u8, u64) {
    use std::arch::x86_64::{
        __m256i, _mm256_add_epi64, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_sad_epu8,
        _mm256_set1_epi8, _mm256_setzero_si256, _mm256_sub_epi8, _mm256_xor_si256,
    };
    let quote = _mm256_set1_epi8(b'"' as i8);
    let newline = _mm256_set1_epi8(b'\n' as i8);
    let zero = _mm256_setzero_si256();
    let mut quotes = zero;
    let mut lines64 = zero;
    let mut vectors = data.chunks_exact(32);
    loop {
        let mut lines8 = zero;
        let mut taken = 0;
        for half in vectors.by_ref().take(255) {
            let v: __m256i = bytemuck::pod_read_unaligned(half);
            quotes = _mm256_xor_si256(quotes, _mm256_cmpeq_epi8(v, quote));
            lines8 = _mm256_sub_epi8(lines8, _mm256_cmpeq_epi8(v, newline));
            taken += 1;
        }
        lines64 = _mm256_add_epi64(lines64, _mm256_sad_epu8(lines8, zero));
        if taken < 255 {
            break;
        }
    }
    let sums: [u64; 4] = bytemuck::cast(lines64);
    let tail = vectors.remainder();
    let odd_lanes = _mm256_movemask_epi8(quotes).count_ones();
    let tail_quotes = tail.iter().filter(|&&b| b == b'"').count() as u32;
    let tail_lines = tail.iter().filter(|&&b| b == b'\n').count() as u64;
    (
        ((odd_lanes + tail_quotes) & 1) as u8,
        sums.iter().sum::<u64>() + tail_lines,
    )
}

/// [`block_masks`] with two 32-byte compares per byte class.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn avx2_block_masks(block: &[u8; BLOCK]) -> (u64, u64) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    };
    let quote = _mm256_set1_epi8(b'"' as i8);
    let comma = _mm256_set1_epi8(b',' as i8);
    let newline = _mm256_set1_epi8(b'\n' as i8);
    // The masks pass through `black_box`: seen through, LLVM rewrites the movemasks
    // and the bit logic after them as 64 one-bit lanes, rebuilt a byte at a time
    // (three times the instructions of the whole scan).
    let bits =
        |m: __m256i| u64::from(std::hint::black_box(_mm256_movemask_epi8(m)).cast_unsigned());
    let mut quotes = 0u64;
    let mut separators = 0u64;
    for (k, half) in block.chunks_exact(32).enumerate() {
        // Straight from the block: an unaligned 32-byte load.
        let v: __m256i = bytemuck::pod_read_unaligned(half);
        let q = bits(_mm256_cmpeq_epi8(v, quote));
        let s = bits(_mm256_or_si256(
            _mm256_cmpeq_epi8(v, comma),
            _mm256_cmpeq_epi8(v, newline),
        ));
        quotes |= q << (32 * k);
        separators |= s << (32 * k);
    }
    (quotes, separators)
}

/// Masks of one 64-byte block: its quotes, and its commas and newlines.
#[inline(always)]
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
#[inline(always)]
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
#[inline(always)]
fn below(i: usize) -> u64 {
    (1u64 << i) - 1
}

/// The separators of a chunk outside quotes, in order, each with the number of quotes
/// before it.
pub struct Separators<'a, M: BlockMasks = Portable> {
    masks: M,
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

impl<'a, M: BlockMasks> Separators<'a, M> {
    pub fn new(buf: &'a [u8], masks: M) -> Self {
        Self {
            masks,
            buf,
            base: 0,
            loaded: 0,
            bits: 0,
            quotes: 0,
            quotes_before: 0,
            inside: 0,
        }
    }

    #[inline(always)]
    fn load_next_block(&mut self) {
        let start = self.loaded;
        let whole = self
            .buf
            .get(start..start + BLOCK)
            .and_then(|block| <&[u8; BLOCK]>::try_from(block).ok());
        let (quotes, separators) = match whole {
            Some(block) => self.masks.masks(block),
            None => {
                // The last, partial block, padded with bytes that are neither.
                let mut bytes = [0u8; BLOCK];
                let rest = self.buf.get(start..).unwrap_or_default();
                bytes[..rest.len()].copy_from_slice(rest);
                self.masks.masks(&bytes)
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
    #[inline(always)]
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
        let mut s = Separators::new(buf, Portable);
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
        let mut s = Separators::new(&buf, Portable);
        assert_eq!(s.quotes_in_all(), 4);
    }

    #[test]
    fn skip_to_drops_earlier_separators_and_counts_quotes() {
        let buf = b"\"a\",b,c\n\"d\",e\n".repeat(20);
        let mut s = Separators::new(&buf, Portable);
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
