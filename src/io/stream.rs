//! One file's stream into a dataset, as a pipeline: a reader thread cuts the files into
//! blocks (reading on into the next file while the last blocks of one are parsed), this
//! thread cuts each block into chunks that the thread pool parses, and a merge thread
//! merges the chunks into the dataset in file order, with the warnings' line numbers.
//! Blocks overlap: the parsers start on the next block while the last chunks of one are
//! parsed and merged, so no core waits at a block's end. Progress is counted in bytes;
//! the load stops at cancellation or when told to halt.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crossbeam_channel::{Receiver, Sender};
use yoke::Yoke;

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

/// A block's buffer lent to its chunks: it goes back to the reader when the last of them
/// is merged (when this is dropped), however the load ends.
struct Lent {
    block: Option<Block>,
    back: Sender<Vec<u8>>,
}

impl Drop for Lent {
    fn drop(&mut self) {
        if let Some(block) = self.block.take() {
            // The channel has room for every buffer; after the reader is gone, none is
            // needed.
            let _ = self.back.try_send(block.into_buffer());
        }
    }
}

/// What the chunks of one block are parsed from: the block's records (after the header,
/// in the file's first block) and the file's header.
struct Records {
    lent: Lent,
    data_start: usize,
    header: Arc<Header>,
}

impl Records {
    fn data(&self) -> &[u8] {
        self.lent
            .block
            .as_ref()
            .and_then(|b| b.data().get(self.data_start..))
            .unwrap_or_default()
    }
}

/// A parsed chunk carried with the block it borrows from, so it can cross to the merge
/// thread while the parsers go on with later blocks.
type ParsedChunk = Yoke<Chunk<'static>, Arc<Records>>;

/// A block cut into chunks, as the merge thread needs it (sent in file order).
struct Plan {
    /// The entry the block belongs to.
    entry: usize,
    /// True for the entry's first block of records (the one after its header).
    first_of_entry: bool,
    records: Arc<Records>,
    /// The chunks, within [`Records::data`].
    ranges: Vec<Range<usize>>,
    /// The pipeline's number of the first chunk (they are numbered in file order).
    first_chunk: usize,
    /// 1-based line number of the records' first byte.
    first_line: u64,
    /// Stream offset of the records' first byte.
    base: u64,
}

/// A chunk's number and the chunk (or its parser's panic).
type Parsed = (usize, std::thread::Result<ParsedChunk>);

/// Streams the entries one after the other into `ds`: a reader thread cuts blocks of
/// `block_bytes` (reading on into the next file while the last blocks of one are
/// parsed), this thread cuts each block into chunks for the thread pool to parse, and a
/// merge thread merges them in file order. Stops with [`LoadError::Cancelled`] when the
/// load is cancelled or `halt` is set.
#[allow(clippy::too_many_arguments)]
pub(super) fn stream_entries(
    entries: &[Entry],
    block_bytes: usize,
    options: &LoadOptions,
    progress: &Progress,
    guard: Option<&estimate::Guard>,
    halt: &AtomicBool,
    gate: Option<Gate<'_>>,
    ds: &mut Dataset,
) -> Result<(), LoadError> {
    let stopped = || progress.is_cancelled() || halt.load(Ordering::Relaxed);
    let merged_into = &mut *ds;
    let gate = std::thread::scope(|scope| {
        let (tx, rx) = crossbeam_channel::bounded::<Result<Message, LoadError>>(2);
        // Room for every buffer there can be, so a handed-back one is never dropped.
        let (recycle_tx, recycle_rx) = crossbeam_channel::bounded::<Vec<u8>>(16);
        std::thread::Builder::new()
            .name("ioscope-read".to_owned())
            .spawn_scoped(scope, move || {
                read_blocks(entries, block_bytes, progress, &tx, &recycle_rx);
            })
            .map_err(|e| LoadError::Io {
                file: "(reader thread)".to_owned(),
                reason: e.to_string(),
            })?;
        let (plan_tx, plan_rx) = crossbeam_channel::unbounded::<Plan>();
        let (chunk_tx, chunk_rx) = crossbeam_channel::unbounded::<Parsed>();
        let merge = Merge {
            entries,
            options,
            guard,
            stopped: &stopped,
            gate,
        };
        let merger = std::thread::Builder::new()
            .name("ioscope-merge".to_owned())
            .spawn_scoped(scope, move || merge.run(merged_into, &plan_rx, &chunk_rx))
            .map_err(|e| LoadError::Io {
                file: "(merge thread)".to_owned(),
                reason: format!("cannot start the merge thread: {e}"),
            })?;
        let dispatch = Dispatch {
            entries,
            progress,
            recycle: recycle_tx,
        };
        let lanes = Lanes::new(options, chunk_tx);
        let dispatched =
            rayon::in_place_scope(|parsers| dispatch.run(&rx, &stopped, &plan_tx, &lanes, parsers));
        // The merge ends once it has every chunk planned.
        drop((plan_tx, lanes, rx));
        let merged = merger
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The merge's error comes first in file order: the dispatch is ahead of it.
        let gate = merged?;
        dispatched.map(|()| gate)
    })?;
    if stopped() {
        return Err(LoadError::Cancelled);
    }
    match gate {
        Some(gate) => gate(ds),
        None => Ok(()),
    }
}

/// The reader thread: cuts each entry into blocks in turn and sends them on, waiting for
/// a lent buffer to come back once [`BLOCKS_IN_FLIGHT`] are out.
fn read_blocks(
    entries: &[Entry],
    block_bytes: usize,
    progress: &Progress,
    tx: &Sender<Result<Message, LoadError>>,
    recycle_rx: &Receiver<Vec<u8>>,
) {
    let mut spare = Vec::new();
    // Blocks sent whose buffers have not come back: past BLOCKS_IN_FLIGHT the reader
    // waits for one rather than touch fresh memory (which costs a page fault and a clear
    // per page, as much as parsing small inputs).
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
}

/// Blocks the reader hands on before it waits for a merged block's buffer to come back:
/// one being merged, one being parsed and one waiting (in the channel or the parsers'
/// queue).
const BLOCKS_IN_FLIGHT: usize = 3;

/// The block size for these entries: [`csv_scan::BLOCK_BYTES`] for large inputs; for
/// small ones a thirty-second of their size (at least 1 MiB), so that a few blocks are in
/// flight and their buffers are reused: every fresh page a buffer touches costs a fault
/// and a clear, which on inputs of tens of megabytes weighs as much as parsing them.
pub(super) fn block_bytes_for(entries: &[Entry]) -> usize {
    let plain: u64 = entries.iter().map(Entry::plain_or_guess).sum();
    let share = usize::try_from(plain / 32).unwrap_or(usize::MAX);
    share.clamp(1 << 20, csv_scan::BLOCK_BYTES)
}

/// This thread's part of the pipeline: the header of each file, each block cut into
/// chunks, each chunk handed to the thread pool to parse.
struct Dispatch<'a> {
    entries: &'a [Entry],
    progress: &'a Progress,
    recycle: Sender<Vec<u8>>,
}

impl Dispatch<'_> {
    /// Dispatches every block the reader sends until the stream ends; stops early,
    /// without an error of its own, when the merge has stopped (it reports why).
    fn run<'s>(
        &self,
        blocks: &Receiver<Result<Message, LoadError>>,
        stopped: &dyn Fn() -> bool,
        plans: &Sender<Plan>,
        lanes: &'s Lanes,
        parsers: &rayon::Scope<'s>,
    ) -> Result<(), LoadError> {
        let threads = rayon::current_num_threads();
        // Enough chunks that the parsers share each block evenly and the merge follows
        // them closely.
        let parts = threads * 4;
        // The entry being read and its header (once its first record is read).
        let mut current: Option<(usize, Option<Arc<Header>>)> = None;
        let mut next_chunk = 0;
        for message in blocks {
            if stopped() {
                return Err(LoadError::Cancelled);
            }
            let (index, block) = match message? {
                Message::Block(index, block) => (index, block),
                Message::EntryEnd(index) => {
                    if current.take().is_none_or(|(_, header)| header.is_none()) {
                        return Err(LoadError::Empty {
                            file: self.entries[index].display.clone(),
                        });
                    }
                    continue;
                }
            };
            self.progress.add_plain(block.data().len() as u64);
            let entry = &self.entries[index];
            let (_, known) = current.get_or_insert((index, None));
            let mut data_start = 0;
            let mut first_line = block.first_line;
            let first_of_entry = known.is_none();
            let header = match known {
                Some(header) => Arc::clone(header),
                None => {
                    let data = block.data();
                    let mut parser = RecordParser::new(data);
                    let mut fields = Fields::default();
                    let Some((_, outcome)) = parser.next_record(&mut fields) else {
                        let _ = self.recycle.try_send(block.into_buffer());
                        continue;
                    };
                    outcome.map_err(|e| LoadError::Format {
                        file: entry.display.clone(),
                        reason: format!("unreadable header line: {}", e.reason()),
                    })?;
                    let header = Arc::new(Header::parse(&fields, data, &entry.display)?);
                    data_start = parser.position();
                    first_line += count_newlines(&data[..data_start]);
                    *known = Some(Arc::clone(&header));
                    header
                }
            };
            // Cut where the segment parities say (the whole block, as they count it),
            // then the header left out.
            let ranges = split_chunks(block.data(), parts, Some(&block.segment_parity))
                .into_iter()
                .filter_map(|r| {
                    let start = r.start.max(data_start);
                    (start < r.end).then(|| start - data_start..r.end - data_start)
                })
                .collect::<Vec<_>>();
            let base = block.offset + data_start as u64;
            let records = Arc::new(Records {
                lent: Lent {
                    block: Some(block),
                    back: self.recycle.clone(),
                },
                data_start,
                header,
            });
            let first_chunk = next_chunk;
            next_chunk += ranges.len();
            let plan = Plan {
                entry: index,
                first_of_entry,
                records: Arc::clone(&records),
                ranges: ranges.clone(),
                first_chunk,
                first_line,
                base,
            };
            if plans.send(plan).is_err() {
                return Ok(());
            }
            // A reader inflating a file takes a core of its own: the parsers leave it one.
            let limit = if entry.compressed {
                threads - 1
            } else {
                threads
            };
            lanes.limit.store(limit.max(1), Ordering::Relaxed);
            for (k, range) in ranges.into_iter().enumerate() {
                let task = Task {
                    records: Arc::clone(&records),
                    range,
                    number: first_chunk + k,
                };
                if lanes.tasks.send(task).is_err() {
                    return Ok(());
                }
            }
            // Pairs with the fence in [`Lanes::work`]: a lane that stops after these
            // tasks were queued sees them, or this sees it stopped and starts another.
            std::sync::atomic::fence(Ordering::SeqCst);
            while lanes.try_start() {
                parsers.spawn(move |_| lanes.work());
            }
        }
        Ok(())
    }
}

/// A chunk waiting to be parsed.
struct Task {
    records: Arc<Records>,
    /// Within [`Records::data`].
    range: Range<usize>,
    /// The pipeline's number of the chunk.
    number: usize,
}

/// The chunks waiting to be parsed and the pool jobs (lanes) parsing them, in order: at
/// most `limit` at a time, so that a reader thread inflating a file keeps a core (with
/// every core parsing, the inflating reader got two thirds of one and held the load
/// back). A lane parses until the queue is empty and then ends, so no pool thread ever
/// waits for work.
struct Lanes {
    tasks: Sender<Task>,
    queue: Receiver<Task>,
    active: AtomicUsize,
    limit: AtomicUsize,
    chunks: Sender<Parsed>,
    texts: TextsKept,
    window: Option<(i32, i32)>,
    omit: input::Omitted,
}

impl Lanes {
    fn new(options: &LoadOptions, chunks: Sender<Parsed>) -> Self {
        let (tasks, queue) = crossbeam_channel::unbounded();
        Self {
            tasks,
            queue,
            active: AtomicUsize::new(0),
            limit: AtomicUsize::new(1),
            chunks,
            texts: options.texts_kept(),
            window: options.window,
            omit: options.omit,
        }
    }

    /// Counts one more lane, if there is room for it.
    fn try_start(&self) -> bool {
        let limit = self.limit.load(Ordering::Relaxed);
        self.active
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |a| {
                (a < limit).then_some(a + 1)
            })
            .is_ok()
    }

    /// A lane: parses queued chunks until there are none, sending each to the merge.
    fn work(&self) {
        loop {
            while let Ok(task) = self.queue.try_recv() {
                self.parse(task);
            }
            self.active.fetch_sub(1, Ordering::SeqCst);
            // Pairs with the fence after the dispatcher queues tasks.
            std::sync::atomic::fence(Ordering::SeqCst);
            if self.queue.is_empty() || !self.try_start() {
                return;
            }
        }
    }

    fn parse(&self, task: Task) {
        let Task {
            records,
            range,
            number,
        } = task;
        let (texts, window, omit) = (self.texts, self.window, self.omit);
        // A parser's panic is the merge thread's to raise (the chunk it waits for would
        // otherwise never come).
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ParsedChunk::attach_to_cart(records, |r| {
                let data = r.data().get(range).unwrap_or_default();
                Chunk::parse_within(data, &r.header, texts, window, omit)
            })
        }));
        let _ = self.chunks.send((number, parsed));
    }
}

/// The merge thread's part of the pipeline: each chunk merged into the dataset in file
/// order, the files' campaigns and text sources recorded, the memory guard checked.
struct Merge<'a, 'g> {
    entries: &'a [Entry],
    options: &'a LoadOptions,
    guard: Option<&'a estimate::Guard>,
    stopped: &'a (dyn Fn() -> bool + Sync),
    /// Called before the first block is merged; handed back when there was none.
    gate: Option<Gate<'g>>,
}

impl<'g> Merge<'_, 'g> {
    fn run(
        mut self,
        ds: &mut Dataset,
        plans: &Receiver<Plan>,
        chunks: &Receiver<Parsed>,
    ) -> Result<Option<Gate<'g>>, LoadError> {
        let mut state: Option<EntryState> = None;
        // Chunks parsed ahead of the one merged next, by number.
        let mut ahead: HashMap<usize, ParsedChunk> = HashMap::new();
        for plan in plans {
            if (self.stopped)() {
                return Err(LoadError::Cancelled);
            }
            // What this file adds to the dataset goes after what comes before it: the
            // files read apart, then its text source and campaign.
            if let Some(gate) = self.gate.take() {
                gate(ds)?;
            }
            let entry = &self.entries[plan.entry];
            let state = match &mut state {
                Some(s) if s.index == plan.entry => s,
                _ => state.insert(EntryState::new(plan.entry, entry, self.options, self.guard)),
            };
            if plan.first_of_entry {
                state.add_text_source(ds, &plan.records.header);
            }
            for (k, range) in plan.ranges.iter().enumerate() {
                let number = plan.first_chunk + k;
                let chunk = loop {
                    if let Some(chunk) = ahead.remove(&number) {
                        break chunk;
                    }
                    match chunks.recv() {
                        Ok((n, Ok(chunk))) if n == number => break chunk,
                        Ok((n, Ok(chunk))) => {
                            ahead.insert(n, chunk);
                        }
                        Ok((_, Err(panic))) => std::panic::resume_unwind(panic),
                        Err(_) => {
                            return Err(LoadError::Io {
                                file: entry.display.clone(),
                                reason: "the parsers stopped before the file was read".to_owned(),
                            });
                        }
                    }
                };
                state.merge_chunk(ds, &plan, range, chunk.get())?;
            }
            if let Some(guard) = self.guard {
                guard.check()?;
            }
        }
        Ok(self.gate)
    }
}

/// The merge's state for the file being merged.
struct EntryState<'a> {
    index: usize,
    entry: &'a Entry,
    campaign: Option<u16>,
    campaign_name: String,
    country: String,
    /// Warnings kept for this file.
    kept: usize,
    /// Whether the columns were sized for the whole file (after its first chunk).
    reserved: bool,
    guard: Option<&'a estimate::Guard>,
    /// The entry's index among the dataset's text sources (tweets files, texts not kept).
    source_file: Option<u16>,
}

impl<'a> EntryState<'a> {
    fn new(
        index: usize,
        entry: &'a Entry,
        options: &LoadOptions,
        guard: Option<&'a estimate::Guard>,
    ) -> Self {
        let (campaign_name, country) = campaign_of(entry, options);
        Self {
            index,
            entry,
            campaign: None,
            campaign_name,
            country,
            kept: 0,
            reserved: false,
            guard,
            source_file: None,
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

    /// Merges chunk `range` of a block into the dataset, with its warnings.
    fn merge_chunk(
        &mut self,
        ds: &mut Dataset,
        plan: &Plan,
        range: &Range<usize>,
        chunk: &Chunk<'_>,
    ) -> Result<(), LoadError> {
        let campaign = *self
            .campaign
            .get_or_insert_with(|| ds.campaign_index(&self.campaign_name, &self.country));
        if !self.reserved {
            self.reserved = true;
            self.reserve_for_file(ds, chunk.sizes(), range.len());
        }
        let mut warnings = chunk.warnings.clone();
        let located = self
            .source_file
            .map(|f| (f, plan.base + range.start as u64));
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
            let data = plan.records.data();
            let upto = data.get(..range.end).unwrap_or(data);
            self.warn(ds, upto, range.start, plan.first_line, warnings);
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
