//! The window, driven headless with egui_kittest: it starts on the bundled sample and
//! shows its summary; a file that fails to load leaves the current dataset on screen
//! and opens the load report.

mod common;

use common::ui::{AppHarness, app, app_harness, step_until};
use egui_kittest::kittest::Queryable as _;
use ioscope::io::Input;
use ioscope::state::command::Command;

fn harness(inputs: Vec<Input>) -> AppHarness {
    app_harness(inputs, [1280.0, 800.0], true)
}

/// Steps frames until the background load has finished and its views are shown.
fn wait_for_load(h: &mut AppHarness) {
    step_until(h, |a| !a.state.is_busy());
}

#[test]
fn starts_on_the_sample_and_shows_its_summary() {
    let mut h = harness(Vec::new());
    wait_for_load(&mut h);
    let loaded = app(&h).state.loaded.as_ref().expect("sample loaded");
    // What the generator wrote, counted by the generator (not by the loader): the
    // sample is `synth --seed 2020 --scale 0.02`.
    let dir = tempfile::tempdir().unwrap();
    let written = ioscope::tools::synth::write_archive(
        &ioscope::tools::synth::SynthTarget::Dir(dir.path()),
        2020,
        0.02,
    )
    .unwrap();
    let s = &loaded.summary;
    assert_eq!(s.accounts.core as usize, written.core_accounts);
    assert_eq!(s.accounts.outside as usize, written.outside_accounts);
    assert_eq!(s.tweets as usize, written.tweets);
    let core = s.accounts.core;
    let tweets = s.tweets;
    h.get_by_label("Overview").click();
    h.run_steps(2);
    for campaign in ["china_052020", "turkey_052020", "russia_052020"] {
        h.get_by_label(campaign);
    }
    h.get_by_label("core accounts");
    h.get_by_label(&ioscope::ui::thousands(core));
    h.get_by_label("Tweets per month");
    // The status bar and the activity plot's header give the tweet count.
    h.get_by_label_contains(&format!(
        "{} tweets · loaded in",
        ioscope::ui::thousands(tweets)
    ));
    h.get_by_label("Activity").click();
    h.run_steps(2);
    h.get_by_label(&format!("{} tweets", ioscope::ui::thousands(tweets)));
}

#[test]
fn a_failed_load_keeps_the_dataset_and_shows_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("not_an_archive.csv");
    std::fs::write(&bad, "name,age\nalice,30\n").unwrap();
    let mut h = harness(Vec::new());
    wait_for_load(&mut h);
    let before = app(&h).state.loaded.as_ref().unwrap().summary.clone();
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::Open(vec![bad]));
    wait_for_load(&mut h);
    let state = &app(&h).state;
    assert_eq!(
        state.loaded.as_ref().unwrap().summary,
        before,
        "the sample is still shown"
    );
    let error = state.report.error.as_deref().expect("an error is reported");
    assert!(error.contains("not_an_archive.csv"), "{error}");
    assert!(state.show_report);
    h.get_by_label("Load report");
    h.get_by_label_contains("not_an_archive.csv");
    // Closing the report through its command hides it.
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::ShowReport(false));
    h.run_steps(2);
    assert!(h.query_by_label("Load report").is_none());
}

#[test]
fn files_given_at_start_open_instead_of_the_sample() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ira_tweets_csv_hashed.csv");
    let mut h = harness(vec![Input::Path(path)]);
    wait_for_load(&mut h);
    let loaded = app(&h).state.loaded.as_ref().unwrap();
    assert_eq!(loaded.summary.tweets, 3);
    h.get_by_label("Overview").click();
    h.run_steps(2);
    h.get_by_label("ira");
    assert!(h.query_by_label("china_052020").is_none());
}

/// At the default size and at the smallest, every part of the bottom panel fits: the
/// activity plot lies between the side panels, under the canvas, with room to read,
/// and the toolbar's last toggle is inside the window.
#[test]
fn panels_fit_the_window_down_to_its_minimum_size() {
    for size in [[1280.0, 800.0], [1024.0, 700.0]] {
        let mut h = app_harness(Vec::new(), size, false);
        wait_for_load(&mut h);
        let plot: egui::Rect = h
            .ctx
            .data(|d| d.get_temp(ioscope::ui::activity_view::plot_rect_id()))
            .expect("the activity plot was drawn");
        let canvas = app(&h).state.view.as_ref().unwrap().viewport;
        let window = egui::Rect::from_min_size(egui::Pos2::ZERO, size.into());
        assert!(window.contains_rect(plot), "{size:?}: {plot:?}");
        // The bottom panel spans what the canvas spans, between the side panels.
        assert!(
            plot.min.x >= canvas.min.x - 1.0,
            "{size:?}: {plot:?} {canvas:?}"
        );
        assert!(
            plot.max.x <= canvas.max.x + 1.0,
            "{size:?}: {plot:?} {canvas:?}"
        );
        assert!(plot.min.y >= canvas.max.y, "{size:?}: {plot:?} {canvas:?}");
        assert!(plot.height() >= 100.0, "{size:?}: {plot:?}");
        assert!(canvas.height() >= 250.0, "{size:?}: {canvas:?}");
        let toggle = h.get_by_label("tweet language").rect();
        assert!(window.contains_rect(toggle), "{size:?}: {toggle:?}");
        assert!(toggle.max.x <= canvas.max.x + 1.0, "{size:?}: {toggle:?}");
    }
}

/// Each plot's data, as the Export CSV buttons write it, adds up to what the plot shows.
#[test]
fn plot_data_exports_as_csv_that_adds_up() {
    use ioscope::state::command::PlotData;
    let mut h = app_harness(Vec::new(), [1280.0, 800.0], false);
    wait_for_load(&mut h);
    let state = &app(&h).state;
    let read = |which| -> Vec<csv::StringRecord> {
        let bytes = state.plot_csv(which).expect("the plot is computed");
        csv::Reader::from_reader(bytes.as_slice())
            .records()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let cell = |r: &csv::StringRecord, i: usize| r[i].parse::<u64>().unwrap_or(0);
    let activity = read(PlotData::Activity);
    let total: u64 = activity.iter().map(|r| cell(r, 3) + cell(r, 4)).sum();
    assert_eq!(total, state.activity.as_ref().unwrap().total);
    let tweets = state.loaded.as_ref().unwrap().summary.tweets;
    let hours = read(PlotData::Hours);
    assert_eq!(hours.len(), 7 * 24);
    assert_eq!(hours.iter().map(|r| cell(r, 2)).sum::<u64>(), tweets);
    let creation = read(PlotData::Creation);
    let created: u64 = creation.iter().map(|r| cell(r, 2)).sum();
    assert_eq!(
        created,
        state.creation.as_ref().unwrap().counts.iter().sum::<u64>()
    );
    assert!(created > 0);
}

/// Each plot exports as a figure: SVG with its title and the on-screen series colours
/// (one bar colour per series, its retweets lighter), and PNG at twice its size.
#[test]
fn plots_export_as_svg_and_png_figures() {
    use ioscope::export::plot_svg::lighter;
    use ioscope::state::command::{PlotData, PlotFormat};
    let mut h = app_harness(Vec::new(), [1280.0, 800.0], false);
    wait_for_load(&mut h);
    let state = &app(&h).state;
    let file = |which, format| state.plot_file(which, format).expect("computed").unwrap();
    let svg = String::from_utf8(file(PlotData::Activity, PlotFormat::Svg)).unwrap();
    assert!(svg.contains(&format!(
        "Posting activity: {} tweets",
        ioscope::ui::thousands(state.activity.as_ref().unwrap().total)
    )));
    let palette = state.view.as_ref().unwrap().palette;
    for (series, color) in state
        .activity
        .as_ref()
        .unwrap()
        .series
        .iter()
        .zip(state.activity_colors(palette))
    {
        let [r, g, b, _] = color.to_array();
        let [lr, lg, lb, _] = lighter(color).to_array();
        assert!(
            svg.contains(&format!(">{}</text>", series.label)),
            "{}",
            series.label
        );
        assert!(svg.contains(&format!("fill=\"#{r:02x}{g:02x}{b:02x}\"")));
        assert!(
            svg.contains(&format!("fill=\"#{lr:02x}{lg:02x}{lb:02x}\"")),
            "retweets"
        );
    }
    let hours = String::from_utf8(file(PlotData::Hours, PlotFormat::Svg)).unwrap();
    assert_eq!(
        hours.matches("<rect").count(),
        1 + 7 * 24,
        "background and 168 cells"
    );
    for which in [PlotData::Activity, PlotData::Hours, PlotData::Creation] {
        let png = file(which, PlotFormat::Png);
        let reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        assert_eq!(
            (reader.info().width, reader.info().height),
            (1920, 800),
            "{which:?}"
        );
    }
}

/// Copy image (Ctrl+Shift+C) puts the canvas, drawn at full detail at 1×, on the
/// clipboard.
#[test]
fn copy_image_puts_the_canvas_on_the_clipboard() {
    let mut h = app_harness(Vec::new(), [1280.0, 800.0], false);
    wait_for_load(&mut h);
    let canvas = app(&h).state.view.as_ref().unwrap().viewport;
    h.state_mut().as_mut().unwrap().apply(Command::CopyImage);
    let start = std::time::Instant::now();
    let image = loop {
        h.step();
        let copied = h
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| match c {
                egui::OutputCommand::CopyImage(image) => Some(image.clone()),
                _ => None,
            });
        if let Some(image) = copied {
            break image;
        }
        assert!(start.elapsed().as_secs() < 120, "nothing was copied");
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert_eq!(
        image.size,
        [canvas.width() as usize, canvas.height() as usize]
    );
    let colours: std::collections::HashSet<_> = image.pixels.iter().collect();
    assert!(colours.len() > 50, "a picture, not a blank");
}
