//! Sessions: the file round-trips whatever it holds (positions bit for bit), the v1
//! fixture opens, a process killed while saving leaves the old file or the new one and
//! never a broken one, bad files are refused by name while the dataset on screen
//! stays, and the window reopens a saved session exactly as it was.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::ui::{app, app_harness, settle, step_until};
use ioscope::analysis::activity::{Bin, StackBy};
use ioscope::filter::{FilterMode, FilterSpec};
use ioscope::io::Input;
use ioscope::render::style::{ColorBy, EdgeColorBy, SizeBy, Style};
use ioscope::state::Command;
use ioscope::state::session::{
    self, Positions, SavedCamera, SavedInput, SavedView, Session, SessionProblem, decode, encode,
};
use proptest::prelude::*;
use rand::{Rng, SeedableRng, rngs::SmallRng};

/// Whether two sessions hold the same (positions compared bit for bit).
fn same(a: &Session, b: &Session) -> bool {
    let strip = |s: &Session| Session {
        positions: Positions::default(),
        ..s.clone()
    };
    a.positions.same_bits(&b.positions) && strip(a) == strip(b)
}

fn names() -> impl Strategy<Value = Option<BTreeSet<String>>> {
    proptest::option::of(proptest::collection::btree_set("[a-zA-Z中-]{0,8}", 0..4))
}

prop_compose! {
    fn filters()(
        countries in names(), campaigns in names(), account_languages in names(),
        tweet_languages in names(), hide_core: bool, hide_outside: bool,
        from_day in proptest::option::of(-20_000i32..40_000),
        to_day in proptest::option::of(-20_000i32..40_000),
        from_time in proptest::option::of((-4000i32..4000).prop_map(|v| ioscope::filter::FileTime(f64::from(v) / 4.0))),
        to_time in proptest::option::of((-4000i32..4000).prop_map(|v| ioscope::filter::FileTime(f64::from(v) / 4.0))),
        min_degree in 0u32..1000, hide_isolated: bool,
        only in proptest::option::of(("[A-Za-z 0-9中文]{0,12}", proptest::collection::vec(any::<u32>(), 0..20))),
        attributes in proptest::collection::btree_map("[a-z 中]{1,6}", proptest::collection::btree_set("[A-Za-z é]{0,5}", 0..3), 0..3),
        ranges in proptest::collection::btree_map(
            "[a-z 中]{1,6}",
            (proptest::option::of(-4000i32..4000), proptest::option::of(-4000i32..4000)).prop_map(|(a, b)| {
                ioscope::filter::ValueRange { min: a.map(|v| f64::from(v) / 4.0), max: b.map(|v| f64::from(v) / 4.0) }
            }),
            0..3,
        ),
    ) -> FilterSpec {
        FilterSpec {
            countries, campaigns, account_languages, tweet_languages, hide_core,
            hide_outside, from_day, to_day, from_time, to_time, min_degree, hide_isolated,
            only: only.map(|(label, accounts)| ioscope::filter::AccountSubset::new(label, accounts)),
            attributes,
            ranges,
        }
    }
}

/// Every kind of colouring, a network file's included.
fn color_of(i: usize) -> ColorBy {
    match i {
        5 => ColorBy::FileColors,
        6 => ColorBy::Attribute(3),
        i => ColorBy::ALL[i % ColorBy::ALL.len()],
    }
}

/// Every kind of sizing, a network file's included.
fn size_of(i: usize) -> SizeBy {
    match i {
        3 => SizeBy::FileSizes,
        4 => SizeBy::Attribute(1),
        i => SizeBy::ALL[i],
    }
}

prop_compose! {
    fn views()(
        name in "[A-Za-z 中文Ж,é]{0,16}", caption in "[A-Za-z \n中文Ж<&>\"]{0,40}",
        filter in filters(),
        camera in (-1e6f32..1e6, -1e6f32..1e6, 1e-3f32..1e3),
        viewport in (1f32..4000.0, 1f32..3000.0),
        color in 0usize..7, hide: bool,
        selection in proptest::collection::vec(any::<u32>(), 0..6),
        thumbnail in proptest::collection::vec(any::<u8>(), 0..64),
        id: u64,
    ) -> SavedView {
        SavedView {
            id, name, caption, filter,
            camera: SavedCamera { center: [camera.0, camera.1], scale: camera.2 },
            viewport: [viewport.0, viewport.1],
            filter_mode: if hide { FilterMode::Hide } else { FilterMode::Dim },
            style: Style { color_by: color_of(color), ..Style::default() },
            selection, thumbnail,
        }
    }
}

prop_compose! {
    fn sessions()(
        filter in filters(),
        hide: bool,
        color in 0usize..7, size in 0usize..5, edges in 0usize..3,
        bits in proptest::collection::vec(any::<u32>(), 0..300),
        pins in any::<u64>(),
        camera in proptest::option::of((any::<f32>(), any::<f32>(), any::<f32>())),
        bin in proptest::option::of(0usize..3),
        by_language: bool,
        zone in "[A-Za-z/_]{0,20}",
        paths in proptest::collection::vec(("[a-z/ 中]{1,20}", any::<u64>(), any::<u32>()), 0..4),
        views in proptest::collection::vec(views(), 0..4),
        title in "[A-Za-z 中]{0,12}",
    ) -> Session {
        let n = bits.len() / 2;
        Session {
            inputs: paths.into_iter().map(|(p, bytes, crc32)| SavedInput { path: p.into(), bytes, crc32 }).collect(),
            bundled_sample: hide && n % 2 == 0,
            filter,
            filter_mode: if hide { FilterMode::Hide } else { FilterMode::Dim },
            style: Style {
                color_by: color_of(color),
                size_by: size_of(size),
                edge_color_by: EdgeColorBy::ALL[edges],
            },
            camera: camera.map(|(x, y, s)| SavedCamera { center: [x, y], scale: s }),
            selection: (0..n as u32).filter(|i| i % 7 == 3).collect(),
            activity_bin: bin.map(|b| Bin::ALL[b]),
            activity_stack: if by_language { StackBy::TweetLanguage } else { StackBy::Country },
            time_zone: zone,
            views,
            title,
            positions: Positions {
                x: bits[..n].iter().map(|&b| f32::from_bits(b)).collect(),
                y: bits[n..2 * n].iter().map(|&b| f32::from_bits(b)).collect(),
                pinned: (0..n).map(|i| pins >> (i % 64) & 1 == 1).collect(),
            },
            ..Session::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever a session holds comes back the same, positions bit for bit (NaN,
    /// infinities, negative zero and subnormals included).
    #[test]
    fn sessions_round_trip(s in sessions()) {
        let back = decode(&encode(&s).unwrap()).unwrap();
        prop_assert!(same(&back, &s), "{back:?}\n{s:?}");
    }
}

/// The session the v1 fixture holds.
fn v1_session() -> Session {
    Session {
        inputs: vec![SavedInput {
            path: "/data/china_052020_tweets_csv_hashed.csv".into(),
            bytes: 248_596_473,
            crc32: 0x1234_5678,
        }],
        keep_text: true,
        countries: [("iran_2020".to_owned(), "Iran".to_owned())].into(),
        filter: FilterSpec {
            countries: Some(["China".to_owned()].into()),
            from_day: Some(18_000),
            min_degree: 2,
            ..FilterSpec::default()
        },
        filter_mode: FilterMode::Hide,
        style: Style {
            color_by: ColorBy::Campaign,
            size_by: SizeBy::Followers,
            edge_color_by: EdgeColorBy::Kind,
        },
        camera: Some(SavedCamera {
            center: [12.5, -3.25],
            scale: 0.75,
        }),
        selection: vec![3, 1],
        activity_bin: Some(Bin::Week),
        activity_stack: StackBy::TweetLanguage,
        time_zone: "Asia/Shanghai".to_owned(),
        positions: Positions {
            x: vec![0.0, 1.5, -2.25, f32::NAN, 1e-42],
            y: vec![-0.0, 3.0, 4.5, 6.0, f32::INFINITY],
            pinned: vec![false, true, false, false, true],
        },
        ..Session::default()
    }
}

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/session_v1.ioscope")
}

/// A file written by format 1 opens in every later version (rewrite it with
/// `UPDATE_FIXTURES=1` only when format 1 itself is meant to change, which it is not).
#[test]
fn the_v1_fixture_opens() {
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        session::save(&fixture_path(), &v1_session()).unwrap();
    }
    let bytes = std::fs::read(fixture_path()).unwrap();
    assert_eq!(&bytes[16..20], &1u32.to_le_bytes(), "a format 1 file");
    let opened = session::open(&fixture_path()).unwrap();
    assert!(same(&opened, &v1_session()), "{opened:?}");
}

/// Set in the child process of the kill test: the file it saves to, forever.
const WRITER_ENV: &str = "IOSCOPE_TEST_SESSION_WRITER";

/// A big session (a save takes a few milliseconds, so kills land in the middle).
fn big_session(seed: u64) -> Session {
    let mut rng = SmallRng::seed_from_u64(seed);
    let n = 200_000;
    Session {
        selection: vec![seed as u32],
        positions: Positions {
            x: (0..n).map(|_| rng.random()).collect(),
            y: (0..n).map(|_| rng.random()).collect(),
            pinned: (0..n).map(|_| rng.random_bool(0.01)).collect(),
        },
        ..Session::default()
    }
}

/// Saves two sessions in turn over one file, checking each. In the kill test's child
/// process it goes on until killed.
#[test]
fn saving_over_and_over_keeps_a_whole_file() {
    let forever = std::env::var_os(WRITER_ENV).map(PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    let path = forever
        .clone()
        .unwrap_or_else(|| dir.path().join("work.ioscope"));
    let sessions = [big_session(1), big_session(2)];
    // The second session first: a fresh writer changes the file at once.
    for k in 1.. {
        let s = &sessions[k % 2];
        session::save(&path, s).unwrap();
        if forever.is_none() {
            assert!(same(&session::open(&path).unwrap(), s));
            if k == 4 {
                break;
            }
        }
    }
}

/// A process killed at 100 random moments while it saves: every time, the file on
/// disk is one of the two sessions, complete.
#[test]
fn a_kill_during_a_save_leaves_the_old_or_the_new_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.ioscope");
    let sessions = [big_session(1), big_session(2)];
    session::save(&path, &sessions[0]).unwrap();
    let exe = std::env::current_exe().unwrap();
    let spawn = || {
        std::process::Command::new(&exe)
            .args([
                "--exact",
                "saving_over_and_over_keeps_a_whole_file",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // Calibrate to this machine: how long until a fresh writer has saved once.
    let start = std::time::Instant::now();
    let mut child = spawn();
    while !session::open(&path).is_ok_and(|s| same(&s, &sessions[1])) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the writer never saved"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let first_save = start.elapsed().as_secs_f64();
    child.kill().unwrap();
    child.wait().unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.path() != path {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    session::save(&path, &sessions[0]).unwrap();
    let mut rng = SmallRng::seed_from_u64(100);
    let mut seen = [0; 2];
    let mut mid_write = 0;
    for round in 0..100 {
        let mut child = spawn();
        // Kills from before the first save to a few saves later.
        let wait = first_save * rng.random_range(0.5..3.0);
        std::thread::sleep(Duration::from_secs_f64(wait));
        child.kill().unwrap();
        child.wait().unwrap();
        let on_disk = session::open(&path)
            .unwrap_or_else(|e| panic!("round {round}: the file is broken: {e}"));
        let which = sessions.iter().position(|s| same(s, &on_disk));
        let which = which.unwrap_or_else(|| panic!("round {round}: neither session"));
        seen[which] += 1;
        // A kill in the middle of a write leaves its temporary file beside the target.
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name().to_string_lossy().ends_with(".tmp") {
                mid_write += 1;
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
    }
    // The kills landed at different moments: both sessions were found on disk, and
    // some kills came in the middle of a write.
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
    assert!(mid_write > 0, "no kill landed during a write");
}

/// Truncated, corrupted, empty, future-version and non-session files: a clear message
/// naming the file and the problem; the sample on screen stays.
#[test]
fn bad_session_files_are_refused_by_name_and_the_dataset_stays() {
    let dir = tempfile::tempdir().unwrap();
    let good = encode(&v1_session()).unwrap();
    let mut future = good.clone();
    future[16..20].copy_from_slice(&99u32.to_le_bytes());
    let mut corrupted = good.clone();
    let middle = good.len() / 2;
    corrupted[middle] ^= 0xff;
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "truncated.ioscope",
            good[..good.len() - 9].to_vec(),
            "truncated",
        ),
        ("corrupted.ioscope", corrupted, "corrupt"),
        ("empty.ioscope", Vec::new(), "empty"),
        ("future.ioscope", future, "newer ioscope"),
        (
            "tweets.ioscope",
            b"userid,tweetid\n1,2\n".to_vec(),
            "not an ioscope session",
        ),
    ];
    let mut h = app_harness(Vec::new(), [1280.0, 800.0], false);
    settle(&mut h);
    let before = app(&h).state.loaded.as_ref().unwrap().summary.clone();
    for (name, bytes, problem) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        h.state_mut()
            .as_mut()
            .unwrap()
            .apply(Command::Open(vec![path.clone()]));
        settle(&mut h);
        let state = &app(&h).state;
        let error = state.report.error.as_deref().expect("an error is reported");
        assert!(error.contains(name), "{name}: {error}");
        assert!(error.contains(problem), "{name}: {error}");
        assert_eq!(state.loaded.as_ref().unwrap().summary, before, "{name}");
    }
    // Reading the fixture's bytes cut anywhere never panics and never succeeds.
    for cut in 0..good.len() {
        assert!(decode(&good[..cut]).is_err());
    }
    assert_eq!(decode(&good[..10]), Err(SessionProblem::Truncated));
}

/// The window: filter, style, select, move a node, zoom; save; a new window opening
/// the session shows the same work, positions bit for bit, the layout not running.
#[test]
fn the_window_reopens_a_saved_session_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.ioscope");
    let mut h = app_harness(Vec::new(), [1280.0, 800.0], true);
    step_until(&mut h, |a| {
        a.state
            .view
            .as_ref()
            .and_then(|v| v.layout.status.clone())
            .is_some_and(|s| s.iteration > 30)
    });
    let spec = FilterSpec {
        countries: Some(["Turkey".to_owned(), "Russia".to_owned()].into()),
        ..FilterSpec::default()
    };
    let style = Style {
        color_by: ColorBy::Role,
        ..Style::default()
    };
    let commands = [
        Command::LayoutPause,
        Command::SetFilter(Box::new(spec.clone())),
        Command::SetFilterMode(FilterMode::Hide),
        Command::SetStyle(style),
        Command::Select {
            nodes: vec![5, 2],
            add: false,
        },
        Command::MoveNode {
            node: 7,
            x: 123.5,
            y: -45.25,
        },
        Command::SetActivity {
            bin: Some(Bin::Month),
            stack: StackBy::TweetLanguage,
        },
    ];
    for c in commands {
        h.state_mut().as_mut().unwrap().apply(c);
    }
    settle(&mut h);
    h.run_steps(5);
    let saved = app(&h).state.session().unwrap();
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::SaveSessionTo(path.clone()));
    settle(&mut h);
    let state = &app(&h).state;
    assert_eq!(state.session_path.as_deref(), Some(path.as_path()));
    assert!(state.report.error.is_none(), "{:?}", state.report.error);
    let on_disk = session::open(&path).unwrap();
    assert!(on_disk.bundled_sample);
    assert_eq!(on_disk.positions.pinned.iter().filter(|&&p| p).count(), 1);
    assert!(on_disk.positions.same_bits(&saved.positions));

    let mut again = app_harness(vec![Input::Path(path.clone())], [1280.0, 800.0], true);
    step_until(&mut again, |a| a.state.view.is_some() && !a.state.is_busy());
    again.run_steps(10);
    let state = &app(&again).state;
    let reopened = state.session().unwrap();
    assert!(
        reopened.positions.same_bits(&saved.positions),
        "positions are restored bit for bit"
    );
    assert_eq!(reopened.filter, spec);
    assert_eq!(reopened.filter_mode, FilterMode::Hide);
    assert_eq!(reopened.style, style);
    assert_eq!(reopened.selection, vec![5, 2]);
    assert_eq!(reopened.activity_bin, Some(Bin::Month));
    assert_eq!(reopened.activity_stack, StackBy::TweetLanguage);
    assert_eq!(reopened.camera, saved.camera);
    let view = state.view.as_ref().unwrap();
    assert!(
        !view.layout.is_running(),
        "a reopened session does not lay out again"
    );
    assert!(view.pinned[7]);
    assert_eq!(state.session_path.as_deref(), Some(path.as_path()));
    assert_eq!(
        state.filtered.as_ref().unwrap().shown_accounts,
        app(&h).state.filtered.as_ref().unwrap().shown_accounts
    );
}

/// Unsaved work is autosaved; a window that did not close cleanly leaves it, and the
/// next one offers it: restored, it is unsaved work again; saved, the recovery file
/// goes; discarded, too.
#[test]
fn unsaved_work_is_autosaved_and_offered_after_a_crash() {
    use common::ui::app_harness_with_recovery;
    use egui_kittest::kittest::Queryable as _;
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("recovery.ioscope");
    let size = [1280.0, 800.0];
    let mut h = app_harness_with_recovery(Vec::new(), size, recovery.clone());
    settle(&mut h);
    assert!(!recovery.exists(), "nothing to autosave before a change");
    let spec = FilterSpec {
        countries: Some(["Russia".to_owned()].into()),
        ..FilterSpec::default()
    };
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::SetFilter(Box::new(spec.clone())));
    step_until(&mut h, |a| !a.state.is_busy() && recovery.exists());
    assert_eq!(session::open(&recovery).unwrap().filter, spec);
    // A crash: the window goes without its clean exit; the file stays.
    drop(h);
    assert!(recovery.exists());

    let mut h = app_harness_with_recovery(Vec::new(), size, recovery.clone());
    settle(&mut h);
    assert_eq!(
        app(&h).state.recovery_offer.as_deref(),
        Some(recovery.as_path())
    );
    h.get_by_label("Restore").click();
    step_until(&mut h, |a| a.state.filter == spec && !a.state.is_busy());
    let state = &app(&h).state;
    assert!(
        state.session_path.is_none(),
        "restored work is in no file of the user's"
    );
    assert!(state.has_unsaved_changes());
    assert!(state.recovery_offer.is_none());
    let saved = dir.path().join("kept.ioscope");
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::SaveSessionTo(saved.clone()));
    settle(&mut h);
    assert!(saved.exists());
    assert!(!recovery.exists(), "saved work needs no recovery file");
    assert!(!app(&h).state.has_unsaved_changes());
    drop(h);

    // Work found and discarded.
    session::save(&recovery, &session::open(&saved).unwrap()).unwrap();
    let mut h = app_harness_with_recovery(Vec::new(), size, recovery.clone());
    settle(&mut h);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(!recovery.exists());
    assert!(app(&h).state.recovery_offer.is_none());
    assert_eq!(app(&h).state.filter, FilterSpec::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Any bytes after a session's magic and version, compressed or not: a session or
    /// an error, never a panic.
    #[test]
    fn hostile_session_bytes_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..400),
        compress: bool,
        version in 0u32..3,
    ) {
        let mut bytes = session::MAGIC.to_vec();
        bytes.extend_from_slice(&version.to_le_bytes());
        if compress {
            use std::io::Write as _;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&body).unwrap();
            bytes.extend_from_slice(&gz.finish().unwrap());
        } else {
            bytes.extend_from_slice(&body);
        }
        // What reads as a session writes back the same.
        if let Ok(s) = decode(&bytes) {
            prop_assert!(same(&decode(&encode(&s).unwrap()).unwrap(), &s));
        }
    }

    /// A valid session's decompressed content with bytes changed anywhere: the gzip
    /// checks refuse it, or (where a change keeps the content valid) it reads whole.
    #[test]
    fn sessions_with_changed_content_never_panic(at in any::<prop::sample::Index>(), value: u8) {
        use std::io::{Read as _, Write as _};
        let good = encode(&v1_session()).unwrap();
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&good[20..]).read_to_end(&mut plain).unwrap();
        let i = at.index(plain.len());
        plain[i] = value;
        // Recompressed, so gzip's checksum is right and the change reaches the reader.
        let mut gz = flate2::write::GzEncoder::new(good[..20].to_vec(), flate2::Compression::fast());
        gz.write_all(&plain).unwrap();
        let bytes = gz.finish().unwrap();
        if let Ok(s) = decode(&bytes) {
            prop_assert_eq!(s.positions.x.len(), s.positions.y.len());
            prop_assert_eq!(s.positions.x.len(), s.positions.pinned.len());
        }
    }
}

/// Opening another dataset or closing with unsaved changes asks first: Cancel keeps
/// the work, Don't save goes on without it, Save writes the session and then goes on.
#[test]
fn unsaved_changes_are_asked_about_before_they_are_dropped() {
    use egui_kittest::kittest::Queryable as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.ioscope");
    let mut h = app_harness(Vec::new(), [1280.0, 800.0], false);
    settle(&mut h);
    let spec = FilterSpec {
        countries: Some(["Turkey".to_owned()].into()),
        ..FilterSpec::default()
    };
    let apply = |h: &mut common::ui::AppHarness, c: Command| {
        h.state_mut().as_mut().unwrap().apply(c);
    };
    // Nothing changed yet: no question.
    apply(&mut h, Command::OpenSample);
    settle(&mut h);
    assert!(app(&h).state.confirm.is_none());
    apply(&mut h, Command::SetFilter(Box::new(spec.clone())));
    settle(&mut h);
    apply(&mut h, Command::Close);
    h.run_steps(2);
    assert_eq!(app(&h).state.confirm, Some(Command::Close));
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    let state = &app(&h).state;
    assert!(state.confirm.is_none() && state.loaded.is_some());
    assert_eq!(state.filter, spec, "the work stays");
    // Save: the session is written with the change, then the dataset closes.
    apply(&mut h, Command::SaveSessionTo(path.clone()));
    settle(&mut h);
    apply(&mut h, Command::SetFilter(Box::default()));
    settle(&mut h);
    apply(&mut h, Command::Close);
    h.run_steps(2);
    h.get_by_label("Save").click();
    step_until(&mut h, |a| a.state.loaded.is_none() && !a.state.is_busy());
    assert_eq!(session::open(&path).unwrap().filter, FilterSpec::default());
    // Don't save: the other dataset opens, the change is gone.
    apply(&mut h, Command::OpenSample);
    settle(&mut h);
    apply(&mut h, Command::SetFilter(Box::new(spec.clone())));
    settle(&mut h);
    apply(&mut h, Command::OpenSample);
    h.run_steps(2);
    h.get_by_label("Don't save").click();
    step_until(&mut h, |a| a.state.loaded.is_some() && !a.state.is_busy());
    assert_eq!(app(&h).state.filter, FilterSpec::default());
    assert!(!app(&h).state.has_unsaved_changes());
}
