//! The memory guard: a load that will not fit is refused before it starts, with what
//! would fit instead; one that runs short while loading ends cleanly with the same
//! message. Run under a real limit (`ulimit -v` in a shell), never a crash or a kill.

mod common;

use std::process::Command;

use ioscope::io::estimate;
use ioscope::io::memory::Offer;
use ioscope::io::memory::{Bound, Room};
use ioscope::io::{Input, LoadOptions};

/// A scale-0.05 synthetic release (about 46 MB of CSV) in a temporary folder.
fn release() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    ioscope::tools::synth::write_archive(
        &ioscope::tools::synth::SynthTarget::Dir(dir.path()),
        3,
        0.05,
    )
    .expect("synth");
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .filter(|p| p.ends_with(".csv"))
        .collect();
    files.sort();
    (dir, files)
}

/// `ioscope ARGS` run by a shell under `ulimit -v KIB`: exit status (None when killed
/// by a signal) and standard error.
fn under_limit(kib: u64, args: &[String]) -> (Option<i32>, String) {
    let script = format!("ulimit -v {kib} && exec \"$0\" \"$@\"");
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_ioscope"))
        .args(args)
        .output()
        .expect("run sh");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_load_over_the_address_space_limit_is_refused_clearly() {
    let (_dir, files) = release();
    let mut args = vec!["summary".to_owned()];
    args.extend(files.iter().cloned());
    // Unlimited, it loads.
    let (code, err) = under_limit(u64::MAX >> 20, &args);
    assert_eq!(code, Some(0), "{err}");
    // 600 MiB of address space is far less than the allocator and the load need.
    let (code, err) = under_limit(600 << 10, &args);
    assert_eq!(
        code,
        Some(1),
        "a clean refusal, not a crash or a kill: {err}"
    );
    assert!(err.contains("not enough memory"), "{err}");
    assert!(err.contains("ulimit -v"), "names what limits it: {err}");
    assert!(err.contains("need about"), "{err}");
    // Loading anyway: the guard still ends the load cleanly when the room runs out.
    args.insert(1, "--ignore-memory".to_owned());
    let (code, err) = under_limit(800 << 10, &args);
    assert_eq!(code, Some(1), "a clean stop while loading: {err}");
    assert!(err.contains("not enough memory"), "{err}");
}

#[test]
fn the_estimate_is_close_to_what_a_load_holds_and_offers_what_fits() {
    let (_dir, files) = release();
    let inputs: Vec<Input> = files.iter().map(|f| Input::Path(f.into())).collect();
    let with_text = LoadOptions {
        keep_text: true,
        ignore_memory: true,
        ..LoadOptions::default()
    };
    let estimate = estimate::estimate(&inputs, &with_text).expect("estimate");
    let loaded = ioscope::state::load_all(&inputs, &with_text, &Default::default()).expect("load");
    let tweets = loaded.dataset.tweets.len() as u64;
    // The row count comes from each file's first rows and its size.
    let estimated = estimate.tweets();
    assert!(
        estimated.abs_diff(tweets) * 10 < tweets,
        "estimated {estimated} tweets, loaded {tweets}"
    );
    assert!(estimate.text_bytes() > 0);
    // Texts are most of what can be left out: with a room between the two needs, the
    // offer is to load without texts.
    let without = estimate.bytes() - estimate.text_bytes();
    let room = Room {
        bytes: (without + estimate.bytes()) / 2,
        bound: Bound::Machine,
    };
    let refusal = estimate::fit(&estimate, room).expect_err("too little room");
    assert_eq!(
        refusal.offers.first(),
        Some(&Offer::WithoutTexts { bytes: without })
    );
}

#[test]
fn a_date_window_loads_only_its_tweets_and_is_offered_when_the_whole_does_not_fit() {
    let (_dir, files) = release();
    let inputs: Vec<Input> = files.iter().map(|f| Input::Path(f.into())).collect();
    let all = ioscope::state::load_all(&inputs, &LoadOptions::default(), &Default::default())
        .expect("load");
    let times = &all.dataset.tweets.time;
    let (first, last) = (
        *times.iter().min().expect("tweets"),
        *times.iter().max().expect("tweets"),
    );
    // The later half of the span, by the CLI's flags.
    let middle_day = (first + (last - first) / 2).div_euclid(24 * 60);
    let from = ioscope::model::time::format_days(middle_day);
    let mut args = vec![
        "summary".to_owned(),
        "--json".to_owned(),
        "--load-from".to_owned(),
        from,
    ];
    args.extend(files.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let summary = common::json_of(Command::new(env!("CARGO_BIN_EXE_ioscope")).args(&args));
    let expected = times.iter().filter(|&&t| t >= middle_day * 24 * 60).count();
    assert_eq!(summary["tweets"], expected as u64);
    assert!(expected > 0 && expected < times.len());
    // The estimate samples times across each file: with room for about half of the
    // tweets, the offered window starts near the middle of the span.
    let estimate = estimate::estimate(&inputs, &LoadOptions::default()).expect("estimate");
    let tweets_bytes: u64 = estimate
        .files
        .iter()
        .filter(|f| f.kind == ioscope::io::columns::FileKind::Tweets)
        .map(|f| f.bytes)
        .sum();
    let room = Room {
        bytes: estimate.bytes() - tweets_bytes / 2,
        bound: Bound::Machine,
    };
    let refusal = estimate::fit(&estimate, room).expect_err("too little room");
    let Some(Offer::DateWindow { from, to, .. }) = refusal
        .offers
        .iter()
        .find(|o| matches!(o, Offer::DateWindow { .. }))
    else {
        panic!("no date window offered: {refusal}");
    };
    assert!(*to > last, "the window runs to the last tweet");
    let kept = times.iter().filter(|&&t| t >= *from).count() as f64 / times.len() as f64;
    assert!(
        (0.3..0.6).contains(&kept),
        "the window keeps {kept:.2} of the tweets"
    );
    // Loading it keeps exactly the tweets it says.
    let window = LoadOptions {
        window: Some((*from, *to)),
        ..LoadOptions::default()
    };
    let part = ioscope::state::load_all(&inputs, &window, &Default::default()).expect("load");
    assert!(part.dataset.tweets.time.iter().all(|t| t >= from && t < to));
    assert_eq!(
        part.dataset.tweets.len(),
        times.iter().filter(|&&t| t >= *from).count()
    );
}

#[test]
fn compressed_files_size_their_columns_like_plain_ones() {
    let plain = tempfile::tempdir().expect("tempdir");
    let gz = tempfile::tempdir().expect("tempdir");
    for (dir, gzip) in [(&plain, false), (&gz, true)] {
        ioscope::tools::synth::write_archive_with(
            &ioscope::tools::synth::SynthTarget::Dir(dir.path()),
            &ioscope::tools::synth::SynthOptions {
                seed: 3,
                sizes: ioscope::tools::synth::Sizes::Scale(0.05),
                gzip,
            },
        )
        .expect("synth");
    }
    let held = |dir: &std::path::Path| {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .expect("read_dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().contains("_csv_"))
            .collect();
        files.sort();
        let inputs: Vec<Input> = files.into_iter().map(Input::Path).collect();
        let loaded =
            ioscope::io::load(&inputs, &LoadOptions::default(), &Default::default()).expect("load");
        (loaded.tweets.len(), loaded.tweets.column_bytes())
    };
    let (plain_tweets, plain_bytes) = held(plain.path());
    let (gz_tweets, gz_bytes) = held(gz.path());
    assert_eq!(plain_tweets, gz_tweets);
    // The gzip files' plain sizes are estimated from their compression ratio, so their
    // columns are reserved once instead of doubling as they fill.
    assert!(
        gz_bytes * 4 <= plain_bytes * 5,
        "gzip columns hold {gz_bytes} bytes, plain ones {plain_bytes}"
    );
}
