//! The Twitter archive loader against hand-made fixtures, one per quirk of the real
//! files (tests/fixtures), with exact expected summaries.

mod common;

use std::io::Write;

use common::{fixture, load_paths, load_paths_with, summary_json};
use ioscope::io::{Input, LoadError, LoadOptions, Progress};
use ioscope::model::{AccountId, Role, TweetKind};
use ioscope::state::load_all;
use serde_json::json;

fn china_files() -> Vec<std::path::PathBuf> {
    vec![
        fixture("china_052020_users_csv_hashed.csv"),
        fixture("china_052020_tweets_csv_hashed.csv"),
    ]
}

fn china_expected() -> serde_json::Value {
    json!({
        "campaigns": [{"name": "china_052020", "country": "China", "accounts": 3, "tweets": 5}],
        "accounts": {"total": 6, "core": 3, "outside": 3, "hashed": 3},
        "tweets": 5,
        "edges": {"total": 5, "retweet": 2, "reply": 1, "mention": 4, "quote": 1},
        "interactions": {"retweet": 2, "reply": 1, "mention": 4, "quote": 1},
        "account_languages": {"en": 1, "zh-cn": 2},
        "tweet_languages": {"en": 1, "und": 1, "zh": 1, "zh-cn": 2},
        "countries": {"China": 3},
        "time_span": {"first_tweet": "2020-01-06 02:15", "last_tweet": "2020-03-01 00:00"},
        "creation_dates": {"first": "2017-08-18", "last": "2019-08-30", "top_days": [["2019-08-30", 2], ["2017-08-18", 1]]},
        "tweets_per_month": {"2020-01": 2, "2020-02": 2, "2020-03": 1},
        "warnings": 0
    })
}

#[test]
fn china_2020_release_users_and_tweets_exact_summary() {
    let loaded = load_paths(&china_files());
    assert_eq!(summary_json(&loaded), china_expected());
}

#[test]
fn china_fields_bom_quoted_newlines_hashes_and_lists() {
    let loaded = load_paths(&china_files());
    let ds = &loaded.dataset;
    let acc = &ds.accounts;
    // The BOM did not become part of the first column name: users were read.
    let u1 = acc
        .find_str("Ab+/cd3EfGhIjKlMnOpQrStUvWxYz0123456789ab=")
        .expect("hashed id kept whole");
    assert!(acc.id(u1).is_hashed());
    assert_eq!(&*acc.description[u1 as usize], "line one\nline two");
    assert_eq!(acc.follower_count[u1 as usize], Some(0));
    let u2 = acc
        .find_str("Qx9/Zz+aB1cDeFgHiJkLmNoPqRsTuVwXyZ01234=")
        .expect("u2");
    assert_eq!(
        acc.follower_count[u2 as usize], None,
        "empty count stays unknown"
    );
    let u3 = acc
        .find(&AccountId::Numeric(1_183_000_000_000_000_001))
        .expect("numeric id");
    assert_eq!(&*acc.display_name[u3 as usize], "新华观察");
    assert_eq!(&*acc.description[u3 as usize], "News, \"views\" and more");
    assert_eq!(acc.role(u3), Role::Core);
    let outside = acc
        .find(&AccountId::Numeric(2_572_896_396))
        .expect("outside");
    assert_eq!(acc.role(outside), Role::Outside);
    assert_eq!(ds.account_country(u3), Some("China"));
    assert_eq!(ds.account_country(outside), None);

    let t = &ds.tweets;
    assert_eq!(
        t.kind(1),
        TweetKind(TweetKind::RETWEET),
        "TRUE is a retweet"
    );
    assert_eq!(
        t.kind(3),
        TweetKind(TweetKind::QUOTE),
        "False is not a retweet"
    );
    assert!(t.kind(4).is_retweet(), "lower-case true");
    assert_eq!(t.retweet_of[1], u1);
    let lists = t.lists(0);
    let tags: Vec<&str> = lists
        .hashtags
        .iter()
        .map(|&h| ds.strings.hashtags.resolve(h))
        .collect();
    assert_eq!(
        tags,
        ["香港", "HongKong"],
        "leading # dropped, repr list parsed"
    );
    let urls: Vec<&str> = t
        .lists(2)
        .urls
        .iter()
        .map(|&u| ds.strings.urls.resolve(u))
        .collect();
    assert_eq!(urls, ["https://t.co/abc", "http://example.org/a"]);
    assert_eq!(t.lists(2).mentions.len(), 2);
    assert_eq!(t.like_count[0], 3);
    assert_eq!(t.like_count[1], 0, "empty count reads as 0");
    assert_eq!(
        ds.strings.clients.resolve(u32::from(t.client[2])),
        "Twitter for iPhone"
    );
    assert_eq!(t.text(2), "", "texts are not kept unless asked");
}

#[test]
fn tweet_text_is_kept_when_asked() {
    let options = LoadOptions {
        keep_text: true,
        ..LoadOptions::default()
    };
    let loaded = load_paths_with(&china_files(), &options).expect("load");
    let t = &loaded.dataset.tweets;
    assert_eq!(t.text(0), "支持香港警察");
    assert_eq!(t.text(2), "Line 1\nLine \"2\", with a comma");
    assert_eq!(t.text(4), "RT @Zz9: Москва 🇷🇺");
}

/// Texts kept but not retweets' (what co-tweet and near-duplicate read): the accounts'
/// own texts as with every text kept, retweets' empty, everything else the same.
#[test]
fn retweets_texts_can_be_left_out() {
    let all = LoadOptions {
        keep_text: true,
        ..LoadOptions::default()
    };
    let own = LoadOptions {
        skip_retweet_text: true,
        ..all.clone()
    };
    let with = load_paths_with(&china_files(), &all).expect("load");
    let without = load_paths_with(&china_files(), &own).expect("load");
    let (a, b) = (&with.dataset.tweets, &without.dataset.tweets);
    assert_eq!(a.len(), b.len());
    assert_eq!(a.id, b.id);
    let mut retweets = 0;
    for i in 0..a.len() {
        if a.kind(i).is_retweet() {
            retweets += 1;
            assert_eq!(b.text(i), "", "tweet {i}");
        } else {
            assert_eq!(a.text(i), b.text(i), "tweet {i}");
        }
    }
    assert!(retweets > 0);
    assert_eq!(b.text(4), "");
    assert_eq!(b.text(0), "支持香港警察");
}

fn ira_expected() -> serde_json::Value {
    json!({
        "campaigns": [{"name": "ira", "country": "Russia", "accounts": 2, "tweets": 3}],
        "accounts": {"total": 3, "core": 2, "outside": 1, "hashed": 2},
        "tweets": 3,
        "edges": {"total": 2, "retweet": 1, "reply": 1, "mention": 1, "quote": 0},
        "interactions": {"retweet": 1, "reply": 1, "mention": 1, "quote": 0},
        "account_languages": {"en": 1, "ru": 1},
        "tweet_languages": {"en": 1, "en-gb": 1, "ru": 1},
        "countries": {"Russia": 2},
        "time_span": {"first_tweet": "2016-11-08 20:00", "last_tweet": "2016-12-01 12:00"},
        "creation_dates": {"first": "2013-01-15", "last": "2014-05-05", "top_days": [["2013-01-15", 1], ["2014-05-05", 1]]},
        "tweets_per_month": {"2016-11": 2, "2016-12": 1},
        "warnings": 0
    })
}

#[test]
fn ira_2018_column_order_and_list_style_without_users_file() {
    let loaded = load_paths(&[fixture("ira_tweets_csv_hashed.csv")]);
    assert_eq!(summary_json(&loaded), ira_expected());
    let ds = &loaded.dataset;
    let tags: Vec<&str> = ds
        .tweets
        .lists(0)
        .hashtags
        .iter()
        .map(|&h| ds.strings.hashtags.resolve(h))
        .collect();
    assert_eq!(tags, ["MAGA", "news"]);
    // in_reply_to_userid is found by name although it comes after in_reply_to_tweetid.
    let reply_to = ds.tweets.reply_to[0];
    assert_eq!(ds.accounts.id(reply_to), &AccountId::Numeric(2_572_896_396));
}

#[test]
fn several_releases_share_outside_accounts() {
    let mut files = china_files();
    files.push(fixture("ira_tweets_csv_hashed.csv"));
    let s = summary_json(&load_paths(&files));
    // 2572896396 is referenced by both releases: one account, not two.
    assert_eq!(
        s["accounts"],
        json!({"total": 8, "core": 5, "outside": 3, "hashed": 5})
    );
    assert_eq!(s["countries"], json!({"China": 3, "Russia": 2}));
    assert_eq!(s["campaigns"][0]["name"], "china_052020");
    assert_eq!(s["campaigns"][1]["name"], "ira");
    assert_eq!(s["edges"]["total"], 7);
    assert_eq!(s["tweets"], 8);
}

#[test]
fn tiny_blocks_give_the_same_result() {
    for block in [1, 17, 100, 333] {
        let options = LoadOptions {
            block_bytes: Some(block),
            ..LoadOptions::default()
        };
        let loaded = load_paths_with(&china_files(), &options).expect("load");
        assert_eq!(
            summary_json(&loaded),
            china_expected(),
            "block size {block}"
        );
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn multi_member_gzip_loads_like_plain_csv() {
    let dir = tempdir();
    let raw = std::fs::read(fixture("china_052020_tweets_csv_hashed.csv")).unwrap();
    let gz_path = dir.path().join("china_052020_tweets_csv_hashed.csv.gz");
    let mut out = std::fs::File::create(&gz_path).unwrap();
    // Two gzip members, cut in the middle of a record, as `cat a.gz b.gz` makes.
    let cut = raw.len() / 2;
    for part in [&raw[..cut], &raw[cut..]] {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(part).unwrap();
        out.write_all(&enc.finish().unwrap()).unwrap();
    }
    drop(out);
    let loaded = load_paths(&[fixture("china_052020_users_csv_hashed.csv"), gz_path]);
    assert_eq!(summary_json(&loaded), china_expected());
}

#[test]
fn zip_archive_loads_every_csv_entry_and_skips_media() {
    let dir = tempdir();
    let zip_path = dir.path().join("china_052020.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in [
        "china_052020_users_csv_hashed.csv",
        "china_052020_tweets_csv_hashed.csv",
    ] {
        zip.start_file(format!("data/{name}"), opts).unwrap();
        zip.write_all(&std::fs::read(fixture(name)).unwrap())
            .unwrap();
    }
    zip.start_file("china_052020_hashed_001.jpg", opts).unwrap();
    zip.write_all(b"\xff\xd8 not a csv").unwrap();
    zip.finish().unwrap();
    let loaded = load_paths(&[zip_path]);
    assert_eq!(summary_json(&loaded), china_expected());
}

#[test]
fn progress_counts_each_file_once_when_files_are_read_side_by_side() {
    let dir = tempdir();
    // A zip entry counts its share of the compressed size (rounded as it is read) and
    // the plain files their sizes; the users file and the IRA file are read beside the
    // tweets files before and after them.
    let zip_path = dir.path().join("russia_052020.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("russia_052020_tweets_csv_hashed.csv", opts)
        .unwrap();
    let tweets = std::fs::read(fixture("china_052020_tweets_csv_hashed.csv")).unwrap();
    for _ in 0..4 {
        zip.write_all(&tweets).unwrap();
        // Later copies without their header line.
        let rows = tweets.iter().position(|&b| b == b'\n').unwrap() + 1;
        zip.write_all(&tweets[rows..]).unwrap();
    }
    zip.finish().unwrap();
    let files = vec![
        fixture("china_052020_users_csv_hashed.csv"),
        zip_path,
        fixture("ira_tweets_csv_hashed.csv"),
    ];
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    for one_file_at_a_time in [false, true] {
        let progress = Progress::default();
        let options = LoadOptions {
            one_file_at_a_time,
            ..LoadOptions::default()
        };
        let ds = ioscope::io::load_paths(&files, &options, &progress).expect("load");
        assert!(ds.tweets.len() > 9, "{} tweets", ds.tweets.len());
        assert_eq!(
            progress.bytes(),
            (total, total),
            "one file at a time: {one_file_at_a_time}"
        );
    }
}

#[test]
fn split_tweet_files_load_as_one_release() {
    let dir = tempdir();
    let text = std::fs::read_to_string(fixture("china_052020_tweets_csv_hashed.csv")).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    // Records 1–2 in part 1 (record 1 holds no newline), the rest in part 2.
    let rows: Vec<&str> = body.split("\n\"1200").collect();
    let part1 = format!("{header}\n{}\n", rows[0..2].join("\n\"1200"));
    let part2 = format!("{header}\n\"1200{}", rows[2..].join("\n\"1200"));
    let p1 = dir.path().join("china_052020_tweets_csv_hashed_1.csv");
    let p2 = dir.path().join("china_052020_tweets_csv_hashed_2.csv");
    std::fs::write(&p1, part1).unwrap();
    std::fs::write(&p2, part2).unwrap();
    let loaded = load_paths(&[fixture("china_052020_users_csv_hashed.csv"), p1, p2]);
    assert_eq!(summary_json(&loaded), china_expected());
}

#[test]
fn unknown_campaign_and_country_override() {
    let dir = tempdir();
    let p = dir.path().join("032020_tweets_csv_hashed.csv");
    std::fs::copy(fixture("ira_tweets_csv_hashed.csv"), &p).unwrap();
    let s = summary_json(&load_paths(std::slice::from_ref(&p)));
    assert_eq!(
        s["campaigns"][0],
        json!({"name": "032020", "country": "Unknown", "accounts": 2, "tweets": 3})
    );
    let mut options = LoadOptions::default();
    options.countries.insert("032020".into(), "Ghana".into());
    let s = summary_json(&load_paths_with(&[p], &options).unwrap());
    assert_eq!(s["countries"], json!({"Ghana": 2}));
}

#[test]
fn bundled_sample_is_the_synthetic_release_it_claims_to_be() {
    let progress = Progress::default();
    let sample = load_all(
        &[ioscope::io::sample::sample_input()],
        &LoadOptions::default(),
        &progress,
    )
    .expect("sample");
    assert!(
        ioscope::io::sample::sample_bytes() <= 8 << 20,
        "sample over 8 MB"
    );
    let dir = tempdir();
    let zip = dir.path().join("again.zip");
    ioscope::tools::synth::write_archive(
        &ioscope::tools::synth::SynthTarget::Zip(&zip),
        ioscope::io::sample::SAMPLE_SEED,
        ioscope::io::sample::SAMPLE_SCALE,
    )
    .unwrap();
    let again = load_paths(&[zip]);
    assert_eq!(sample.summary, again.summary);
    let names: Vec<&str> = sample
        .summary
        .campaigns
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["china_052020", "russia_052020", "turkey_052020"]);
    assert_eq!(sample.summary.warnings, 0);
    assert_eq!(progress.fraction(), 1.0);
}

#[test]
fn in_memory_csv_input() {
    let bytes = std::fs::read(fixture("ira_tweets_csv_hashed.csv")).unwrap();
    let input = Input::Bytes {
        name: "ira_tweets_csv_hashed.csv".into(),
        bytes: bytes.into(),
    };
    let loaded = load_all(&[input], &LoadOptions::default(), &Progress::default()).unwrap();
    assert_eq!(summary_json(&loaded), ira_expected());
}

#[test]
fn cancelled_load_reports_cancelled() {
    let progress = Progress::default();
    progress.cancel();
    let inputs = [Input::Path(fixture("ira_tweets_csv_hashed.csv"))];
    assert!(matches!(
        load_all(&inputs, &LoadOptions::default(), &progress),
        Err(LoadError::Cancelled)
    ));
}

/// Everything a load produced, in order: account ids, every tweet column, the interned
/// strings and the warnings (with their files and lines).
fn fingerprint(loaded: &ioscope::state::Loaded) -> String {
    let ds = &loaded.dataset;
    let strings =
        |i: &ioscope::model::Interner| i.iter().map(|(_, s)| s.to_owned()).collect::<Vec<_>>();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        ds.accounts.ids(),
        ds.tweets,
        strings(&ds.strings.languages),
        strings(&ds.strings.hashtags),
        strings(&ds.strings.urls),
        ds.warnings,
        ds.warning_count,
    )
}

#[test]
fn several_files_load_the_same_on_any_thread_count_and_block_size_side_by_side_or_not() {
    let dir = tempdir();
    // A second tweets file, three times the China one's rows with a broken row after
    // them, so warnings name files and lines too.
    let china = std::fs::read(fixture("china_052020_tweets_csv_hashed.csv")).expect("read");
    let rows = china
        .iter()
        .position(|&b| b == b'\n')
        .expect("a header line")
        + 1;
    let mut broken = china.clone();
    broken.extend_from_slice(&china[rows..]);
    broken.extend_from_slice(&china[rows..]);
    broken.extend_from_slice(b"not,a,tweet\n");
    let broken_path = dir.path().join("russia_052020_tweets_csv_hashed.csv");
    std::fs::write(&broken_path, &broken).expect("write");
    // Side by side, the users file (more than 8 times smaller) is read beside the
    // larger tweets file after it, and the two smaller tweets files beside it after.
    let [users, china_tweets] = <[_; 2]>::try_from(china_files()).expect("two files");
    let files = vec![
        users,
        broken_path,
        china_tweets,
        fixture("ira_tweets_csv_hashed.csv"),
    ];
    let load = |threads: usize, block: Option<usize>, one_file_at_a_time: bool| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let options = LoadOptions {
            block_bytes: block,
            keep_text: true,
            one_file_at_a_time,
            ..LoadOptions::default()
        };
        pool.install(|| load_paths_with(&files, &options).expect("load"))
    };
    // Read one file after the other: the reference.
    let reference = load(1, None, true);
    assert!(
        reference.dataset.warning_count > 0,
        "the broken row is reported"
    );
    assert!(
        reference
            .dataset
            .warnings
            .iter()
            .any(|w| w.file.ends_with("russia_052020_tweets_csv_hashed.csv")),
        "{:?}",
        reference.dataset.warnings
    );
    let expected = fingerprint(&reference);
    // Read side by side (the users file beside the China tweets file, the smaller
    // tweets files beside the larger), and one by one again.
    for (threads, block, one_by_one) in [
        (1, None, false),
        (2, None, false),
        (3, Some(97), false),
        (2, Some(4096), false),
        (1, Some(33), false),
        (2, Some(4096), true),
    ] {
        assert_eq!(
            fingerprint(&load(threads, block, one_by_one)),
            expected,
            "{threads} threads, blocks of {block:?} bytes, one file at a time: {one_by_one}"
        );
    }
}

#[test]
fn an_empty_file_among_several_is_named() {
    let dir = tempdir();
    let empty = dir.path().join("russia_052020_tweets_csv_hashed.csv");
    std::fs::write(&empty, b"").expect("write");
    let mut files = china_files();
    files.insert(1, empty);
    files.push(fixture("ira_tweets_csv_hashed.csv"));
    match load_paths_with(&files, &LoadOptions::default()) {
        Err(e @ LoadError::Empty { .. }) => {
            assert!(
                e.to_string()
                    .contains("russia_052020_tweets_csv_hashed.csv"),
                "{e}"
            );
        }
        Err(e) => panic!("expected the empty file named, got {e}"),
        Ok(_) => panic!("expected the empty file refused"),
    }
}

#[test]
fn texts_not_kept_are_read_back_from_the_files() {
    let dir = tempdir();
    // Tiny blocks too: every block boundary shifts the offsets.
    let mut files = china_files();
    files.push(fixture("ira_tweets_csv_hashed.csv"));
    let with = load_paths_with(
        &files,
        &LoadOptions {
            keep_text: true,
            ..LoadOptions::default()
        },
    )
    .expect("load with texts");
    for block in [None, Some(61)] {
        let without = load_paths_with(
            &files,
            &LoadOptions {
                block_bytes: block,
                ..LoadOptions::default()
            },
        )
        .expect("load without texts");
        let sources = without
            .dataset
            .text_sources
            .as_ref()
            .expect("locations kept");
        let n = without.dataset.tweets.len();
        assert_eq!(sources.len(), n);
        let all: Vec<u32> = (0..n as u32).collect();
        for (t, text) in ioscope::io::texts::read_texts(sources, &all) {
            assert_eq!(
                text.as_deref(),
                Ok(with.dataset.tweets.text(t as usize)),
                "tweet {t}, blocks of {block:?}"
            );
        }
    }
    // A compressed file's rows cannot be found by offset: said, not guessed.
    let gz = dir.path().join("china_052020_tweets_csv_hashed.csv.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).expect("create"),
        flate2::Compression::fast(),
    );
    encoder
        .write_all(&std::fs::read(fixture("china_052020_tweets_csv_hashed.csv")).expect("read"))
        .expect("write");
    encoder.finish().expect("finish");
    let loaded = load_paths_with(&[gz], &LoadOptions::default()).expect("load gz");
    let sources = loaded
        .dataset
        .text_sources
        .as_ref()
        .expect("locations kept");
    let (_, text) = ioscope::io::texts::read_texts(sources, &[0]).remove(0);
    let message = text.expect_err("compressed");
    assert!(message.contains("compressed"), "{message}");
}

/// `LoadOptions::omit` (what `ioscope coordination` loads): the tweets, their times,
/// authors and references are those of a whole load; only the omitted parts are empty.
#[test]
fn a_load_may_leave_out_what_an_analysis_never_reads() {
    use ioscope::io::Omitted;
    let load = |omit: Omitted| {
        ioscope::io::load(
            &[ioscope::io::sample::sample_input()],
            &LoadOptions {
                omit,
                ..LoadOptions::default()
            },
            &Progress::default(),
        )
        .expect("the sample loads")
    };
    let whole = load(Omitted::default());
    let lean = load(Omitted {
        profiles: true,
        hashtags: true,
        urls: false,
        mentions: true,
        clients: true,
    });
    let (w, l) = (&whole.tweets, &lean.tweets);
    assert_eq!(w.len(), l.len());
    assert_eq!(w.id, l.id);
    assert_eq!(w.time, l.time);
    assert_eq!(w.kind, l.kind);
    assert_eq!(w.ref_tweet, l.ref_tweet);
    assert_eq!(w.reply_tweet, l.reply_tweet);
    let id = |ds: &ioscope::model::Dataset, a: u32| ds.accounts.id(a).to_string();
    for i in 0..w.len() {
        assert_eq!(id(&whole, w.author[i]), id(&lean, l.author[i]), "tweet {i}");
        let (wl, ll) = (w.lists(i), l.lists(i));
        let urls = |ds: &ioscope::model::Dataset, u: &[u32]| -> Vec<String> {
            u.iter()
                .map(|&s| ds.strings.urls.resolve(s).to_owned())
                .collect()
        };
        assert_eq!(urls(&whole, wl.urls), urls(&lean, ll.urls), "tweet {i}");
        assert!(
            ll.hashtags.is_empty() && ll.mentions.is_empty(),
            "tweet {i}"
        );
    }
    let with_lists = |ds: &ioscope::model::Dataset, f: fn(ioscope::model::ListItems) -> bool| {
        (0..ds.tweets.len())
            .filter(|&i| f(ds.tweets.lists(i)))
            .count()
    };
    assert!(with_lists(&whole, |l| !l.hashtags.is_empty()) > 100);
    assert!(with_lists(&whole, |l| !l.mentions.is_empty()) > 100);
    assert!(with_lists(&whole, |l| !l.urls.is_empty()) > 100);
    let profiles = |ds: &ioscope::model::Dataset| {
        (0..ds.accounts.len() as u32)
            .filter(|&a| ds.accounts.has_profile(a))
            .count()
    };
    assert!(profiles(&whole) > 100);
    assert_eq!(profiles(&lean), 0);
    // At most the interner's "unknown" symbol.
    assert!(lean.strings.clients.len() <= 1 && whole.strings.clients.len() > 1);
}

/// The network and evidence made in one sorted pass equal what counting each
/// interaction in a map gives (edges, weights, strongest-first order, statistics) and
/// what pairing the finished network with the interactions gives (tweets, pair ids).
#[test]
fn the_network_and_its_evidence_match_a_plain_count_of_the_interactions() {
    use ioscope::graph::{Edge, Evidence, Network, for_each_interaction, quoted_authors};
    use std::collections::BTreeMap;
    let loaded = common::sample();
    let ds = &loaded.dataset;
    let quoted = quoted_authors(ds);
    let mut counted: BTreeMap<(u32, u32, ioscope::graph::EdgeKind), u32> = BTreeMap::new();
    let mut tweets_of: BTreeMap<(u32, u32, ioscope::graph::EdgeKind), Vec<u32>> = BTreeMap::new();
    for i in 0..ds.tweets.len() {
        for_each_interaction(ds, &quoted, i, |kind, a, b| {
            *counted.entry((a, b, kind)).or_default() += 1;
            tweets_of.entry((a, b, kind)).or_default().push(i as u32);
        });
    }
    let expected = Network::from_edges(
        ds.accounts.len(),
        counted.iter().map(|(&(src, dst, kind), &weight)| Edge {
            src,
            dst,
            kind,
            weight,
        }),
    );
    let (network, evidence) = Evidence::with_network(ds);
    assert!(network.edges.len() > 1000, "the sample has a real network");
    assert_eq!(network.edges, expected.edges);
    assert_eq!(network.degree, expected.degree);
    assert_eq!(network.by_importance, expected.by_importance);
    assert_eq!(network.stats, expected.stats);
    let paired = Evidence::build(ds, &network);
    assert_eq!(evidence.pair_count(), paired.pair_count());
    assert_eq!(evidence.pair_count() as u64, network.stats.distinct_pairs);
    for (e, edge) in network.edges.iter().enumerate() {
        assert_eq!(evidence.of(e), paired.of(e), "tweets of edge {e}");
        assert_eq!(
            evidence.of(e),
            &tweets_of[&(edge.src, edge.dst, edge.kind)][..],
            "tweets of edge {e}, in tweet order"
        );
        assert_eq!(evidence.pair_of(e), paired.pair_of(e), "pair of edge {e}");
    }
}

/// The gzip fuzz target's seeds (`fuzz/seeds/gzip`: several members, one member, a
/// header look-alike inside stored members) read through the parallel member reader as
/// the fuzz target cuts them give the serial decoder's bytes.
#[test]
fn the_gzip_fuzz_seeds_read_as_the_serial_decoder_reads_them() {
    use std::io::Read;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/gzip");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("the gzip seeds") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        let cuts = ioscope::io::gzip::Cuts {
            window: 512,
            piece: 16,
        };
        let mut parallel = Vec::new();
        ioscope::io::gzip::MemberReader::with_cuts(&bytes[..], cuts)
            .read_to_end(&mut parallel)
            .expect("a seed is a gzip stream");
        let mut serial = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut serial)
            .expect("a seed is a gzip stream");
        assert!(!serial.is_empty());
        assert_eq!(parallel, serial);
        read += 1;
    }
    assert_eq!(read, 3);
}

#[test]
fn the_summary_made_beside_the_network_is_the_summary_of_both() {
    let loaded = load_paths(&china_files());
    let whole = ioscope::analysis::summary::Summary::new(&loaded.dataset, &loaded.network);
    assert!(whole.edges.total > 0 && whole.interactions.retweet > 0);
    assert_eq!(
        serde_json::to_value(&loaded.summary).expect("json"),
        serde_json::to_value(&whole).expect("json")
    );
}
