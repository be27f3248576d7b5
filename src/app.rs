//! The eframe application: polls background jobs, draws the panels, applies the
//! commands they return.

use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, TryRecvError};

use crate::command::Command;
use crate::io::{Input, LoadOptions};
use crate::jobs::{JobPoll, LoadJob, Loaded};
use crate::layout::runner::LayoutCommand;
use crate::render::{GraphView, Palette};
use crate::ui;

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
}

pub struct IoscopeApp {
    pub state: AppState,
    options: LoadOptions,
    dialog: Option<Receiver<Option<Vec<PathBuf>>>>,
    ctx: egui::Context,
    /// Start laying out each dataset as soon as it is loaded (tests turn this off to
    /// keep positions still).
    pub autostart_layout: bool,
}

impl IoscopeApp {
    /// Starts loading `inputs` (the bundled sample when empty).
    pub fn new(ctx: &egui::Context, inputs: Vec<Input>, options: LoadOptions) -> Self {
        let mut app = Self {
            state: AppState {
                loaded: None,
                view: None,
                job: None,
                report: LoadReport::default(),
                show_report: false,
            },
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
        let ctx = self.ctx.clone();
        self.state.job = Some(LoadJob::start(inputs, self.options.clone(), move || {
            ctx.request_repaint();
        }));
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
            Command::OpenSample => self.start_load(vec![crate::sample::sample_input()]),
            Command::CancelLoad => {
                if let Some(job) = self.state.job.take() {
                    job.cancel();
                }
            }
            Command::ShowReport(show) => self.state.show_report = show,
            Command::Select { nodes, add } => self.with_view(|v| v.select(&nodes, add)),
            Command::ToggleSelected(node) => self.with_view(|v| v.toggle(node)),
            Command::ClearSelection => self.with_view(|v| v.select(&[], false)),
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
            Command::SetStyle(style) => self.with_view(|v| v.set_style(style)),
            Command::Quit => self.ctx.send_viewport_cmd(egui::ViewportCommand::Close),
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
                    self.state.loaded = Some(loaded);
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
        if let Some(loaded) = &self.state.loaded {
            egui::Panel::bottom("summary")
                .resizable(true)
                .default_size(280.0)
                .max_size(ui.available_height() * 0.7)
                .show(ui, |ui| {
                    egui::ScrollArea::both()
                        .show(ui, |ui| commands.extend(ui::summary_ui(ui, loaded)));
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
}
