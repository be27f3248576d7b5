//! Every script of the archives renders: the bundled fallback fonts (with egui's own)
//! have a glyph for every character of the sample's profiles, hashtags and tweet texts
//! (Chinese, Cyrillic, Turkish, Arabic, Persian, emoji). The harness panics on a missing
//! glyph, and this machine's own fonts are not consulted.

use std::collections::BTreeSet;

use egui_kittest::Harness;
use ioscope::io::{LoadOptions, Progress};
use ioscope::state::load_all;

#[test]
fn bundled_fonts_cover_every_character_of_the_sample() {
    let options = LoadOptions {
        keep_text: true,
        ..LoadOptions::default()
    };
    let l = load_all(
        &[ioscope::io::sample::sample_input()],
        &options,
        &Progress::default(),
    )
    .unwrap();
    let ds = &l.dataset;
    let a = &ds.accounts;
    let mut chars: BTreeSet<char> = BTreeSet::new();
    for i in 0..a.len() {
        for s in [
            &a.display_name[i],
            &a.description[i],
            &a.reported_location[i],
        ] {
            chars.extend(s.chars());
        }
    }
    for i in 0..ds.tweets.len() {
        chars.extend(ds.tweets.text(i).chars());
    }
    for (_, h) in ds.strings.hashtags.iter() {
        chars.extend(h.chars());
    }
    chars.retain(|c| !c.is_control());
    // The sample does hold the scripts this is about.
    for (script, sample) in [
        ("Chinese", '中'),
        ("Cyrillic", 'д'),
        ("Turkish", 'ğ'),
        ("Arabic", 'ل'),
    ] {
        assert!(chars.contains(&sample), "no {script} in the sample");
    }
    let text: String = chars.into_iter().collect();
    let mut h = Harness::builder()
        .with_size([1200.0, 900.0])
        .build_ui_state(
            |ui, installed: &mut bool| {
                if !*installed {
                    ioscope::ui::fonts::install(ui.ctx());
                    *installed = true;
                    return;
                }
                ui.label(&text);
            },
            false,
        );
    // The first frame installs the fonts; the next ones lay the text out (a missing
    // glyph panics).
    h.run_steps(3);
    assert!(*h.state());
}
