//! `ioscope communities`: Leiden and Louvain from the command line, on an edge list
//! (two cliques and a bridge: two communities, the known modularity) and on dataset
//! files (deterministic: the same seed gives the same communities, byte for byte), with
//! bad arguments named.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::{fixture, ioscope};

#[test]
fn two_cliques_from_an_edge_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut tsv = String::new();
    for base in [0, 6] {
        for a in 0..6 {
            for b in a + 1..6 {
                tsv.push_str(&format!("{}\t{}\n", base + a, base + b));
            }
        }
    }
    tsv.push_str("5\t6\n");
    let path = dir.path().join("cliques.tsv");
    std::fs::write(&path, tsv).unwrap();
    for algorithm in ["leiden", "louvain"] {
        let (code, out, err) = ioscope(&[
            "communities",
            "--algorithm",
            algorithm,
            "--edges",
            path.to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["communities"], 2, "{v}");
        // 2 × (30/62 − (31/62)²).
        let expected = 2.0 * (30.0 / 62.0 - 0.25);
        assert!(
            (v["modularity"].as_f64().unwrap() - expected).abs() < 1e-12,
            "{v}"
        );
        assert!(v["seconds"].as_f64().is_some());
    }
    let (code, out, _) = ioscope(&["communities", "--edges", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "node,community");
    assert_eq!(rows.len(), 13);
}

#[test]
fn communities_of_dataset_files_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let tweets = fixture("china_052020_tweets_csv_hashed.csv");
    let outs: Vec<Vec<u8>> = (0..2)
        .map(|k| {
            let out = dir.path().join(format!("c{k}.csv"));
            let (code, _, err) = ioscope(&[
                "communities",
                tweets.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--seed",
                "7",
            ]);
            assert_eq!(code, 0, "{err}");
            std::fs::read(out).unwrap()
        })
        .collect();
    assert!(outs[0] == outs[1], "the same seed, the same communities");
    assert!(outs[0].starts_with(b"node,community\n"));
    let (code, out, _) = ioscope(&[
        "communities",
        tweets.to_str().unwrap(),
        "--json",
        "--quality",
        "cpm",
        "--resolution",
        "0.01",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(
        v["communities"].as_u64().unwrap() >= 1 && v["nodes"].as_u64().unwrap() > 1,
        "{v}"
    );
    for (args, named) in [
        (
            vec!["communities", "--algorithm", "spectral", "x.csv"],
            "--algorithm",
        ),
        (
            vec!["communities", "--resolution=0", "x.csv"],
            "--resolution",
        ),
        (vec!["communities"], "--edges"),
    ] {
        let (code, _, err) = ioscope(&args);
        assert_ne!(code, 0);
        assert!(err.contains(named), "{err}");
    }
}
