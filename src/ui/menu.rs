//! The menu bar (File, View), the window-wide keyboard shortcuts and files dropped
//! onto the window.

use egui::{Context, Key, KeyboardShortcut, Modifiers, RichText};

use super::format::short_list;
use crate::export::network::NetworkFormat;
use crate::state::settings::ThemeChoice;
use crate::state::views::Presenting;
use crate::state::{AppState, Command};

pub const OPEN_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const SEARCH_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
pub const SAVE_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const COPY_IMAGE_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(
    Modifiers {
        shift: true,
        ..Modifiers::COMMAND
    },
    Key::C,
);

/// Keys that step through a presentation: next (→, Page Down, Space: what clicker
/// remotes send), previous (←, Page Up), leave (Esc).
const NEXT_KEYS: [Key; 3] = [Key::ArrowRight, Key::PageDown, Key::Space];
const PREVIOUS_KEYS: [Key; 2] = [Key::ArrowLeft, Key::PageUp];

/// Keyboard shortcuts that work anywhere in the window (F5 presents; while
/// presenting, the keys that step through the views, taken before the canvas sees
/// them, and A for the activity strip).
pub fn shortcuts(ctx: &Context, presenting: Option<&Presenting>) -> Vec<Command> {
    let mut out = Vec::new();
    let pressed = |key: Key| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key));
    if pressed(Key::F5) {
        out.push(Command::Present(presenting.is_none()));
    }
    if let Some(p) = presenting {
        if pressed(Key::A) {
            out.push(Command::SetActivityStrip(!p.activity_strip));
        }
        if NEXT_KEYS.into_iter().any(&pressed) {
            out.push(Command::NextView);
        }
        if PREVIOUS_KEYS.into_iter().any(&pressed) {
            out.push(Command::PreviousView);
        }
        if pressed(Key::Escape) {
            out.push(Command::Present(false));
        }
    }
    if ctx.input_mut(|i| i.consume_shortcut(&OPEN_SHORTCUT)) {
        out.push(Command::OpenDialog);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&SAVE_SHORTCUT)) {
        out.push(Command::SaveSession);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&COPY_IMAGE_SHORTCUT)) {
        out.push(Command::CopyImage);
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

/// The menu bar: File and View, then what is open.
pub fn menu_bar_ui(ui: &mut egui::Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| out.extend(file_menu_ui(ui, state)));
        ui.menu_button("View", |ui| out.extend(view_menu_ui(ui, state)));
        if let Some(loaded) = &state.loaded {
            ui.separator();
            ui.label(RichText::new(short_list(&loaded.inputs)).weak())
                .on_hover_text(loaded.inputs.join("\n"));
        }
    });
    out
}

/// File: open, recent, sessions, pictures, close, report, quit.
fn file_menu_ui(ui: &mut egui::Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    if menu_item(ui, "Open…", &ui.ctx().format_shortcut(&OPEN_SHORTCUT)) {
        out.push(Command::OpenDialog);
    }
    ui.menu_button("Open recent", |ui| {
        if state.settings.recent.is_empty() {
            ui.label(RichText::new("Nothing yet").weak());
        }
        for (i, files) in state.settings.recent.iter().enumerate() {
            let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            if ui
                .button(short_list(&names))
                .on_hover_text(names.join("\n"))
                .clicked()
            {
                out.push(Command::OpenRecent(i));
            }
        }
    });
    let has_data = state.loaded.is_some();
    if ui
        .add_enabled(
            has_data,
            egui::Button::new("Save session")
                .shortcut_text(ui.ctx().format_shortcut(&SAVE_SHORTCUT)),
        )
        .on_hover_text("Filters, styles, positions, selection and camera, in an .ioscope file")
        .clicked()
    {
        out.push(Command::SaveSession);
    }
    if ui
        .add_enabled(has_data, egui::Button::new("Save session as…"))
        .clicked()
    {
        out.push(Command::SaveSessionAs);
    }
    ui.add_enabled_ui(has_data, |ui| {
        if ui
            .button("Export figure (PNG, SVG, PDF)…")
            .on_hover_text("Every edge and account, with labels, legend, title and caption")
            .clicked()
        {
            out.push(Command::ShowFigureDialog(true));
        }
        ui.menu_button("Export network", |ui| {
            let mut whole = state.export_network_whole;
            if ui
                .checkbox(&mut whole, "The whole network")
                .on_hover_text("Unticked: only the accounts the filters show, and their edges")
                .changed()
            {
                out.push(Command::SetExportNetworkWhole(whole));
            }
            for format in NetworkFormat::ALL {
                let hint = match format {
                    NetworkFormat::Gexf => {
                        "GEXF 1.3 for Gephi: positions, colours, sizes, attributes"
                    }
                    NetworkFormat::GraphMl => "GraphML for igraph, networkx, yEd, Cytoscape",
                    NetworkFormat::Gml => "GML for networkx, igraph, Cytoscape, yEd",
                    NetworkFormat::Csv => {
                        "Gephi's spreadsheet tables: edges, and the nodes beside them"
                    }
                    NetworkFormat::Graphology => "graphology JSON for Gephi Lite and sigma.js",
                };
                if ui
                    .button(format!("{}…", format.label()))
                    .on_hover_text(hint)
                    .clicked()
                {
                    out.push(Command::ExportNetwork {
                        format,
                        filtered: !whole,
                    });
                }
            }
        });
        if menu_item(
            ui,
            "Copy image",
            &ui.ctx().format_shortcut(&COPY_IMAGE_SHORTCUT),
        ) {
            out.push(Command::CopyImage);
        }
    });
    ui.separator();
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
    out
}

/// View: the canvas's actions and the theme.
fn view_menu_ui(ui: &mut egui::Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let has_view = state.view.is_some();
    ui.add_enabled_ui(has_view, |ui| {
        if menu_item(ui, "Fit the network", "F") {
            out.push(Command::FitAll);
        }
        if menu_item(ui, "Zoom to the selection", "Z") {
            out.push(Command::ZoomToSelection);
        }
        if menu_item(ui, "Run or pause the layout", "Space") {
            let running = state.view.as_ref().is_some_and(|v| v.layout.is_running());
            out.push(if running {
                Command::LayoutPause
            } else {
                Command::LayoutRun
            });
        }
        if menu_item(ui, "Add a view", "") {
            out.push(Command::AddView);
        }
        if menu_item(ui, "Present", "F5") {
            out.push(Command::Present(true));
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
        for theme in ThemeChoice::ALL {
            if ui
                .radio(state.settings.theme == theme, theme.label())
                .clicked()
            {
                out.push(Command::SetTheme(theme));
            }
        }
    });
    out
}
