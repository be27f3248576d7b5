//! The bottom panel: tabs for the activity plot, the posting-hours heatmap, account
//! creation and the dataset overview.

use super::{activity_view, creation_view, hours_view, summary_view};
use crate::state::{AppState, Command};

/// Tabs of the bottom panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Activity,
    Hours,
    Creation,
    Overview,
}

/// The bottom panel: the activity plot, or the dataset overview.
pub fn bottom_ui(ui: &mut egui::Ui, state: &AppState, tab: &mut BottomTab) -> Vec<Command> {
    ui.horizontal(|ui| {
        ui.selectable_value(tab, BottomTab::Activity, "Activity");
        ui.selectable_value(tab, BottomTab::Hours, "Posting hours");
        ui.selectable_value(tab, BottomTab::Creation, "Account creation");
        ui.selectable_value(tab, BottomTab::Overview, "Overview");
    });
    ui.separator();
    match (*tab, &state.loaded) {
        (BottomTab::Activity, _) => activity_view::activity_ui(ui, state),
        (BottomTab::Hours, _) => hours_view::hours_ui(ui, state),
        (BottomTab::Creation, _) => creation_view::creation_ui(ui, state),
        (BottomTab::Overview, Some(loaded)) => summary_view::summary_ui(ui, loaded),
        (BottomTab::Overview, None) => Vec::new(),
    }
}
