//! `ioscope centrality` against networkx (3.6.1, `scripts/centrality_fixture.py`, kept in
//! `tests/fixtures/centrality`): PageRank, betweenness, core numbers and HITS of a
//! directed weighted graph with self-loops and a dangling node agree within 1e-9; a
//! sampled betweenness stays near the exact one within its stated error; dataset files
//! give a JSON summary.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::ioscope;

use std::collections::HashMap;
use std::path::PathBuf;

/// Rows of a CSV by their first column, each column by name.
fn table(text: &str) -> HashMap<String, HashMap<String, f64>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let row = header[1..]
                .iter()
                .zip(&cells[1..])
                .map(|(h, c)| ((*h).to_owned(), c.parse::<f64>().unwrap()))
                .collect();
            (cells[0].to_owned(), row)
        })
        .collect()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/centrality")
}

#[test]
fn centralities_equal_networkx() {
    let edges = fixtures().join("edges.tsv");
    let (code, out, err) = ioscope(&["centrality", "--edges", edges.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let ours = table(&out);
    let theirs = table(&std::fs::read_to_string(fixtures().join("networkx.csv")).unwrap());
    assert_eq!(ours.len(), theirs.len());
    for (node, row) in &theirs {
        for (measure, value) in row {
            let got = ours[node][measure];
            assert!(
                (got - value).abs() < 1e-9,
                "{measure} of {node}: {got} against networkx's {value}"
            );
        }
    }
    // Sampled betweenness: near the exact value, within a few stated errors.
    let (code, out, _) = ioscope(&[
        "centrality",
        "--edges",
        edges.to_str().unwrap(),
        "--samples",
        "40",
        "--seed",
        "3",
    ]);
    assert_eq!(code, 0);
    let sampled = table(&out);
    let mut off = 0;
    for (node, row) in &theirs {
        let (b, e) = (
            sampled[node]["betweenness"],
            sampled[node]["betweenness_error"],
        );
        if (b - row["betweenness"]).abs() > 3.0 * e + 1e-12 {
            off += 1;
        }
    }
    // A node whose betweenness comes from a few unsampled sources shows no spread: the
    // stated error is the sample's, so a few are off.
    assert!(
        off <= 8,
        "{off} of 79 nodes off by more than 3 standard errors"
    );
    let total = |t: &HashMap<String, HashMap<String, f64>>| {
        t.values().map(|r| r["betweenness"]).sum::<f64>()
    };
    let (estimate, exact) = (total(&sampled), total(&theirs));
    assert!(
        (estimate / exact - 1.0).abs() < 0.15,
        "total {estimate} against {exact}"
    );
}

#[test]
fn centrality_of_dataset_files_as_json() {
    let tweets = common::fixture("china_052020_tweets_csv_hashed.csv");
    let (code, out, err) = ioscope(&["centrality", tweets.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(v["nodes"].as_u64().unwrap() > 1);
    assert_eq!(v["betweenness"], "exact");
    let top = v["top"]["pagerank"].as_array().unwrap();
    assert!(!top.is_empty());
    let values: Vec<f64> = top.iter().map(|t| t["value"].as_f64().unwrap()).collect();
    assert!(
        values.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {values:?}"
    );
    let (code, _, err) = ioscope(&["centrality"]);
    assert_ne!(code, 0);
    assert!(err.contains("--edges"), "{err}");
}
