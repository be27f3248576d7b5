//! Which files of a load are read side by side, and reading them so. The files are planned
//! in rounds from their sizes alone: a round streams one file straight into the dataset
//! and, on a helper thread at the same time, the smaller files next to it (a users file
//! beside its tweets file, a second part of a tweets file beside the first) each into a
//! dataset of its own. Those are appended in file order: the ones before the round's file
//! just before its first rows are merged, the ones after it once it is read. The plan
//! does not depend on the machine or on timing, and appending gives what reading in file
//! order gives, so the dataset is the same either way.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::Receiver;

use super::source::Entry;
use super::stream::{self, Gate};
use super::{LoadError, LoadOptions, Progress, estimate, out_of_memory};
use crate::model::Dataset;
use crate::model::append::AppendError;

/// One round: file `direct` is read straight into the dataset while the files `before`
/// and `after` it are read apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    pub before: Range<usize>,
    pub direct: usize,
    pub after: Range<usize>,
}

impl Round {
    fn alone(direct: usize) -> Self {
        Self {
            before: direct..direct,
            direct,
            after: direct + 1..direct + 1,
        }
    }
}

/// A file this many times smaller than all read before it in its round lets the round
/// read it straight in instead (small files before a large one are read beside it).
const SMALL_BEFORE: u64 = 8;

/// Up to this many threads, a compressed file is read in a round of its own.
const INFLATE_ALONE_UP_TO_THREADS: usize = 2;

/// The rounds for files of these (plain) sizes, in file order. Files after a round's
/// file join it while together they are no larger than it (they are read in the time it
/// takes); a file at least [`SMALL_BEFORE`] times larger than a round with nothing after
/// its file yet becomes the round's file, the ones before it read beside it. A file
/// marked `alone` has a round of its own.
pub fn plan(sizes: &[u64], alone: &[bool]) -> Vec<Round> {
    let is_alone = |i: usize| alone.get(i).copied().unwrap_or(false);
    let mut rounds = Vec::new();
    let mut i = 0;
    while i < sizes.len() {
        let mut round = Round::alone(i);
        let mut before_bytes = 0u64;
        let mut after_bytes = 0u64;
        for (e, &size) in sizes.iter().enumerate().skip(i + 1) {
            if is_alone(i) || is_alone(e) {
                break;
            }
            let direct = sizes[round.direct];
            if after_bytes.saturating_add(size) <= direct {
                after_bytes = after_bytes.saturating_add(size);
                round.after.end = e + 1;
            } else if round.after.is_empty()
                && before_bytes
                    .saturating_add(direct)
                    .saturating_mul(SMALL_BEFORE)
                    <= size
            {
                before_bytes += direct;
                round = Round {
                    before: round.before.start..e,
                    direct: e,
                    after: e + 1..e + 1,
                };
            } else {
                break;
            }
        }
        i = round.after.end;
        rounds.push(round);
    }
    rounds
}

/// The rounds the entries are read in on the current thread pool: [`plan`], one file
/// at a time when the options say so.
pub fn rounds_for(entries: &[Entry], options: &LoadOptions) -> Vec<Round> {
    if options.one_file_at_a_time {
        return (0..entries.len()).map(Round::alone).collect();
    }
    let sizes: Vec<u64> = entries.iter().map(Entry::plain_or_guess).collect();
    // Inflating takes a core of its own: with two threads or fewer, a compressed file
    // beside another file slows both (the whole scale-1 release as `.csv.gz` loaded at
    // 0.93-0.95 times the speed side by side on 2 cores).
    let few_threads = rayon::current_num_threads() <= INFLATE_ALONE_UP_TO_THREADS;
    let alone: Vec<bool> = entries
        .iter()
        .map(|e| few_threads && e.compressed)
        .collect();
    plan(&sizes, &alone)
}

/// Reads the entries into `ds` round by round ([`rounds_for`]).
pub(super) fn load_in_rounds(
    entries: &[Entry],
    options: &LoadOptions,
    progress: &Progress,
    guard: Option<&estimate::Guard>,
    ds: &mut Dataset,
) -> Result<(), LoadError> {
    let block_bytes = options
        .block_bytes
        .unwrap_or_else(|| stream::block_bytes_for(entries));
    let rounds = rounds_for(entries, options);
    let reading = Reading {
        entries,
        block_bytes,
        options,
        progress,
        guard,
    };
    for round in &rounds {
        reading.round(round, ds)?;
    }
    Ok(())
}

/// What every stream of a load shares.
struct Reading<'a> {
    entries: &'a [Entry],
    block_bytes: usize,
    options: &'a LoadOptions,
    progress: &'a Progress,
    guard: Option<&'a estimate::Guard>,
}

/// A file read apart: its index and its dataset (or why it could not be read).
type Apart = (usize, Result<Dataset, LoadError>);

impl Reading<'_> {
    fn round(&self, round: &Round, ds: &mut Dataset) -> Result<(), LoadError> {
        let halt = AtomicBool::new(false);
        let direct = &self.entries[round.direct..=round.direct];
        if round.before.is_empty() && round.after.is_empty() {
            return stream::stream_entries(
                direct,
                self.block_bytes,
                self.options,
                self.progress,
                self.guard,
                &halt,
                None,
                ds,
            );
        }
        let apart: Vec<usize> = round.before.clone().chain(round.after.clone()).collect();
        std::thread::scope(|scope| {
            let (tx, rx) = crossbeam_channel::unbounded::<Apart>();
            let halt = &halt;
            std::thread::Builder::new()
                .name("ioscope-read-apart".to_owned())
                .spawn_scoped(scope, move || {
                    for e in apart {
                        if halt.load(Ordering::Relaxed) {
                            break;
                        }
                        let read = self.read_apart(e, halt);
                        let failed = read.is_err();
                        if tx.send((e, read)).is_err() || failed {
                            break;
                        }
                    }
                })
                .map_err(|e| LoadError::Io {
                    file: "(reading thread)".to_owned(),
                    reason: e.to_string(),
                })?;
            let mut join_before = |ds: &mut Dataset| -> Result<(), LoadError> {
                for _ in round.before.clone() {
                    self.join_next(&rx, ds)?;
                }
                Ok(())
            };
            let gate: Gate<'_> = &mut join_before;
            let streamed = stream::stream_entries(
                direct,
                self.block_bytes,
                self.options,
                self.progress,
                self.guard,
                halt,
                Some(gate),
                ds,
            );
            let outcome = streamed.and_then(|()| {
                for _ in round.after.clone() {
                    self.join_next(&rx, ds)?;
                }
                Ok(())
            });
            if outcome.is_err() {
                halt.store(true, Ordering::Relaxed);
            }
            outcome
        })
    }

    /// Reads entry `e` into a dataset of its own.
    fn read_apart(&self, e: usize, halt: &AtomicBool) -> Result<Dataset, LoadError> {
        let entry = &self.entries[e..=e];
        let block_bytes = stream::block_bytes_for(entry).min(self.block_bytes);
        let mut part = super::empty_dataset(self.options);
        stream::stream_entries(
            entry,
            block_bytes,
            self.options,
            self.progress,
            self.guard,
            halt,
            None,
            &mut part,
        )?;
        Ok(part)
    }

    /// Appends the next file read apart, waiting for it.
    fn join_next(&self, rx: &Receiver<Apart>, ds: &mut Dataset) -> Result<(), LoadError> {
        let Ok((e, read)) = rx.recv() else {
            return Err(if self.progress.is_cancelled() {
                LoadError::Cancelled
            } else {
                LoadError::Io {
                    file: "(reading thread)".to_owned(),
                    reason: "stopped before the files were read".to_owned(),
                }
            });
        };
        ds.append(read?).map_err(|error| match error {
            AppendError::OutOfMemory => out_of_memory(self.guard),
            AppendError::TooLarge(reason) => LoadError::Data {
                file: self.entries[e].display.clone(),
                reason: reason.to_owned(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(rounds: &[Round]) -> Vec<(Vec<usize>, usize, Vec<usize>)> {
        rounds
            .iter()
            .map(|r| {
                (
                    r.before.clone().collect(),
                    r.direct,
                    r.after.clone().collect(),
                )
            })
            .collect()
    }

    #[test]
    fn users_files_are_read_beside_their_tweets_files() {
        // china tweets, china users, russia tweets, russia users, turkey tweets, users
        // (MB): the shell's order of a scale-1 release.
        let sizes = [246, 6, 124, 1, 542, 2];
        assert_eq!(
            shape(&plan(&sizes, &[])),
            [(vec![], 0, vec![1, 2, 3]), (vec![], 4, vec![5])]
        );
        // Users files first: the first is read beside the tweets file after it, the
        // others beside the round's file while they add up to less than it.
        let sizes = [6, 246, 1, 124, 2, 542];
        assert_eq!(
            shape(&plan(&sizes, &[])),
            [(vec![0], 1, vec![2, 3, 4]), (vec![], 5, vec![])]
        );
        assert_eq!(shape(&plan(&[1, 10, 300], &[])), [(vec![0, 1], 2, vec![])]);
    }

    #[test]
    fn parts_of_equal_size_go_in_pairs_and_every_file_is_in_one_round() {
        assert_eq!(
            shape(&plan(&[100, 100, 100, 100, 100], &[])),
            [
                (vec![], 0, vec![1]),
                (vec![], 2, vec![3]),
                (vec![], 4, vec![])
            ]
        );
        assert_eq!(
            shape(&plan(&[], &[])),
            Vec::<(Vec<usize>, usize, Vec<usize>)>::new()
        );
        assert_eq!(shape(&plan(&[0, 0], &[])), [(vec![], 0, vec![1])]);
        // A larger file after a round that has files after its own starts a new round.
        assert_eq!(
            shape(&plan(&[100, 10, 1000], &[])),
            [(vec![], 0, vec![1]), (vec![], 2, vec![])]
        );
        for sizes in [
            vec![5u64, 1, 900, 3, 3, 70, 70, 70, 0, 2000, 1],
            vec![u64::MAX, u64::MAX, 1],
        ] {
            let rounds = plan(&sizes, &[]);
            let mut seen = Vec::new();
            for r in &rounds {
                seen.extend(r.before.clone());
                seen.push(r.direct);
                seen.extend(r.after.clone());
            }
            assert_eq!(seen, (0..sizes.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_file_marked_alone_has_a_round_of_its_own() {
        // The shell's order of a scale-1 release, with the tweets files compressed.
        let sizes = [246, 6, 124, 1, 542, 2];
        let compressed = [true, false, true, false, true, false];
        assert_eq!(
            shape(&plan(&sizes, &compressed)),
            [
                (vec![], 0, vec![]),
                (vec![], 1, vec![]),
                (vec![], 2, vec![]),
                (vec![], 3, vec![]),
                (vec![], 4, vec![]),
                (vec![], 5, vec![])
            ]
        );
        // Plain files around a compressed one still go side by side.
        assert_eq!(
            shape(&plan(&[100, 50, 400, 10, 1, 8], &[false, false, true])),
            [
                (vec![], 0, vec![1]),
                (vec![], 2, vec![]),
                (vec![], 3, vec![4, 5])
            ]
        );
    }
}
