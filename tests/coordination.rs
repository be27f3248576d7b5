//! The coordination layer against an independent peer: on a fixture with planted
//! coordination (`scripts/coordination_fixture.py`), the co-retweet, co-tweet and
//! co-link networks `ioscope coordination` computes equal the QUT
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

fn edges(csv_text: &str) -> BTreeMap<(String, String), u32> {
    csv_text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            ((f[0].to_owned(), f[1].to_owned()), f[2].parse().unwrap())
        })
        .collect()
}

#[test]
fn networks_equal_the_toolkits_edge_for_edge() {
    let tweets = fixtures().join("coord_052020_tweets_csv_hashed.csv");
    for kind in ["co_retweet", "co_tweet", "co_link"] {
        for window in [60, 180, 3600] {
            let (code, out, err) = ioscope(&[
                "coordination",
                "--kind",
                &kind.replace('_', "-"),
                "--window",
                &format!("{window}s"),
                "--min-weight",
                "2",
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
