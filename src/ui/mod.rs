//! The panels. Each reads state and returns [`Command`]s; none changes app state
//! itself (each keeps only its own widget state, in [`Panels`]). One file per panel:
//! the [`menu`] bar, the [`status`] bar, the [`filters`] on the left, the [`inspector`]
//! on the right, the [`bottom`] tabs ([`activity_view`], [`hours_view`],
//! [`creation_view`], [`summary_view`], [`communities_view`], [`coordination_view`],
//! [`views_view`]), the [`canvas`] in the centre, and the
//! [`report`] window and the [`figure_dialog`]. [`window_ui`] lays them out.

pub mod activity_view;
pub mod bottom;
pub mod canvas;
pub mod communities_view;
pub mod coordination_view;
pub mod creation_view;
pub mod figure_dialog;
pub mod filters;
pub mod fonts;
pub mod format;
pub mod hours_view;
pub mod inspector;
pub mod menu;
pub mod report;
pub mod status;
pub mod summary_view;
pub mod views_view;

pub use bottom::BottomTab;
pub use format::{short_list, thousands};
pub use menu::{OPEN_SHORTCUT, SEARCH_SHORTCUT};

use crate::state::{AppState, Command};

/// Default sizes of the side and bottom panels (points).
const FILTERS_WIDTH: f32 = 250.0;
const INSPECTOR_WIDTH: f32 = 300.0;
const PLOTS_HEIGHT: f32 = 280.0;
/// The side panels never take more than this share of the window's width, so that
/// the canvas and the plots keep room down to the smallest window.
const SIDE_PANEL_MAX_SHARE: f32 = 0.25;
/// The plots never take more than this share of the window's height.
const PLOTS_MAX_SHARE: f32 = 0.41;

/// The panels' own widget state.
pub struct Panels {
    pub filters: filters::FilterPanelText,
    pub bottom_tab: BottomTab,
    pub canvas: Option<canvas::CanvasState>,
    pub thumbnails: views_view::Thumbnails,
    /// The measure the Communities tab ranks accounts by.
    pub ranking: crate::state::metrics::Measure,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            filters: filters::FilterPanelText::default(),
            bottom_tab: BottomTab::Activity,
            canvas: None,
            thumbnails: views_view::Thumbnails::default(),
            ranking: crate::state::metrics::Measure::PageRank,
        }
    }
}

/// The whole window: menu, status bar, side panels, plots, canvas and report.
pub fn window_ui(ui: &mut egui::Ui, state: &AppState, panels: &mut Panels) -> Vec<Command> {
    let mut commands = Vec::new();
    commands.extend(menu::shortcuts(ui.ctx(), state.presenting.as_ref()));
    commands.extend(menu::dropped_files(ui.ctx()));
    if let Some(presenting) = &state.presenting {
        commands.extend(presenting_ui(ui, state, presenting.activity_strip, panels));
        return commands;
    }
    egui::Panel::top("menu").show(ui, |ui| commands.extend(menu::menu_bar_ui(ui, state)));
    egui::Panel::bottom("status").show(ui, |ui| commands.extend(status::status_bar_ui(ui, state)));
    if state.loaded.is_some() {
        let side_max = ui.available_width() * SIDE_PANEL_MAX_SHARE;
        egui::Panel::left("filters")
            .resizable(true)
            .default_size(FILTERS_WIDTH.min(side_max))
            .max_size(side_max)
            .show(ui, |ui| {
                commands.extend(filters::filters_ui(ui, state, &mut panels.filters));
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(INSPECTOR_WIDTH.min(side_max))
            .max_size(side_max)
            .show(ui, |ui| {
                commands.extend(inspector::inspector_ui(ui, state));
            });
        let plots_max = ui.available_height() * PLOTS_MAX_SHARE;
        egui::Panel::bottom("plots")
            .resizable(true)
            .default_size(PLOTS_HEIGHT.min(plots_max))
            .max_size(plots_max)
            .show(ui, |ui| {
                commands.extend(bottom::bottom_ui(
                    ui,
                    state,
                    &mut panels.bottom_tab,
                    &mut panels.thumbnails,
                    &mut panels.ranking,
                ));
                // A panel keeps the size of what it holds: claim the rest, so that it
                // keeps its own size while a plot is still being computed.
                ui.allocate_space(ui.available_size());
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        commands.extend(central_ui(ui, state, &mut panels.canvas));
    });
    commands.extend(report::report_window(ui.ctx(), state));
    commands.extend(figure_dialog::figure_window(ui.ctx(), state));
    commands.extend(report::recovery_window(ui.ctx(), state));
    commands.extend(report::memory_window(ui.ctx(), state));
    commands.extend(report::confirm_window(ui.ctx(), state));
    commands
}

/// Presenting: the canvas alone (its title, caption, labels and legend larger),
/// optionally the activity strip under it, and a hint on how to leave.
fn presenting_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    activity_strip: bool,
    panels: &mut Panels,
) -> Vec<Command> {
    let mut commands = Vec::new();
    if activity_strip {
        egui::Panel::bottom("activity strip")
            .exact_size(PRESENT_STRIP_HEIGHT)
            .show(ui, |ui| {
                commands.extend(activity_view::activity_ui(ui, state));
            });
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            if let Some(view) = &state.view {
                commands.extend(canvas::canvas_ui(ui, view, &mut panels.canvas));
            }
        });
    commands
}

/// Height of the activity strip while presenting (points).
const PRESENT_STRIP_HEIGHT: f32 = 160.0;

/// The centre: the canvas and its toolbar, or a hint while nothing is open.
pub fn central_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    canvas_state: &mut Option<canvas::CanvasState>,
) -> Vec<Command> {
    match &state.view {
        Some(view) => {
            let mut out = canvas::toolbar_ui(ui, view);
            out.extend(canvas::canvas_ui(ui, view, canvas_state));
            out
        }
        None => {
            ui.centered_and_justified(|ui| {
                if state.job.is_some() {
                    ui.spinner();
                } else {
                    ui.label("Open an archive file (File > Open…, or drop files here).");
                }
            });
            Vec::new()
        }
    }
}
