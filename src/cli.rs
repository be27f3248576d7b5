//! The command line: `ioscope [FILES...]` opens the app; subcommands work headless
//! (`summary`, `synth`, `bench load`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::filter::FilterSpec;
use crate::io::{Input, LoadOptions, Progress};
use crate::jobs::load_all;
use crate::synth::{SynthTarget, write_archive};

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
        Ok(LoadOptions {
            keep_text: self.with_text,
            countries,
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
    /// First day of the window (YYYY-MM-DD, UTC), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the window (YYYY-MM-DD, UTC), inclusive.
    #[arg(long)]
    pub to: Option<String>,
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
        let day = |flag: &str, v: &Option<String>| -> Result<Option<i32>, String> {
            v.as_ref()
                .map(|d| {
                    crate::model::time::parse_date_days(d.trim().as_bytes())
                        .ok_or_else(|| format!("--{flag} {d}: expected a date, YYYY-MM-DD"))
                })
                .transpose()
        };
        let spec = FilterSpec {
            countries: set(&self.countries, false),
            campaigns: set(&self.campaigns, false),
            account_languages: set(&self.account_languages, true),
            tweet_languages: set(&self.tweet_languages, true),
            hide_core: self.role.as_deref() == Some("outside"),
            hide_outside: self.role.as_deref() == Some("core"),
            from_day: day("from", &self.from)?,
            to_day: day("to", &self.to)?,
            min_degree: self.min_degree,
            hide_isolated: self.hide_isolated,
        };
        if let (Some(a), Some(b)) = (spec.from_day, spec.to_day)
            && a > b
        {
            return Err("--from is after --to".to_owned());
        }
        Ok(spec)
    }
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
    /// Write a synthetic archive in the release format.
    Synth {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 1 reproduces the June 2020 releases' sizes.
        #[arg(long, default_value_t = 0.05)]
        scale: f64,
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
    /// Time what a filter change costs the window (the masks, restyling the canvas, the
    /// activity, hours and creation plots) for a few typical filters; prints JSON.
    Filter {
        #[arg(long, default_value_t = 5)]
        repeats: usize,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Load files end to end (parse, accounts, network, per-month counts); prints JSON.
    Load {
        #[arg(long, default_value_t = 3)]
        repeats: usize,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Peak resident memory of this process in bytes (Linux), if known.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs a headless subcommand; returns the process exit code.
pub fn run_command(cmd: Cmd, load: &LoadArgs) -> i32 {
    match run(cmd, load) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("ioscope: {message}");
            1
        }
    }
}

fn run(cmd: Cmd, load: &LoadArgs) -> Result<(), String> {
    match cmd {
        Cmd::Summary {
            json,
            filter,
            files,
        } => {
            let spec = filter.spec()?;
            let inputs: Vec<Input> = files.into_iter().map(Input::Path).collect();
            let loaded = load_all(&inputs, &load.options()?, &Progress::default())
                .map_err(|e| e.to_string())?;
            let summary = if spec.is_empty() {
                loaded.summary.clone()
            } else {
                let filtered =
                    crate::filter::apply(&loaded.dataset, &loaded.network, &loaded.evidence, &spec);
                crate::summary::Summary::filtered(&loaded.dataset, &filtered)
            };
            if json {
                let text = serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?;
                println!("{text}");
            } else {
                print!("{}", crate::summary::text_report(&summary));
            }
            for w in &loaded.dataset.warnings {
                eprintln!("warning: {w}");
            }
            Ok(())
        }
        Cmd::Synth { seed, scale, out } => {
            if !(scale > 0.0 && scale <= 100.0) {
                return Err(format!("--scale {scale}: expected a number in (0, 100]"));
            }
            let is_zip = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
            let target = if is_zip {
                SynthTarget::Zip(&out)
            } else {
                SynthTarget::Dir(&out)
            };
            let stats = write_archive(&target, seed, scale)
                .map_err(|e| format!("{}: {e}", out.display()))?;
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
        Cmd::Bench {
            what:
                BenchCmd::Layout {
                    edges,
                    iterations,
                    threads,
                    theta,
                    seed,
                },
        } => bench_layout(&edges, iterations, threads, theta, seed),
        Cmd::Bench {
            what:
                BenchCmd::Render {
                    nodes,
                    edges,
                    frames,
                    size,
                    layout_iterations,
                    seed,
                    files,
                },
        } => {
            let size = parse_size(&size)?;
            let (dataset, network) = if files.is_empty() {
                let network = crate::render::bench::random_network(nodes, edges, seed);
                (Default::default(), Arc::new(network))
            } else {
                let inputs: Vec<Input> = files.into_iter().map(Input::Path).collect();
                let loaded = load_all(&inputs, &load.options()?, &Progress::default())
                    .map_err(|e| e.to_string())?;
                (loaded.dataset, loaded.network)
            };
            let report =
                crate::render::bench::run(dataset, network, layout_iterations, frames, size)?;
            println!("{report}");
            Ok(())
        }
        Cmd::Bench {
            what: BenchCmd::Filter { repeats, files },
        } => {
            let inputs: Vec<Input> = files.into_iter().map(Input::Path).collect();
            let loaded = load_all(&inputs, &load.options()?, &Progress::default())
                .map_err(|e| e.to_string())?;
            let report = crate::filter::bench::run(&loaded, repeats.max(1));
            println!("{report}");
            Ok(())
        }
        Cmd::Bench {
            what: BenchCmd::Load { repeats, files },
        } => {
            let inputs: Vec<Input> = files.into_iter().map(Input::Path).collect();
            let options = load.options()?;
            let mut seconds = Vec::new();
            let mut last = None;
            for _ in 0..repeats.max(1) {
                let progress = Progress::default();
                let start = Instant::now();
                let loaded = load_all(&inputs, &options, &progress).map_err(|e| e.to_string())?;
                seconds.push(start.elapsed().as_secs_f64());
                last = Some((
                    loaded.summary.tweets,
                    loaded.summary.accounts.total,
                    loaded.summary.edges.total,
                    progress.bytes().0,
                    progress.plain_bytes(),
                ));
                drop(loaded);
            }
            seconds.sort_by(f64::total_cmp);
            let median = seconds[seconds.len() / 2];
            let (tweets, accounts, edges, disk, plain) = last.unwrap_or_default();
            let line = serde_json::json!({
                "bench": "load",
                "bytes": disk,
                "uncompressed_bytes": plain,
                "seconds": (median * 1000.0).round() / 1000.0,
                "MB_per_s": ((plain as f64 / 1e6 / median) * 10.0).round() / 10.0,
                "peak_memory_MB": peak_memory_bytes().map(|b| b / (1 << 20)),
                "threads": rayon::current_num_threads(),
                "tweets": tweets,
                "accounts": accounts,
                "edges": edges,
            });
            println!("{line}");
            Ok(())
        }
    }
}

/// "1920x1080" → [1920, 1080].
fn parse_size(text: &str) -> Result<[u32; 2], String> {
    let bad = || format!("--size {text}: expected WIDTHxHEIGHT, e.g. 1920x1080");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if w == 0 || h == 0 {
        return Err(bad());
    }
    Ok([w, h])
}

fn bench_layout(
    edges: &std::path::Path,
    iterations: usize,
    threads: Option<usize>,
    theta: f32,
    seed: u64,
) -> Result<(), String> {
    use crate::layout::quality::{quality, read_edge_list};
    use crate::layout::{ForceAtlas2, LayoutGraph, Params};
    let file = std::fs::File::open(edges).map_err(|e| format!("{}: {e}", edges.display()))?;
    let (n, list) = read_edge_list(std::io::BufReader::new(file))
        .map_err(|e| format!("{}: {e}", edges.display()))?;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        builder = builder.num_threads(t.max(1));
    }
    let pool = builder.build().map_err(|e| e.to_string())?;
    let pairs: Vec<(u32, u32)> = list.iter().map(|&(a, b, _)| (a, b)).collect();
    let (times, q, used) = pool.install(|| {
        let graph = LayoutGraph::from_edges(n, &list);
        let params = Params {
            theta,
            ..Params::default()
        };
        let mut fa2 = ForceAtlas2::new(graph, params, seed);
        let mut times = Vec::with_capacity(iterations);
        for _ in 0..iterations {
            let start = Instant::now();
            fa2.step();
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        let q = quality(&fa2.x, &fa2.y, &pairs, 10_000, seed);
        (times, q, rayon::current_num_threads())
    });
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN);
    let line = serde_json::json!({
        "bench": "layout",
        "nodes": n,
        "edges": list.len(),
        "iterations": iterations,
        "threads": used,
        "theta": (f64::from(theta) * 1e6).round() / 1e6,
        "ms_per_iter_median": (median * 100.0).round() / 100.0,
        "ms_min": sorted.first().map(|v| (v * 100.0).round() / 100.0),
        "ms_max": sorted.last().map(|v| (v * 100.0).round() / 100.0),
        "quality": (q * 10_000.0).round() / 10_000.0,
    });
    println!("{line}");
    Ok(())
}
