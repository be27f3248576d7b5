//! What to load ([`Input`]: a path, or bytes in memory), how ([`LoadOptions`]), and
//! why a load fails ([`LoadError`], each naming the file).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Warnings kept per file for the load report (all are counted).
pub const WARNINGS_KEPT_PER_FILE: usize = 200;

/// How to load.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Keep the text of every tweet (costs memory: off for the largest releases).
    pub keep_text: bool,
    /// With `keep_text`, leave retweets' texts out (empty): for analyses that read only
    /// the accounts' own texts (co-tweet, near-duplicate), a third less to copy.
    pub skip_retweet_text: bool,
    /// Campaign → country, overriding the built-in table.
    pub countries: BTreeMap<String, String>,
    /// Campaign name for files whose name has none (default: "unknown").
    pub default_campaign: Option<String>,
    /// Load even when the memory estimate says the files will not fit (running short
    /// while loading still ends the load cleanly).
    pub ignore_memory: bool,
    /// Only tweets posted in `[from, to)` (minutes since 1970, UTC) are loaded: a large
    /// release's most recent months, when the whole does not fit.
    pub window: Option<(i32, i32)>,
    /// A ceiling on the memory a load may take, in bytes, below what the machine leaves
    /// (`--memory-limit`).
    pub memory_limit: Option<u64>,
    /// Parts of the tweets files left out: headless analyses that never read them load
    /// less (`ioscope coordination` reads neither profiles nor mentions, and hashtags or
    /// links only for the kinds that compare them).
    pub omit: Omitted,
    /// Read the files one after the other rather than smaller ones beside larger ones
    /// (`bench load --one-file-at-a-time`, to measure what reading side by side gains).
    pub one_file_at_a_time: bool,
    /// Block size for streaming (default [`super::csv_scan::BLOCK_BYTES`]); tests use tiny
    /// blocks to cross every boundary case.
    pub block_bytes: Option<usize>,
}

/// Parts of an archive a load may leave out; by default it keeps everything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    /// Account profiles (screen and display names, location, description, counts).
    pub profiles: bool,
    pub hashtags: bool,
    pub urls: bool,
    pub mentions: bool,
    /// The clients tweets were posted with.
    pub clients: bool,
}

/// Which tweet texts a load keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextsKept {
    None,
    All,
    NotOfRetweets,
}

impl LoadOptions {
    pub fn texts_kept(&self) -> TextsKept {
        match (self.keep_text, self.skip_retweet_text) {
            (false, _) => TextsKept::None,
            (true, false) => TextsKept::All,
            (true, true) => TextsKept::NotOfRetweets,
        }
    }
}

/// A file to load.
#[derive(Clone, Debug)]
pub enum Input {
    Path(PathBuf),
    /// Bytes held in memory (a zip, gzip or CSV) under a file name.
    Bytes {
        name: String,
        bytes: Arc<[u8]>,
    },
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Self::Path(p) => p.display().to_string(),
            Self::Bytes { name, .. } => name.clone(),
        }
    }
}

/// Why a load failed. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: {reason}")]
    Io { file: String, reason: String },
    #[error("{file}: {reason}")]
    Format { file: String, reason: String },
    #[error("{file}: the file is empty (no header line)")]
    Empty { file: String },
    #[error("{file}: a {kind} file needs the column(s) {}", missing.join(", "))]
    MissingColumns {
        file: String,
        kind: &'static str,
        missing: Vec<String>,
    },
    #[error("{file}: {reason}")]
    Data { file: String, reason: String },
    #[error("no file to load")]
    NoInput,
    /// The files need more memory than is left (before loading, from an estimate; or
    /// while loading, when the room ran short).
    #[error("{0}")]
    TooLarge(super::memory::TooLarge),
    #[error("loading was cancelled")]
    Cancelled,
}

impl LoadError {
    /// The file the error is about, if any.
    pub fn file(&self) -> Option<&str> {
        match self {
            Self::Io { file, .. }
            | Self::Format { file, .. }
            | Self::Empty { file }
            | Self::MissingColumns { file, .. }
            | Self::Data { file, .. } => Some(file),
            Self::NoInput | Self::Cancelled | Self::TooLarge(_) => None,
        }
    }
}
