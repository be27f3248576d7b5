//! `ioscope bench coordination`: every coordination kind at its default parameters on
//! dataset files, timed, and measured against the groups the synthetic generator
//! planted (`coordination_groups.json` beside the files, or `--truth`): recall (the
//! planted accounts found) and precision (the flagged accounts that were planted), per
//! kind. Identical texts are near-duplicates too, so co-tweet groups count as planted
//! for near-duplicate.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::analysis::coordination::{CoordinationKind, CoordinationParams, coordination};
use crate::io::{Input, LoadOptions, Progress};
use crate::state::load_all;

/// The planted groups: (kind name, account ids).
fn read_truth(path: &Path) -> Result<Vec<(String, Vec<String>)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let groups = v["groups"]
        .as_array()
        .ok_or_else(|| format!("{}: no \"groups\" list", path.display()))?;
    Ok(groups
        .iter()
        .map(|g| {
            let kind = g["kind"].as_str().unwrap_or_default().to_owned();
            let accounts = g["accounts"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            (kind, accounts)
        })
        .collect())
}

/// Runs the benchmark; returns its report.
pub fn run(
    files: &[PathBuf],
    truth: Option<&Path>,
    options: &LoadOptions,
) -> Result<serde_json::Value, String> {
    let truth_path: Option<PathBuf> = truth.map(Path::to_path_buf).or_else(|| {
        let beside = files
            .first()?
            .parent()?
            .join(crate::tools::synth::GROUPS_FILE);
        beside.exists().then_some(beside)
    });
    let truth = truth_path.as_deref().map(read_truth).transpose()?;
    // Every kind reads the accounts' own texts only, never retweets'.
    let options = LoadOptions {
        keep_text: true,
        skip_retweet_text: !options.keep_text,
        ..options.clone()
    };
    let inputs: Vec<Input> = files.iter().cloned().map(Input::Path).collect();
    let start = Instant::now();
    let loaded = load_all(&inputs, &options, &Progress::default()).map_err(|e| e.to_string())?;
    let load_seconds = start.elapsed().as_secs_f64();
    let ds = &loaded.dataset;
    let mut kinds = Vec::new();
    for kind in CoordinationKind::ALL {
        let params = CoordinationParams {
            kind,
            ..CoordinationParams::default()
        };
        let start = Instant::now();
        let result = coordination(ds, &params, None, &|| false);
        let seconds = start.elapsed().as_secs_f64();
        let mut row = serde_json::json!({
            "kind": kind.name(),
            "seconds": (seconds * 1000.0).round() / 1000.0,
        });
        match result {
            Err(e) => row["error"] = e.to_string().into(),
            Ok(edges) => {
                let flagged: BTreeSet<String> = edges
                    .iter()
                    .flat_map(|e| [e.from, e.to])
                    .map(|a| ds.accounts.id(a).to_string())
                    .collect();
                row["edges"] = edges.len().into();
                row["accounts"] = flagged.len().into();
                if let Some(groups) = &truth {
                    let planted: BTreeSet<String> = groups
                        .iter()
                        .filter(|(k, _)| {
                            k == kind.name()
                                || (kind == CoordinationKind::NearDuplicate && k == "co-tweet")
                        })
                        .flat_map(|(_, a)| a.iter().cloned())
                        .collect();
                    let found = planted.intersection(&flagged).count();
                    let ratio = |n: usize, d: usize| {
                        if d == 0 {
                            serde_json::Value::Null
                        } else {
                            ((n as f64 / d as f64 * 10_000.0).round() / 10_000.0).into()
                        }
                    };
                    row["planted"] = planted.len().into();
                    row["recall"] = ratio(found, planted.len());
                    row["precision"] = ratio(found, flagged.len());
                }
            }
        }
        kinds.push(row);
    }
    let report = serde_json::json!({
        "tweets": ds.tweets.id.len(),
        "accounts": ds.accounts.len(),
        "load_seconds": (load_seconds * 1000.0).round() / 1000.0,
        "truth": truth_path.map(|p| p.display().to_string()),
        "defaults": {
            "window_seconds": CoordinationParams::default().window,
            "min_weight": CoordinationParams::default().min_weight,
            "min_share": CoordinationParams::default().min_share,
            "similarity": CoordinationParams::default().similarity,
        },
        "threads": rayon::current_num_threads(),
        "peak_memory_mb": super::peak_memory_bytes().map(|b| b / (1 << 20)),
        "kinds": kinds,
    });
    Ok(report)
}
