//! A synthetic archive in the exact Twitter information-operations release format,
//! modelled on the June 2020 releases (`china_052020`, `turkey_052020`,
//! `russia_052020`): core accounts in communities, outside accounts they retweet and
//! mention, Beijing office hours for China, account-creation bursts, retweet-heavy
//! Turkey, hashed and unhashed ids, every list style. Deterministic for a seed.
//! `--scale 1` reproduces the seed's numbers (23,750 China core accounts with 150,000
//! outside accounts around them, 7,340 Turkey, 1,152 Russia, over a million tweets).
//! Coordinated groups are planted among them ([`planted`]); their member lists are
//! written beside the files as `coordination_groups.json`.

mod accounts;
pub mod planted;
mod spec;
mod tweets;

use std::io::Write;
use std::path::Path;

use rand::SeedableRng;
use rand::rngs::SmallRng;

use crate::model::time::{civil_from_days, format_days};
use accounts::{Cumulative, SynthAccount, make_account};
use planted::{PlantedGroup, PlantedKind, PlantedTweet};
use spec::{RELEASES, ReleaseSpec, USERS_HEADER};

/// The name of the planted groups' member lists beside the archive.
pub const GROUPS_FILE: &str = "coordination_groups.json";

/// Figures of what was written, for messages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SynthStats {
    pub core_accounts: usize,
    pub outside_accounts: usize,
    pub tweets: usize,
    pub bytes: u64,
}

/// How large the releases are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sizes {
    /// Every count of the seed's shapes times a factor (1 = the seed's figures: the
    /// China release at its published size, Russia and Turkey at 200,000 and 1,000,000
    /// tweets).
    Scale(f64),
    /// The June 2020 releases at their published sizes: core accounts and tweets as
    /// published; outside accounts grow with the square root of the tweets (Heaps' law,
    /// as the distinct accounts a network retweets do), from the scale-1 shapes; the
    /// planted groups as at scale 1. Releases over [`SPLIT_ABOVE`] tweets are written as
    /// one tweets file per year, as the Turkey release shipped.
    June2020,
}

/// Releases with more tweets than this are split into one tweets file per year.
pub const SPLIT_ABOVE: usize = 10_000_000;

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SynthOptions {
    pub seed: u64,
    pub sizes: Sizes,
    /// Each CSV file gzip-compressed (`.csv.gz`); folders only.
    pub gzip: bool,
}

/// The counts of one release.
#[derive(Clone, Copy, Debug)]
struct Counts {
    core: usize,
    outside: usize,
    tweets: usize,
    /// The scale the planted groups are drawn at.
    planted_scale: f64,
    /// One tweets file per year.
    split: bool,
}

impl Counts {
    fn of(spec: &ReleaseSpec, sizes: Sizes) -> Self {
        match sizes {
            Sizes::Scale(scale) => {
                let scaled = |n: usize| ((n as f64 * scale).round() as usize).max(1);
                Self {
                    core: scaled(spec.core),
                    outside: scaled(spec.outside),
                    tweets: scaled(spec.tweets),
                    planted_scale: scale,
                    split: false,
                }
            }
            Sizes::June2020 => {
                let growth = spec.published_tweets as f64 / spec.tweets as f64;
                Self {
                    core: spec.core,
                    outside: (spec.outside as f64 * growth.sqrt()).round() as usize,
                    tweets: spec.published_tweets,
                    planted_scale: 1.0,
                    split: spec.published_tweets > SPLIT_ABOVE,
                }
            }
        }
    }
}

/// Where the generator writes: a folder of CSV files, or one zip.
pub enum SynthTarget<'a> {
    Dir(&'a Path),
    Zip(&'a Path),
}

/// Writes a synthetic archive: per campaign a users file and a tweets file.
pub fn write_archive(
    target: &SynthTarget<'_>,
    seed: u64,
    scale: f64,
) -> std::io::Result<SynthStats> {
    write_archive_with(
        target,
        &SynthOptions {
            seed,
            sizes: Sizes::Scale(scale),
            gzip: false,
        },
    )
}

/// Writes a synthetic archive of the given sizes: per campaign a users file and one
/// tweets file (or one per year). A zip holds neither split nor compressed files.
pub fn write_archive_with(
    target: &SynthTarget<'_>,
    options: &SynthOptions,
) -> std::io::Result<SynthStats> {
    let seed = options.seed;
    let mut stats = SynthStats::default();
    match target {
        SynthTarget::Dir(dir) => {
            std::fs::create_dir_all(dir)?;
            let mut releases = Vec::new();
            for (k, spec) in RELEASES.iter().enumerate() {
                let counts = Counts::of(spec, options.sizes);
                let mut files = Release::new(spec, seed.wrapping_add(k as u64 * 7919), counts);
                stats.bytes += files.write_users_to(dir, options.gzip)?;
                stats.bytes += files.write_tweets_to(dir, options.gzip)?;
                files.add_stats(&mut stats);
                releases.push(files);
            }
            std::fs::write(dir.join(GROUPS_FILE), groups_json(&releases))?;
        }
        SynthTarget::Zip(path) => {
            if options.gzip || options.sizes == Sizes::June2020 {
                return Err(std::io::Error::other(
                    "a zip holds the scaled releases only, uncompressed inside: write the \
                     June 2020 sizes or .csv.gz files to a folder",
                ));
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let f = std::fs::File::create(path)?;
            let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(f));
            let zip_options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(9))
                .last_modified_time(zip::DateTime::default());
            let mut releases = Vec::new();
            for (k, spec) in RELEASES.iter().enumerate() {
                let counts = Counts::of(spec, options.sizes);
                let mut files = Release::new(spec, seed.wrapping_add(k as u64 * 7919), counts);
                for (name, writer) in files.file_names() {
                    zip.start_file(name, zip_options)
                        .map_err(std::io::Error::other)?;
                    stats.bytes += writer(&mut files, &mut zip)?;
                }
                files.add_stats(&mut stats);
                releases.push(files);
            }
            zip.start_file(GROUPS_FILE, zip_options)
                .map_err(std::io::Error::other)?;
            zip.write_all(groups_json(&releases).as_bytes())?;
            zip.finish().map_err(std::io::Error::other)?.flush()?;
        }
    }
    Ok(stats)
}

type FileWriter = fn(&mut Release, &mut dyn Write) -> std::io::Result<u64>;

/// One release being generated.
struct Release {
    spec: &'static ReleaseSpec,
    rng: SmallRng,
    core: Vec<SynthAccount>,
    outside: Vec<SynthAccount>,
    tweets: usize,
    /// One tweets file per year.
    split: bool,
    groups: Vec<PlantedGroup>,
    planted: Vec<PlantedTweet>,
}

/// The member lists of every release's planted groups, as JSON.
fn groups_json(releases: &[Release]) -> String {
    let parts: Vec<(&str, &[PlantedGroup], &[SynthAccount])> = releases
        .iter()
        .map(|r| (r.spec.campaign, r.groups.as_slice(), r.core.as_slice()))
        .collect();
    planted::groups_json(&parts)
}

impl Release {
    fn new(spec: &'static ReleaseSpec, seed: u64, counts: Counts) -> Self {
        let mut rng = SmallRng::seed_from_u64(seed);
        let n_core = counts.core;
        let n_out = counts.outside;
        let communities = spec.communities.min(n_core).max(1);
        let langs = Cumulative::new(spec.account_languages.iter().map(|l| l.1));
        let mut numeric_base = 700_000_000u64 + seed % 1000 * 1_000_000_000;
        let core = (0..n_core)
            .map(|i| {
                make_account(
                    &mut rng,
                    spec,
                    true,
                    i % communities,
                    &mut numeric_base,
                    &langs,
                )
            })
            .collect();
        let outside = (0..n_out)
            .map(|i| {
                make_account(
                    &mut rng,
                    spec,
                    false,
                    i % communities,
                    &mut numeric_base,
                    &langs,
                )
            })
            .collect();
        let core: Vec<SynthAccount> = core;
        let outside: Vec<SynthAccount> = outside;
        let scale = counts.planted_scale;
        let (groups, planted) = planted::plant(&mut rng, spec, &core, &outside, scale, |rng| {
            tweets::office_minute(spec, rng)
        });
        Self {
            spec,
            rng,
            core,
            outside,
            tweets: counts.tweets,
            split: counts.split,
            groups,
            planted,
        }
    }

    fn file_names(&self) -> [(String, FileWriter); 2] {
        [
            (
                format!("{}_users_csv_hashed.csv", self.spec.campaign),
                Self::write_users,
            ),
            (
                format!("{}_tweets_csv_hashed.csv", self.spec.campaign),
                Self::write_tweets,
            ),
        ]
    }

    /// Writes the users file into `dir`; returns the CSV bytes.
    fn write_users_to(&mut self, dir: &Path, gzip: bool) -> std::io::Result<u64> {
        let name = format!("{}_users_csv_hashed.csv", self.spec.campaign);
        let mut out = OutputFile::create(dir, &name, gzip)?;
        let bytes = self.write_users(&mut out)?;
        out.finish()?;
        Ok(bytes)
    }

    /// Writes the tweets file into `dir`, or one per year of the release when split;
    /// returns the CSV bytes.
    fn write_tweets_to(&mut self, dir: &Path, gzip: bool) -> std::io::Result<u64> {
        let base = format!("{}_tweets_csv_hashed", self.spec.campaign);
        let years: Vec<i32> = if self.split {
            (self.spec.first_day.0..=self.spec.last_day.0).collect()
        } else {
            Vec::new()
        };
        let mut outs = Vec::new();
        if years.is_empty() {
            outs.push(OutputFile::create(dir, &format!("{base}.csv"), gzip)?);
        } else {
            for year in &years {
                outs.push(OutputFile::create(
                    dir,
                    &format!("{base}_{year}.csv"),
                    gzip,
                )?);
            }
        }
        let first_year = years.first().copied().unwrap_or(0);
        let route = |minute: i32| -> usize {
            if years.is_empty() {
                return 0;
            }
            let year = civil_from_days(minute.div_euclid(24 * 60)).year;
            usize::try_from(year - first_year)
                .unwrap_or(0)
                .min(years.len() - 1)
        };
        let bytes = {
            let mut writers: Vec<&mut dyn Write> =
                outs.iter_mut().map(|o| o as &mut dyn Write).collect();
            self.write_tweets_routed(&mut writers, &route)?
        };
        for out in outs {
            out.finish()?;
        }
        Ok(bytes)
    }

    fn add_stats(&self, stats: &mut SynthStats) {
        stats.core_accounts += self.core.len();
        stats.outside_accounts += self.outside.len();
        stats.tweets += self.tweets;
    }

    fn write_users(&mut self, out: &mut dyn Write) -> std::io::Result<u64> {
        let mut w = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(CountingWriter::new(out));
        w.write_record(USERS_HEADER)?;
        for a in &self.core {
            w.write_record([
                a.id.as_str(),
                &a.display_name,
                &a.screen_name,
                a.location,
                &a.description,
                &a.url,
                &a.followers.to_string(),
                &a.following.to_string(),
                &format_days(a.created),
                a.language,
            ])?;
        }
        w.flush()?;
        Ok(w.get_ref().count)
    }

    fn write_tweets(&mut self, out: &mut dyn Write) -> std::io::Result<u64> {
        self.write_tweets_routed(&mut [out], &|_| 0)
    }

    /// Writes the tweets, each row to `outs[route(its minute)]` (each with the header).
    fn write_tweets_routed(
        &mut self,
        outs: &mut [&mut dyn Write],
        route: &dyn Fn(i32) -> usize,
    ) -> std::io::Result<u64> {
        // Members of synchronised groups post only on their schedule.
        let quiet: Vec<usize> = self
            .groups
            .iter()
            .filter(|g| g.kind == PlantedKind::Synchronised)
            .flat_map(|g| g.members.iter().copied())
            .collect();
        tweets::write(
            self.spec,
            &mut self.rng,
            &self.core,
            &self.outside,
            self.tweets,
            &self.planted,
            &quiet,
            outs,
            route,
        )
    }
}

/// A file being written, plain or gzip-compressed.
enum OutputFile {
    Plain(std::io::BufWriter<std::fs::File>),
    Gzip(Box<flate2::write::GzEncoder<std::io::BufWriter<std::fs::File>>>),
}

impl OutputFile {
    /// Creates `dir/name` (with `.gz` added when compressed).
    fn create(dir: &Path, name: &str, gzip: bool) -> std::io::Result<Self> {
        let path = if gzip {
            dir.join(format!("{name}.gz"))
        } else {
            dir.join(name)
        };
        let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
        Ok(if gzip {
            Self::Gzip(Box::new(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::fast(),
            )))
        } else {
            Self::Plain(file)
        })
    }

    /// Flushes everything (the gzip trailer included), reporting any error.
    fn finish(self) -> std::io::Result<()> {
        match self {
            Self::Plain(mut w) => w.flush(),
            Self::Gzip(gz) => gz.finish()?.flush(),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Gzip(w) => w.flush(),
        }
    }
}

/// Counts the bytes written through it.
pub struct CountingWriter<W> {
    inner: W,
    pub count: u64,
}

impl<W> CountingWriter<W> {
    pub fn new(inner: W) -> Self {
        Self { inner, count: 0 }
    }
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{LoadOptions, Progress, load_paths};

    #[test]
    fn the_june_2020_sizes_are_the_published_ones() {
        let [china, turkey, russia] = &RELEASES;
        let counts: Vec<Counts> = [china, turkey, russia]
            .iter()
            .map(|spec| Counts::of(spec, Sizes::June2020))
            .collect();
        let tweets: Vec<usize> = counts.iter().map(|c| c.tweets).collect();
        assert_eq!(tweets, [348_608, 36_948_524, 3_434_792]);
        assert_eq!(tweets.iter().sum::<usize>(), 40_731_924);
        let core: Vec<usize> = counts.iter().map(|c| c.core).collect();
        assert_eq!(core, [23_750, 7_340, 1_152]);
        // Outside accounts grow with the square root of the tweets (China unchanged).
        assert_eq!(counts[0].outside, 150_000);
        assert_eq!(counts[1].outside, 54_707);
        // Only Turkey is split by year.
        let split: Vec<bool> = counts.iter().map(|c| c.split).collect();
        assert_eq!(split, [false, true, false]);
    }

    #[test]
    fn a_split_release_writes_one_tweets_file_per_year_and_loads_as_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = &RELEASES[1];
        let counts = Counts {
            core: 60,
            outside: 80,
            tweets: 4_000,
            planted_scale: 0.01,
            split: true,
        };
        let mut release = Release::new(spec, 9, counts);
        release.write_users_to(dir.path(), false).expect("users");
        release.write_tweets_to(dir.path(), false).expect("tweets");
        let years = spec.first_day.0..=spec.last_day.0;
        let mut tweets = 0;
        for year in years.clone() {
            let path = dir
                .path()
                .join(format!("turkey_052020_tweets_csv_hashed_{year}.csv"));
            let loaded = load_paths(&[path], &LoadOptions::default(), &Progress::default())
                .expect("a year's file loads");
            // Every tweet of the file is of its year.
            for &minute in &loaded.tweets.time {
                assert_eq!(civil_from_days(minute.div_euclid(24 * 60)).year, year);
            }
            tweets += loaded.tweets.len();
        }
        assert_eq!(tweets, 4_000);
        let mut all: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
            .expect("read_dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        all.sort();
        assert_eq!(all.len(), years.count() + 1, "{all:?}");
        let whole = load_paths(&all, &LoadOptions::default(), &Progress::default()).expect("load");
        assert_eq!(whole.tweets.len(), 4_000);
        assert_eq!(whole.campaigns.len(), 1, "one release");
    }

    #[test]
    fn gzip_files_hold_the_same_archive() {
        let plain = tempfile::tempdir().expect("tempdir");
        let gz = tempfile::tempdir().expect("tempdir");
        let options = |gzip| SynthOptions {
            seed: 4,
            sizes: Sizes::Scale(0.005),
            gzip,
        };
        write_archive_with(&SynthTarget::Dir(plain.path()), &options(false)).expect("plain");
        write_archive_with(&SynthTarget::Dir(gz.path()), &options(true)).expect("gzip");
        let mut names: Vec<String> = std::fs::read_dir(gz.path())
            .expect("read_dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.contains("_csv_"))
            .collect();
        names.sort();
        assert!(!names.is_empty());
        for name in names {
            assert!(name.ends_with(".csv.gz"), "{name}");
            let mut unzipped = Vec::new();
            let file = std::fs::File::open(gz.path().join(&name)).expect("open");
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file), &mut unzipped)
                .expect("gunzip");
            let original =
                std::fs::read(plain.path().join(name.trim_end_matches(".gz"))).expect("plain file");
            assert_eq!(unzipped, original, "{name}");
        }
        // A zip holds neither.
        let zip = plain.path().join("x.zip");
        assert!(write_archive_with(&SynthTarget::Zip(&zip), &options(true)).is_err());
    }
}
