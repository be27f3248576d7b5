//! The window in an egui_kittest harness, shared by the UI tests.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ioscope::app::IoscopeApp;
use ioscope::io::{Input, LoadOptions};

pub type AppHarness = Harness<'static, Option<IoscopeApp>>;

/// The app on `inputs` (the sample when empty) in a window of `size` points. With
/// `layout` off, positions stay where the first snapshot put them.
pub fn app_harness(inputs: Vec<Input>, size: [f32; 2], layout: bool) -> AppHarness {
    app_harness_with_options(inputs, size, layout, LoadOptions::default())
}

/// [`app_harness`] loading with `options`.
pub fn app_harness_with_options(
    inputs: Vec<Input>,
    size: [f32; 2],
    layout: bool,
    options: LoadOptions,
) -> AppHarness {
    // A character without a glyph panics (the sample's Chinese, Russian and Arabic
    // render with the bundled fonts).
    Harness::builder().with_size(size).build_ui_state(
        move |ui, state: &mut Option<IoscopeApp>| {
            let app = state.get_or_insert_with(|| {
                let mut app = IoscopeApp::new(ui.ctx(), inputs.clone(), options.clone());
                app.autostart_layout = layout;
                app
            });
            app.frame_ui(ui);
        },
        None,
    )
}

pub fn app(h: &AppHarness) -> &IoscopeApp {
    h.state().as_ref().expect("app created on the first frame")
}

/// Steps frames until `done` holds (at most two minutes), then three more.
pub fn step_until(h: &mut AppHarness, done: impl Fn(&IoscopeApp) -> bool) {
    let start = Instant::now();
    loop {
        h.step();
        if h.state().as_ref().is_some_and(&done) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
}

/// Steps frames until no background work the window waits on is left (a load, or a
/// filter's derived views), then three more.
pub fn settle(h: &mut AppHarness) {
    step_until(h, |a| !a.state.is_busy());
}

/// [`app_harness`] with unsaved work autosaved to `recovery` at every change (and the
/// work found there offered).
pub fn app_harness_with_recovery(
    inputs: Vec<Input>,
    size: [f32; 2],
    recovery: std::path::PathBuf,
) -> AppHarness {
    Harness::builder().with_size(size).build_ui_state(
        move |ui, state: &mut Option<IoscopeApp>| {
            let app = state.get_or_insert_with(|| {
                let mut app = IoscopeApp::new(ui.ctx(), inputs.clone(), LoadOptions::default())
                    .with_recovery(recovery.clone());
                app.autostart_layout = false;
                app.autosave_every = Duration::ZERO;
                app
            });
            app.frame_ui(ui);
        },
        None,
    )
}
