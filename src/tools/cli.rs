//! The command line: `ioscope [FILES...]` opens the app; subcommands work headless
//! (`summary`, `synth`, `bench ...`). Arguments are parsed by clap, the load options
//! resolved once, and each subcommand is one function.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand};

use super::bench;
use super::synth::{Sizes, SynthOptions, SynthTarget, write_archive_with};
use crate::analysis::summary::{Summary, text_report};
use crate::filter::{FileTime, FilterSpec, ValueRange};
use crate::io::{Input, LoadOptions, Progress};
use crate::layout::gpu::DeviceChoice;
use crate::state::{Loaded, load_all};

#[derive(Parser, Debug)]
#[command(
    name = "ioscope",
    version,
    about = "Explore networks of state-linked social-media accounts"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// Archive files to open in the app (users/tweets .csv, .csv.gz or .zip). Without
    /// files, the bundled sample opens.
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(clap::Args, Debug, Clone, Default)]
pub struct LoadArgs {
    /// Keep the text of every tweet in memory.
    #[arg(long, global = true)]
    pub with_text: bool,
    /// Attribute a campaign to a country: CAMPAIGN=COUNTRY (repeatable).
    #[arg(long = "set-country", value_name = "CAMPAIGN=COUNTRY", global = true)]
    pub set_country: Vec<String>,
    /// Load even when the memory estimate says the files will not fit.
    #[arg(long, global = true)]
    pub ignore_memory: bool,
    /// A ceiling on the memory loading may take (`800MB`, `4GB`); less when the
    /// machine has less.
    #[arg(long, value_name = "SIZE", global = true, value_parser = parse_size)]
    pub memory_limit: Option<u64>,
    /// Load only the tweets posted on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", global = true)]
    pub load_from: Option<String>,
    /// Load only the tweets posted on or before this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", global = true)]
    pub load_to: Option<String>,
}

/// `800MB`, `4GB`, `4.5G`, `123456` (bytes).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().to_ascii_uppercase();
    let t = t.strip_suffix('B').unwrap_or(&t);
    let (number, unit) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 1e3),
        Some('M') => (&t[..t.len() - 1], 1e6),
        Some('G') => (&t[..t.len() - 1], 1e9),
        Some('T') => (&t[..t.len() - 1], 1e12),
        _ => (t, 1.0),
    };
    let n: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{text:?}: expected a size such as 800MB or 4GB"))?;
    if !(n.is_finite() && n >= 0.0) {
        return Err(format!("{text:?}: expected a size such as 800MB or 4GB"));
    }
    Ok((n * unit) as u64)
}

impl LoadArgs {
    pub fn options(&self) -> Result<LoadOptions, String> {
        let mut countries = BTreeMap::new();
        for pair in &self.set_country {
            let (campaign, country) = pair
                .split_once('=')
                .ok_or_else(|| format!("--set-country {pair:?}: expected CAMPAIGN=COUNTRY"))?;
            countries.insert(campaign.trim().to_owned(), country.trim().to_owned());
        }
        let day = |flag: &str, text: &Option<String>| -> Result<Option<i32>, String> {
            text.as_deref()
                .map(|t| {
                    crate::model::time::parse_date_days(t.trim().as_bytes())
                        .ok_or_else(|| format!("{flag} {t:?}: expected a date YYYY-MM-DD"))
                })
                .transpose()
        };
        let from = day("--load-from", &self.load_from)?;
        let to = day("--load-to", &self.load_to)?;
        let window = (from.is_some() || to.is_some()).then(|| {
            (
                from.map_or(i32::MIN, |d| d.saturating_mul(24 * 60)),
                to.map_or(i32::MAX, |d| d.saturating_add(1).saturating_mul(24 * 60)),
            )
        });
        Ok(LoadOptions {
            keep_text: self.with_text,
            window,
            countries,
            ignore_memory: self.ignore_memory,
            memory_limit: self.memory_limit,
            ..LoadOptions::default()
        })
    }
}

/// The filters of the window's filter panel, for `summary`. Lists are repeatable or
/// comma-separated; several values of one filter are alternatives.
#[derive(clap::Args, Debug, Default)]
pub struct FilterArgs {
    /// Countries whose core accounts to keep (e.g. China).
    #[arg(long = "country", value_delimiter = ',')]
    pub countries: Vec<String>,
    /// Campaigns (releases) whose core accounts to keep (e.g. china_052020).
    #[arg(long = "campaign", value_delimiter = ',')]
    pub campaigns: Vec<String>,
    /// Account languages to keep (e.g. zh-cn,en).
    #[arg(long = "account-language", value_delimiter = ',')]
    pub account_languages: Vec<String>,
    /// Tweet languages to count (e.g. zh,ru).
    #[arg(long = "tweet-language", value_delimiter = ',')]
    pub tweet_languages: Vec<String>,
    /// Keep only core or only outside accounts.
    #[arg(long, value_parser = ["core", "outside"])]
    pub role: Option<String>,
    /// First day of the window (YYYY-MM-DD, UTC), inclusive; or a number, for a
    /// dynamic network file that counts time in numbers.
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Last day of the window (YYYY-MM-DD, UTC), inclusive; or a number.
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Keep a network file's accounts whose numeric attribute lies in a range:
    /// NAME=MIN..MAX (either side may be left out: score=0.5.., followers=..1000).
    #[arg(long = "range")]
    pub ranges: Vec<String>,
    /// Keep accounts with at least this many edges in what is kept.
    #[arg(long, default_value_t = 0)]
    pub min_degree: u32,
    /// Drop accounts left without edges.
    #[arg(long)]
    pub hide_isolated: bool,
}

impl FilterArgs {
    /// The filter these arguments ask for.
    pub fn spec(&self) -> Result<FilterSpec, String> {
        let set = |v: &[String], lower: bool| -> Option<BTreeSet<String>> {
            (!v.is_empty()).then(|| {
                v.iter()
                    .map(|s| {
                        let s = s.trim();
                        if lower {
                            s.to_lowercase()
                        } else {
                            s.to_owned()
                        }
                    })
                    .collect()
            })
        };
        // A bound is a date, or a number (a dynamic network file's own time).
        let bound = |flag: &str,
                     v: &Option<String>|
         -> Result<(Option<i32>, Option<FileTime>), String> {
            let Some(d) = v else {
                return Ok((None, None));
            };
            if let Some(day) = crate::model::time::parse_date_days(d.trim().as_bytes()) {
                return Ok((Some(day), None));
            }
            match d.trim().parse::<f64>() {
                Ok(t) if t.is_finite() => Ok((None, Some(FileTime(t)))),
                _ => Err(format!(
                    "--{flag} {d}: expected a date, YYYY-MM-DD, or a number (a network file's own time)"
                )),
            }
        };
        let (from_day, from_time) = bound("from", &self.from)?;
        let (to_day, to_time) = bound("to", &self.to)?;
        let spec = FilterSpec {
            countries: set(&self.countries, false),
            campaigns: set(&self.campaigns, false),
            account_languages: set(&self.account_languages, true),
            tweet_languages: set(&self.tweet_languages, true),
            hide_core: self.role.as_deref() == Some("outside"),
            hide_outside: self.role.as_deref() == Some("core"),
            from_day,
            to_day,
            from_time,
            to_time,
            min_degree: self.min_degree,
            hide_isolated: self.hide_isolated,
            only: None,
            attributes: BTreeMap::new(),
            ranges: self
                .ranges
                .iter()
                .map(|r| parse_range(r))
                .collect::<Result<_, _>>()?,
        };
        let after = matches!((spec.from_day, spec.to_day), (Some(a), Some(b)) if a > b)
            || matches!((spec.from_time, spec.to_time), (Some(a), Some(b)) if a.0 > b.0);
        if after {
            return Err("--from is after --to".to_owned());
        }
        Ok(spec)
    }
}

/// Reads `NAME=MIN..MAX` (either bound may be left out).
fn parse_range(raw: &str) -> Result<(String, ValueRange), String> {
    let wrong = || format!("--range {raw}: expected NAME=MIN..MAX, e.g. score=0.5..2");
    let (name, bounds) = raw.split_once('=').ok_or_else(wrong)?;
    let (min, max) = bounds.split_once("..").ok_or_else(wrong)?;
    let bound = |b: &str| -> Result<Option<f64>, String> {
        let b = b.trim();
        if b.is_empty() {
            return Ok(None);
        }
        b.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(wrong)
    };
    let range = ValueRange {
        min: bound(min)?,
        max: bound(max)?,
    };
    if let (Some(a), Some(b)) = (range.min, range.max)
        && a > b
    {
        return Err(format!("--range {raw}: the lower bound is above the upper"));
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(wrong());
    }
    Ok((name.to_owned(), range))
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Print the headline figures of a dataset.
    Summary {
        /// Print JSON (the default prints a readable report).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the network as a network file for Gephi, R or Python: GEXF 1.3, GraphML,
    /// graphology JSON or CSV tables (OUT.csv the edges, OUT-nodes.csv the nodes), by the output's
    /// extension; from any file ioscope opens.
    Convert {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The file to write (.gexf, .graphml, .gml, .csv or .json for graphology).
        #[arg(short, long)]
        out: PathBuf,
        /// Lay the network out with this many ForceAtlas2 iterations from the window's
        /// seeded start (default: keep the file's positions; archives have none).
        #[arg(long, default_value_t = 0)]
        layout_iterations: usize,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Write figures of the network (PNG, SVG, PDF), with no window: of a session's
    /// work or its saved views, or of dataset files laid out with the window's defaults.
    Export {
        /// A session (.ioscope), or dataset files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// A PNG file to write.
        #[arg(long)]
        png: Option<PathBuf>,
        /// An SVG file to write (text stays text).
        #[arg(long)]
        svg: Option<PathBuf>,
        /// A PDF file to write (the SVG, converted; fonts embedded).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// A session's saved view, by name.
        #[arg(long, conflicts_with = "all_views")]
        view: Option<String>,
        /// Every saved view of a session, each to its own files (OUT-01-name.png, …).
        #[arg(long)]
        all_views: bool,
        /// A transparent background.
        #[arg(long)]
        transparent: bool,
        /// SVG and PDF: the edges as one raster layer under vector nodes and text (for
        /// networks too large for a usable vector file).
        #[arg(long)]
        raster_edges: bool,
        /// A title over the network (replacing the session's or view's).
        #[arg(long)]
        title: Option<String>,
        /// A caption under the network.
        #[arg(long)]
        caption: Option<String>,
        /// Canvas size in points, WIDTHxHEIGHT (the picture is this times --scale).
        #[arg(long, default_value = "1280x800")]
        size: String,
        /// Pixels per point (1 to 8).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// ForceAtlas2 iterations from the seeded start (dataset files only).
        #[arg(long, default_value_t = 300)]
        layout_iterations: usize,
        /// The light theme (default: dark).
        #[arg(long)]
        light: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// A coordination network of dataset files (as the coordination-network-toolkit
    /// computes it): directed edges `account_1,account_2,weight`.
    Coordination {
        /// co-retweet, co-tweet, near-duplicate, co-link, co-hashtag, co-reply or
        /// synchronised.
        #[arg(long, default_value = "co-retweet")]
        kind: String,
        /// Δt: seconds, or with a unit (90s, 5m, 2h, 1d); for synchronised, the width of
        /// the time bins (at least a minute).
        #[arg(long, default_value = "60s")]
        window: String,
        /// Fewest matching tweets (synchronised: shared bins) an edge needs.
        #[arg(long, default_value_t = 3)]
        min_weight: u32,
        /// Least share an edge needs: of the items both accounts shared, the share they
        /// shared within Δt (0 keeps every edge, as the coordination-network-toolkit).
        #[arg(long, default_value_t = 0.5)]
        min_share: f64,
        /// τ: least Jaccard similarity of texts (near-duplicate) or of active time bins
        /// (synchronised).
        #[arg(long, default_value_t = 0.8)]
        similarity: f64,
        /// Test each edge against this many time-shuffled copies of the data (each
        /// item's times permuted among its shares; for near-duplicate and synchronised,
        /// each account's timeline shifted by whole weeks) and add its p-value (0: no
        /// test; 49 gives p down to 0.02).
        #[arg(long, default_value_t = 0)]
        shuffles: u32,
        /// With --shuffles, keep the edges whose p-value is at most this.
        #[arg(long, default_value_t = 0.05)]
        max_p: f64,
        /// count (matching tweets) or tfidf: also the TF-IDF cosine similarity of the
        /// two accounts' items (Pacheco et al. 2021), as a `tfidf` column.
        #[arg(long, default_value = "count")]
        weighting: String,
        /// The edge list (CSV) to write; without it, it goes to standard output.
        #[arg(short = 'o', long)]
        out: Option<PathBuf>,
        /// Print a JSON summary (kind, parameters, tweets, edges, accounts, seconds).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Communities (Leiden or Louvain) of the interaction network of dataset files, or
    /// of an edge list: each node's community, or a JSON summary.
    Communities {
        /// An edge list instead of dataset files (tab-separated node numbers, an
        /// optional weight), as `bench layout` reads.
        #[arg(long)]
        edges: Option<PathBuf>,
        /// leiden or louvain.
        #[arg(long, default_value = "leiden")]
        algorithm: String,
        /// modularity or cpm.
        #[arg(long, default_value = "modularity")]
        quality: String,
        #[arg(long, default_value_t = 1.0)]
        resolution: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Each node's community (CSV); without it, to standard output.
        #[arg(short = 'o', long)]
        out: Option<PathBuf>,
        /// Print a JSON summary (modularity, communities, seconds, …).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        network: super::edge_input::NetworkArgs,
        files: Vec<PathBuf>,
    },
    /// Centrality of each node (degree, PageRank, betweenness, core number, HITS) in the
    /// network of dataset files or an edge list: CSV, or a JSON summary.
    Centrality {
        /// An edge list instead of dataset files (source, target, optional weight).
        #[arg(long)]
        edges: Option<PathBuf>,
        /// Betweenness from this many sampled sources (default: exact).
        #[arg(long)]
        samples: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The table (CSV); without it, to standard output.
        #[arg(short = 'o', long)]
        out: Option<PathBuf>,
        /// Print a JSON summary (top nodes by each measure, seconds each took).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        network: super::edge_input::NetworkArgs,
        files: Vec<PathBuf>,
    },
    /// Write a synthetic archive in the release format.
    Synth {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 1 gives the seed's figures: the China release at its published size, Russia
        /// and Turkey at 200,000 and 1,000,000 tweets.
        #[arg(long, default_value_t = 0.05)]
        scale: f64,
        /// `june2020`: the three releases at their published sizes (40.7 million tweets,
        /// about 23 GB of CSV; Turkey as one tweets file per year); ignores --scale.
        #[arg(long, value_enum)]
        preset: Option<SynthPreset>,
        /// Write each file as .csv.gz (folders only).
        #[arg(long)]
        gzip: bool,
        /// A folder for the CSV files, or a file name ending in .zip.
        #[arg(short = 'o', long)]
        out: PathBuf,
    },
    /// Measure speed.
    Bench {
        #[command(subcommand)]
        what: BenchCmd,
    },
}

/// Archive sizes `ioscope synth --preset` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SynthPreset {
    /// The June 2020 releases at their published sizes.
    June2020,
}

#[derive(Subcommand, Debug)]
pub enum BenchCmd {
    /// ForceAtlas2 on a tab-separated edge list from seeded random positions in a
    /// 1000 × 1000 square; prints JSON (median ms per iteration, quality).
    Layout {
        #[arg(long)]
        edges: PathBuf,
        #[arg(long, default_value_t = 100)]
        iterations: usize,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        #[arg(long, default_value_t = 1.2)]
        theta: f32,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// LinLog attraction (ln(1 + d), as the window lays out) instead of the linear
        /// attraction the peers use.
        #[arg(long)]
        lin_log: bool,
        /// Where the forces are computed: `cpu`, `gpu` (any adapter, software ones
        /// too) or `auto` (a real GPU for big graphs, as the window does).
        #[arg(long, default_value = "cpu", value_parser = parse_device)]
        device: DeviceChoice,
    },
    /// The time from opening FILES to a settled layout, as the window gets it: the
    /// whole load, then ForceAtlas2 with the window's parameters until the layout
    /// runner's own criterion says settled; prints one JSON line (`seconds_to_settle`
    /// from the start of loading, `iterations`, `quality`).
    Settle {
        /// Give up (reporting `settled: false`) after this many iterations.
        #[arg(long, default_value_t = 5_000)]
        max_iterations: usize,
        /// Run at least this many iterations (to see how a settled layout drifts).
        #[arg(long, default_value_t = 0)]
        min_iterations: usize,
        /// Start from seeded random positions, not from the multilevel layout.
        #[arg(long)]
        no_multilevel: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Draw a laid-out network off-screen through wgpu (no window) and time frames at
    /// full detail, with the interactive level of detail and zoomed in; prints JSON.
    /// The network is a seeded random one (`--nodes`, `--edges`) or that of FILES.
    Render {
        #[arg(long, default_value_t = 175_000)]
        nodes: usize,
        #[arg(long, default_value_t = 1_000_000)]
        edges: usize,
        #[arg(long, default_value_t = 30)]
        frames: usize,
        /// Target size in pixels, WIDTHxHEIGHT.
        #[arg(long, default_value = "1920x1080")]
        size: String,
        /// ForceAtlas2 iterations before drawing.
        #[arg(long, default_value_t = 300)]
        layout_iterations: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Archive files whose network to draw (instead of a random one).
        files: Vec<PathBuf>,
    },
    /// Time a picture of FILES' network at full detail (laid out first), as `export`
    /// draws it; prints JSON.
    Export {
        /// Canvas size in points, WIDTHxHEIGHT.
        #[arg(long, default_value = "1920x1080")]
        size: String,
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        #[arg(long, default_value_t = 300)]
        layout_iterations: usize,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Every coordination kind at its defaults, timed, with recall and precision against
    /// the groups the generator planted (coordination_groups.json beside the files, or
    /// --truth); prints JSON.
    Coordination {
        /// The planted groups (JSON, as `ioscope synth` writes them).
        #[arg(long)]
        truth: Option<PathBuf>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Time what a filter change costs the window (the masks, restyling the canvas, the
    /// activity, hours and creation plots) for a few typical filters; prints JSON.
    Filter {
        #[arg(long, default_value_t = 5)]
        repeats: usize,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The window, headless: the longest frame and the time until shown when a filter
    /// is set (for the same filters as `bench filter`); prints JSON.
    Frames {
        /// Window size in points, WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x800")]
        size: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Load files end to end (parse, accounts, network, per-month counts); prints JSON.
    Load {
        #[arg(long, default_value_t = 3)]
        repeats: usize,
        /// Read the files one after the other, not smaller ones beside larger ones.
        #[arg(long)]
        one_file_at_a_time: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Read a network file (or archive) and write it as -o's format; prints JSON.
    Convert {
        #[arg(long, default_value_t = 3)]
        repeats: usize,
        #[arg(short, long)]
        out: PathBuf,
        file: PathBuf,
    },
}

/// Runs a headless subcommand; returns the process exit code.
pub fn run_command(cmd: Cmd, load: &LoadArgs) -> i32 {
    let result = load.options().and_then(|options| run(cmd, &options));
    match result {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("ioscope: {message}");
            1
        }
    }
}

fn run(cmd: Cmd, options: &LoadOptions) -> Result<(), String> {
    match cmd {
        Cmd::Summary {
            json,
            filter,
            files,
        } => summary(json, &filter, &files, options),
        Cmd::Convert {
            files,
            out,
            layout_iterations,
            filter,
        } => super::convert::run(
            &super::convert::ConvertRequest {
                files,
                out,
                filter: filter.spec()?,
                layout_iterations,
            },
            options,
        ),
        Cmd::Synth {
            seed,
            scale,
            preset,
            gzip,
            out,
        } => synth(seed, scale, preset, gzip, &out),
        Cmd::Centrality {
            edges,
            samples,
            seed,
            out,
            json,
            network,
            files,
        } => super::centrality::run(
            &super::centrality::CentralityRequest {
                files,
                edges,
                network,
                samples,
                seed,
                out,
                json,
            },
            options,
        ),
        Cmd::Communities {
            edges,
            algorithm,
            quality,
            resolution,
            seed,
            out,
            json,
            network,
            files,
        } => {
            use crate::analysis::communities::{Algorithm, CommunityParams, Quality};
            let algorithm = match algorithm.as_str() {
                "leiden" => Algorithm::Leiden,
                "louvain" => Algorithm::Louvain,
                other => return Err(format!("--algorithm {other}: expected leiden or louvain")),
            };
            let quality = match quality.as_str() {
                "modularity" => Quality::Modularity,
                "cpm" => Quality::Cpm,
                other => return Err(format!("--quality {other}: expected modularity or cpm")),
            };
            if !(resolution.is_finite() && resolution > 0.0) {
                return Err(format!(
                    "--resolution {resolution}: expected a positive number"
                ));
            }
            let request = super::communities::CommunitiesRequest {
                files,
                edges,
                network,
                params: CommunityParams {
                    algorithm,
                    quality,
                    resolution,
                    seed,
                },
                out,
                json,
            };
            super::communities::run(&request, options)
        }
        Cmd::Coordination {
            kind,
            window,
            min_weight,
            min_share,
            similarity,
            shuffles,
            max_p,
            weighting,
            out,
            json,
            filter,
            files,
        } => {
            use super::coordination::{CoordinationRequest, parse_window};
            use crate::analysis::coordination::CoordinationKind;
            let kind = CoordinationKind::from_name(&kind).ok_or_else(|| {
                let names: Vec<&str> = CoordinationKind::ALL.iter().map(|k| k.name()).collect();
                format!("--kind {kind}: expected one of {}", names.join(", "))
            })?;
            if !(0.0..=1.0).contains(&min_share) {
                return Err(format!("--min-share {min_share}: expected 0 to 1"));
            }
            let weighting = crate::analysis::coordination::Weighting::from_name(&weighting)
                .ok_or_else(|| format!("--weighting {weighting}: expected count or tfidf"))?;
            if !(0.0..=1.0).contains(&max_p) {
                return Err(format!("--max-p {max_p}: expected 0 to 1"));
            }
            if !(similarity > 0.0 && similarity <= 1.0) {
                return Err(format!(
                    "--similarity {similarity}: expected above 0, at most 1"
                ));
            }
            let request = CoordinationRequest {
                files,
                params: crate::analysis::coordination::CoordinationParams {
                    kind,
                    window: parse_window(&window)?,
                    min_weight,
                    min_share,
                    similarity,
                    shuffles,
                    max_p,
                    weighting,
                },
                filter: filter.spec()?,
                out,
                json,
            };
            super::coordination::run(&request, options)
        }
        Cmd::Export {
            files,
            png,
            svg,
            pdf,
            view,
            all_views,
            transparent,
            raster_edges,
            title,
            caption,
            size,
            scale,
            layout_iterations,
            light,
            filter,
        } => {
            use super::export::{ExportRequest, Outputs, Views};
            if !(1.0..=8.0).contains(&scale) {
                return Err(format!("--scale {scale}: expected 1 to 8"));
            }
            let [w, h] = bench::parse_size(&size)?;
            let request = ExportRequest {
                files,
                outputs: Outputs { png, svg, pdf },
                size: [w as f32, h as f32],
                scale,
                layout_iterations,
                filter: filter.spec()?,
                light,
                transparent,
                raster_edges,
                views: match (view, all_views) {
                    (Some(name), _) => Views::Named(name),
                    (None, true) => Views::All,
                    (None, false) => Views::Saved,
                },
                title,
                caption,
            };
            for (path, [pw, ph]) in super::export::run(&request, options)? {
                eprintln!("wrote {}: {pw}×{ph} pixels", path.display());
            }
            Ok(())
        }
        Cmd::Bench { what } => run_bench(what, options),
    }
}

fn parse_device(text: &str) -> Result<DeviceChoice, String> {
    DeviceChoice::parse(text).ok_or_else(|| format!("{text:?} is not cpu, gpu or auto"))
}

fn run_bench(what: BenchCmd, options: &LoadOptions) -> Result<(), String> {
    let report = match what {
        BenchCmd::Layout {
            edges,
            iterations,
            threads,
            theta,
            seed,
            lin_log,
            device,
        } => bench::layout::run(&edges, iterations, threads, theta, seed, lin_log, device)?,
        BenchCmd::Settle {
            max_iterations,
            min_iterations,
            no_multilevel,
            files,
        } => bench::settle::run(
            &files,
            options,
            max_iterations,
            min_iterations,
            !no_multilevel,
        )?,
        BenchCmd::Render {
            nodes,
            edges,
            frames,
            size,
            layout_iterations,
            seed,
            files,
        } => {
            let size = bench::parse_size(&size)?;
            let (dataset, network) = if files.is_empty() {
                let network = bench::render::random_network(nodes, edges, seed);
                (Default::default(), Arc::new(network))
            } else {
                let loaded = load_files(&files, options)?;
                (loaded.dataset, loaded.network)
            };
            bench::render::run(dataset, network, layout_iterations, frames, size)?
        }
        BenchCmd::Export {
            size,
            scale,
            layout_iterations,
            files,
        } => {
            let [w, h] = bench::parse_size(&size)?;
            let loaded = load_files(&files, options)?;
            bench::export::run(&loaded, layout_iterations, [w as f32, h as f32], scale)?
        }
        BenchCmd::Coordination { truth, files } => {
            bench::coordination::run(&files, truth.as_deref(), options)?
        }
        BenchCmd::Filter { repeats, files } => {
            bench::filter::run(&load_files(&files, options)?, repeats.max(1))
        }
        BenchCmd::Frames { size, files } => {
            let [w, h] = bench::parse_size(&size)?;
            bench::frames::run(inputs(&files), options.clone(), [w as f32, h as f32])?
        }
        BenchCmd::Load {
            repeats,
            one_file_at_a_time,
            files,
        } => {
            let options = LoadOptions {
                one_file_at_a_time,
                ..options.clone()
            };
            bench::load::run(&inputs(&files), &options, repeats)?
        }
        BenchCmd::Convert { repeats, out, file } => {
            bench::convert::run(&file, &out, options, repeats)?
        }
    };
    println!("{report}");
    Ok(())
}

fn inputs(files: &[PathBuf]) -> Vec<Input> {
    files.iter().cloned().map(Input::Path).collect()
}

/// Loads files headless.
fn load_files(files: &[PathBuf], options: &LoadOptions) -> Result<Loaded, String> {
    load_all(&inputs(files), options, &Progress::default()).map_err(|e| e.to_string())
}

/// `ioscope summary`: the headline figures of what the filters keep.
fn summary(
    json: bool,
    filter: &FilterArgs,
    files: &[PathBuf],
    options: &LoadOptions,
) -> Result<(), String> {
    let spec = filter.spec()?;
    let loaded = load_files(files, options)?;
    let summary = if spec.is_empty() {
        loaded.summary.clone()
    } else {
        let filtered =
            crate::filter::apply(&loaded.dataset, &loaded.network, &loaded.evidence, &spec);
        Summary::filtered(&loaded.dataset, &filtered)
    };
    if json {
        let text = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", text_report(&summary));
    }
    for w in &loaded.dataset.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

/// `ioscope synth`: a synthetic archive in a folder or a zip file.
fn synth(
    seed: u64,
    scale: f64,
    preset: Option<SynthPreset>,
    gzip: bool,
    out: &Path,
) -> Result<(), String> {
    if !(scale > 0.0 && scale <= 100.0) {
        return Err(format!("--scale {scale}: expected a number in (0, 100]"));
    }
    let sizes = match preset {
        Some(SynthPreset::June2020) => Sizes::June2020,
        None => Sizes::Scale(scale),
    };
    let is_zip = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let target = if is_zip {
        SynthTarget::Zip(out)
    } else {
        SynthTarget::Dir(out)
    };
    let options = SynthOptions { seed, sizes, gzip };
    let stats =
        write_archive_with(&target, &options).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "wrote {}: {} core accounts, {} outside accounts, {} tweets, {:.1} MB of CSV",
        out.display(),
        stats.core_accounts,
        stats.outside_accounts,
        stats.tweets,
        stats.bytes as f64 / 1e6
    );
    Ok(())
}
