//! Filter semantics, headless: `filter::apply` against a naive oracle written straight
//! from the documented rules (hash maps, one tweet at a time) on the bundled sample and
//! the fixtures, and `ioscope summary` with filter flags, as a user runs it.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::process::Command;

use common::{fixture, sample};
use ioscope::analysis::summary::Summary;
use ioscope::filter::{self, FilterSpec};
use ioscope::graph::{EdgeKind, for_each_interaction, quoted_authors};
use ioscope::io::{Input, LoadOptions, Progress};
use ioscope::state::{Loaded, load_all};
use serde_json::Value;

/// What the rules say is shown: (accounts, tweets, pairs by kind, interactions by kind,
/// distinct account pairs).
fn oracle(l: &Loaded, spec: &FilterSpec) -> (u64, u64, [u64; 4], [u64; 4], u64) {
    let ds = &l.dataset;
    let acc = &ds.accounts;
    let lang = |sym: u32| ds.strings.languages.resolve(sym).to_owned();
    let in_set =
        |set: &Option<BTreeSet<String>>, v: &str| set.as_ref().is_none_or(|s| s.contains(v));
    let account_ok = |a: u32| -> bool {
        let role = match acc.campaign(a) {
            Some(c) => {
                let c = &ds.campaigns[c as usize];
                !spec.hide_core
                    && in_set(&spec.countries, &c.country)
                    && in_set(&spec.campaigns, &c.name)
            }
            None => !spec.hide_outside,
        };
        role && in_set(&spec.account_languages, &lang(acc.language[a as usize]))
    };
    let t = &ds.tweets;
    let tweet_ok = |i: usize| -> bool {
        let day = t.time[i].div_euclid(1440);
        account_ok(t.author[i])
            && spec.from_day.is_none_or(|d| day >= d)
            && spec.to_day.is_none_or(|d| day <= d)
            && in_set(&spec.tweet_languages, &lang(u32::from(t.lang[i])))
    };
    let quoted = quoted_authors(ds);
    let mut edges: HashMap<(u32, u32, EdgeKind), u64> = HashMap::new();
    let mut passing = Vec::new();
    for i in 0..t.len() {
        if !tweet_ok(i) {
            continue;
        }
        passing.push(i);
        for_each_interaction(ds, &quoted, i, |kind, a, b| {
            if account_ok(b) {
                *edges.entry((a, b, kind)).or_default() += 1;
            }
        });
    }
    let mut degree: HashMap<u32, u32> = HashMap::new();
    for &(a, b, _) in edges.keys() {
        *degree.entry(a).or_default() += 1;
        *degree.entry(b).or_default() += 1;
    }
    let min = if spec.hide_isolated {
        spec.min_degree.max(1)
    } else {
        spec.min_degree
    };
    let shown: HashSet<u32> = (0..acc.len() as u32)
        .filter(|&a| account_ok(a) && degree.get(&a).copied().unwrap_or(0) >= min)
        .collect();
    let tweets = passing
        .iter()
        .filter(|&&i| shown.contains(&t.author[i]))
        .count() as u64;
    let (mut pairs, mut interactions) = ([0u64; 4], [0u64; 4]);
    let mut distinct = HashSet::new();
    for (&(a, b, kind), &n) in &edges {
        if shown.contains(&a) && shown.contains(&b) {
            pairs[kind as usize] += 1;
            interactions[kind as usize] += n;
            distinct.insert((a, b));
        }
    }
    (
        shown.len() as u64,
        tweets,
        pairs,
        interactions,
        distinct.len() as u64,
    )
}

fn set(v: &[&str]) -> Option<BTreeSet<String>> {
    Some(v.iter().map(|s| (*s).to_owned()).collect())
}

fn check(l: &Loaded, spec: &FilterSpec) -> Summary {
    let f = filter::apply(&l.dataset, &l.network, &l.evidence, spec);
    let (accounts, tweets, pairs, interactions, distinct) = oracle(l, spec);
    let s = Summary::filtered(&l.dataset, &f);
    assert_eq!(s.accounts.total, accounts, "{spec:?}");
    assert_eq!(f.shown_accounts, accounts);
    assert_eq!(s.tweets, tweets, "{spec:?}");
    assert_eq!(
        [
            s.edges.retweet,
            s.edges.reply,
            s.edges.mention,
            s.edges.quote
        ],
        pairs,
        "{spec:?}"
    );
    assert_eq!(
        [
            s.interactions.retweet,
            s.interactions.reply,
            s.interactions.mention,
            s.interactions.quote
        ],
        interactions,
        "{spec:?}"
    );
    assert_eq!(s.tweets_per_month.values().sum::<u64>(), tweets);
    assert_eq!(s.edges.total, distinct, "{spec:?}");
    s
}

#[test]
fn no_filter_is_the_whole_dataset() {
    let l = sample();
    let f = filter::apply(&l.dataset, &l.network, &l.evidence, &FilterSpec::default());
    assert_eq!(Summary::filtered(&l.dataset, &f), l.summary);
    assert!(
        f.edge_weight
            .iter()
            .zip(&l.network.edges)
            .all(|(&w, e)| w == e.weight)
    );
}

#[test]
fn each_filter_matches_the_rules() {
    let l = sample();
    let day = |s: &str| ioscope::model::time::parse_date_days(s.as_bytes());
    let specs = [
        FilterSpec {
            countries: set(&["China"]),
            ..Default::default()
        },
        FilterSpec {
            countries: set(&["Turkey", "Russia"]),
            ..Default::default()
        },
        FilterSpec {
            campaigns: set(&["russia_052020"]),
            ..Default::default()
        },
        FilterSpec {
            account_languages: set(&["zh-cn", "en"]),
            ..Default::default()
        },
        FilterSpec {
            tweet_languages: set(&["ru"]),
            ..Default::default()
        },
        FilterSpec {
            hide_outside: true,
            ..Default::default()
        },
        FilterSpec {
            hide_core: true,
            ..Default::default()
        },
        FilterSpec {
            from_day: day("2019-06-01"),
            to_day: day("2019-12-31"),
            ..Default::default()
        },
        FilterSpec {
            min_degree: 5,
            ..Default::default()
        },
        FilterSpec {
            hide_isolated: true,
            tweet_languages: set(&["zh"]),
            ..Default::default()
        },
        FilterSpec {
            countries: set(&["China"]),
            tweet_languages: set(&["zh", "und"]),
            from_day: day("2019-01-01"),
            min_degree: 2,
            ..Default::default()
        },
    ];
    for spec in &specs {
        let s = check(&l, spec);
        assert!(s.accounts.total > 0, "{spec:?} keeps something");
    }
}

#[test]
fn unticking_a_country_drops_exactly_its_core_accounts_and_tweets() {
    let l = sample();
    let all: BTreeSet<String> = l.summary.countries.keys().cloned().collect();
    for country in &all {
        let mut keep = all.clone();
        keep.remove(country);
        let spec = FilterSpec {
            countries: Some(keep),
            ..Default::default()
        };
        let s = check(&l, &spec);
        let core = l.summary.countries[country];
        let tweets: u64 = l
            .summary
            .campaigns
            .iter()
            .filter(|c| &c.country == country)
            .map(|c| c.tweets)
            .sum();
        assert_eq!(
            s.accounts.total,
            l.summary.accounts.total - core,
            "{country}"
        );
        assert_eq!(s.tweets, l.summary.tweets - tweets, "{country}");
    }
}

#[test]
fn fixtures_match_the_rules() {
    let inputs = [
        Input::Path(fixture("china_052020_users_csv_hashed.csv")),
        Input::Path(fixture("china_052020_tweets_csv_hashed.csv")),
        Input::Path(fixture("ira_tweets_csv_hashed.csv")),
    ];
    let l = load_all(&inputs, &LoadOptions::default(), &Progress::default()).unwrap();
    for spec in [
        FilterSpec {
            countries: set(&["Russia"]),
            ..Default::default()
        },
        FilterSpec {
            tweet_languages: set(&["en"]),
            ..Default::default()
        },
        FilterSpec {
            hide_isolated: true,
            ..Default::default()
        },
        FilterSpec {
            hide_core: true,
            ..Default::default()
        },
    ] {
        check(&l, &spec);
    }
}

fn summary_json(args: &[&str]) -> Value {
    common::json_of(
        Command::new(env!("CARGO_BIN_EXE_ioscope"))
            .arg("summary")
            .arg("--json")
            .args(args),
    )
}

#[test]
fn summary_takes_the_same_filters() {
    let users = fixture("china_052020_users_csv_hashed.csv");
    let tweets = fixture("ira_tweets_csv_hashed.csv");
    let (u, t) = (users.to_str().unwrap(), tweets.to_str().unwrap());
    // Unfiltered (see tests/cli.rs): 3 China core, 2 Russia core, 1 outside; 3 tweets.
    let v = summary_json(&["--country", "Russia", u, t]);
    assert_eq!(v["accounts"]["total"], 3);
    assert_eq!(v["accounts"]["core"], 2);
    assert_eq!(v["accounts"]["outside"], 1);
    assert_eq!(v["tweets"], 3);
    assert_eq!(v["countries"], serde_json::json!({"Russia": 2}));
    let v = summary_json(&["--role", "core", "--country", "China", u, t]);
    assert_eq!(v["accounts"]["total"], 3);
    assert_eq!(v["tweets"], 0);
    let v = summary_json(&[
        "--tweet-language",
        "EN",
        "--from",
        "2016-11-01",
        "--to",
        "2016-11-30",
        u,
        t,
    ]);
    let months = v["tweets_per_month"].as_object().unwrap();
    assert!(months.keys().all(|m| m == "2016-11"), "{months:?}");
    assert_eq!(v["tweet_languages"], serde_json::json!({"en": v["tweets"]}));
    // The library gives the same numbers as the command line.
    let l = load_all(
        &[Input::Path(users.clone()), Input::Path(tweets.clone())],
        &LoadOptions::default(),
        &Progress::default(),
    )
    .unwrap();
    let spec = FilterSpec {
        tweet_languages: set(&["en"]),
        from_day: ioscope::model::time::parse_date_days(b"2016-11-01"),
        to_day: ioscope::model::time::parse_date_days(b"2016-11-30"),
        ..Default::default()
    };
    let s = check(&l, &spec);
    assert_eq!(v["tweets"], s.tweets);
    // Bad dates are refused, naming the flag.
    let out = Command::new(env!("CARGO_BIN_EXE_ioscope"))
        .args(["summary", "--from", "2020-13-45", u])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"));
}

/// The derived-views job computes what the rules say (the oracle's figures), its plots
/// count exactly the filtered tweets, and of requests made while one runs only the
/// newest is started: results come in request order and end with the newest.
#[test]
fn derived_views_follow_the_newest_filter() {
    use ioscope::analysis::activity::StackBy;
    use ioscope::state::derived::{DerivedRequest, DerivedViews, derive};
    use std::sync::Arc;
    let l = sample();
    let request = |spec: FilterSpec| DerivedRequest {
        dataset: Arc::clone(&l.dataset),
        network: Arc::clone(&l.network),
        evidence: Arc::clone(&l.evidence),
        spec,
        known: None,
        mode: filter::FilterMode::Dim,
        canvas: None,
        selected_accounts: Vec::new(),
        bin: None,
        stack: StackBy::Country,
        time_zone: "UTC".to_owned(),
    };
    let china = FilterSpec {
        countries: set(&["China"]),
        ..FilterSpec::default()
    };
    let d = derive(request(china.clone()));
    let (accounts, tweets, ..) = oracle(&l, &china);
    assert_eq!(
        (d.filtered.shown_accounts, d.filtered.shown_tweets),
        (accounts, tweets)
    );
    assert_eq!(d.activity.total, tweets);
    assert_eq!(d.hours.iter().flatten().sum::<u64>(), tweets);
    let specs: Vec<FilterSpec> = ["China", "Turkey", "Russia"]
        .iter()
        .map(|c| FilterSpec {
            countries: set(&[c]),
            ..FilterSpec::default()
        })
        .collect();
    let mut views = DerivedViews::new(|| {});
    for spec in &specs {
        views.request(request(spec.clone()));
    }
    assert!(views.is_busy());
    let mut got = Vec::new();
    let start = std::time::Instant::now();
    while views.is_busy() {
        if let Some(d) = views.poll() {
            got.push(d.spec);
        }
        assert!(start.elapsed().as_secs() < 60, "the job finishes");
        std::thread::yield_now();
    }
    assert_eq!(
        got.first(),
        Some(&specs[0]),
        "the first request started at once"
    );
    assert_eq!(
        got.last(),
        Some(&specs[2]),
        "the newest request is shown last"
    );
    assert!(
        got.len() <= 2,
        "the middle request, superseded, never ran: {got:?}"
    );
}
