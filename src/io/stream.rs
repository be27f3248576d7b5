//! One file's stream into a dataset: a reader thread cuts the file into blocks (reading on
//! into the next file of the stream while the last blocks of one are parsed), each block
//! is parsed in parallel chunks, and a merge thread merges the chunks into the dataset in
//! file order, with the warnings' line numbers. Progress is counted in bytes; the load
//! stops at cancellation or when told to halt.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::columns::{self, Header};
use super::csv_scan::{
    self, Block, BlockReader, Fields, RecordParser, count_newlines, split_chunks,
};
use super::source::Entry;
use super::twitter::{Chunk, MergeError};
use super::{LoadError, LoadOptions, Progress, TextsKept, WARNINGS_KEPT_PER_FILE};
use super::{campaign_of, estimate, input, out_of_memory};
use crate::model::{Dataset, LoadWarning};

/// What the reader thread hands to the parsing thread, in file order.
enum Message {
    /// A block of entry `.0`.
    Block(usize, Block),
    /// Entry `.0` is read to its end.
    EntryEnd(usize),
}

/// Called once before the stream's first rows are merged (or at its end when it has
/// none): the files read apart that come before it are appended there.
pub(super) type Gate<'g> = &'g mut (dyn FnMut(&mut Dataset) -> Result<(), LoadError> + Send);

/// Streams the entries one after the other into `ds`: a reader thread cuts blocks of
/// `block_bytes` (reading on into the next file while this thread parses the last blocks
/// of the one before), this thread parses each block in parallel chunks that a merge
/// thread merges in file order. Stops with [`LoadError::Cancelled`] when the load is
/// cancelled or `halt` is set.
#[allow(clippy::too_many_arguments)]
pub(super) fn stream_entries(
    entries: &[Entry],
    block_bytes: usize,
    options: &LoadOptions,
    progress: &Progress,
    guard: Option<&estimate::Guard>,
    halt: &AtomicBool,
    mut gate: Option<Gate<'_>>,
    ds: &mut Dataset,
) -> Result<(), LoadError> {
    let stopped = || progress.is_cancelled() || halt.load(Ordering::Relaxed);
    std::thread::scope(|scope| {
        let (tx, rx) = crossbeam_channel::bounded::<Result<Message, LoadError>>(2);
        // Room for every buffer there can be, so a handed-back one is never dropped.
        let (recycle_tx, recycle_rx) = crossbeam_channel::bounded::<Vec<u8>>(16);
        std::thread::Builder::new()
            .name("ioscope-read".to_owned())
            .spawn_scoped(scope, move || {
                let mut spare = Vec::new();
                // Blocks sent whose buffers have not come back: past BLOCKS_IN_FLIGHT the
                // reader waits for one rather than touch fresh memory (which costs a
                // page fault and a clear per page, as much as parsing small inputs).
                let mut outstanding = 0usize;
                for (index, entry) in entries.iter().enumerate() {
                    let outcome = entry.with_reader(progress, |reader| {
                        let mut blocks = BlockReader::with_block_size(reader, block_bytes);
                        for buffer in spare.drain(..) {
                            blocks.recycle(buffer);
                        }
                        loop {
                            while let Ok(buffer) = recycle_rx.try_recv() {
                                outstanding = outstanding.saturating_sub(1);
                                blocks.recycle(buffer);
                            }
                            if blocks.spare_len() == 0
                                && outstanding >= BLOCKS_IN_FLIGHT
                                && let Ok(buffer) = recycle_rx.recv()
                            {
                                outstanding = outstanding.saturating_sub(1);
                                blocks.recycle(buffer);
                            }
                            let block = blocks.next_block().map_err(|e| LoadError::Data {
                                file: entry.display.clone(),
                                reason: e.to_string(),
                            })?;
                            let Some(block) = block else {
                                spare = blocks.into_spare();
                                return Ok(true);
                            };
                            if tx.send(Ok(Message::Block(index, block))).is_err() {
                                return Ok(false);
                            }
                            outstanding += 1;
                        }
                    });
                    match outcome {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                    if tx.send(Ok(Message::EntryEnd(index))).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| LoadError::Io {
                file: "(reader thread)".to_owned(),
                reason: e.to_string(),
            })?;
        let mut state: Option<EntryState> = None;
        for message in rx {
            if stopped() {
                return Err(LoadError::Cancelled);
            }
            match message? {
                Message::Block(index, block) => {
                    let state = state
                        .get_or_insert_with(|| EntryState::new(&entries[index], options, guard));
                    state.block(&block, ds, progress, &mut gate)?;
                    let _ = recycle_tx.try_send(block.into_buffer());
                    if let Some(guard) = guard {
                        guard.check()?;
                    }
                }
                Message::EntryEnd(index) => {
                    if state.take().is_none_or(|s| s.header.is_none()) {
                        return Err(LoadError::Empty {
                            file: entries[index].display.clone(),
                        });
                    }
                }
            }
        }
        if stopped() {
            return Err(LoadError::Cancelled);
        }
        match gate.take() {
            Some(gate) => gate(ds),
            None => Ok(()),
        }
    })
}

/// Blocks the reader hands on before it waits for a parsed block's buffer to come back:
/// the two the channel holds and the one being parsed.
const BLOCKS_IN_FLIGHT: usize = 3;

/// The block size for these entries: [`csv_scan::BLOCK_BYTES`] for large inputs; for
/// small ones an eighth of their size (at least 2 MiB), so that a few blocks are in
/// flight and their buffers are reused: every fresh page a buffer touches costs a fault
/// and a clear, which on inputs of tens of megabytes weighs as much as parsing them.
pub(super) fn block_bytes_for(entries: &[Entry]) -> usize {
    let plain: u64 = entries.iter().map(Entry::plain_or_guess).sum();
    let share = usize::try_from(plain / 32).unwrap_or(usize::MAX);
    share.clamp(1 << 20, csv_scan::BLOCK_BYTES)
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
    guard: Option<&'a estimate::Guard>,
    /// The entry's index among the dataset's text sources (tweets files, texts not kept).
    source_file: Option<u16>,
    /// Only tweets posted in `[from, to)` minutes.
    window: Option<(i32, i32)>,
    omit: input::Omitted,
}

impl<'a> EntryState<'a> {
    fn new(entry: &'a Entry, options: &LoadOptions, guard: Option<&'a estimate::Guard>) -> Self {
        let (campaign_name, country) = campaign_of(entry, options);
        Self {
            entry,
            header: None,
            campaign: None,
            campaign_name,
            country,
            kept: 0,
            texts: options.texts_kept(),
            reserved: false,
            guard,
            source_file: None,
            window: options.window,
            omit: options.omit,
        }
    }

    /// Sizes the tweet columns for the whole file, extrapolated from its first chunk
    /// (`sample_bytes` long, holding `sizes` tweets, list items and text bytes), so they
    /// are not copied as they grow. A compressed file's plain size comes from the memory
    /// estimate (its compression ratio); without one, its columns grow as they fill.
    fn reserve_for_file(
        &self,
        ds: &mut Dataset,
        sizes: (usize, usize, usize),
        sample_bytes: usize,
    ) {
        let compressed = self.entry.display.to_ascii_lowercase().ends_with(".gz");
        let plain = match (self.entry.plain_bytes, compressed) {
            (Some(bytes), _) => bytes,
            (None, false) => self.entry.disk_bytes,
            // Estimated from the compression ratio of its first megabytes.
            (None, true) => match self
                .guard
                .and_then(|g| g.plain_bytes_of(&self.entry.display))
            {
                Some(bytes) => bytes,
                None => return,
            },
        };
        if sample_bytes == 0 || plain <= sample_bytes as u64 {
            return;
        }
        let scale = plain as f64 / sample_bytes as f64 * 1.02;
        let (rows, items, text) = sizes;
        let more = |n: usize| (n as f64 * scale) as usize;
        // Only a head start: when it cannot be had, the columns grow as they fill.
        let _ = ds
            .tweets
            .try_reserve_exact(more(rows), more(items), more(text));
        if let Some(sources) = &mut ds.text_sources {
            let _ = sources.try_reserve_exact(more(rows));
        }
    }

    fn block(
        &mut self,
        block: &Block,
        ds: &mut Dataset,
        progress: &Progress,
        gate: &mut Option<Gate<'_>>,
    ) -> Result<(), LoadError> {
        let block_data = block.data();
        progress.add_plain(block_data.len() as u64);
        let mut data_start = 0;
        let mut first_line = block.first_line;
        let mut new_header = false;
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
                new_header = true;
                header
            }
        };
        let data = &block_data[data_start..];
        // Small enough chunks that the merge follows the parsers closely.
        let threads = rayon::current_num_threads();
        let parts = threads * 4;
        // The header shifts the data: segment parities only line up without one.
        let segments = (data_start == 0).then_some(&block.segment_parity[..]);
        let ranges = split_chunks(data, parts, segments);
        let texts = self.texts;
        let window = self.window;
        let omit = self.omit;
        let (chunk_tx, chunk_rx) = crossbeam_channel::unbounded::<(usize, Chunk)>();
        let next_chunk = AtomicUsize::new(0);
        let file = self.entry.display.clone();
        std::thread::scope(|scope| {
            let merger = std::thread::Builder::new()
                .name("ioscope-merge".to_owned())
                .spawn_scoped(scope, || {
                    let base = block.offset + data_start as u64;
                    // What this file adds to the dataset goes after what comes before
                    // it: the files read apart, then its text source and campaign.
                    if let Some(gate) = gate.take() {
                        gate(ds)?;
                    }
                    if new_header {
                        self.add_text_source(ds, &header);
                    }
                    let campaign = *self.campaign.get_or_insert_with(|| {
                        ds.campaign_index(&self.campaign_name, &self.country)
                    });
                    self.merge_chunks(ds, data, first_line, base, &ranges, campaign, chunk_rx)
                })
                .map_err(|e| LoadError::Io {
                    file,
                    reason: format!("cannot start the merge thread: {e}"),
                })?;
            // Each parser takes the next chunk in file order, so the merge thread can
            // merge each chunk while the later ones are parsed.
            (0..threads)
                .into_par_iter()
                .for_each_with(chunk_tx, |tx, _| {
                    loop {
                        let i = next_chunk.fetch_add(1, Ordering::Relaxed);
                        let Some(range) = ranges.get(i) else { break };
                        let chunk =
                            Chunk::parse_within(&data[range.clone()], &header, texts, window, omit);
                        if tx.send((i, chunk)).is_err() {
                            break;
                        }
                    }
                });
            merger
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Records the file among the dataset's text sources (a tweets file with texts, when
    /// texts are not kept), so its tweets' texts can be read again from it.
    fn add_text_source(&mut self, ds: &mut Dataset, header: &Header) {
        if let Some(sources) = &mut ds.text_sources
            && header.kind == columns::FileKind::Tweets
            && header.has(columns::Col::Text)
            && let Ok(index) = u16::try_from(sources.files.len())
        {
            sources.files.push(crate::model::text_sources::SourceFile {
                path: self.entry.seekable_path(),
                display: self.entry.display.clone(),
                text_column: header.at(columns::Col::Text),
                width: header.width,
            });
            self.source_file = Some(index);
        }
    }

    /// Merges parsed chunks into the dataset in file order as they arrive.
    #[allow(clippy::too_many_arguments)]
    fn merge_chunks(
        &mut self,
        ds: &mut Dataset,
        data: &[u8],
        first_line: u64,
        base: u64,
        ranges: &[Range<usize>],
        campaign: u16,
        chunks: crossbeam_channel::Receiver<(usize, Chunk)>,
    ) -> Result<(), LoadError> {
        let mut waiting: Vec<Option<Chunk>> = ranges.iter().map(|_| None).collect();
        let mut next = 0;
        for (i, chunk) in chunks {
            if let Some(slot) = waiting.get_mut(i) {
                *slot = Some(chunk);
            }
            while let Some(mut chunk) = waiting.get_mut(next).and_then(Option::take) {
                let range = &ranges[next];
                next += 1;
                if !self.reserved {
                    self.reserved = true;
                    self.reserve_for_file(ds, chunk.sizes(), range.len());
                }
                let mut warnings = std::mem::take(&mut chunk.warnings);
                let located = self.source_file.map(|f| (f, base + range.start as u64));
                chunk
                    .merge_into(ds, campaign, located, &mut warnings)
                    .map_err(|e| match e {
                        MergeError::Data(reason) => LoadError::Data {
                            file: self.entry.display.clone(),
                            reason,
                        },
                        MergeError::OutOfMemory => out_of_memory(self.guard),
                    })?;
                if !warnings.is_empty() {
                    warnings.sort_by_key(|w| w.0);
                    self.warn(ds, &data[..range.end], range.start, first_line, warnings);
                }
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
