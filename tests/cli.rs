//! The headless command line, run as a user would: `ioscope summary --json`, `synth`,
//! `bench load`.

mod common;

use common::{fixture, ioscope};
use serde_json::{Value, json};

#[test]
fn summary_json_prints_exactly_the_documented_object() {
    let users = fixture("china_052020_users_csv_hashed.csv");
    let tweets = fixture("ira_tweets_csv_hashed.csv");
    let (code, out, err) = ioscope(&[
        "summary",
        "--json",
        users.to_str().unwrap(),
        tweets.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("valid JSON");
    // A users file alone is a valid input: its accounts count, without tweets.
    let expected = json!({
        "campaigns": [
            {"name": "china_052020", "country": "China", "accounts": 3, "tweets": 0},
            {"name": "ira", "country": "Russia", "accounts": 2, "tweets": 3}
        ],
        "accounts": {"total": 6, "core": 5, "outside": 1, "hashed": 4},
        "tweets": 3,
        "edges": {"total": 2, "retweet": 1, "reply": 1, "mention": 1, "quote": 0},
        "interactions": {"retweet": 1, "reply": 1, "mention": 1, "quote": 0},
        "account_languages": {"en": 2, "ru": 1, "zh-cn": 2},
        "tweet_languages": {"en": 1, "en-gb": 1, "ru": 1},
        "countries": {"China": 3, "Russia": 2},
        "time_span": {"first_tweet": "2016-11-08 20:00", "last_tweet": "2016-12-01 12:00"},
        "creation_dates": {"first": "2013-01-15", "last": "2019-08-30",
            "top_days": [["2019-08-30", 2], ["2013-01-15", 1], ["2014-05-05", 1], ["2017-08-18", 1]]},
        "tweets_per_month": {"2016-11": 2, "2016-12": 1},
        "warnings": 0
    });
    assert_eq!(v, expected);
}

#[test]
fn users_file_alone_and_readable_report() {
    let users = fixture("china_052020_users_csv_hashed.csv");
    let (code, out, _) = ioscope(&["summary", users.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("china_052020"), "{out}");
    assert!(
        out.contains("accounts: 3 (3 core, 0 outside, 2 hashed ids)"),
        "{out}"
    );
}

#[test]
fn errors_name_the_file_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.csv");
    std::fs::write(&p, "").unwrap();
    let (code, out, err) = ioscope(&["summary", "--json", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("empty.csv") && err.contains("empty"), "{err}");
    let (code, _, err) = ioscope(&["summary", "--set-country", "nonsense", p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("CAMPAIGN=COUNTRY"), "{err}");
}

#[test]
fn synth_is_deterministic_and_matches_its_scale() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let c = dir.path().join("c");
    for (out, seed) in [(&a, "7"), (&b, "7"), (&c, "8")] {
        let (code, _, err) = ioscope(&[
            "synth",
            "--seed",
            seed,
            "--scale",
            "0.01",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let name = "china_052020_tweets_csv_hashed.csv";
    let fa = std::fs::read(a.join(name)).unwrap();
    assert_eq!(
        fa,
        std::fs::read(b.join(name)).unwrap(),
        "same seed, same bytes"
    );
    assert_ne!(
        fa,
        std::fs::read(c.join(name)).unwrap(),
        "another seed, another archive"
    );
    let files: Vec<String> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    assert_eq!(files.len(), 6);
    // Beside them, the planted coordinated groups: every kind in every release, their
    // members core accounts of that release.
    let groups: Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("coordination_groups.json")).unwrap())
            .unwrap();
    let groups = groups["groups"].as_array().unwrap();
    for kind in ioscope::analysis::coordination::CoordinationKind::ALL
        .map(ioscope::analysis::coordination::CoordinationKind::name)
    {
        assert!(groups.iter().any(|g| g["kind"] == kind), "{kind}");
    }
    let china_users = std::fs::read_to_string(a.join("china_052020_users_csv_hashed.csv")).unwrap();
    for g in groups.iter().filter(|g| g["campaign"] == "china_052020") {
        for id in g["accounts"].as_array().unwrap() {
            assert!(china_users.contains(&format!("\"{}\"", id.as_str().unwrap())));
        }
    }
    let mut args = vec!["summary", "--json"];
    args.extend(files.iter().map(String::as_str));
    let (code, out, err) = ioscope(&args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    // --scale 0.01 of 23,750 / 7,340 / 1,152 core accounts.
    assert_eq!(
        v["countries"],
        json!({"China": 238, "Russia": 12, "Turkey": 73})
    );
    assert_eq!(v["tweets"], json!(3486 + 10000 + 2000));
    assert_eq!(v["accounts"]["outside"], json!(1500 + 90 + 25));
    assert_eq!(v["warnings"], json!(0));
    // Every kind of edge is there, and China posts in Beijing office hours (UTC 01–10).
    for kind in ["retweet", "reply", "mention", "quote"] {
        assert!(v["edges"][kind].as_u64().unwrap() > 0, "{kind}");
    }
    let bursts = &v["creation_dates"]["top_days"];
    assert_eq!(bursts[0][0], json!("2019-08-30"));
}

#[test]
fn bench_load_prints_one_json_line() {
    let tweets = fixture("ira_tweets_csv_hashed.csv");
    let (code, out, err) = ioscope(&["bench", "load", "--repeats", "1", tweets.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let size = std::fs::metadata(&tweets).unwrap().len();
    assert_eq!(v["bytes"], json!(size));
    assert_eq!(v["tweets"], json!(3));
    assert_eq!(
        v["uncompressed_bytes"],
        json!(size),
        "a plain file is its own size"
    );
    assert!(
        v["MB_per_s"]
            .as_f64()
            .is_some_and(|x| x.is_finite() && x >= 0.0)
    );
    assert!(v["seconds"].is_number());
    assert!(
        v["peak_memory_MB"].as_u64().is_some_and(|mb| mb > 0),
        "Linux tells the peak memory: {v}"
    );
}

/// `bench load` says how many rounds its files were read in: a users file beside its
/// tweets file, one at a time when asked, and compressed files alone on two threads
/// (both reading the same dataset).
#[test]
fn bench_load_says_which_files_were_read_side_by_side() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let plain = [
        fixture("china_052020_tweets_csv_hashed.csv"),
        fixture("china_052020_users_csv_hashed.csv"),
    ];
    let gzipped: Vec<String> = plain
        .iter()
        .map(|path| {
            let name = format!("{}.gz", path.file_name().unwrap().to_str().unwrap());
            let out = dir.path().join(name);
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&std::fs::read(path).unwrap()).unwrap();
            std::fs::write(&out, gz.finish().unwrap()).unwrap();
            out.to_str().unwrap().to_owned()
        })
        .collect();
    let plain: Vec<String> = plain
        .iter()
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    let bench = |threads: &str, extra: &[&str], files: &[String]| -> Value {
        common::json_of(
            std::process::Command::new(env!("CARGO_BIN_EXE_ioscope"))
                .env("RAYON_NUM_THREADS", threads)
                .args(["bench", "load", "--repeats", "1"])
                .args(extra)
                .args(files),
        )
    };
    let rounds = |v: &Value| {
        (
            v["files"].as_u64(),
            v["rounds"].as_u64(),
            v["tweets"].as_u64(),
        )
    };
    let tweets = bench("2", &[], &plain)["tweets"].as_u64();
    assert!(tweets.is_some_and(|t| t > 0));
    assert_eq!(rounds(&bench("2", &[], &plain)), (Some(2), Some(1), tweets));
    assert_eq!(
        rounds(&bench("2", &["--one-file-at-a-time"], &plain)),
        (Some(2), Some(2), tweets)
    );
    assert_eq!(
        rounds(&bench("2", &[], &gzipped)),
        (Some(2), Some(2), tweets)
    );
    assert_eq!(
        rounds(&bench("3", &[], &gzipped)),
        (Some(2), Some(1), tweets)
    );
}

/// `ioscope export` draws dataset files with no window, at the size and scale asked,
/// with its resolution, and the same files give the same picture, byte for byte.
#[test]
fn export_writes_the_same_png_twice() {
    let dir = tempfile::tempdir().unwrap();
    let users = fixture("china_052020_users_csv_hashed.csv");
    let tweets = fixture("china_052020_tweets_csv_hashed.csv");
    let mut outputs = Vec::new();
    for k in 0..2 {
        let out = dir.path().join(format!("{k}.png"));
        let (code, _, err) = ioscope(&[
            "export",
            users.to_str().unwrap(),
            tweets.to_str().unwrap(),
            "--png",
            out.to_str().unwrap(),
            "--size",
            "200x120",
            "--scale",
            "2",
            "--layout-iterations",
            "30",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("400×240 pixels"), "{err}");
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(
        outputs[0], outputs[1],
        "the same files give the same picture"
    );
    let reader = png::Decoder::new(std::io::Cursor::new(&outputs[0]))
        .read_info()
        .unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (400, 240));
    assert_eq!(
        info.pixel_dims.unwrap().xppu,
        (96.0f32 * 2.0 / 0.0254).round() as u32
    );
    // A bad scale is refused by name.
    let (code, _, err) = ioscope(&[
        "export",
        users.to_str().unwrap(),
        "--png",
        "x.png",
        "--scale",
        "20",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("--scale"), "{err}");
}

/// `ioscope bench export` times a picture of the size asked and prints one JSON line.
#[test]
fn bench_export_prints_one_json_line() {
    let tweets = fixture("china_052020_tweets_csv_hashed.csv");
    let (code, out, err) = ioscope(&[
        "bench",
        "export",
        "--size",
        "100x60",
        "--scale",
        "3",
        "--layout-iterations",
        "5",
        tweets.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pixels"], json!("300x180"));
    assert!(v["draw_seconds"].as_f64().is_some_and(|s| s > 0.0));
    assert!(v["png_MB"].as_f64().is_some_and(|mb| mb > 0.0));
    for key in [
        "svg_vector_MB",
        "svg_hybrid_MB",
        "svg_vector_estimate_MB",
        "svg_hybrid_seconds",
    ] {
        assert!(v[key].as_f64().is_some_and(|x| x > 0.0), "{key}: {v}");
    }
}

/// `ioscope export` of a session's saved views: one view by name as PDF, every view as
/// PNG and SVG (files named after the views), each with its filter and its name as the
/// title; SVG from dataset files is the same bytes twice.
#[test]
fn export_draws_a_sessions_views_as_png_svg_and_pdf() {
    use ioscope::io::{LoadOptions, Progress};
    use ioscope::state::session::{Positions, SavedCamera, SavedView, Session};
    let dir = tempfile::tempdir().unwrap();
    let sample = vec![ioscope::io::sample::sample_input()];
    let loaded =
        ioscope::state::load_all(&sample, &LoadOptions::default(), &Progress::default()).unwrap();
    let view = ioscope::tools::export::laid_out(&loaded, 20, ioscope::render::Palette::DARK);
    let bounds = view.fit_bounds.unwrap();
    let camera = SavedCamera {
        center: bounds.center(),
        scale: 280.0 / bounds.size()[0],
    };
    let no_china = ioscope::filter::FilterSpec {
        countries: Some(["Turkey".to_owned(), "Russia".to_owned()].into()),
        ..Default::default()
    };
    let saved = |name: &str, filter: ioscope::filter::FilterSpec| SavedView {
        name: name.to_owned(),
        caption: format!("{name}: the sample"),
        camera,
        viewport: [300.0, 200.0],
        filter,
        ..SavedView::default()
    };
    let session = Session {
        bundled_sample: true,
        views: vec![
            saved("Everything", Default::default()),
            saved("Without China", no_china),
        ],
        positions: Positions {
            x: view.x.as_ref().clone(),
            y: view.y.as_ref().clone(),
            pinned: vec![false; view.x.len()],
        },
        ..Session::default()
    };
    let file = dir.path().join("work.ioscope");
    std::fs::write(&file, ioscope::state::session::encode(&session).unwrap()).unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let (code, _, err) = ioscope(&[
        "export",
        file.to_str().unwrap(),
        "--all-views",
        "--png",
        &out("fig.png"),
        "--svg",
        &out("fig.svg"),
        "--size",
        "300x200",
    ]);
    assert_eq!(code, 0, "{err}");
    let png1 = std::fs::read(out("fig-01-everything.png")).unwrap();
    let png2 = std::fs::read(out("fig-02-without-china.png")).unwrap();
    assert_ne!(png1, png2, "each view draws its own filter");
    let svg2 = std::fs::read_to_string(out("fig-02-without-china.svg")).unwrap();
    assert!(
        svg2.contains(">Without China</text>"),
        "the view's name is its title"
    );
    assert!(
        svg2.contains(">Without China: the sample</text>"),
        "and its caption"
    );
    assert!(
        !svg2.contains(">China ("),
        "China is filtered out of the legend"
    );
    // One view by name, as PDF; an unknown name is refused with the names there are.
    let (code, _, err) = ioscope(&[
        "export",
        file.to_str().unwrap(),
        "--view",
        "Without China",
        "--pdf",
        &out("one.pdf"),
        "--size",
        "300x200",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(out("one.pdf")).unwrap().starts_with(b"%PDF-"));
    let (code, _, err) = ioscope(&[
        "export",
        file.to_str().unwrap(),
        "--view",
        "Nope",
        "--svg",
        &out("x.svg"),
    ]);
    assert_ne!(code, 0);
    assert!(
        err.contains("no view named \"Nope\"") && err.contains("Without China"),
        "{err}"
    );
    // From dataset files: the same SVG bytes twice.
    let tweets = fixture("china_052020_tweets_csv_hashed.csv");
    let svgs: Vec<Vec<u8>> = (0..2)
        .map(|k| {
            let path = out(&format!("d{k}.svg"));
            let args = [
                "export",
                tweets.to_str().unwrap(),
                "--svg",
                &path,
                "--size",
                "200x120",
                "--layout-iterations",
                "20",
            ];
            let (code, _, err) = ioscope(&args);
            assert_eq!(code, 0, "{err}");
            std::fs::read(&path).unwrap()
        })
        .collect();
    assert!(svgs[0] == svgs[1], "the same files give the same SVG");
    assert!(svgs[0].starts_with(b"<?xml"));
}

#[test]
fn bench_settle_lays_the_sample_out_until_the_runner_would_stop() {
    let (code, out, err) = ioscope(&["bench", "settle", "assets/sample.zip"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["bench"], json!("settle"));
    assert_eq!(
        (v["nodes"].as_u64(), v["edges"].as_u64()),
        (Some(3875), Some(20630))
    );
    assert_eq!(v["settled"], json!(true), "{v}");
    // Settled means 20 quiet iterations in a row after the layout has moved.
    assert!(v["iterations"].as_u64().is_some_and(|i| i > 20), "{v}");
    let total = v["seconds_to_settle"].as_f64().unwrap();
    let load = v["load_seconds"].as_f64().unwrap();
    assert!(total >= load && load > 0.0, "{v}");
    assert!(
        v["quality"].as_f64().is_some_and(|q| q > 0.0 && q < 1.0),
        "{v}"
    );
    // The sample is too small for a multilevel start: both ways start at random.
    assert_eq!(v["levels"], json!(0), "{v}");
    let (code, plain, _) = ioscope(&["bench", "settle", "--no-multilevel", "assets/sample.zip"]);
    assert_eq!(code, 0);
    let plain: Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(plain["multilevel"], json!(false));
    assert_eq!(plain["iterations"], v["iterations"]);
    assert_eq!(plain["quality"], v["quality"]);
    // A budget too small to settle says so.
    let (code, out, _) = ioscope(&[
        "bench",
        "settle",
        "--max-iterations",
        "5",
        "assets/sample.zip",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["settled"].clone(), v["iterations"].clone()),
        (json!(false), json!(5))
    );
}

#[test]
fn bench_layout_lays_out_with_linlog_when_asked() {
    // Two dense groups of 30 nodes joined by one edge.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edges.tsv");
    let mut text = String::new();
    for group in [0u32, 30] {
        for a in group..group + 30 {
            for b in a + 1..(a + 6).min(group + 30) {
                text.push_str(&format!("{a}\t{b}\n"));
            }
        }
    }
    text.push_str("0\t30\n");
    std::fs::write(&path, text).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "bench",
            "layout",
            "--edges",
            path.to_str().unwrap(),
            "--iterations",
            "50",
            "--threads",
            "1",
        ];
        args.extend(extra);
        let (code, out, err) = ioscope(&args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).expect("one JSON line")
    };
    let linear = run(&[]);
    let lin_log = run(&["--lin-log"]);
    assert_eq!(linear["lin_log"], json!(false));
    assert_eq!(lin_log["lin_log"], json!(true));
    assert_eq!(lin_log["nodes"], json!(60));
    // LinLog pulls long edges less and short ones more: another layout.
    let (q1, q2) = (
        linear["quality"].as_f64().unwrap(),
        lin_log["quality"].as_f64().unwrap(),
    );
    assert!(q1 > 0.0 && q2 > 0.0 && q1 != q2, "{q1} {q2}");
}
