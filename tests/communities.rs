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

/// `--network` picks the network: one kind of interaction has fewer edges than all of
/// them, a coordination network (undirected pairs) fewer still; `--write-edges` writes
/// exactly the network analysed (its modularity, recomputed from the file with the
/// partition, is the one reported); an unknown network is named.
#[test]
fn communities_of_one_kind_or_of_a_coordination_network() {
    let dir = tempfile::tempdir().unwrap();
    let tweets = fixture("china_052020_tweets_csv_hashed.csv");
    let coordinated = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/coordination/coord_052020_tweets_csv_hashed.csv");
    let summary = |network: &str, file: &std::path::Path| {
        let edges = dir.path().join(format!("{network}.tsv"));
        let part = dir.path().join(format!("{network}.csv"));
        let (code, out, err) = ioscope(&[
            "communities",
            "--network",
            network,
            "--window",
            "1m",
            "--json",
            "--write-edges",
            edges.to_str().unwrap(),
            "-o",
            part.to_str().unwrap(),
            file.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{network}: {err}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["network"], network);
        let written = std::fs::read_to_string(&edges).unwrap();
        assert_eq!(written.lines().count() as u64, v["edges"].as_u64().unwrap());
        // Modularity from the written edges and the partition.
        let membership: Vec<usize> = std::fs::read_to_string(&part)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
            .collect();
        let k = membership.iter().max().map_or(0, |m| m + 1);
        let (mut inside, mut strength, mut total) = (vec![0.0; k], vec![0.0; k], 0.0);
        for line in written.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let (a, b, w): (usize, usize, f64) = (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            );
            let (ca, cb) = (membership[a], membership[b]);
            if ca == cb {
                inside[ca] += 2.0 * w;
            }
            strength[ca] += w;
            strength[cb] += w;
            total += 2.0 * w;
        }
        let q: f64 = (0..k)
            .map(|c| inside[c] / total - (strength[c] / total).powi(2))
            .sum();
        let reported = v["modularity"].as_f64().unwrap();
        assert!((q - reported).abs() < 1e-9, "{network}: {q} vs {reported}");
        v
    };
    let all = summary("interactions", &tweets);
    let retweets = summary("retweet", &tweets);
    assert!(retweets["edges"].as_u64().unwrap() < all["edges"].as_u64().unwrap());
    assert!(retweets["edges"].as_u64().unwrap() > 0);
    let coordination = summary("co-retweet", &coordinated);
    // The planted group of eight: one community of them all.
    assert!(
        coordination["edges"].as_u64().unwrap() >= 28,
        "{coordination}"
    );
    assert!(
        coordination["largest"].as_u64().unwrap() >= 8,
        "{coordination}"
    );
    let (code, _, err) = ioscope(&[
        "communities",
        "--network",
        "likes",
        tweets.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("--network"), "{err}");
    // Centrality on a coordination network: its pairs in both directions.
    let (code, out, err) = ioscope(&[
        "centrality",
        "--network",
        "co-retweet",
        "--window",
        "1m",
        "--json",
        coordinated.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pagerank"), "{out}");
}
