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

use crate::model::time::format_days;
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
    let mut stats = SynthStats::default();
    match target {
        SynthTarget::Dir(dir) => {
            std::fs::create_dir_all(dir)?;
            let mut releases = Vec::new();
            for (k, spec) in RELEASES.iter().enumerate() {
                let mut files = Release::new(spec, seed.wrapping_add(k as u64 * 7919), scale);
                for (name, writer) in files.file_names() {
                    let f = std::fs::File::create(dir.join(&name))?;
                    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
                    stats.bytes += writer(&mut files, &mut w)?;
                    w.flush()?;
                }
                files.add_stats(&mut stats);
                releases.push(files);
            }
            std::fs::write(dir.join(GROUPS_FILE), groups_json(&releases))?;
        }
        SynthTarget::Zip(path) => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let f = std::fs::File::create(path)?;
            let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(f));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(9))
                .last_modified_time(zip::DateTime::default());
            let mut releases = Vec::new();
            for (k, spec) in RELEASES.iter().enumerate() {
                let mut files = Release::new(spec, seed.wrapping_add(k as u64 * 7919), scale);
                for (name, writer) in files.file_names() {
                    zip.start_file(name, options)
                        .map_err(std::io::Error::other)?;
                    stats.bytes += writer(&mut files, &mut zip)?;
                }
                files.add_stats(&mut stats);
                releases.push(files);
            }
            zip.start_file(GROUPS_FILE, options)
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
    fn new(spec: &'static ReleaseSpec, seed: u64, scale: f64) -> Self {
        let mut rng = SmallRng::seed_from_u64(seed);
        let scaled = |n: usize| ((n as f64 * scale).round() as usize).max(1);
        let n_core = scaled(spec.core);
        let n_out = scaled(spec.outside);
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
        let (groups, planted) = planted::plant(&mut rng, spec, &core, &outside, scale, |rng| {
            tweets::office_minute(spec, rng)
        });
        Self {
            spec,
            rng,
            core,
            outside,
            tweets: scaled(spec.tweets),
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
            out,
        )
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
