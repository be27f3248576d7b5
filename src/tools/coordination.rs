//! `ioscope coordination`: a coordination network of dataset files with no window, as
//! the edge list the QUT coordination-network-toolkit writes (`account_1,account_2,
//! weight`, directed: `weight` tweets of account 1 matched by account 2; ids as in the
//! archive), or with `--json` a summary (with the Δt the data suggests).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::analysis::coordinated::coordinated;
use crate::analysis::coordination::{CoordinationKind, CoordinationParams, suggested_window};
use crate::filter::FilterSpec;
use crate::io::{Input, LoadOptions, Omitted, Progress};
use crate::state::load_all;

/// What `ioscope coordination` was asked for.
pub struct CoordinationRequest {
    pub files: Vec<PathBuf>,
    pub params: CoordinationParams,
    pub filter: FilterSpec,
    pub out: Option<PathBuf>,
    pub json: bool,
}

/// A Δt as written: seconds (`90`, `90s`), minutes (`5m`), hours (`2h`) or days (`1d`).
pub fn parse_window(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let (number, unit) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&t[..i], &t[i..]),
        None => (t, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "--window {text}: expected seconds, or a number with s, m, h or d"
            ));
        }
    };
    number
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=100 * 365 * 86_400).contains(&(n * scale)))
        .map(|n| n * scale)
        .ok_or_else(|| format!("--window {text}: expected a number of seconds (0 to 100 years)"))
}

/// Computes the network and writes it (or its summary).
pub fn run(request: &CoordinationRequest, options: &LoadOptions) -> Result<(), String> {
    let options = LoadOptions {
        keep_text: options.keep_text || request.params.kind.needs_text(),
        // Co-tweet and near-duplicate read the accounts' own texts, never retweets'.
        skip_retweet_text: !options.keep_text,
        ..options.clone()
    };
    let inputs: Vec<Input> = request.files.iter().cloned().map(Input::Path).collect();
    // The network and its evidence only serve a filter: without one, the tweets alone,
    // and of them only what the kind compares.
    let (dataset, shown) = if request.filter.is_empty() {
        let options = LoadOptions {
            omit: omitted_for(request.params.kind),
            ..options
        };
        let ds =
            crate::io::load(&inputs, &options, &Progress::default()).map_err(|e| e.to_string())?;
        (std::sync::Arc::new(ds), None)
    } else {
        let loaded =
            load_all(&inputs, &options, &Progress::default()).map_err(|e| e.to_string())?;
        let shown = crate::filter::apply(
            &loaded.dataset,
            &loaded.network,
            &loaded.evidence,
            &request.filter,
        )
        .tweets;
        (loaded.dataset, Some(shown))
    };
    let ds = &*dataset;
    let start = Instant::now();
    let (edges, suggested) =
        coordinated(ds, &request.params, shown.as_deref(), &|| false).map_err(|e| e.to_string())?;
    let suggested = match shown {
        None => suggested,
        Some(_) => suggested_window(ds, request.params.kind),
    };
    let seconds = start.elapsed().as_secs_f64();
    let tested = request.params.shuffles > 0;
    let tfidf = request.params.weighting == crate::analysis::coordination::Weighting::TfIdf;
    let mut text = String::from("account_1,account_2,weight");
    if tfidf {
        text.push_str(",tfidf");
    }
    if tested {
        text.push_str(",p_value");
    }
    text.push('\n');
    for e in &edges {
        text.push_str(&format!(
            "{},{},{}",
            ds.accounts.id(e.from),
            ds.accounts.id(e.to),
            e.weight
        ));
        if tfidf {
            text.push_str(&format!(",{:.6}", e.tfidf.unwrap_or(0.0)));
        }
        if tested {
            text.push_str(&format!(",{:.4}", e.p.unwrap_or(1.0)));
        }
        text.push('\n');
    }
    if let Some(path) = &request.out {
        write(path, text.as_bytes())?;
    }
    if request.json {
        let mut accounts: Vec<u32> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
        accounts.sort_unstable();
        accounts.dedup();
        let p = &request.params;
        let summary = serde_json::json!({
            "kind": p.kind.name(),
            "window_seconds": p.window,
            "min_weight": p.min_weight,
            "min_share": p.min_share,
            "similarity": p.similarity,
            "shuffles": p.shuffles,
            "weighting": p.weighting.name(),
            "max_p": (p.shuffles > 0).then_some(p.max_p),
            "suggested_window_seconds": suggested,
            "tweets": shown.as_ref().map_or(ds.tweets.id.len(), |m| m.iter().filter(|&&s| s).count()),
            "edges": edges.len(),
            "accounts": accounts.len(),
            "seconds": (seconds * 1000.0).round() / 1000.0,
        });
        println!("{summary}");
    } else if request.out.is_none() {
        std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// What a kind never reads, and a load without a filter may leave out: profiles,
/// mentions and clients always; hashtags but for co-hashtag, links but for co-link.
fn omitted_for(kind: CoordinationKind) -> Omitted {
    Omitted {
        profiles: true,
        hashtags: kind != CoordinationKind::CoHashtag,
        urls: kind != CoordinationKind::CoLink,
        mentions: true,
        clients: true,
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::io::atomic::write_atomic(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
