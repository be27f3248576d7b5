//! `ioscope bench frames`: the window run headless (an egui context without a
//! renderer) on files; for each typical filter of [`super::filter::specs`], the filter
//! is applied as the filter panel's command is, and frames are drawn until what it
//! shows is on screen. Reports the longest frame (the one applying the command
//! included) and the time until the new views show: what a user feels on a click.

use std::time::{Duration, Instant};

use super::filter::specs;
use crate::app::IoscopeApp;
use crate::io::{Input, LoadOptions};
use crate::state::Command;

/// Longest wait for a load or a filter's views.
const TIMEOUT: Duration = Duration::from_secs(600);
/// Pause between frames while waiting (a window idles between repaints too).
const IDLE: Duration = Duration::from_millis(2);

/// Draws one frame of `app` in a `size` window; returns its duration in ms.
fn frame(ctx: &egui::Context, app: &mut IoscopeApp, size: [f32; 2]) -> f64 {
    let raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size.into())),
        ..Default::default()
    };
    let start = Instant::now();
    let _ = ctx.run_ui(raw, |ui| app.frame_ui(ui));
    start.elapsed().as_secs_f64() * 1e3
}

pub fn run(
    inputs: Vec<Input>,
    options: LoadOptions,
    size: [f32; 2],
) -> Result<serde_json::Value, String> {
    let ctx = egui::Context::default();
    let mut app = IoscopeApp::new(&ctx, inputs, options);
    app.autostart_layout = false;
    let start = Instant::now();
    while app.state.loaded.is_none() || app.state.is_busy() {
        frame(&ctx, &mut app, size);
        if let Some(e) = &app.state.report.error {
            return Err(e.clone());
        }
        if start.elapsed() > TIMEOUT {
            return Err("the load did not finish".to_owned());
        }
        std::thread::sleep(IDLE);
    }
    // Settle: a few frames with nothing to do.
    let idle: Vec<f64> = (0..5).map(|_| frame(&ctx, &mut app, size)).collect();
    let Some(loaded) = &app.state.loaded else {
        return Err("nothing loaded".to_owned());
    };
    let accounts = loaded.dataset.accounts.len();
    let mut results = serde_json::Map::new();
    for (name, spec) in specs(loaded) {
        // The click's frame: drawing, then applying the panel's command.
        let clicked = Instant::now();
        let drawn = frame(&ctx, &mut app, size);
        let t = Instant::now();
        app.apply(Command::SetFilter(Box::new(spec.clone())));
        let mut longest = drawn + t.elapsed().as_secs_f64() * 1e3;
        let mut frames = 1;
        while app.state.filtered_spec != spec || app.state.is_busy() {
            std::thread::sleep(IDLE);
            longest = longest.max(frame(&ctx, &mut app, size));
            frames += 1;
            if clicked.elapsed() > TIMEOUT {
                return Err(format!("{name}: the filter's views did not arrive"));
            }
        }
        let shown_after = clicked.elapsed().as_secs_f64() * 1e3;
        let round = |v: f64| (v * 100.0).round() / 100.0;
        results.insert(
            name.to_owned(),
            serde_json::json!({
                "ms_longest_frame": round(longest),
                "ms_until_shown": round(shown_after),
                "frames": frames,
                "accounts_shown": app.state.filtered.as_ref().map(|f| f.shown_accounts),
            }),
        );
        app.apply(Command::SetFilter(Box::default()));
        while app.state.is_busy() {
            std::thread::sleep(IDLE);
            frame(&ctx, &mut app, size);
        }
    }
    Ok(serde_json::json!({
        "bench": "frames",
        "accounts": accounts,
        "size": format!("{}x{}", size[0], size[1]),
        "ms_idle_frame_max": idle.iter().copied().fold(0.0, f64::max),
        "filters": results,
    }))
}
