//! The account-creation histogram of the shown accounts: creation bursts stand out.

use egui::Ui;
use egui_plot::{Bar, BarChart, Plot};

use super::format::thousands;
use crate::analysis::activity::Bin;
use crate::model::time::format_days;
use crate::render::Palette;
use crate::state::{AppState, Command};

/// Accounts created per day, week or month (the shown ones): creation bursts stand out.
pub fn creation_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let Some(h) = &state.creation else {
        ui.label("No creation dates.");
        return Vec::new();
    };
    ui.horizontal_wrapped(|ui| {
        ui.strong("Account creation");
        ui.label(format!(
            "{} accounts, per {}",
            thousands(h.counts.iter().sum()),
            h.bin.map_or("day", Bin::label)
        ));
    });
    let palette = Palette::for_visuals(ui.visuals());
    let bars: Vec<Bar> = h
        .counts
        .iter()
        .enumerate()
        .map(|(b, &n)| {
            let (a, z) = (h.edges[b], h.edges[b + 1]);
            Bar::new(f64::from(a + z) / 2.0, n as f64)
                .width(f64::from(z - a) * 0.9)
                .name(format_days(a))
        })
        .collect();
    Plot::new("creation")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| format_days(mark.value.round() as i32))
        .show(ui, |plot_ui| {
            plot_ui
                .bar_chart(BarChart::new("accounts created", bars).color(palette.categorical(1)));
        });
    Vec::new()
}
