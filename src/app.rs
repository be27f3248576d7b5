//! The eframe application: polls background jobs, draws the panels, applies the
//! commands they return.

use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, TryRecvError};

use crate::activity::{self, Activity, Histogram, HourOfWeek};
use crate::command::Command;
use crate::filter::{self, FilterSpec, Filtered};
use crate::io::{Input, LoadOptions};
use crate::jobs::{JobPoll, LoadJob, Loaded};
use crate::layout::runner::LayoutCommand;
use crate::render::{GraphView, Palette};
use crate::settings::Settings;
use crate::ui;
use crate::ui::filters::FilterPanelText;
use crate::ui::inspector::Inspected;

/// Problems of the last load, for the report window.
#[derive(Default)]
pub struct LoadReport {
    /// The error that stopped the last load, if it failed.
    pub error: Option<String>,
    /// What was being opened.
    pub inputs: Vec<String>,
}

/// Runtime state the panels read.
pub struct AppState {
    pub loaded: Option<Loaded>,
    /// The network view of the loaded dataset.
    pub view: Option<GraphView>,
    pub job: Option<LoadJob>,
    pub report: LoadReport,
    pub show_report: bool,
    pub filter: FilterSpec,
    /// What the filter shows of the loaded dataset.
    pub filtered: Option<Filtered>,
    /// What is remembered between runs.
    pub settings: Settings,
    /// Activity of what is shown (and of the selection).
    pub activity: Option<Activity>,
    /// Posting hours of what is shown, in the chosen time zone.
    pub hours: Option<HourOfWeek>,
    /// Creation dates of the accounts shown.
    pub creation: Option<Histogram>,
    /// The selected account's digest for the inspector (one account selected).
    pub inspected: Option<Inspected>,
    /// The outcome of the last search, when it found nothing.
    pub search_message: Option<String>,
}

pub struct IoscopeApp {
    pub state: AppState,
    options: LoadOptions,
    dialog: Option<Receiver<Option<Vec<PathBuf>>>>,
    ctx: egui::Context,
    filter_text: FilterPanelText,
    bottom_tab: ui::BottomTab,
    /// The files being loaded, when all of them are paths.
    loading_paths: Option<Vec<PathBuf>>,
    /// Start laying out each dataset as soon as it is loaded (tests turn this off to
    /// keep positions still).
    pub autostart_layout: bool,
}

impl IoscopeApp {
    /// Starts loading `inputs` (the bundled sample when empty).
    pub fn new(ctx: &egui::Context, inputs: Vec<Input>, options: LoadOptions) -> Self {
        ui::fonts::install(ctx);
        let mut app = Self {
            state: AppState {
                loaded: None,
                view: None,
                job: None,
                report: LoadReport::default(),
                show_report: false,
                filter: FilterSpec::default(),
                filtered: None,
                settings: Settings::default(),
                activity: None,
                hours: None,
                creation: None,
                search_message: None,
                inspected: None,
            },
            filter_text: FilterPanelText::default(),
            bottom_tab: ui::BottomTab::Activity,
            loading_paths: None,
            options,
            dialog: None,
            ctx: ctx.clone(),
            autostart_layout: true,
        };
        let inputs = if inputs.is_empty() {
            vec![crate::sample::sample_input()]
        } else {
            inputs
        };
        app.start_load(inputs);
        app
    }

    fn start_load(&mut self, inputs: Vec<Input>) {
        if let Some(job) = self.state.job.take() {
            job.cancel();
        }
        // Files opened by path go to the recent list once they have loaded.
        self.loading_paths = inputs
            .iter()
            .map(|i| match i {
                Input::Path(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        let ctx = self.ctx.clone();
        self.state.job = Some(LoadJob::start(inputs, self.options.clone(), move || {
            ctx.request_repaint();
        }));
    }

    /// Starts from remembered settings (theme, recent files, styles).
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.ctx.set_theme(settings.theme.preference());
        self.state.settings = settings;
        self
    }

    /// Applies one command.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Open(paths) => {
                if !paths.is_empty() {
                    self.start_load(paths.into_iter().map(Input::Path).collect());
                }
            }
            Command::OpenDialog => self.open_dialog(),
            Command::OpenRecent(i) => {
                if let Some(files) = self.state.settings.recent.get(i).cloned() {
                    self.apply(Command::Open(files));
                }
            }
            Command::Close => {
                if let Some(job) = self.state.job.take() {
                    job.cancel();
                }
                self.state.view = None;
                self.state.loaded = None;
                self.state.filtered = None;
                self.state.activity = None;
                self.state.hours = None;
                self.state.creation = None;
                self.state.inspected = None;
                self.state.filter = FilterSpec::default();
            }
            Command::SetTheme(theme) => {
                self.state.settings.theme = theme;
                self.ctx.set_theme(theme.preference());
            }
            Command::FocusSearch => self.filter_text.focus = true,
            Command::OpenSample => self.start_load(vec![crate::sample::sample_input()]),
            Command::CancelLoad => {
                if let Some(job) = self.state.job.take() {
                    job.cancel();
                }
            }
            Command::ShowReport(show) => self.state.show_report = show,
            Command::Select { nodes, add } => {
                self.with_view(|v| v.select(&nodes, add));
                self.selection_changed();
            }
            Command::ToggleSelected(node) => {
                self.with_view(|v| v.toggle(node));
                self.selection_changed();
            }
            Command::ClearSelection => {
                self.with_view(|v| v.select(&[], false));
                self.selection_changed();
            }
            Command::SetFilter(spec) => {
                self.state.filter = spec;
                self.refilter();
            }
            Command::SetFilterMode(mode) => {
                self.state.settings.filter_mode = mode;
                self.refilter();
            }
            Command::SetTimeWindow { from, to } => {
                self.state.filter.from_day = from;
                self.state.filter.to_day = to;
                self.refilter();
            }
            Command::SetActivity { bin, stack } => {
                self.state.settings.activity_bin = bin;
                self.state.settings.activity_stack = stack;
                self.refresh_activity();
            }
            Command::Search(text) => self.search(&text),
            Command::SetTimeZone(name) => {
                self.state.settings.time_zone = name;
                self.refresh_hours();
            }
            Command::MoveNode { node, x, y } => self.with_view(|v| v.move_node(node, [x, y])),
            Command::FitAll => self.with_view(GraphView::fit_all),
            Command::ZoomToSelection => self.with_view(GraphView::zoom_to_selection),
            Command::LayoutRun => {
                self.with_view(|v| v.layout_command(LayoutCommand::Start { keep_going: false }));
            }
            Command::LayoutPause => self.with_view(|v| v.layout_command(LayoutCommand::Pause)),
            Command::LayoutReset => self.with_view(|v| {
                v.layout_command(LayoutCommand::Reset {
                    seed: crate::render::view::LAYOUT_SEED + 1,
                });
                v.layout_command(LayoutCommand::Start { keep_going: false });
                v.auto_fit = true;
            }),
            Command::SetStyle(style) => {
                self.state.settings.style = style;
                self.with_view(|v| v.set_style(style));
            }
            Command::Quit => self.ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// Applies the filter to the loaded dataset and shows the result everywhere.
    fn refilter(&mut self) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let f = filter::apply(
            &loaded.dataset,
            &loaded.network,
            &loaded.evidence,
            &self.state.filter,
        );
        if let Some(view) = &mut self.state.view {
            if self.state.filter.is_empty() {
                view.set_filter(&[], Vec::new(), self.state.settings.filter_mode);
            } else {
                let nodes = f.node_mask(&loaded.network);
                let edges = f.edge_weight.iter().map(|&w| w > 0).collect();
                view.set_filter(&nodes, edges, self.state.settings.filter_mode);
            }
        }
        self.state.creation = Some(activity::creation_histogram(
            &loaded.dataset,
            Some(&f.accounts),
            None,
        ));
        self.state.filtered = Some(f);
        self.refresh_activity();
        self.refresh_hours();
    }

    fn refresh_hours(&mut self) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let tz = jiff::tz::TimeZone::get(&self.state.settings.time_zone)
            .unwrap_or(jiff::tz::TimeZone::UTC);
        self.state.hours = Some(activity::hour_of_week(
            &loaded.dataset,
            self.state.filtered.as_ref().map(|f| f.tweets.as_slice()),
            &tz,
        ));
    }

    /// The activity line and the inspector follow the selection.
    fn selection_changed(&mut self) {
        self.refresh_activity();
        self.state.inspected = match (&self.state.loaded, &self.state.view) {
            (Some(loaded), Some(view)) if view.selection.len() == 1 => Inspected::compute(
                &loaded.dataset,
                &view.network,
                &loaded.by_author,
                view.selection[0],
            ),
            _ => None,
        };
    }

    fn refresh_activity(&mut self) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let mut selected = vec![false; loaded.dataset.accounts.len()];
        if let Some(view) = &self.state.view {
            for &n in &view.selection {
                if let Some(&a) = view.network.account.get(n as usize)
                    && let Some(s) = selected.get_mut(a as usize)
                {
                    *s = true;
                }
            }
        }
        self.state.activity = Some(activity::compute(
            &loaded.dataset,
            self.state.filtered.as_ref().map(|f| f.tweets.as_slice()),
            self.state.settings.activity_bin,
            self.state.settings.activity_stack,
            &selected,
        ));
    }

    /// Selects the first account whose id or screen name is `text` (any case), else
    /// whose screen or display name contains it, and zooms to it.
    fn search(&mut self, text: &str) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let a = &loaded.dataset.accounts;
        let needle = text.trim().trim_start_matches('@').to_lowercase();
        let exact = a.find_str(text.trim()).or_else(|| {
            (0..a.len())
                .find(|&i| a.screen_name[i].to_lowercase() == needle)
                .map(|i| i as u32)
        });
        let found = exact.or_else(|| {
            (0..a.len())
                .find(|&i| {
                    a.screen_name[i].to_lowercase().contains(&needle)
                        || a.display_name[i].to_lowercase().contains(&needle)
                })
                .map(|i| i as u32)
        });
        let node = found.and_then(|acc| {
            self.state
                .view
                .as_ref()
                .and_then(|v| v.network.account.iter().position(|&x| x == acc))
        });
        match node {
            Some(node) => {
                self.state.search_message = None;
                self.apply(Command::Select {
                    nodes: vec![node as u32],
                    add: false,
                });
                self.apply(Command::ZoomToSelection);
            }
            None => self.state.search_message = Some(format!("No account matches \"{text}\".")),
        }
    }

    fn with_view(&mut self, f: impl FnOnce(&mut GraphView)) {
        if let Some(view) = &mut self.state.view {
            f(view);
        }
    }

    /// The file dialog runs on its own thread so that the UI keeps drawing.
    fn open_dialog(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = crossbeam_channel::bounded(1);
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("ioscope-dialog".to_owned())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Open archive files")
                    .add_filter("Archive files", &["csv", "gz", "zip"])
                    .add_filter("All files", &["*"])
                    .pick_files();
                let _ = tx.send(picked);
                ctx.request_repaint();
            });
        if spawned.is_ok() {
            self.dialog = Some(rx);
        }
    }

    /// Collects finished background work.
    pub fn poll(&mut self) {
        if let Some(rx) = &self.dialog {
            match rx.try_recv() {
                Ok(picked) => {
                    self.dialog = None;
                    if let Some(paths) = picked {
                        self.apply(Command::Open(paths));
                    }
                }
                Err(TryRecvError::Disconnected) => self.dialog = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        let Some(job) = &self.state.job else { return };
        if let JobPoll::Done(result) = job.poll() {
            let inputs = job.inputs.clone();
            self.state.job = None;
            match *result {
                Ok(loaded) => {
                    self.state.report = LoadReport {
                        error: None,
                        inputs,
                    };
                    self.state.show_report =
                        loaded.dataset.warning_count > 0 && self.state.show_report;
                    let ctx = self.ctx.clone();
                    self.state.view = Some(GraphView::new(
                        Arc::clone(&loaded.dataset),
                        Arc::clone(&loaded.network),
                        Palette::for_visuals(&self.ctx.global_style().visuals),
                        self.autostart_layout,
                        move || ctx.request_repaint(),
                    ));
                    if let Some(files) = self.loading_paths.take() {
                        self.state.settings.remember(files);
                    }
                    if let Some(view) = &mut self.state.view {
                        view.set_style(self.state.settings.style);
                    }
                    self.state.loaded = Some(loaded);
                    self.state.filter = FilterSpec::default();
                    self.state.search_message = None;
                    self.state.inspected = None;
                    self.refilter();
                }
                Err(crate::io::LoadError::Cancelled) => {}
                Err(e) => {
                    // The current dataset stays; the report tells what went wrong.
                    self.state.report = LoadReport {
                        error: Some(e.to_string()),
                        inputs,
                    };
                    self.state.show_report = true;
                }
            }
        }
    }

    /// One frame of UI, returning nothing: commands are applied here.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.poll();
        if let Some(view) = &mut self.state.view {
            view.poll_layout();
            view.set_palette(Palette::for_visuals(ui.visuals()));
        }
        let mut commands = Vec::new();
        commands.extend(ui::shortcuts(ui.ctx()));
        commands.extend(ui::dropped_files(ui.ctx()));
        egui::Panel::top("menu").show(ui, |ui| commands.extend(ui::menu_bar_ui(ui, &self.state)));
        egui::Panel::bottom("status")
            .show(ui, |ui| commands.extend(ui::status_bar_ui(ui, &self.state)));
        if self.state.loaded.is_some() {
            egui::Panel::left("filters")
                .resizable(true)
                .default_size(250.0)
                .show(ui, |ui| {
                    commands.extend(ui::filters::filters_ui(
                        ui,
                        &self.state,
                        &mut self.filter_text,
                    ));
                });
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| {
                    commands.extend(ui::inspector::inspector_ui(ui, &self.state));
                });
            egui::Panel::bottom("plots")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| {
                    commands.extend(ui::bottom_ui(ui, &self.state, &mut self.bottom_tab));
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(ui::central_ui(ui, &mut self.state));
        });
        commands.extend(ui::report_window(ui.ctx(), &self.state));
        if self.state.job.is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        for c in commands {
            self.apply(c);
        }
    }
}

impl eframe::App for IoscopeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
    }
}

/// Key of [`Settings`] in eframe's storage.
pub const SETTINGS_KEY: &str = "ioscope settings";
