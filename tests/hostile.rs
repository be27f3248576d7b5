//! Hostile input: every bad file is either a clear error naming the file, or loads with
//! warnings naming file, line and reason. Never a panic.

mod common;

use std::path::PathBuf;

use common::{load_paths, load_paths_with};
use ioscope::io::{Input, LoadError, LoadOptions, Progress};
use ioscope::state::load_all;
use proptest::prelude::*;

const TWEETS_HEADER: &str = "\"tweetid\",\"userid\",\"user_display_name\",\"user_screen_name\",\"user_reported_location\",\"user_profile_description\",\"user_profile_url\",\"follower_count\",\"following_count\",\"account_creation_date\",\"account_language\",\"tweet_language\",\"tweet_text\",\"tweet_time\",\"tweet_client_name\",\"in_reply_to_userid\",\"in_reply_to_tweetid\",\"quoted_tweet_tweetid\",\"is_retweet\",\"retweet_userid\",\"retweet_tweetid\",\"latitude\",\"longitude\",\"quote_count\",\"reply_count\",\"like_count\",\"retweet_count\",\"hashtags\",\"urls\",\"user_mentions\",\"poll_choices\"\n";

/// A valid 31-field tweet row.
fn tweet(id: u64, user: &str, text: &str) -> String {
    let text = text.replace('"', "\"\"");
    format!(
        "\"{id}\",\"{user}\",\"{user}\",\"{user}\",\"\",\"\",\"\",\"1\",\"2\",\"2019-01-01\",\"en\",\"en\",\"{text}\",\"2020-01-01 10:00\",\"Twitter Web App\",\"\",\"\",\"\",\"false\",\"\",\"\",\"absent\",\"absent\",\"\",\"\",\"\",\"\",\"[]\",\"[]\",\"[]\",\"\"\n"
    )
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn load_err(path: PathBuf) -> LoadError {
    match load_paths_with(&[path], &LoadOptions::default()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn empty_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "china_052020_tweets_csv_hashed.csv", b"");
    let e = load_err(p);
    assert!(matches!(e, LoadError::Empty { .. }), "{e}");
    assert!(e.to_string().contains("china_052020_tweets_csv_hashed.csv"));
    assert!(e.to_string().contains("empty"));
    // A byte-order mark alone is empty too.
    let p = write(&dir, "bom_users_csv.csv", b"\xEF\xBB\xBF");
    assert!(matches!(load_err(p), LoadError::Empty { .. }));
}

#[test]
fn unknown_format_is_an_error_naming_file_and_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "notes.csv", b"name,age\nalice,30\n");
    let e = load_err(p);
    let msg = e.to_string();
    assert!(matches!(e, LoadError::Format { .. }), "{msg}");
    assert!(
        msg.contains("notes.csv") && msg.contains("userid") && msg.contains("name, age"),
        "{msg}"
    );
    // Binary junk.
    let p = write(
        &dir,
        "junk.bin",
        &[0u8, 159, 146, 150, 0xff, b'\n', 1, 2, 3],
    );
    assert!(matches!(load_err(p), LoadError::Format { .. }));
    // A zip without any CSV inside.
    let zp = dir.path().join("media.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zp).unwrap());
    zip.start_file("photo.jpg", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"jpeg").unwrap();
    zip.finish().unwrap();
    let msg = load_err(zp).to_string();
    assert!(msg.contains("media.zip") && msg.contains("no CSV"), "{msg}");
}

#[test]
fn missing_required_columns_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        &dir,
        "x_tweets.csv",
        b"\"tweetid\",\"tweet_text\"\n\"1\",\"hi\"\n",
    );
    let e = load_err(p);
    match &e {
        LoadError::MissingColumns {
            missing,
            kind,
            file,
        } => {
            assert_eq!(missing, &["userid", "tweet_time"]);
            assert_eq!(*kind, "tweets");
            assert!(file.ends_with("x_tweets.csv"));
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let e = load_err(PathBuf::from("/nonexistent/ira_tweets.csv"));
    assert!(matches!(e, LoadError::Io { .. }));
    assert!(e.to_string().contains("/nonexistent/ira_tweets.csv"));
}

#[test]
fn ragged_rows_are_skipped_with_file_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(TWEETS_HEADER);
    csv.push_str(&tweet(1, "a", "first\nwith a newline"));
    csv.push_str("\"2\",\"b\",\"short row\"\n");
    csv.push_str(&tweet(3, "c", "third"));
    let p = write(&dir, "ragged_tweets_csv_hashed.csv", csv.as_bytes());
    let loaded = load_paths(&[p]);
    assert_eq!(loaded.summary.tweets, 2);
    assert_eq!(loaded.summary.warnings, 1);
    let w = &loaded.dataset.warnings[0];
    assert!(w.file.ends_with("ragged_tweets_csv_hashed.csv"));
    // Header is line 1, tweet 1 spans lines 2–3, the short row is line 4.
    assert_eq!(w.line, 4);
    assert_eq!(w.reason, "expected 31 fields, found 3; row skipped");
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = TWEETS_HEADER.as_bytes().to_vec();
    let row = tweet(1, "bad", "text");
    // Invalid UTF-8 in the display name (the first profile of this account).
    let broken = row.replacen(
        "\"bad\",\"bad\",\"bad\"",
        "\"bad\",\"b\u{fffd}d\",\"bad\"",
        1,
    );
    let mut bytes = broken.into_bytes();
    let pos = bytes
        .windows(3)
        .position(|w| w == "\u{fffd}".as_bytes())
        .unwrap();
    bytes.splice(pos..pos + 3, [0xC3, 0x28]);
    csv.extend_from_slice(&bytes);
    csv.extend_from_slice(tweet(2, "good", "中文 and русский").as_bytes());
    let p = write(&dir, "utf8_tweets_csv_hashed.csv", &csv);
    let loaded = load_paths(&[p]);
    assert_eq!(loaded.summary.tweets, 2);
    let ds = &loaded.dataset;
    let a = ds.accounts.find_str("bad").unwrap();
    assert_eq!(&*ds.accounts.display_name[a as usize], "b\u{fffd}(d");
    assert_eq!(ds.warnings.len(), 1);
    assert_eq!(ds.warnings[0].line, 2);
    assert!(ds.warnings[0].reason.contains("invalid UTF-8"));
}

#[test]
fn unbalanced_quote_skips_the_row_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(TWEETS_HEADER);
    csv.push_str(&tweet(1, "a", "fine"));
    csv.push_str(&tweet(2, "b", "fine").replace("\"fine\"", "\"broken \"quote\" here\""));
    csv.push_str(&tweet(3, "c", "fine"));
    let p = write(&dir, "quote_tweets_csv_hashed.csv", csv.as_bytes());
    for block in [None, Some(50)] {
        let options = LoadOptions {
            block_bytes: block,
            ..LoadOptions::default()
        };
        let loaded = load_paths_with(std::slice::from_ref(&p), &options).unwrap();
        assert_eq!(loaded.summary.tweets, 2, "block {block:?}");
        let w = &loaded.dataset.warnings[0];
        assert_eq!(w.line, 3);
        assert!(w.reason.contains("quote"), "{}", w.reason);
    }
    // An opening quote that never closes, at the end of the file.
    let mut csv = String::from(TWEETS_HEADER);
    csv.push_str(&tweet(1, "a", "fine"));
    csv.push_str("\"2\",\"b\",\"never closed\n");
    let p = write(&dir, "open_tweets_csv_hashed.csv", csv.as_bytes());
    let loaded = load_paths(&[p]);
    assert_eq!(loaded.summary.tweets, 1);
    assert_eq!(loaded.dataset.warnings[0].line, 3);
    assert!(loaded.dataset.warnings[0].reason.contains("unterminated"));
}

#[test]
fn a_100_mb_field_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(TWEETS_HEADER);
    csv.push_str(&tweet(1, "a", "short"));
    let huge = "x".repeat(100 << 20);
    csv.push_str(&tweet(2, "b", &huge));
    csv.push_str(&tweet(3, "c", "after"));
    let p = write(&dir, "huge_tweets_csv_hashed.csv", csv.as_bytes());
    drop(csv);
    let options = LoadOptions {
        keep_text: true,
        ..LoadOptions::default()
    };
    let loaded = load_paths_with(&[p], &options).unwrap();
    assert_eq!(loaded.summary.tweets, 3);
    assert_eq!(loaded.dataset.tweets.text(1).len(), 100 << 20);
    assert_eq!(loaded.dataset.tweets.text(2), "after");
    assert_eq!(loaded.summary.warnings, 0);
}

#[test]
fn bad_values_skip_rows_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(TWEETS_HEADER);
    csv.push_str(&tweet(1, "a", "ok"));
    csv.push_str(&tweet(2, "b", "x").replace("2020-01-01 10:00", "yesterday"));
    csv.push_str(&tweet(3, "", "no user"));
    csv.push_str(&tweet(4, "d", "x").replacen("\"4\"", "\"abc\"", 1));
    csv.push('\n');
    let p = write(&dir, "values_tweets_csv_hashed.csv", csv.as_bytes());
    let loaded = load_paths(&[p]);
    assert_eq!(loaded.summary.tweets, 1);
    let reasons: Vec<(u64, &str)> = loaded
        .dataset
        .warnings
        .iter()
        .map(|w| (w.line, w.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                3,
                "tweet_time \"yesterday\" is not YYYY-MM-DD HH:MM; row skipped"
            ),
            (4, "userid is empty; row skipped"),
            (5, "tweetid \"abc\" is not a number; row skipped"),
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any bytes after a valid header: a result or an error, never a panic; and the
    /// result never depends on how the stream is cut into blocks.
    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(prop_oneof![
        Just(b'"'), Just(b','), Just(b'\n'), Just(b'\r'), Just(b'['), Just(b'\''), any::<u8>(), Just(b'1')
    ], 0..600), block in 1usize..64) {
        let mut bytes = TWEETS_HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(&body);
        let input = || vec![Input::Bytes { name: "p_tweets_csv.csv".into(), bytes: bytes.clone().into() }];
        let whole = load_all(&input(), &LoadOptions::default(), &Progress::default());
        let options = LoadOptions { block_bytes: Some(block), ..LoadOptions::default() };
        let cut = load_all(&input(), &options, &Progress::default());
        match (whole, cut) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.summary, b.summary),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "block size changed the outcome"),
        }
    }

    /// Valid rows with arbitrary text survive any block size exactly.
    #[test]
    fn valid_rows_survive_any_cut(texts in proptest::collection::vec("[a-z\",\n中 ]{0,30}", 1..12), block in 1usize..200) {
        let mut csv = String::from(TWEETS_HEADER);
        for (i, t) in texts.iter().enumerate() {
            csv.push_str(&tweet(i as u64 + 1, &format!("u{i}"), t));
        }
        let input = vec![Input::Bytes { name: "v_tweets_csv.csv".into(), bytes: csv.into_bytes().into() }];
        let options = LoadOptions { block_bytes: Some(block), keep_text: true, ..LoadOptions::default() };
        let loaded = load_all(&input, &options, &Progress::default()).unwrap();
        prop_assert_eq!(loaded.summary.tweets as usize, texts.len());
        prop_assert_eq!(loaded.summary.warnings, 0);
        for (i, t) in texts.iter().enumerate() {
            prop_assert_eq!(loaded.dataset.tweets.text(i), t.as_str());
        }
    }
}
