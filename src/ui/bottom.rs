//! The bottom panel: tabs for the activity plot, the posting-hours heatmap, account
//! creation, the dataset overview, communities and central accounts, coordination, and
//! the saved views; each plot exports as CSV, PNG
//! or SVG.

use super::{activity_view, communities_view, coordination_view, creation_view};
use super::{hours_view, summary_view, views_view};
use crate::state::command::{PlotData, PlotFormat};
use crate::state::{AppState, Command};

/// Tabs of the bottom panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Activity,
    Hours,
    Creation,
    Overview,
    Communities,
    Coordination,
    Views,
}

impl BottomTab {
    /// The data a tab plots, for its CSV export.
    fn plot(self) -> Option<PlotData> {
        match self {
            Self::Activity => Some(PlotData::Activity),
            Self::Hours => Some(PlotData::Hours),
            Self::Creation => Some(PlotData::Creation),
            Self::Overview | Self::Communities | Self::Coordination | Self::Views => None,
        }
    }
}

/// The bottom panel: the tabs (with the shown plot's CSV export), then the tab.
pub fn bottom_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    tab: &mut BottomTab,
    thumbnails: &mut views_view::Thumbnails,
    measure: &mut crate::state::metrics::Measure,
) -> Vec<Command> {
    let mut out = Vec::new();
    // Wrapped, so that a narrow window keeps the panel within the canvas's width.
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(tab, BottomTab::Activity, "Activity");
        ui.selectable_value(tab, BottomTab::Hours, "Hours");
        ui.selectable_value(tab, BottomTab::Creation, "Creation");
        ui.selectable_value(tab, BottomTab::Overview, "Overview");
        ui.selectable_value(tab, BottomTab::Communities, "Communities");
        ui.selectable_value(tab, BottomTab::Coordination, "Coordination");
        ui.selectable_value(tab, BottomTab::Views, "Views");
        if let Some(plot) = tab.plot() {
            ui.menu_button("Export…", |ui| {
                for (format, label, hint) in [
                    (
                        PlotFormat::Csv,
                        "Data (CSV)…",
                        "This plot's data, for a spreadsheet or a script",
                    ),
                    (
                        PlotFormat::Png,
                        "Picture (PNG)…",
                        "The plot as a picture, twice its size",
                    ),
                    (
                        PlotFormat::Svg,
                        "Vector (SVG)…",
                        "The plot as a vector figure, text as text",
                    ),
                ] {
                    if ui.button(label).on_hover_text(hint).clicked() {
                        out.push(Command::ExportPlot(plot, format));
                    }
                }
            });
        }
    });
    ui.separator();
    out.extend(match (*tab, &state.loaded) {
        (BottomTab::Activity, _) => activity_view::activity_ui(ui, state),
        (BottomTab::Hours, _) => hours_view::hours_ui(ui, state),
        (BottomTab::Creation, _) => creation_view::creation_ui(ui, state),
        (BottomTab::Overview, Some(loaded)) => summary_view::summary_ui(ui, loaded),
        (BottomTab::Overview, None) => Vec::new(),
        (BottomTab::Communities, _) => communities_view::communities_ui(ui, state, measure),
        (BottomTab::Coordination, _) => coordination_view::coordination_ui(ui, state),
        (BottomTab::Views, _) => views_view::views_ui(ui, state, thumbnails),
    });
    out
}
