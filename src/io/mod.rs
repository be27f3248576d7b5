//! Reading archive files into a [`Dataset`]: the Twitter information-operations users and
//! tweets files, as `.csv`, `.csv.gz` (multi-member) or `.zip` (every CSV entry), several
//! at once. Streams each file in blocks (never the whole file in memory), parses blocks
//! in parallel, reports progress in bytes and honours cancellation. Bad rows become
//! warnings naming file, line and reason; a file that is not an archive file is an error.

pub mod atomic;
pub mod columns;
pub mod csv_scan;
pub mod fields;
pub mod input;
pub mod sample;
pub mod source;
pub mod twitter;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{Dataset, LoadWarning, campaign::campaign_from_file_name, country_for_campaign};
use columns::Header;
use csv_scan::{Block, BlockReader, Fields, RecordParser, count_newlines, split_chunks};
use source::Entry;
use twitter::Chunk;

/// Warnings kept per file for the load report (all are counted).
pub const WARNINGS_KEPT_PER_FILE: usize = 200;

pub use crate::jobs::Progress;
pub use input::{Input, LoadError, LoadOptions, TextsKept};

/// Loads files into one dataset.
pub fn load(
    inputs: &[Input],
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, LoadError> {
    if inputs.is_empty() {
        return Err(LoadError::NoInput);
    }
    let mut entries = Vec::new();
    for input in inputs {
        let found = match input {
            Input::Path(p) => source::entries_of_path(p)?,
            Input::Bytes { name, bytes } => source::entries_of_bytes(name, Arc::clone(bytes))?,
        };
        entries.extend(found);
    }
    let total: u64 = entries.iter().map(|e| e.disk_bytes).sum();
    progress.set_total(total);
    let mut ds = Dataset::default();
    if options.keep_text {
        ds.tweets = crate::model::Tweets::with_text();
    }
    let mut finished = 0;
    for entry in &entries {
        load_entry(entry, options, progress, &mut ds)?;
        // Settle rounding in the per-entry share of compressed bytes.
        finished += entry.disk_bytes;
        progress.set_done(finished);
    }
    Ok(ds)
}

/// Loads one file (or the entries of one zip) from its path.
pub fn load_paths(
    paths: &[PathBuf],
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, LoadError> {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
    load(&inputs, options, progress)
}

/// The campaign of an entry and its country (options override the built-in table).
fn campaign_of(entry: &Entry, options: &LoadOptions) -> (String, String) {
    let mut name = campaign_from_file_name(&entry.file_name);
    if name.is_empty() {
        name = options
            .default_campaign
            .clone()
            .unwrap_or_else(|| "unknown".to_owned());
    }
    let country = options
        .countries
        .get(&name)
        .cloned()
        .unwrap_or_else(|| country_for_campaign(&name).to_owned());
    (name, country)
}

/// Streams one entry: a reader thread cuts blocks, this thread parses them in parallel
/// chunks and merges the chunks in order.
fn load_entry(
    entry: &Entry,
    options: &LoadOptions,
    progress: &Progress,
    ds: &mut Dataset,
) -> Result<(), LoadError> {
    let (campaign_name, country) = campaign_of(entry, options);
    let mut state = EntryState {
        entry,
        header: None,
        campaign: None,
        campaign_name,
        country,
        kept: 0,
        texts: options.texts_kept(),
        reserved: false,
    };
    let block_bytes = options.block_bytes.unwrap_or(csv_scan::BLOCK_BYTES);
    std::thread::scope(|scope| {
        let (tx, rx) = crossbeam_channel::bounded::<Result<Block, LoadError>>(2);
        let (recycle_tx, recycle_rx) = crossbeam_channel::bounded::<Vec<u8>>(4);
        std::thread::Builder::new()
            .name("ioscope-read".to_owned())
            .spawn_scoped(scope, move || {
                let outcome = entry.with_reader(progress, |reader| {
                    let mut blocks = BlockReader::with_block_size(reader, block_bytes);
                    loop {
                        while let Ok(buffer) = recycle_rx.try_recv() {
                            blocks.recycle(buffer);
                        }
                        let block = blocks.next_block().map_err(|e| LoadError::Data {
                            file: entry.display.clone(),
                            reason: e.to_string(),
                        })?;
                        let Some(block) = block else { return Ok(()) };
                        if tx.send(Ok(block)).is_err() {
                            return Ok(());
                        }
                    }
                });
                if let Err(e) = outcome {
                    let _ = tx.send(Err(e));
                }
            })
            .map_err(|e| LoadError::Io {
                file: entry.display.clone(),
                reason: e.to_string(),
            })?;
        for message in rx {
            if progress.is_cancelled() {
                return Err(LoadError::Cancelled);
            }
            let block = message?;
            state.block(&block, ds, progress)?;
            let _ = recycle_tx.try_send(block.into_buffer());
        }
        if progress.is_cancelled() {
            return Err(LoadError::Cancelled);
        }
        if state.header.is_none() {
            return Err(LoadError::Empty {
                file: entry.display.clone(),
            });
        }
        Ok(())
    })
}

struct EntryState<'a> {
    entry: &'a Entry,
    header: Option<Header>,
    campaign: Option<u16>,
    campaign_name: String,
    country: String,
    kept: usize,
    texts: TextsKept,
    /// Whether the columns were sized for the whole file (after its first block).
    reserved: bool,
}

impl EntryState<'_> {
    /// Sizes the tweet columns for the whole file, extrapolated from its first block, so
    /// they are not copied as they grow (a compressed file's plain size is unknown: its
    /// columns grow as they fill).
    fn reserve_for_file(&self, ds: &mut Dataset, chunks: &[Chunk], block_len: usize) {
        let compressed = self.entry.display.to_ascii_lowercase().ends_with(".gz");
        let plain = match (self.entry.plain_bytes, compressed) {
            (Some(bytes), _) => bytes,
            (None, false) => self.entry.disk_bytes,
            (None, true) => return,
        };
        if block_len == 0 || plain <= block_len as u64 {
            return;
        }
        let scale = plain as f64 / block_len as f64 * 1.02;
        let (rows, items, text) = chunks.iter().fold((0, 0, 0), |(r, i, t), c| {
            let (cr, ci, ct) = c.sizes();
            (r + cr, i + ci, t + ct)
        });
        let more = |n: usize| (n as f64 * scale) as usize;
        ds.tweets.reserve(more(rows), more(items), more(text));
    }

    fn block(
        &mut self,
        block: &Block,
        ds: &mut Dataset,
        progress: &Progress,
    ) -> Result<(), LoadError> {
        let block_data = block.data();
        progress.add_plain(block_data.len() as u64);
        let mut data_start = 0;
        let mut first_line = block.first_line;
        let header = match &self.header {
            Some(h) => h.clone(),
            None => {
                let mut parser = RecordParser::new(block_data);
                let mut fields = Fields::default();
                let Some((_, outcome)) = parser.next_record(&mut fields) else {
                    return Ok(());
                };
                outcome.map_err(|e| LoadError::Format {
                    file: self.entry.display.clone(),
                    reason: format!("unreadable header line: {}", e.reason()),
                })?;
                let header = Header::parse(&fields, block_data, &self.entry.display)?;
                data_start = parser.position();
                first_line += count_newlines(&block_data[..data_start]);
                self.header = Some(header.clone());
                header
            }
        };
        let campaign = *self
            .campaign
            .get_or_insert_with(|| ds.campaign_index(&self.campaign_name, &self.country));
        let data = &block_data[data_start..];
        let parts = rayon::current_num_threads() * 2;
        // The header shifts the data: segment parities only line up without one.
        let segments = (data_start == 0).then_some(&block.segment_parity[..]);
        let ranges = split_chunks(data, parts, segments);
        let texts = self.texts;
        let chunks: Vec<Chunk> = ranges
            .par_iter()
            .map(|r| Chunk::parse(&data[r.clone()], &header, texts))
            .collect();
        if !self.reserved {
            self.reserved = true;
            self.reserve_for_file(ds, &chunks, block_data.len());
        }
        for (range, mut chunk) in ranges.iter().zip(chunks) {
            let mut warnings = std::mem::take(&mut chunk.warnings);
            chunk
                .merge_into(ds, campaign, &mut warnings)
                .map_err(|reason| LoadError::Data {
                    file: self.entry.display.clone(),
                    reason,
                })?;
            if !warnings.is_empty() {
                warnings.sort_by_key(|w| w.0);
                self.warn(ds, &data[..range.end], range.start, first_line, warnings);
            }
        }
        Ok(())
    }

    /// Records a chunk's warnings with their line numbers (computed for kept ones only).
    fn warn(
        &mut self,
        ds: &mut Dataset,
        data: &[u8],
        chunk_start: usize,
        first_line: u64,
        warnings: Vec<(usize, String)>,
    ) {
        ds.warning_count += warnings.len() as u64;
        let mut line = first_line + count_newlines(&data[..chunk_start]);
        let mut counted_to = chunk_start;
        for (offset, reason) in warnings {
            if self.kept >= WARNINGS_KEPT_PER_FILE {
                break;
            }
            let at = (chunk_start + offset).min(data.len());
            line += count_newlines(&data[counted_to..at]);
            counted_to = at;
            self.kept += 1;
            ds.warnings.push(LoadWarning {
                file: self.entry.display.clone(),
                line,
                reason,
            });
        }
    }
}
