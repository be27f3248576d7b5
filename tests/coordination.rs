//! The coordination layer against an independent peer: on a fixture with planted
//! coordination (`scripts/coordination_fixture.py`), the co-retweet, co-tweet and
//! co-link, co-reply and near-duplicate networks `ioscope coordination` computes equal the QUT
//! coordination-network-toolkit's (1.5.2, computed by `scripts/check_coordination.sh`
//! and kept beside the fixture) edge for edge and weight for weight, at three windows.
//! Then the planted groups are what it finds, and the edge cases give results.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::ioscope;

use std::collections::BTreeMap;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coordination")
}

/// Rows of a coordination CSV: (account_1, account_2) → the weight and any further
/// cells (TF-IDF, p-value).
fn rows(csv_text: &str) -> BTreeMap<(String, String), (u32, Vec<f64>)> {
    csv_text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let rest = f[3..].iter().map(|x| x.parse().unwrap()).collect();
            (
                (f[0].to_owned(), f[1].to_owned()),
                (f[2].parse().unwrap(), rest),
            )
        })
        .collect()
}

fn edges(csv_text: &str) -> BTreeMap<(String, String), u32> {
    rows(csv_text)
        .into_iter()
        .map(|(k, (w, _))| (k, w))
        .collect()
}

/// The cells after the weight, by pair.
fn extra_columns(csv_text: &str) -> BTreeMap<(String, String), Vec<f64>> {
    rows(csv_text)
        .into_iter()
        .map(|(k, (_, rest))| (k, rest))
        .collect()
}

#[test]
fn networks_equal_the_toolkits_edge_for_edge() {
    let tweets = fixtures().join("coord_052020_tweets_csv_hashed.csv");
    for kind in [
        "co_retweet",
        "co_tweet",
        "co_link",
        "co_reply",
        "co_similar_tweet",
    ] {
        // The toolkit's co_similar_tweet is our near-duplicate (Jaccard of word sets).
        let ours = match kind {
            "co_similar_tweet" => "near-duplicate".to_owned(),
            k => k.replace('_', "-"),
        };
        for window in [60, 180, 3600] {
            let (code, out, err) = ioscope(&[
                "coordination",
                "--kind",
                &ours,
                "--similarity",
                "0.8",
                "--window",
                &format!("{window}s"),
                "--min-weight",
                "2",
                "--min-share",
                "0",
                tweets.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{err}");
            let toolkit =
                std::fs::read_to_string(fixtures().join(format!("toolkit_{kind}_{window}.csv")))
                    .unwrap();
            let (ours, theirs) = (edges(&out), edges(&toolkit));
            assert!(
                !theirs.is_empty(),
                "{kind} {window}: the fixture has coordination"
            );
            assert_eq!(ours, theirs, "{kind} at {window} s");
        }
    }
}

#[test]
fn the_planted_groups_are_found_and_organic_accounts_are_not() {
    let tweets = fixtures().join("coord_052020_tweets_csv_hashed.csv");
    // Accounts 5000 + k; the planted groups by kind (see the fixture's script).
    let planted = |range: std::ops::Range<u32>| -> Vec<String> {
        range.map(|k| (5000 + k).to_string()).collect()
    };
    for (kind, group) in [
        ("co-retweet", planted(0..8)),
        ("co-tweet", planted(8..14)),
        ("co-link", planted(14..20)),
        ("co-reply", planted(30..36)),
        // Identical texts are near-duplicates too.
        (
            "near-duplicate",
            planted(8..14).into_iter().chain(planted(36..42)).collect(),
        ),
    ] {
        let (code, out, err) = ioscope(&[
            "coordination",
            "--kind",
            kind,
            "--window",
            "1m",
            tweets.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let found: std::collections::BTreeSet<String> = edges(&out)
            .keys()
            .flat_map(|(a, b)| [a.clone(), b.clone()])
            .collect();
        let expected: std::collections::BTreeSet<String> = group.into_iter().collect();
        assert_eq!(found, expected, "{kind}");
    }
}

#[test]
fn edge_cases_give_results_or_clear_messages() {
    let tweets = fixtures().join("coord_052020_tweets_csv_hashed.csv");
    let path = tweets.to_str().unwrap();
    // Δt = 0: only same-minute matches; a huge Δt: every shared item, still bounded.
    let (code, zero, _) = ioscope(&["coordination", "--window", "0", path]);
    assert_eq!(code, 0);
    let (code, huge, _) = ioscope(&["coordination", "--window", "3650d", path]);
    assert_eq!(code, 0);
    assert!(edges(&zero).len() <= edges(&huge).len());
    assert!(!edges(&huge).is_empty());
    // The JSON summary, and bad arguments named.
    let (code, json, _) = ioscope(&["coordination", "--json", "--kind", "co-hashtag", path]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(v["kind"], "co-hashtag");
    assert!(v["edges"].as_u64().is_some_and(|e| e > 0), "{v}");
    let (code, _, err) = ioscope(&["coordination", "--kind", "co-nothing", path]);
    assert_ne!(code, 0);
    assert!(err.contains("co-retweet"), "{err}");
    let (code, _, err) = ioscope(&["coordination", "--window", "5x", path]);
    assert_ne!(code, 0);
    assert!(err.contains("--window"), "{err}");
}

/// The generator's planted groups are what each kind finds at its default parameters:
/// on a synthetic release (scale 0.1: 155 k tweets, organic retweets in realistic
/// cascades), recall and precision of the planted accounts are at least 95% for every
/// kind (`bench coordination` measures them against `coordination_groups.json`).
#[test]
fn every_kind_finds_the_planted_groups_of_a_synthetic_release() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("release");
    let (code, _, err) = ioscope(&[
        "synth",
        "--seed",
        "11",
        "--scale",
        "0.1",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut args: Vec<String> = vec!["bench".into(), "coordination".into()];
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            args.push(p.display().to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, json, err) = ioscope(&args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    let kinds = v["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 7, "{v}");
    for k in kinds {
        assert!(k["planted"].as_u64().unwrap() >= 6, "{k}");
        assert!(k["recall"].as_f64().unwrap() >= 0.95, "{k}");
        assert!(k["precision"].as_f64().unwrap() >= 0.95, "{k}");
    }
}

/// A tweets file of retweets: (tweet id, account, minute of 2020-03-01, retweeted tweet).
fn retweets_file(dir: &std::path::Path, rows: &[(u64, u32, u32, u64)]) -> String {
    let header = std::fs::read_to_string(fixtures().join("coord_052020_tweets_csv_hashed.csv"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let mut text = header + "\n";
    for &(id, account, minute, retweeted) in rows {
        text.push_str(&format!(
            "\"{id}\",\"{account}\",\"u\",\"u\",\"\",\"\",\"\",\"1\",\"1\",\"2019-01-01\",\"en\",\"en\",\"RT\",\"2020-03-01 {:02}:{:02}\",\"Web\",\"\",\"\",\"\",\"true\",\"4000\",\"{retweeted}\",\"\",\"\",\"0\",\"0\",\"0\",\"0\",\"\",\"\",\"\",\"\"\n",
            minute / 60,
            minute % 60
        ));
    }
    let path = dir.join("edge_052020_tweets_csv_hashed.csv");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// No tweets, one account, and every account retweeting one tweet in the same minute
/// (the quadratic case: 300 accounts, 89,700 matches, well under the bound that refuses
/// more than 300 million with a message) give results, for every kind.
#[test]
fn no_tweets_one_account_and_one_tweet_retweeted_by_all() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = ioscope::analysis::coordination::CoordinationKind::ALL
        .map(ioscope::analysis::coordination::CoordinationKind::name);
    let run = |path: &str, kind: &str, min_weight: &str| {
        let (code, out, err) = ioscope(&[
            "coordination",
            "--kind",
            kind,
            "--min-weight",
            min_weight,
            "--min-share",
            "0",
            path,
        ]);
        assert_eq!(code, 0, "{kind}: {err}");
        edges(&out)
    };
    let empty = retweets_file(dir.path(), &[]);
    for kind in kinds {
        assert!(run(&empty, kind, "1").is_empty(), "{kind}: no tweets");
    }
    let one: Vec<(u64, u32, u32, u64)> = (0..20).map(|k| (100 + k, 7, k as u32, 55)).collect();
    let one = retweets_file(dir.path(), &one);
    for kind in kinds {
        assert!(run(&one, kind, "1").is_empty(), "{kind}: one account");
    }
    let all: Vec<(u64, u32, u32, u64)> = (0..300)
        .map(|k| (1000 + k, 5000 + k as u32, 600, 77))
        .collect();
    let all = retweets_file(dir.path(), &all);
    let net = run(&all, "co-retweet", "1");
    assert_eq!(net.len(), 300 * 299, "every ordered pair once");
    assert!(net.values().all(|&w| w == 1));
    // One shared tweet is one event: at the default minimum weight, nobody.
    assert!(run(&all, "co-retweet", "3").is_empty());
}

/// `ioscope coordination` on the fixture at Δt 1 h, every pair kept (minimum weight 1,
/// no minimum share), tested against 49 shuffled copies, with `more` arguments: the
/// extra columns by pair.
fn tested(more: &[&str]) -> BTreeMap<(String, String), Vec<f64>> {
    let tweets = fixtures().join("coord_052020_tweets_csv_hashed.csv");
    let mut args = vec![
        "coordination",
        "--window",
        "1h",
        "--min-weight",
        "1",
        "--min-share",
        "0",
        "--shuffles",
        "49",
    ];
    args.extend_from_slice(more);
    args.push(tweets.to_str().unwrap());
    let (code, out, err) = ioscope(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("account_1,account_2,weight,p_value\n"),
        "{out}"
    );
    extra_columns(&out)
}

/// The time-shuffled null model: every edge of the planted co-retweet group is
/// significant (each of its retweets is matched within a minute, which shuffling the
/// times among each tweet's retweets almost never reproduces), edges of organic
/// accounts that met by chance are not, and the p-values are the same run after run.
#[test]
fn planted_edges_are_significant_and_chance_meetings_are_not() {
    let first = tested(&["--max-p", "1"]);
    assert_eq!(
        first,
        tested(&["--max-p", "1"]),
        "seeded: the same p-values twice"
    );
    let planted = |a: &str| a.parse::<u32>().is_ok_and(|n| (5000..5008).contains(&n));
    let (mut inside, mut outside) = (Vec::new(), Vec::new());
    for ((a, b), cells) in &first {
        let p = cells[0];
        assert!(p > 0.0 && p <= 1.0, "{a} {b}: {p}");
        if planted(a) && planted(b) {
            inside.push(p);
        } else {
            outside.push(p);
        }
    }
    assert!(inside.len() >= 20, "{inside:?}");
    assert!(inside.iter().all(|&p| p <= 0.05), "{inside:?}");
    assert!(!outside.is_empty());
    let chance = outside.iter().filter(|&&p| p > 0.05).count();
    assert!(
        chance * 2 >= outside.len(),
        "most chance meetings are not significant: {outside:?}"
    );
    // Without --max-p, the significant ones only (p ≤ 0.05).
    let kept = tested(&[]);
    assert_eq!(kept.len(), first.values().filter(|c| c[0] <= 0.05).count());
    assert!(kept.values().all(|c| c[0] <= 0.05));
}

/// TF-IDF weighting: a cosine in [0, 1] per edge, near 1 inside the planted group
/// (whose members retweet the same rare tweets) and the same edges as by count.
#[test]
fn tfidf_weighs_planted_pairs_near_one() {
    let tweets = fixtures().join("coord_052020_tweets_csv_hashed.csv");
    let path = tweets.to_str().unwrap();
    let (code, by_count, _) = ioscope(&["coordination", "--window", "1m", path]);
    assert_eq!(code, 0);
    let (code, out, err) = ioscope(&[
        "coordination",
        "--window",
        "1m",
        "--weighting",
        "tfidf",
        path,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("account_1,account_2,weight,tfidf\n"),
        "{out}"
    );
    let weighted = extra_columns(&out);
    assert_eq!(
        weighted.keys().collect::<Vec<_>>(),
        edges(&by_count).keys().collect::<Vec<_>>()
    );
    assert!(!weighted.is_empty());
    for ((a, b), cells) in &weighted {
        assert!((0.0..=1.0).contains(&cells[0]), "{a} {b}: {cells:?}");
        assert!(
            cells[0] > 0.5,
            "planted pairs share rare tweets: {a} {b} {cells:?}"
        );
    }
    let (code, _, err) = ioscope(&["coordination", "--weighting", "likes", path]);
    assert_ne!(code, 0);
    assert!(err.contains("--weighting"), "{err}");
}
