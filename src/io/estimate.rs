//! What a load will cost in memory, estimated before it starts: each file's size (its
//! plain size for compressed files, from the compression ratio of its first megabytes)
//! and a sample of its first rows, parsed as the load parses them (tweets, list items,
//! text bytes per byte of file), times what each holds once loaded, measured (README,
//! "Memory"). [`fit`] compares it with the room left ([`super::memory`]) and says what
//! would fit instead: the files without texts, only some of them, or their latest days.

use super::columns::{FileKind, Header};
use super::csv_scan::{Fields, RecordParser};
use super::input::{Input, LoadError, LoadOptions, TextsKept};
use super::memory::{Offer, Room, TooLarge};
use super::source::{self, Entry};
use super::twitter::Chunk;

/// Peak bytes a tweet costs a load, texts and list items apart: its columns (62 bytes),
/// the network, evidence and by-author indexes built from it (about 12), the growth
/// of the columns and the sorting scratch of the indexes (measured: see the README).
pub const PEAK_BYTES_PER_TWEET: u64 = 150;
/// Peak bytes per hashtag, url or mention of a tweet (its symbol, the header of its
/// list, the interactions sorted to build the network).
pub const PEAK_BYTES_PER_LIST_ITEM: u64 = 24;
/// Peak bytes per 3 kept text bytes: the texts, and those of the chunks parsed and not
/// yet merged (the texts' offsets are counted per tweet).
pub const PEAK_BYTES_PER_3_TEXT_BYTES: u64 = 4;
/// Bytes per account (columns, indexes, node of the network), profile texts apart.
pub const BYTES_PER_ACCOUNT: u64 = 160;
/// What any load holds besides: the blocks being read and parsed, threads' stacks.
pub const FIXED_BYTES: u64 = 256 << 20;
/// Plain bytes sampled from the start of each file.
pub const SAMPLE_BYTES: usize = 2 << 20;

/// The estimated cost of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEstimate {
    pub file: String,
    pub kind: FileKind,
    pub tweets: u64,
    pub accounts: u64,
    /// Peak bytes, texts included when kept.
    pub bytes: u64,
    /// Of which texts.
    pub text_bytes: u64,
    /// Times of tweets sampled across the file (each standing for an equal share of
    /// its tweets), for a date window's share.
    pub times: Vec<i32>,
    /// The file's plain size (estimated for gzip files).
    pub plain_bytes: u64,
}

/// The estimated cost of a load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    pub files: Vec<FileEstimate>,
}

impl Estimate {
    /// Peak bytes of the whole load.
    pub fn bytes(&self) -> u64 {
        FIXED_BYTES + self.files.iter().map(|f| f.bytes).sum::<u64>()
    }

    /// Of which texts.
    pub fn text_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.text_bytes).sum()
    }

    pub fn tweets(&self) -> u64 {
        self.files.iter().map(|f| f.tweets).sum()
    }
}

/// Estimates what loading `inputs` with `options` will need.
pub fn estimate(inputs: &[Input], options: &LoadOptions) -> Result<Estimate, LoadError> {
    estimate_entries(&source::entries_of_inputs(inputs)?, options)
}

/// [`estimate`] for the entries of the inputs.
pub fn estimate_entries(entries: &[Entry], options: &LoadOptions) -> Result<Estimate, LoadError> {
    let mut files = Vec::new();
    for entry in entries {
        if let Some(file) = estimate_entry(entry, options.texts_kept(), options.window)? {
            files.push(file);
        }
    }
    Ok(Estimate { files })
}

/// Room a load keeps free while it reads: the blocks in flight and the next growth of
/// the columns. Less than this left ends the load.
pub const HEADROOM_BYTES: u64 = 192 << 20;

/// Peak bytes per tweet of what is built once the files are read (the network, the
/// evidence and by-author indexes, with their sorting scratch).
pub const INDEX_BYTES_PER_TWEET: u64 = 40;

/// Watches the room while a load runs, with the estimate it started from.
#[derive(Clone, Debug)]
pub struct Guard {
    pub estimate: Estimate,
    /// The ceiling the user chose, if any.
    limit: Option<u64>,
    /// With a chosen ceiling: the machine's room when the load started, to tell what
    /// the load has taken since.
    start_room: Option<u64>,
    /// A load far smaller than the room is not sampled before it starts (sampling costs
    /// a tenth of loading tens of megabytes): its estimate is made only if it runs short.
    deferred: Option<(Vec<Entry>, LoadOptions)>,
}

/// A load whose files' plain bytes times this, plus [`HEADROOM_BYTES`], fit in the room
/// is not estimated before it starts: loads peak below a third of their plain bytes
/// with texts (the June 2020 release: 7.05 GB for 22.4 GB), so this is far from tight.
pub const UNSAMPLED_BYTES_FACTOR: u64 = 8;

impl Guard {
    /// Estimates the load and refuses it when it will not fit (unless the options say
    /// to load anyway: then only running short while loading ends it).
    pub fn before_loading(
        entries: &[Entry],
        options: &LoadOptions,
    ) -> Result<Option<Self>, LoadError> {
        let machine = super::memory::room();
        let Some(room) = super::memory::within(machine, options.memory_limit) else {
            return Ok(None);
        };
        let plain: Option<u64> = entries.iter().map(|e| e.plain_bytes).sum();
        if let Some(plain) = plain
            && plain
                .saturating_mul(UNSAMPLED_BYTES_FACTOR)
                .saturating_add(HEADROOM_BYTES)
                < room.bytes
        {
            return Ok(Some(Self {
                estimate: Estimate::default(),
                limit: options.memory_limit,
                start_room: machine.map(|r| r.bytes),
                deferred: Some((entries.to_vec(), options.clone())),
            }));
        }
        let estimate = estimate_entries(entries, options)?;
        if !options.ignore_memory {
            fit(&estimate, room).map_err(LoadError::TooLarge)?;
        }
        Ok(Some(Self {
            estimate,
            limit: options.memory_limit,
            start_room: machine.map(|r| r.bytes),
            deferred: None,
        }))
    }

    /// Whether the estimate was left until needed (a small load).
    pub fn is_deferred(&self) -> bool {
        self.deferred.is_some()
    }

    /// The room left now: the machine's, and what the chosen ceiling leaves once what
    /// the load took since it started is counted.
    fn room_now(&self) -> Option<Room> {
        let machine = super::memory::room();
        let taken = match (self.start_room, machine) {
            (Some(start), Some(now)) => start.saturating_sub(now.bytes),
            _ => 0,
        };
        super::memory::within(machine, self.limit.map(|l| l.saturating_sub(taken)))
    }

    /// The estimated plain size of a file (by its display name), for compressed files
    /// whose size is otherwise unknown until read.
    pub fn plain_bytes_of(&self, file: &str) -> Option<u64> {
        self.estimate
            .files
            .iter()
            .find(|f| f.file == file)
            .map(|f| f.plain_bytes)
    }

    /// The refusal when memory ran short while loading: the same message as before
    /// loading, with the room left now.
    pub fn ran_short(&self, room: Room) -> LoadError {
        let deferred = self
            .deferred
            .as_ref()
            .map(|(entries, options)| estimate_entries(entries, options).unwrap_or_default());
        let estimate = deferred.as_ref().unwrap_or(&self.estimate);
        let tight = Room {
            bytes: room.bytes.min(estimate.bytes().saturating_sub(1)),
            ..room
        };
        match fit(estimate, tight) {
            Err(refusal) => LoadError::TooLarge(refusal),
            Ok(()) => LoadError::TooLarge(TooLarge {
                needed: estimate.bytes(),
                room,
                offers: Vec::new(),
            }),
        }
    }

    /// Ends the load when less than [`HEADROOM_BYTES`] is left.
    pub fn check(&self) -> Result<(), LoadError> {
        match self.room_now() {
            // A chosen ceiling is the whole budget (the estimate counts the blocks in
            // flight already): it ends the load only once what was taken exceeds it.
            Some(room) if room.bound == super::memory::Bound::Chosen && room.bytes > 0 => Ok(()),
            Some(room) if room.bytes < HEADROOM_BYTES => Err(self.ran_short(room)),
            _ => Ok(()),
        }
    }

    /// Before the indexes are built from `tweets` tweets: refuses when they will not fit.
    pub fn check_indexes(&self, tweets: u64) -> Result<(), LoadError> {
        match self.room_now() {
            Some(room) if room.bytes < tweets * INDEX_BYTES_PER_TWEET + HEADROOM_BYTES / 2 => {
                Err(self.ran_short(room))
            }
            _ => Ok(()),
        }
    }
}

/// One entry's cost, from its first rows (`None` for an empty file).
fn estimate_entry(
    entry: &Entry,
    texts: TextsKept,
    window: Option<(i32, i32)>,
) -> Result<Option<FileEstimate>, LoadError> {
    let (sample, plain_bytes) = entry.sample(SAMPLE_BYTES)?;
    // Network files and tweet collections have their own readers: no archive estimate.
    if super::collections::sniff(&sample).is_some()
        || super::network::sniff(&sample, &entry.file_name)
            .is_none_or(|f| f != super::network::FileFormat::Archive)
    {
        return Ok(None);
    }
    let mut parser = RecordParser::new(&sample);
    let mut fields = Fields::default();
    let Some((_, outcome)) = parser.next_record(&mut fields) else {
        return Ok(None);
    };
    outcome.map_err(|e| LoadError::Format {
        file: entry.display.clone(),
        reason: format!("unreadable header line: {}", e.reason()),
    })?;
    let header = Header::parse(&fields, &sample, &entry.display)?;
    let data = &sample[parser.position()..];
    let chunk = Chunk::parse(data, &header, texts);
    let (rows, items, text) = chunk.sizes();
    let described = chunk.accounts_described() as u64;
    let mut times = chunk.times().to_vec();
    if header.kind == FileKind::Tweets {
        times.extend(sampled_times(entry, &header, texts));
    }
    // The share of the tweets a date window keeps.
    let share = match window {
        Some((from, to)) if !times.is_empty() => {
            times.iter().filter(|t| (from..to).contains(*t)).count() as f64 / times.len() as f64
        }
        _ => 1.0,
    };
    // Rows in the whole file, from the sample's bytes per row.
    let scale = if data.is_empty() {
        0.0
    } else {
        plain_bytes.saturating_sub(parser.position() as u64) as f64 / data.len() as f64
    };
    let whole = |n: usize| (n as f64 * scale * share).round() as u64;
    let (tweets, items, text) = (whole(rows), whole(items), whole(text));
    let text_bytes = if texts == TextsKept::None {
        0
    } else {
        text * PEAK_BYTES_PER_3_TEXT_BYTES / 3 + tweets * 8
    };
    let (accounts, bytes) = match header.kind {
        FileKind::Users => {
            let accounts = (described as f64 * scale).round() as u64;
            // Profiles keep most of their row's text.
            (accounts, accounts * BYTES_PER_ACCOUNT + plain_bytes)
        }
        FileKind::Tweets => (
            0,
            tweets * PEAK_BYTES_PER_TWEET + items * PEAK_BYTES_PER_LIST_ITEM + text_bytes,
        ),
    };
    Ok(Some(FileEstimate {
        file: entry.display.clone(),
        kind: header.kind,
        tweets,
        accounts,
        bytes,
        text_bytes,
        times,
        plain_bytes,
    }))
}

/// Pieces read across a plain file (besides its start).
const SPREAD_SAMPLES: u64 = 16;
/// Bytes of each piece.
const SPREAD_BYTES: usize = 128 << 10;

/// Times of tweets read from pieces spread across a plain file (rows cut by a piece's
/// ends, or started inside a quoted newline, do not parse and are left out).
fn sampled_times(entry: &Entry, header: &Header, texts: TextsKept) -> Vec<i32> {
    let mut times = Vec::new();
    let Some(path) = entry.seekable_path() else {
        return times;
    };
    let Ok(mut file) = std::fs::File::open(&path) else {
        return times;
    };
    for k in 1..SPREAD_SAMPLES {
        let offset = entry.disk_bytes * k / SPREAD_SAMPLES;
        let Ok(piece) = source::read_piece(&mut file, offset, SPREAD_BYTES) else {
            return times;
        };
        let Some(first) = piece.iter().position(|&b| b == b'\n') else {
            continue;
        };
        let last = piece.iter().rposition(|&b| b == b'\n').unwrap_or(first);
        if last <= first {
            continue;
        }
        let chunk = Chunk::parse(&piece[first + 1..=last], header, texts);
        times.extend_from_slice(chunk.times());
    }
    times
}

/// The most recent whole days of tweets that fit, from the sampled times of each
/// tweets file (each sample standing for its share of the file's bytes); `None` when
/// no day fits or the times are unknown.
fn latest_window(estimate: &Estimate, room: Room) -> Option<Offer> {
    const DAY: i32 = 24 * 60;
    let mut bytes = FIXED_BYTES;
    let mut samples: Vec<(i32, f64)> = Vec::new();
    for f in &estimate.files {
        match f.kind {
            FileKind::Users => bytes += f.bytes,
            FileKind::Tweets if f.times.is_empty() => return None,
            FileKind::Tweets => {
                let each = f.bytes as f64 / f.times.len() as f64;
                samples.extend(f.times.iter().map(|&t| (t, each)));
            }
        }
    }
    samples.sort_by_key(|s| std::cmp::Reverse(s.0));
    let to = samples.first()?.0 + 1;
    // Whole days, latest first, while they fit.
    let mut from = None;
    let mut taken = bytes as f64;
    let mut i = 0;
    while i < samples.len() {
        let day = samples[i].0.div_euclid(DAY);
        let mut day_bytes = 0.0;
        let mut j = i;
        while j < samples.len() && samples[j].0.div_euclid(DAY) == day {
            day_bytes += samples[j].1;
            j += 1;
        }
        if taken + day_bytes > room.bytes as f64 {
            break;
        }
        taken += day_bytes;
        from = Some(day * DAY);
        i = j;
    }
    let from = from?;
    (i < samples.len()).then_some(Offer::DateWindow {
        from,
        to,
        bytes: taken.round() as u64,
    })
}

/// Checks an estimate against the room left: `Err` says how much is missing and what
/// would fit instead.
pub fn fit(estimate: &Estimate, room: Room) -> Result<(), TooLarge> {
    let needed = estimate.bytes();
    if needed <= room.bytes {
        return Ok(());
    }
    let mut offers = Vec::new();
    let without_texts = needed - estimate.text_bytes();
    if estimate.text_bytes() > 0 && without_texts <= room.bytes {
        offers.push(Offer::WithoutTexts {
            bytes: without_texts,
        });
    }
    // Users files first (small, and they give the accounts' profiles), then tweets files
    // in order while they fit.
    let mut bytes = FIXED_BYTES;
    let mut files = Vec::new();
    for f in estimate.files.iter().filter(|f| f.kind == FileKind::Users) {
        bytes += f.bytes;
        files.push(f.file.clone());
    }
    let mut tweets_files = 0;
    for f in estimate.files.iter().filter(|f| f.kind == FileKind::Tweets) {
        if bytes + f.bytes <= room.bytes {
            bytes += f.bytes;
            files.push(f.file.clone());
            tweets_files += 1;
        }
    }
    if tweets_files > 0 && bytes <= room.bytes {
        offers.push(Offer::SomeFiles { files, bytes });
    }
    if let Some(window) = latest_window(estimate, room) {
        offers.push(window);
    }
    Err(TooLarge {
        needed,
        room,
        offers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::memory::Bound;

    fn file(name: &str, kind: FileKind, bytes: u64, text_bytes: u64) -> FileEstimate {
        FileEstimate {
            file: format!("/data/{name}"),
            kind,
            tweets: 0,
            accounts: 0,
            bytes,
            text_bytes,
            times: Vec::new(),
            plain_bytes: 0,
        }
    }

    const GB: u64 = 1_000_000_000;

    #[test]
    fn the_latest_days_that_fit_are_offered() {
        const DAY: i32 = 24 * 60;
        // Ten days of tweets, a sample an hour: 1 GB of tweets a day.
        let mut tweets = file("t_tweets.csv", FileKind::Tweets, 10 * GB, 0);
        tweets.times = (0..240).map(|h| 1000 * DAY + h * 60).collect();
        let estimate = Estimate {
            files: vec![file("t_users.csv", FileKind::Users, GB / 10, 0), tweets],
        };
        let room = Room {
            bytes: FIXED_BYTES + GB / 10 + 3 * GB + GB / 2,
            bound: Bound::Machine,
        };
        let refused = fit(&estimate, room).expect_err("10 GB does not fit");
        let window = refused
            .offers
            .iter()
            .find(|o| matches!(o, Offer::DateWindow { .. }))
            .expect("a date window is offered");
        // The last three whole days fit, not a fourth.
        assert_eq!(
            window,
            &Offer::DateWindow {
                from: 1007 * DAY,
                to: 1009 * DAY + 23 * 60 + 1,
                bytes: FIXED_BYTES + GB / 10 + 3 * GB,
            }
        );
        assert!(
            window.to_string().contains("from 1972-10-04 on"),
            "{window}"
        );
    }

    #[test]
    fn what_fits_is_offered() {
        let estimate = Estimate {
            files: vec![
                file("t_users.csv", FileKind::Users, GB / 10, 0),
                file("t_tweets_2019.csv", FileKind::Tweets, 3 * GB, GB),
                file("t_tweets_2020.csv", FileKind::Tweets, 4 * GB, 2 * GB),
            ],
        };
        let room = Room {
            bytes: 5 * GB,
            bound: Bound::Machine,
        };
        let refused = fit(&estimate, room).expect_err("7.4 GB does not fit in 5");
        assert_eq!(refused.needed, estimate.bytes());
        assert_eq!(
            refused.offers,
            vec![
                Offer::WithoutTexts {
                    bytes: estimate.bytes() - 3 * GB
                },
                Offer::SomeFiles {
                    files: vec!["/data/t_users.csv".into(), "/data/t_tweets_2019.csv".into()],
                    bytes: FIXED_BYTES + GB / 10 + 3 * GB,
                },
            ]
        );
        let message = refused.to_string();
        assert!(message.contains("need about 7.4 GB"), "{message}");
        assert!(
            message.contains("5.0 GB is available on this machine"),
            "{message}"
        );
        assert!(
            message.contains("load only t_users.csv, t_tweets_2019.csv"),
            "{message}"
        );
        // With room enough, nothing is refused.
        let roomy = Room {
            bytes: 8 * GB,
            bound: Bound::Machine,
        };
        assert!(fit(&estimate, roomy).is_ok());
        // Nothing fits: no offer, advice instead.
        let tiny = Room {
            bytes: GB / 100,
            bound: Bound::AddressSpace,
        };
        let refused = fit(&estimate, tiny).expect_err("nothing fits");
        assert!(refused.offers.is_empty());
        assert!(refused.to_string().contains("ulimit -v"));
    }
}
