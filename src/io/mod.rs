//! Reading archive files into a [`Dataset`]: the Twitter information-operations users and
//! tweets files, as `.csv`, `.csv.gz` (several members inflated in parallel, `gzip`) or
//! `.zip` (every CSV entry), several at once. Streams each file in blocks (never the
//! whole file in memory), parses blocks in parallel (`stream`), reads smaller files beside
//! larger ones (`rounds`), reports progress in bytes and honours cancellation. Bad rows
//! become warnings naming file, line and reason; a file that is not an archive file is an
//! error.

pub mod atomic;
pub mod collections;
pub mod columns;
pub mod csv_scan;
pub mod estimate;
pub mod fields;
pub mod gzip;
pub mod input;
pub mod memory;
pub mod network;
mod rounds;
pub mod sample;
pub mod source;
mod stream;
pub mod texts;
pub mod twitter;

use std::path::PathBuf;

use crate::model::{Dataset, campaign::campaign_from_file_name, country_for_campaign};
use source::Entry;

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
    let mut ds = empty_dataset(options);
    rounds::load_in_rounds(&entries, options, progress, guard.as_ref(), &mut ds)?;
    if let Some(guard) = &guard {
        guard.check_indexes(ds.tweets.len() as u64)?;
    }
    Ok(ds)
}

/// How many files a load of these tables reads, and in how many rounds (files read
/// side by side share one; `io/rounds.rs`): for benchmarks.
pub fn files_and_rounds(
    inputs: &[Input],
    options: &LoadOptions,
) -> Result<(usize, usize), LoadError> {
    let entries = source::entries_of_inputs(inputs)?;
    Ok((entries.len(), rounds::rounds_for(&entries, options).len()))
}

/// The refusal when a column could not grow while loading.
fn out_of_memory(guard: Option<&estimate::Guard>) -> LoadError {
    let room = memory::room().unwrap_or(memory::Room {
        bytes: 0,
        bound: memory::Bound::Machine,
    });
    match guard {
        Some(guard) => guard.ran_short(room),
        None => LoadError::TooLarge(memory::TooLarge {
            needed: 0,
            room,
            offers: Vec::new(),
        }),
    }
}

/// A dataset to read archive files into: with texts, or with where to find them.
fn empty_dataset(options: &LoadOptions) -> Dataset {
    let mut ds = Dataset::default();
    if options.keep_text {
        ds.tweets = crate::model::Tweets::with_text();
    } else {
        ds.text_sources = Some(crate::model::text_sources::TextSources::default());
    }
    ds
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
