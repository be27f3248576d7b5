//! The window when files will not fit in memory: the load is refused before it starts,
//! the dataset on screen stays, and the refusal offers what fits; taking the offer
//! loads it. (Its own test binary: the memory ceiling is measured against the machine's
//! available memory, which other tests' loads would move.)

mod common;

use common::ui::{app, app_harness_with_options, settle};
use egui_kittest::kittest::Queryable as _;
use ioscope::io::estimate;
use ioscope::io::{Input, LoadOptions};
use ioscope::state::command::Command;

#[test]
fn a_release_too_large_is_refused_the_sample_stays_and_loads_without_texts() {
    // A larger release than the sample, and a ceiling between what it needs with its
    // texts and without them.
    let dir = tempfile::tempdir().expect("tempdir");
    ioscope::tools::synth::write_archive(
        &ioscope::tools::synth::SynthTarget::Dir(dir.path()),
        5,
        0.05,
    )
    .expect("synth");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let inputs: Vec<Input> = files.iter().cloned().map(Input::Path).collect();
    let with_text = LoadOptions {
        keep_text: true,
        ..LoadOptions::default()
    };
    let need = estimate::estimate(&inputs, &with_text).expect("estimate");
    let without = need.bytes() - need.text_bytes();
    let ceiling = (need.bytes() + without) / 2;
    let sample = estimate::estimate(&[ioscope::io::sample::sample_input()], &with_text)
        .expect("estimate the sample");
    assert!(
        sample.bytes() < ceiling,
        "the sample fits under the ceiling"
    );

    let options = LoadOptions {
        memory_limit: Some(ceiling),
        ..with_text
    };
    let mut h = app_harness_with_options(Vec::new(), [1280.0, 800.0], false, options);
    settle(&mut h);
    let before = app(&h)
        .state
        .loaded
        .as_ref()
        .expect("the sample")
        .summary
        .clone();
    h.state_mut()
        .as_mut()
        .expect("app")
        .apply(Command::Open(files.clone()));
    settle(&mut h);
    // Refused before loading: the message, the offers, the sample still on screen.
    let refusal = app(&h).state.memory_refusal.clone().expect("refused");
    assert!(refusal.needed > ceiling);
    h.get_by_label("Not enough memory");
    h.get_by_label_contains("These files need about");
    h.get_by_label("What fits:");
    h.get_by_label_contains("• load them without texts (about");
    h.get_by_label("The dataset on screen stays open.");
    assert_eq!(app(&h).state.loaded.as_ref().expect("kept").summary, before);
    // Take the offer: the release loads without its texts.
    h.get_by_label("Load without texts").click();
    h.run_steps(2);
    settle(&mut h);
    let state = &app(&h).state;
    assert!(state.memory_refusal.is_none());
    let loaded = state.loaded.as_ref().expect("loaded");
    assert_ne!(loaded.summary, before, "the new release is shown");
    assert!(loaded.summary.tweets > before.tweets);
    assert!(
        loaded.dataset.tweets.text_offsets.is_none(),
        "loaded without texts"
    );
    assert!(
        h.query_by_label("Not enough memory").is_none(),
        "the refusal is closed"
    );

    // The inspector reads the texts of the tweets in view from the files: the most
    // active account's, whose first tweet has a known text (read here from the file
    // by its own CSV reader, not by ioscope's).
    let (node, first_tweet) = {
        let loaded = app(&h).state.loaded.as_ref().expect("loaded");
        let by_author = &loaded.by_author;
        let node = (0..loaded.dataset.accounts.len() as u32)
            .max_by_key(|&a| by_author.of(a).len())
            .expect("an account");
        (node, by_author.of(node)[0])
    };
    let expected = text_of_tweet(&files, &app(&h).state, first_tweet);
    h.state_mut().as_mut().expect("app").apply(Command::Select {
        nodes: vec![node],
        add: false,
    });
    common::ui::step_until(&mut h, |a| a.state.read_texts.contains_key(&first_tweet));
    let state = &app(&h).state;
    assert_eq!(
        state.read_texts.get(&first_tweet).cloned(),
        Some(Ok(expected.clone()))
    );
    let shown: String = expected.replace('\n', " ").chars().take(12).collect();
    h.get_by_label_contains(&shown);
}

/// The text of tweet `t` read with the `csv` crate: its id is looked up in the files.
fn text_of_tweet(files: &[std::path::PathBuf], state: &ioscope::state::AppState, t: u32) -> String {
    let id = state.loaded.as_ref().expect("loaded").dataset.tweets.id[t as usize].to_string();
    for path in files
        .iter()
        .filter(|p| p.to_string_lossy().contains("_tweets_"))
    {
        let mut reader = csv::Reader::from_path(path).expect("csv");
        let headers = reader.headers().expect("headers").clone();
        let id_at = headers
            .iter()
            .position(|h| h == "tweetid")
            .expect("tweetid");
        let text_at = headers
            .iter()
            .position(|h| h == "tweet_text")
            .expect("tweet_text");
        for record in reader.records() {
            let record = record.expect("record");
            if record.get(id_at) == Some(id.as_str()) {
                return record.get(text_at).unwrap_or_default().to_owned();
            }
        }
    }
    panic!("tweet {id} not found in the files")
}
