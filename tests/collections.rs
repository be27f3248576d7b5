//! Tweet collections other than Twitter's archives, against hand-made fixtures in
//! tests/fixtures/collections with exact expected figures: the FiveThirtyEight IRA CSV
//! (original columns and a re-split), NBC News tweets and users, and Twitter API v1.1
//! and v2 JSON lines (one tweet per line, v2 pages with includes, flattened v2).

mod common;

use std::io::Write as _;
use std::sync::Arc;

use common::{fixture, load_paths, load_paths_with, summary_json};
use ioscope::io::{Input, LoadOptions, Progress};
use ioscope::model::TweetKind;
use serde_json::json;

fn collection(name: &str) -> std::path::PathBuf {
    fixture(&format!("collections/{name}"))
}

/// The fields of a summary the fixtures pin down.
fn figures(summary: &serde_json::Value) -> serde_json::Value {
    json!({
        "campaigns": summary["campaigns"],
        "accounts": {
            "total": summary["accounts"]["total"],
            "core": summary["accounts"]["core"],
            "hashed": summary["accounts"]["hashed"],
        },
        "tweets": summary["tweets"],
        "edges": summary["edges"],
        "interactions": summary["interactions"],
        "tweet_languages": summary["tweet_languages"],
        "time_span": summary["time_span"],
        "warnings": summary["warnings"],
    })
}

#[test]
fn fivethirtyeight_ira_csv_and_a_resplit_load_with_exact_figures() {
    let loaded = load_paths(&[
        collection("IRAhandle_tweets_1.csv"),
        collection("ira_resplit.csv"),
    ]);
    assert_eq!(
        figures(&summary_json(&loaded)),
        json!({
            "campaigns": [
                {"name": "NonEnglish", "country": "Russia", "accounts": 1, "tweets": 2},
                {"name": "RightTroll", "country": "Russia", "accounts": 2, "tweets": 4}
            ],
            // 10_GOP (also `10_gop` in the re-split), ABBYLOUISE1, AMELIEBALDWIN; the
            // retweeted TEN_GOP and the mentioned nedryun are outside accounts.
            "accounts": {"total": 5, "core": 3, "hashed": 0},
            "tweets": 6,
            "edges": {"total": 5, "retweet": 2, "reply": 1, "mention": 5, "quote": 0},
            "interactions": {"retweet": 2, "reply": 1, "mention": 6, "quote": 0},
            // Language names as codes.
            "tweet_languages": {"en": 4, "ru": 2},
            // `M/D/YYYY H:MM` and the re-split's ISO dates.
            "time_span": {"first_tweet": "2015-07-03 14:30", "last_tweet": "2017-10-02 08:00"},
            "warnings": 1
        })
    );
    let ds = &loaded.dataset;
    let warning = ds.warnings[0].to_string();
    assert!(
        warning.contains("IRAhandle_tweets_1.csv:7") && warning.contains("31/31/2015"),
        "{warning}"
    );
    let gop = ds.accounts.find_str("10_gop").expect("10_GOP by handle");
    assert_eq!(ds.accounts.label(gop), "10_GOP");
    assert_eq!(
        ds.accounts.follower_count[gop as usize],
        Some(9636),
        "the first row's"
    );
    let ten = ds
        .accounts
        .find_str("ten_gop")
        .expect("the retweeted account");
    assert_eq!(ds.accounts.label(ten), "TEN_GOP");
    // The retweet names its author; the link columns give the first tweet's link.
    let t = &ds.tweets;
    let retweet = (0..t.len())
        .find(|&i| t.kind(i).is_retweet() && t.author[i] == gop && t.retweet_of[i] == ten)
        .expect("10_GOP retweets TEN_GOP");
    assert!(t.text(retweet).starts_with("RT @TEN_GOP"));
    let urls: Vec<&str> = t
        .lists(0)
        .urls
        .iter()
        .map(|&u| ds.strings.urls.resolve(u))
        .collect();
    assert_eq!(
        urls,
        ["https://twitter.com/nedryun/status/914576790844653568"]
    );
    assert_eq!(t.id[0], 914_580_356_430_536_707);
    // The re-split has no tweet_id: numbered above every real id.
    assert!(t.id[t.len() - 1] >= 1 << 62);
}

#[test]
fn nbc_news_tweets_and_users_load_with_exact_figures() {
    // Tweets first on the command line: the users file is still read first.
    let loaded = load_paths(&[collection("tweets.csv"), collection("users.csv")]);
    assert_eq!(
        figures(&summary_json(&loaded)),
        json!({
            "campaigns": [{"name": "IRA (NBC News)", "country": "Russia", "accounts": 2, "tweets": 2}],
            "accounts": {"total": 3, "core": 2, "hashed": 0},
            "tweets": 2,
            "edges": {"total": 2, "retweet": 1, "reply": 1, "mention": 2, "quote": 0},
            "interactions": {"retweet": 1, "reply": 1, "mention": 2, "quote": 0},
            "tweet_languages": {},
            // created_at in epoch milliseconds, else created_str.
            "time_span": {"first_tweet": "2016-03-22 18:51", "last_tweet": "2016-04-01 10:00"},
            "warnings": 0
        })
    );
    let ds = &loaded.dataset;
    let jenn = ds.accounts.find_str("1868981054").expect("by id");
    assert_eq!(
        ds.accounts.label(jenn),
        "Jenn_Abrams",
        "the users file's profile"
    );
    assert_eq!(&*ds.accounts.display_name[jenn as usize], "Jenn Abrams");
    let t = &ds.tweets;
    assert_eq!(
        t.author[0], jenn,
        "user_key `jenn_abrams` is the same account"
    );
    assert_eq!(t.ref_tweet[0], 712_300_000_000_000_000);
    let amelie = ds.accounts.find_str("ameliebaldwin").expect("by handle");
    assert_eq!(t.author[1], amelie);
    assert_eq!(
        (t.reply_to[1], t.reply_tweet[1]),
        (jenn, 712_345_678_901_234_567)
    );
    assert_eq!(
        ds.strings.clients.resolve(t.client[0].into()),
        "Twitter Web Client"
    );
    assert_eq!(
        ds.strings.hashtags.resolve(t.lists(0).hashtags[0]),
        "Trump2016"
    );
}

#[test]
fn twitter_api_json_lines_v1_and_v2_load_with_exact_figures() {
    let loaded = load_paths(&[collection("twarc.jsonl")]);
    assert_eq!(
        figures(&summary_json(&loaded)),
        json!({
            "campaigns": [{"name": "unknown", "country": "Unknown", "accounts": 3, "tweets": 6}],
            // TwitterAPI, jack and Twitter wrote; TwitterDev is only retweeted.
            "accounts": {"total": 4, "core": 3, "hashed": 0},
            "tweets": 6,
            "edges": {"total": 5, "retweet": 2, "reply": 2, "mention": 4, "quote": 1},
            "interactions": {"retweet": 2, "reply": 2, "mention": 4, "quote": 1},
            "tweet_languages": {"en": 6},
            "time_span": {"first_tweet": "2018-10-10 20:19", "last_tweet": "2018-10-11 00:00"},
            "warnings": 1
        })
    );
    let ds = &loaded.dataset;
    assert!(ds.warnings[0].to_string().contains("twarc.jsonl:4"));
    let api = ds.accounts.find_str("6253282").expect("TwitterAPI");
    let dev = ds.accounts.find_str("2244994945").expect("TwitterDev");
    assert_eq!(ds.accounts.label(api), "TwitterAPI");
    assert_eq!(
        ds.accounts.label(dev),
        "TwitterDev",
        "from the page's includes"
    );
    assert_eq!(ds.accounts.follower_count[dev as usize], Some(500));
    let t = &ds.tweets;
    // The v2 retweet's author comes from `includes.tweets`.
    let v2_retweet = (0..t.len())
        .find(|&i| t.id[i] == 1_050_118_621_198_921_731)
        .expect("the v2 retweet");
    assert_eq!(t.kind(v2_retweet), TweetKind(TweetKind::RETWEET));
    assert_eq!((t.author[v2_retweet], t.retweet_of[v2_retweet]), (api, dev));
    assert_eq!(t.text(0), "To make room for more expression #x @jack é");
    assert_eq!(
        ds.strings.clients.resolve(t.client[0].into()),
        "Twitter Web App"
    );
    assert_eq!(t.like_count[0], 296);
}

#[test]
fn json_lines_gzipped_or_zipped_load_the_same() {
    let plain = std::fs::read(collection("twarc.jsonl")).expect("fixture");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&plain).expect("gzip");
    let bytes = gz.finish().expect("gzip");
    let loaded = ioscope::state::load_all(
        &[Input::Bytes {
            name: "tweets.jsonl.gz".to_owned(),
            bytes: Arc::from(bytes),
        }],
        &LoadOptions::default(),
        &Progress::default(),
    )
    .expect("loads");
    assert_eq!(loaded.summary.tweets, 6);
    assert_eq!(loaded.summary.edges.total, 5);
    // And as an entry of a zip.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "collection/tweets.jsonl",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("entry");
    zip.write_all(&plain).expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    let loaded = ioscope::state::load_all(
        &[Input::Bytes {
            name: "collection.zip".to_owned(),
            bytes: Arc::from(bytes),
        }],
        &LoadOptions::default(),
        &Progress::default(),
    )
    .expect("loads");
    assert_eq!(loaded.summary.tweets, 6);
}

#[test]
fn bad_collections_are_clear_errors_or_warnings() {
    let load = |files: &[(&str, &[u8])]| {
        let inputs: Vec<Input> = files
            .iter()
            .map(|(name, bytes)| Input::Bytes {
                name: (*name).to_owned(),
                bytes: Arc::from(*bytes),
            })
            .collect();
        ioscope::io::load(&inputs, &LoadOptions::default(), &Progress::default())
    };
    // A truncated JSON line is a warning with its line; the rest loads.
    let ds = load(&[(
        "t.jsonl",
        br#"{"id_str":"1","user":{"id_str":"2","screen_name":"a"},"created_at":"2018-10-10T20:19:24Z","text":"x"}
{"id_str":"3","user":{"id_str":"2","screen_name":"a"},"created_at":"2018-10"#,
    )])
    .expect("the whole lines load");
    assert_eq!(ds.tweets.len(), 1);
    assert!(
        ds.warnings[0].to_string().contains("t.jsonl:2"),
        "{:?}",
        ds.warnings
    );
    // Only a header: nothing to show is an error naming the file.
    let e = load(&[("IRA.csv", b"author,content,publish_date\n")]).expect_err("empty");
    assert!(e.to_string().contains("IRA.csv"), "{e}");
    // A collection with an archive file: refused, naming the other file.
    let e = load(&[
        (
            "IRA.csv",
            b"author,content,publish_date\nA,hi,1/1/2017 1:00\n",
        ),
        (
            "x_tweets.csv",
            b"tweetid,userid,tweet_time\n1,2,2020-01-01 00:00\n",
        ),
    ])
    .expect_err("mixed");
    assert!(
        e.to_string().contains("x_tweets.csv") && e.to_string().contains("IRA"),
        "{e}"
    );
    // A tweet without a time, an author without a handle: warnings, never a panic.
    let ds = load(&[(
        "IRA.csv",
        b"author,content,publish_date\n,no author,1/1/2017 1:00\nB,no date,\nC,ok \"quoted\",1/1/2017 1:00\n",
    )])
    .expect("loads");
    assert_eq!((ds.tweets.len(), ds.warning_count), (1, 2));
    // The unknown-file message lists the collections among what was tried.
    let e = load(&[("x.dat", b"\x00\x01garbage")]).expect_err("unknown");
    assert!(e.to_string().contains("twarc"), "{e}");
}

#[test]
fn summary_json_on_the_command_line() {
    let path = collection("IRAhandle_tweets_1.csv");
    let (code, out, err) = common::ioscope(&["summary", "--json", path.to_str().expect("path")]);
    assert_eq!(code, 0, "{err}");
    let s: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(s["tweets"], 5);
    assert_eq!(s["accounts"]["core"], 3);
    let loaded = load_paths_with(&[path], &LoadOptions::default()).expect("loads");
    assert_eq!(summary_json(&loaded)["tweets"], s["tweets"]);
}

/// Network files and collections are checked against the memory left before they are
/// read: refused (with what is needed) when they will not fit, loaded when told to.
#[test]
fn collections_and_network_files_that_will_not_fit_are_refused_before_reading() {
    for path in [collection("twarc.jsonl"), fixture("network/facets.gexf")] {
        let tight = LoadOptions {
            memory_limit: Some(100 << 20),
            ..LoadOptions::default()
        };
        let Err(e) = load_paths_with(std::slice::from_ref(&path), &tight) else {
            panic!("{}: loaded within 100 MB", path.display());
        };
        assert!(
            matches!(e, ioscope::io::LoadError::TooLarge(_)),
            "{}: {e}",
            path.display()
        );
        let anyway = LoadOptions {
            ignore_memory: true,
            ..tight
        };
        load_paths_with(&[path], &anyway).expect("loads when told to");
    }
}
