//! The analyst's workflow in the window, driven headless with egui_kittest: untick a
//! country (the shown accounts and the activity total drop by exactly its figures), set
//! a tweet-language filter, search a screen name (the inspector shows the account),
//! brush a time range on the activity plot (the time filter is set and the plot counts
//! exactly the tweets in it).

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::ui::{AppHarness, app, app_harness, settle, step_until};
use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Rect, pos2};
use egui_kittest::kittest::Queryable as _;
use ioscope::ui::thousands;

fn sample_app() -> AppHarness {
    let mut h = app_harness(Vec::new(), [1400.0, 900.0], false);
    step_until(&mut h, |a| a.state.activity.is_some());
    h
}

fn shown(h: &AppHarness) -> (u64, u64) {
    let s = &app(h).state;
    (
        s.filtered.as_ref().unwrap().shown_accounts,
        s.activity.as_ref().unwrap().total,
    )
}

#[test]
fn unticking_a_country_then_filtering_a_tweet_language() {
    let mut h = sample_app();
    let summary = app(&h).state.loaded.as_ref().unwrap().summary.clone();
    let (accounts, tweets) = shown(&h);
    assert_eq!((accounts, tweets), (summary.accounts.total, summary.tweets));
    let china_core = summary.countries["China"];
    let china_tweets: u64 = summary
        .campaigns
        .iter()
        .filter(|c| c.country == "China")
        .map(|c| c.tweets)
        .sum();
    h.get_by_label(&format!("China ({})", thousands(china_core)))
        .click();
    settle(&mut h);
    assert_eq!(shown(&h), (accounts - china_core, tweets - china_tweets));
    // The canvas greys China out, and its legend counts what is shown.
    let view = app(&h).state.view.as_ref().unwrap();
    assert_eq!(
        view.filtered_out.iter().filter(|&&o| o).count() as u64,
        china_core
    );
    assert!(
        view.legend.iter().all(|e| e.label != "China"),
        "{:?}",
        view.legend
    );
    h.get_by_label_contains(&format!(
        "Shown: {} of {}",
        thousands(accounts - china_core),
        thousands(accounts)
    ));
    // Tick it again, then untick Turkish tweets: the plot loses exactly those.
    h.get_by_label(&format!("China ({})", thousands(china_core)))
        .click();
    settle(&mut h);
    assert_eq!(shown(&h), (accounts, tweets));
    let tr = summary.tweet_languages["tr"];
    h.get_by_label(&format!("tr ({})", thousands(tr))).click();
    settle(&mut h);
    assert_eq!(shown(&h).1, tweets - tr);
    let filter = &app(&h).state.filter;
    assert!(
        filter
            .tweet_languages
            .as_ref()
            .is_some_and(|s| !s.contains("tr") && s.contains("en"))
    );
}

#[test]
fn searching_a_screen_name_shows_the_account_in_the_inspector() {
    let mut h = sample_app();
    let (name, account) = {
        let ds = &app(&h).state.loaded.as_ref().unwrap().dataset;
        let a = (0..ds.accounts.len())
            .find(|&i| ds.accounts.screen_name[i].starts_with("russia_"))
            .expect("a readable screen name");
        (ds.accounts.screen_name[a].to_string(), a as u32)
    };
    let search = h
        .get_all_by_role(Role::TextInput)
        .next()
        .expect("the search field");
    search.click();
    search.type_text(&name);
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let view = app(&h).state.view.as_ref().unwrap();
    assert_eq!(view.selection.order.len(), 1);
    assert_eq!(
        view.network.account[view.selection.order[0] as usize],
        account
    );
    assert!(!view.auto_fit, "the canvas went to the account");
    // The inspector's heading and its profile grid name the account.
    assert!(h.get_all_by_label(&name).count() >= 1);
    h.get_by_label("core (state-linked)");
    h.get_by_label("russia_052020");
}

#[test]
fn brushing_the_activity_plot_sets_the_time_window() {
    let mut h = sample_app();
    let rect: Rect = h
        .ctx
        .data(|d| d.get_temp(ioscope::ui::activity_view::plot_rect_id()))
        .expect("the activity plot was drawn");
    let y = rect.center().y;
    let (from, to) = (
        pos2(rect.left() + rect.width() * 0.55, y),
        pos2(rect.left() + rect.width() * 0.8, y),
    );
    h.event(Event::PointerMoved(from));
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(1);
    for i in 1..=8 {
        h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 8.0)));
        h.run_steps(1);
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    settle(&mut h);
    let state = &app(&h).state;
    let (Some(a), Some(b)) = (state.filter.from_day, state.filter.to_day) else {
        panic!("the time window is set: {:?}", state.filter);
    };
    assert!(a < b);
    // The plot counts exactly the tweets of those days.
    let ds = &state.loaded.as_ref().unwrap().dataset;
    let expected = ds
        .tweets
        .time
        .iter()
        .filter(|&&t| (a..=b).contains(&t.div_euclid(1440)))
        .count() as u64;
    assert!(expected > 0);
    assert_eq!(state.activity.as_ref().unwrap().total, expected);
    // And the filter panel shows the dates.
    h.get_by_label("Whole period");
}

#[test]
fn recent_files_close_theme_and_remembered_settings() {
    use ioscope::state::command::Command;
    use ioscope::state::settings::ThemeChoice;
    let mut h = sample_app();
    // Files opened by path (command line, drop, dialog) join the recent list.
    let files = vec![common::fixture("ira_tweets_csv_hashed.csv")];
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::Open(files.clone()));
    settle(&mut h);
    assert_eq!(app(&h).state.settings.recent.first(), Some(&files));
    // File > Close empties the window.
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("Close").click();
    settle(&mut h);
    assert!(app(&h).state.loaded.is_none() && app(&h).state.view.is_none());
    h.get_by_label_contains("Open an archive file");
    // File > Open recent > the fixture opens it again.
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("Open recent").hover();
    settle(&mut h);
    h.get_by_label("ira_tweets_csv_hashed.csv").click();
    step_until(&mut h, |a| {
        a.state.loaded.is_some() && a.state.job.is_none()
    });
    assert_eq!(app(&h).state.loaded.as_ref().unwrap().summary.tweets, 3);
    // View > Theme > Light.
    h.get_by_label("View").click();
    settle(&mut h);
    h.get_by_label("Theme").hover();
    settle(&mut h);
    h.get_by_label("Light").click();
    settle(&mut h);
    assert_eq!(app(&h).state.settings.theme, ThemeChoice::Light);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    assert!(!app(&h).state.view.as_ref().unwrap().palette.dark);
}

#[test]
fn remembered_settings_apply_to_the_next_dataset() {
    use ioscope::render::{ColorBy, Style};
    use ioscope::state::settings::Settings;
    let settings = Settings {
        style: Style {
            color_by: ColorBy::Role,
            ..Style::default()
        },
        time_zone: "Asia/Shanghai".to_owned(),
        ..Settings::default()
    };
    let mut h = egui_kittest::Harness::builder()
        .with_size([1200.0, 800.0])
        .build_ui_state(
            move |ui, state: &mut Option<ioscope::app::IoscopeApp>| {
                let app = state.get_or_insert_with(|| {
                    let mut app = ioscope::app::IoscopeApp::new(
                        ui.ctx(),
                        Vec::new(),
                        ioscope::io::LoadOptions::default(),
                    )
                    .with_settings(settings.clone());
                    app.autostart_layout = false;
                    app
                });
                app.frame_ui(ui);
            },
            None,
        );
    step_until(&mut h, |a| a.state.hours.is_some());
    let state = &app(&h).state;
    assert_eq!(state.view.as_ref().unwrap().style.color_by, ColorBy::Role);
    // The heatmap is in Shanghai time: the same as computing it directly.
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let expected = ioscope::analysis::activity::hour_of_week(
        &state.loaded.as_ref().unwrap().dataset,
        None,
        &tz,
    );
    assert_eq!(state.hours.unwrap(), expected);
}

#[test]
fn hiding_filtered_accounts_lays_out_only_the_rest() {
    use ioscope::filter::FilterMode;
    use ioscope::state::command::Command;
    let mut h = sample_app();
    let summary = app(&h).state.loaded.as_ref().unwrap().summary.clone();
    // Keep Russia only, hidden rather than greyed.
    h.get_by_label("hidden, the rest laid out again").click();
    settle(&mut h);
    let mut spec = app(&h).state.filter.clone();
    spec.countries = Some(["Russia".to_owned()].into());
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::SetFilter(Box::new(spec)));
    settle(&mut h);
    assert_eq!(app(&h).state.settings.filter_mode, FilterMode::Hide);
    let before = {
        let v = app(&h).state.view.as_ref().unwrap();
        let hidden = v.filtered_out.iter().filter(|&&o| o).count() as u64;
        assert_eq!(
            hidden,
            summary.countries["China"] + summary.countries["Turkey"],
            "China's and Turkey's core accounts are out"
        );
        (v.x.clone(), v.y.clone(), v.filtered_out.clone())
    };
    // The runner lays out the rest: shown accounts move, hidden ones stay put.
    let start = std::time::Instant::now();
    loop {
        h.run_steps(1);
        let v = app(&h).state.view.as_ref().unwrap();
        let moved = (0..v.node_count()).any(|i| !before.2[i] && v.x[i] != before.0[i]);
        if moved {
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the layout runs"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let v = app(&h).state.view.as_ref().unwrap();
    for i in 0..v.node_count() {
        if before.2[i] {
            assert_eq!(
                (v.x[i], v.y[i]),
                (before.0[i], before.1[i]),
                "hidden node {i}"
            );
        }
    }
    let hidden_flags = v
        .scene
        .nodes
        .iter()
        .filter(|n| n.flags & ioscope::render::gpu::NODE_HIDDEN != 0)
        .count();
    assert_eq!(hidden_flags, before.2.iter().filter(|&&o| o).count());
    // Hidden accounts cannot be pointed at.
    let hidden = before.2.iter().position(|&o| o).unwrap();
    let view = h.state_mut().as_mut().unwrap().state.view.as_mut().unwrap();
    let at = view
        .camera
        .world_to_screen(view.viewport, [view.x[hidden], view.y[hidden]]);
    assert_ne!(ioscope::ui::canvas::node_at(view, at), Some(hidden as u32));
}
