//! Reading archive files into a [`Dataset`]: the Twitter information-operations users and
//! tweets files, as `.csv`, `.csv.gz` (multi-member) or `.zip` (every CSV entry), several
//! at once. Streams each file in blocks (never the whole file in memory), parses blocks
//! in parallel, reports progress in bytes and honours cancellation. Bad rows become
//! warnings naming file, line and reason; a file that is not an archive file is an error.

pub mod atomic;
pub mod collections;
pub mod columns;
pub mod csv_scan;
pub mod estimate;
pub mod fields;
pub mod input;
pub mod memory;
pub mod network;
pub mod sample;
pub mod source;
pub mod texts;
pub mod twitter;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::model::{Dataset, LoadWarning, campaign::campaign_from_file_name, country_for_campaign};
use columns::Header;
use csv_scan::{Block, BlockReader, Fields, RecordParser, count_newlines, split_chunks};
use source::Entry;
use twitter::{Chunk, MergeError};

pub use crate::jobs::Progress;
pub use input::{Input, LoadError, LoadOptions, Omitted, TextsKept, WARNINGS_KEPT_PER_FILE};

/// Loads files into one dataset.
pub fn load(
    inputs: &[Input],
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, LoadError> {
    if inputs.is_empty() {
        return Err(LoadError::NoInput);
    }
    let entries = source::entries_of_inputs(inputs)?;
    let heads = entries
        .iter()
        .map(network::head_of)
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(files) = collection_files(&entries, &heads)? {
        check_room(&entries, COLLECTION_BYTES_PER_BYTE, options)?;
        return collections::load(&files, options, progress);
    }
    if let Some(files) = network_files(&entries, &heads)? {
        check_room(&entries, NETWORK_BYTES_PER_BYTE, options)?;
        return network::load(&files, options, progress);
    }
    let guard = estimate::Guard::before_loading(&entries, options)?;
    let total: u64 = entries.iter().map(|e| e.disk_bytes).sum();
    progress.set_total(total);
    let mut ds = Dataset::default();
    if options.keep_text {
        ds.tweets = crate::model::Tweets::with_text();
    } else {
        ds.text_sources = Some(crate::model::text_sources::TextSources::default());
    }
    load_entries(&entries, options, progress, guard.as_ref(), &mut ds)?;
    if let Some(guard) = &guard {
        guard.check_indexes(ds.tweets.len() as u64)?;
    }
    Ok(ds)
}

/// Peak bytes per plain byte of a network file (measured: 2.2–2.9 for the 175k-node
/// GEXF and GraphML, with the network and its indexes; rounded up).
pub const NETWORK_BYTES_PER_BYTE: u64 = 4;
/// Peak bytes per plain byte of a tweet collection (texts kept; measured 0.3 for
/// twarc's JSON lines, about 1 for CSV; rounded up).
pub const COLLECTION_BYTES_PER_BYTE: u64 = 2;

/// Refuses, before reading, files whose plain size times `per_byte` (plus the fixed
/// cost) exceeds the memory left, unless told to load anyway. Compressed files count
/// at four times their size.
fn check_room(entries: &[Entry], per_byte: u64, options: &LoadOptions) -> Result<(), LoadError> {
    if options.ignore_memory {
        return Ok(());
    }
    let Some(room) = memory::within(memory::room(), options.memory_limit) else {
        return Ok(());
    };
    let plain: u64 = entries.iter().map(Entry::plain_or_guess).sum();
    let needed = plain
        .saturating_mul(per_byte)
        .saturating_add(estimate::FIXED_BYTES);
    if needed <= room.bytes {
        return Ok(());
    }
    Err(LoadError::TooLarge(memory::TooLarge {
        needed,
        room,
        offers: Vec::new(),
    }))
}

/// The entries with their formats when any is a tweet collection (IRA CSV, NBC News,
/// Twitter API JSON lines); `None` when none is. A collection cannot be opened with
/// other files.
fn collection_files(
    entries: &[Entry],
    heads: &[Vec<u8>],
) -> Result<Option<Vec<(Entry, collections::CollectionFormat)>>, LoadError> {
    let formats: Vec<Option<collections::CollectionFormat>> =
        heads.iter().map(|h| collections::sniff(h)).collect();
    if formats.iter().all(Option::is_none) {
        return Ok(None);
    }
    if let Some(i) = formats.iter().position(Option::is_none) {
        let other = formats.iter().flatten().next().map_or("", |f| f.name());
        return Err(LoadError::Format {
            file: entries[i].display.clone(),
            reason: format!("cannot be opened together with {other} files"),
        });
    }
    Ok(Some(
        entries
            .iter()
            .cloned()
            .zip(formats.into_iter().flatten())
            .collect(),
    ))
}

/// The entries with their formats when any is a network file (GEXF, GraphML, CSV
/// tables); `None` when all are archive files.
fn network_files(
    entries: &[Entry],
    heads: &[Vec<u8>],
) -> Result<Option<Vec<(Entry, network::FileFormat)>>, LoadError> {
    let mut formats = Vec::with_capacity(entries.len());
    for (entry, head) in entries.iter().zip(heads) {
        let format = network::sniff(head, &entry.file_name).ok_or_else(|| LoadError::Format {
            file: entry.display.clone(),
            reason: format!("not a file ioscope reads; tried {}", network::TRIED),
        })?;
        formats.push(format);
    }
    if formats.iter().all(|f| *f == network::FileFormat::Archive) {
        return Ok(None);
    }
    if let Some(i) = formats
        .iter()
        .position(|f| *f == network::FileFormat::Archive)
    {
        return Err(LoadError::Format {
            file: entries[i].display.clone(),
            reason: "an archive file cannot be opened together with a network file".to_owned(),
        });
    }
    Ok(Some(entries.iter().cloned().zip(formats).collect()))
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
pub(crate) fn campaign_of(entry: &Entry, options: &LoadOptions) -> (String, String) {
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

/// What the reader thread hands to the parsing thread, in file order.
enum Message {
    /// A block of entry `.0`.
    Block(usize, Block),
    /// Entry `.0` is read to its end.
    EntryEnd(usize),
}

/// Streams the entries one after the other: a reader thread cuts blocks (reading on into
/// the next file while this thread parses the last blocks of the one before), this
/// thread parses each block in parallel chunks that a merge thread merges in file order.
fn load_entries(
    entries: &[Entry],
    options: &LoadOptions,
    progress: &Progress,
    guard: Option<&estimate::Guard>,
    ds: &mut Dataset,
) -> Result<(), LoadError> {
    let block_bytes = options
        .block_bytes
        .unwrap_or_else(|| block_bytes_for(entries));
    std::thread::scope(|scope| {
        let (tx, rx) = crossbeam_channel::bounded::<Result<Message, LoadError>>(2);
        // Room for every buffer there can be, so a handed-back one is never dropped.
        let (recycle_tx, recycle_rx) = crossbeam_channel::bounded::<Vec<u8>>(16);
        std::thread::Builder::new()
            .name("ioscope-read".to_owned())
            .spawn_scoped(scope, move || {
                let mut spare = Vec::new();
                let mut finished = 0;
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
                    // Settle rounding in the per-entry share of compressed bytes.
                    finished += entry.disk_bytes;
                    progress.set_done(finished);
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
            if progress.is_cancelled() {
                return Err(LoadError::Cancelled);
            }
            match message? {
                Message::Block(index, block) => {
                    let state = state
                        .get_or_insert_with(|| EntryState::new(&entries[index], options, guard));
                    state.block(&block, ds, progress)?;
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
        if progress.is_cancelled() {
            return Err(LoadError::Cancelled);
        }
        Ok(())
    })
}

/// Blocks the reader hands on before it waits for a parsed block's buffer to come back:
/// the two the channel holds and the one being parsed.
const BLOCKS_IN_FLIGHT: usize = 3;

/// The block size for these entries: [`csv_scan::BLOCK_BYTES`] for large inputs; for
/// small ones an eighth of their size (at least 2 MiB), so that a few blocks are in
/// flight and their buffers are reused: every fresh page a buffer touches costs a fault
/// and a clear, which on inputs of tens of megabytes weighs as much as parsing them.
fn block_bytes_for(entries: &[Entry]) -> usize {
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
                first_line += count_newlines(&block_data[..data_start]);
                self.header = Some(header.clone());
                header
            }
        };
        let campaign = *self
            .campaign
            .get_or_insert_with(|| ds.campaign_index(&self.campaign_name, &self.country));
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
                        MergeError::OutOfMemory => self.out_of_memory(),
                    })?;
                if !warnings.is_empty() {
                    warnings.sort_by_key(|w| w.0);
                    self.warn(ds, &data[..range.end], range.start, first_line, warnings);
                }
            }
        }
        Ok(())
    }

    /// The refusal when a column could not grow.
    fn out_of_memory(&self) -> LoadError {
        let room = memory::room().unwrap_or(memory::Room {
            bytes: 0,
            bound: memory::Bound::Machine,
        });
        match self.guard {
            Some(guard) => guard.ran_short(room),
            None => LoadError::TooLarge(memory::TooLarge {
                needed: 0,
                room,
                offers: Vec::new(),
            }),
        }
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
