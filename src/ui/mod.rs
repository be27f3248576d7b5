//! The panels. Each reads state and returns [`Command`]s; none changes app state itself.

pub mod activity_view;
pub mod canvas;
pub mod filters;
pub mod fonts;
pub mod inspector;
mod summary_view;

pub use summary_view::summary_ui;

use egui::{Context, Key, KeyboardShortcut, Modifiers, RichText};

use crate::app::AppState;
use crate::command::Command;

pub const OPEN_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SEARCH_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

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
        (BottomTab::Hours, _) => activity_view::hours_ui(ui, state),
        (BottomTab::Creation, _) => activity_view::creation_ui(ui, state),
        (BottomTab::Overview, Some(loaded)) => summary_ui(ui, loaded),
        (BottomTab::Overview, None) => Vec::new(),
    }
}

/// Keyboard shortcuts that work anywhere in the window.
pub fn shortcuts(ctx: &Context) -> Vec<Command> {
    let mut out = Vec::new();
    if ctx.input_mut(|i| i.consume_shortcut(&OPEN_SHORTCUT)) {
        out.push(Command::OpenDialog);
    }
    out
}

/// Files dropped onto the window open as one dataset.
pub fn dropped_files(ctx: &Context) -> Vec<Command> {
    let paths: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if paths.is_empty() {
        Vec::new()
    } else {
        vec![Command::Open(paths)]
    }
}

/// A menu button showing its keyboard shortcut.
fn menu_item(ui: &mut egui::Ui, label: &str, shortcut: &str) -> bool {
    ui.add(egui::Button::new(label).shortcut_text(shortcut))
        .clicked()
}

pub fn menu_bar_ui(ui: &mut egui::Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if menu_item(ui, "Open…", &ui.ctx().format_shortcut(&OPEN_SHORTCUT)) {
                out.push(Command::OpenDialog);
            }
            ui.menu_button("Open recent", |ui| {
                if state.settings.recent.is_empty() {
                    ui.label(RichText::new("Nothing yet").weak());
                }
                for (i, files) in state.settings.recent.iter().enumerate() {
                    let names: Vec<String> =
                        files.iter().map(|p| p.display().to_string()).collect();
                    if ui
                        .button(short_list(&names))
                        .on_hover_text(names.join("\n"))
                        .clicked()
                    {
                        out.push(Command::OpenRecent(i));
                    }
                }
            });
            if ui.button("Open the bundled sample").clicked() {
                out.push(Command::OpenSample);
            }
            if ui
                .add_enabled(state.loaded.is_some(), egui::Button::new("Close"))
                .clicked()
            {
                out.push(Command::Close);
            }
            ui.separator();
            if ui.button("Load report").clicked() {
                out.push(Command::ShowReport(true));
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                out.push(Command::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            let has_view = state.view.is_some();
            ui.add_enabled_ui(has_view, |ui| {
                if menu_item(ui, "Fit the network", "F") {
                    out.push(Command::FitAll);
                }
                if menu_item(ui, "Zoom to the selection", "Z") {
                    out.push(Command::ZoomToSelection);
                }
                if menu_item(ui, "Run or pause the layout", "Space") {
                    let running = state
                        .view
                        .as_ref()
                        .and_then(|v| v.layout)
                        .is_some_and(|l| l.state == crate::layout::runner::RunState::Running);
                    out.push(if running {
                        Command::LayoutPause
                    } else {
                        Command::LayoutRun
                    });
                }
                if menu_item(
                    ui,
                    "Find an account…",
                    &ui.ctx().format_shortcut(&SEARCH_SHORTCUT),
                ) {
                    out.push(Command::FocusSearch);
                }
            });
            ui.separator();
            ui.menu_button("Theme", |ui| {
                for theme in crate::settings::ThemeChoice::ALL {
                    if ui
                        .radio(state.settings.theme == theme, theme.label())
                        .clicked()
                    {
                        out.push(Command::SetTheme(theme));
                    }
                }
            });
        });
        if let Some(loaded) = &state.loaded {
            ui.separator();
            ui.label(RichText::new(short_list(&loaded.inputs)).weak())
                .on_hover_text(loaded.inputs.join("\n"));
        }
    });
    out
}

pub fn status_bar_ui(ui: &mut egui::Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        if let Some(job) = &state.job {
            let (done, total) = job.progress.bytes();
            ui.label(format!("Loading {}", job.inputs.join(", ")));
            ui.add(
                egui::ProgressBar::new(job.progress.fraction())
                    .desired_width(240.0)
                    .text(format!(
                        "{:.1} / {:.1} MB",
                        done as f64 / 1e6,
                        total as f64 / 1e6
                    )),
            );
            if ui.button("Cancel").clicked() {
                out.push(Command::CancelLoad);
            }
        } else if let Some(loaded) = &state.loaded {
            let s = &loaded.summary;
            match state.filtered.as_ref().filter(|_| !state.filter.is_empty()) {
                Some(f) => ui.label(format!(
                    "{} of {} accounts · {} of {} edges · {} of {} tweets shown",
                    thousands(f.shown_accounts),
                    thousands(s.accounts.total),
                    thousands(f.stats.distinct_pairs),
                    thousands(s.edges.total),
                    thousands(f.shown_tweets),
                    thousands(s.tweets),
                )),
                None => ui.label(format!(
                    "{} accounts · {} edges · {} tweets · loaded in {:.2} s",
                    thousands(s.accounts.total),
                    thousands(s.edges.total),
                    thousands(s.tweets),
                    loaded.seconds
                )),
            };
            if let Some(layout) = state.view.as_ref().and_then(|v| v.layout) {
                ui.separator();
                ui.label(match layout.state {
                    crate::layout::runner::RunState::Running => {
                        format!("layout {:.0} iterations/s", layout.iterations_per_second)
                    }
                    crate::layout::runner::RunState::Paused => {
                        format!("layout paused at iteration {}", layout.iteration)
                    }
                    crate::layout::runner::RunState::Converged => {
                        format!("layout settled after {} iterations", layout.iteration)
                    }
                });
            }
        }
        if let Some(err) = &state.report.error {
            ui.separator();
            if ui
                .link(RichText::new(format!("Error: {err}")).color(ui.visuals().error_fg_color))
                .clicked()
            {
                out.push(Command::ShowReport(true));
            }
        } else if let Some(loaded) = &state.loaded
            && loaded.dataset.warning_count > 0
        {
            ui.separator();
            let text = format!("{} warnings", thousands(loaded.dataset.warning_count));
            if ui
                .link(RichText::new(text).color(ui.visuals().warn_fg_color))
                .clicked()
            {
                out.push(Command::ShowReport(true));
            }
        }
    });
    out
}

pub fn central_ui(ui: &mut egui::Ui, state: &mut AppState) -> Vec<Command> {
    match &mut state.view {
        Some(view) => {
            let mut out = canvas::toolbar_ui(ui, view);
            out.extend(canvas::canvas_ui(ui, view));
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

/// The load report: the error that stopped the last load, and the warnings of the
/// dataset shown (file, line, reason), selectable for copying.
pub fn report_window(ctx: &Context, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    if !state.show_report {
        return out;
    }
    let mut open = true;
    egui::Window::new("Load report")
        .open(&mut open)
        .default_size([640.0, 360.0])
        .show(ctx, |ui| {
            let mut text = String::new();
            if let Some(err) = &state.report.error {
                text.push_str(&format!(
                    "Could not open {}:\n{err}\n",
                    state.report.inputs.join(", ")
                ));
                if state.loaded.is_some() {
                    text.push_str("The dataset shown before is still open.\n");
                }
                text.push('\n');
            }
            if let Some(loaded) = &state.loaded {
                let ds = &loaded.dataset;
                text.push_str(&format!(
                    "{}: {} warnings",
                    loaded.inputs.join(", "),
                    ds.warning_count
                ));
                if ds.warning_count as usize > ds.warnings.len() {
                    text.push_str(&format!(" (the first {} shown)", ds.warnings.len()));
                }
                text.push('\n');
                for w in &ds.warnings {
                    text.push_str(&format!("{w}\n"));
                }
            }
            if ui.button("Copy").clicked() {
                ui.ctx().copy_text(text.clone());
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut text.as_str())
                        .code_editor()
                        .desired_width(f32::INFINITY),
                );
            });
        });
    if !open {
        out.push(Command::ShowReport(false));
    }
    out
}

/// File names (without folders) of a list of paths, the first two and a count.
pub fn short_list(paths: &[String]) -> String {
    let names: Vec<&str> = paths
        .iter()
        .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p))
        .collect();
    match names.len() {
        0..=2 => names.join(", "),
        n => format!("{}, {} and {} more", names[0], names[1], n - 2),
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(23_750), "23,750");
        assert_eq!(super::thousands(1_003_335), "1,003,335");
        let paths = [
            "/a/x_users.csv".to_owned(),
            "b.zip".to_owned(),
            "/c/d.csv".to_owned(),
        ];
        assert_eq!(super::short_list(&paths[..2]), "x_users.csv, b.zip");
        assert_eq!(super::short_list(&paths), "x_users.csv, b.zip and 1 more");
    }
}
