//! Where each tweet's row is in its file, for reading texts on demand when a load did
//! not keep them (the largest releases): a file index and a byte offset per tweet.

use std::path::PathBuf;

/// A file tweets were read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The plain CSV file on disk; `None` when its rows cannot be found again by offset
    /// (compressed, inside a zip, or in memory).
    pub path: Option<PathBuf>,
    /// Name for messages.
    pub display: String,
    /// The text column's position and the number of fields of a record.
    pub text_column: usize,
    pub width: usize,
}

/// The files, and each tweet's location in them.
#[derive(Clone, Debug, Default)]
pub struct TextSources {
    pub files: Vec<SourceFile>,
    /// Per tweet: file index (16 bits) and byte offset of its row (48 bits).
    located: Vec<u64>,
}

/// Offsets up to 2^48 bytes (256 TB) fit.
const OFFSET_BITS: u32 = 48;

impl TextSources {
    /// Adds where the next tweet is.
    pub fn push(&mut self, file: u16, offset: u64) {
        self.located
            .push(u64::from(file) << OFFSET_BITS | (offset & ((1 << OFFSET_BITS) - 1)));
    }

    /// Room for `n` more tweets, failing instead of aborting when memory is short.
    pub fn try_reserve(&mut self, n: usize) -> Result<(), std::collections::TryReserveError> {
        self.located.try_reserve(n)
    }

    /// Room for exactly `n` more (a whole file, estimated from its first block).
    pub fn try_reserve_exact(&mut self, n: usize) -> Result<(), std::collections::TryReserveError> {
        self.located.try_reserve_exact(n)
    }

    /// Takes in the files and tweet locations of `other` (tweets read apart, appended
    /// after these); `None` when the files would number over 65,536.
    pub fn append(&mut self, other: TextSources) -> Option<()> {
        let shift = u64::try_from(self.files.len()).ok()?;
        let last = shift + other.files.len() as u64;
        if last > 1 << 16 {
            return None;
        }
        self.located.extend(
            other
                .located
                .iter()
                .map(|&packed| packed + (shift << OFFSET_BITS)),
        );
        self.files.extend(other.files);
        Some(())
    }

    /// The file and row offset of tweet `t`.
    pub fn location(&self, t: usize) -> Option<(&SourceFile, u64)> {
        let packed = *self.located.get(t)?;
        let file = self.files.get((packed >> OFFSET_BITS) as usize)?;
        Some((file, packed & ((1 << OFFSET_BITS) - 1)))
    }

    pub fn len(&self) -> usize {
        self.located.len()
    }

    pub fn is_empty(&self) -> bool {
        self.located.is_empty()
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> u64 {
        super::heap::vec_bytes(&self.located)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_pack_file_and_offset() {
        let mut s = TextSources::default();
        for i in 0..3 {
            s.files.push(SourceFile {
                path: None,
                display: format!("f{i}"),
                text_column: 1,
                width: 2,
            });
        }
        s.push(2, (1 << 40) + 7);
        s.push(0, 0);
        let (file, offset) = s.location(0).expect("first");
        assert_eq!((file.display.as_str(), offset), ("f2", (1 << 40) + 7));
        assert_eq!(
            s.location(1).map(|(f, o)| (f.display.clone(), o)),
            Some(("f0".into(), 0))
        );
        assert!(s.location(2).is_none());
    }
}
