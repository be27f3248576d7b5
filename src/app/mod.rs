//! The eframe application: polls background work (the load, the file dialog, the
//! derived views, session files, the layout), draws the panels, and applies the
//! commands they return, in one place, once per frame. Saving and reopening sessions
//! is in [`session`], saved views and presenting in [`views`].

mod coordination;
mod export;
mod metrics;
mod session;
mod views;

use std::sync::Arc;

use crate::analysis::inspect::Inspected;
use crate::analysis::search::find_account;
use crate::filter::FilterSpec;
use crate::io::{Input, LoadError, LoadOptions};
use crate::jobs::{Job, JobPoll};
use crate::layout::handle::LAYOUT_SEED;
use crate::layout::runner::LayoutCommand;
use crate::render::{GraphView, Palette};
use crate::state::derived::{CanvasStyle, Derived, DerivedRequest};
use crate::state::{AppState, Command, DerivedViews, LoadJob, LoadReport, Settings};
use crate::ui;

/// While background work runs, the window looks for its result this often.
const POLL_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

/// What a request for derived views follows from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Changed {
    /// The filter (or how filtered accounts look): everything is recomputed.
    Filter,
    /// The canvas's style: the canvas is restyled, the filter's masks reused.
    Style,
    /// The plots' inputs (selection, bins, time zone).
    Plots,
}

/// Each node's value of the centrality measure a sizing uses (empty for the others).
fn centrality_for(
    m: &crate::state::metrics::NetworkMetrics,
    size_by: crate::render::style::SizeBy,
    n: usize,
) -> Arc<Vec<f64>> {
    use crate::render::style::SizeBy;
    use crate::state::metrics::Measure;
    let measure = match size_by {
        SizeBy::PageRank => Measure::PageRank,
        SizeBy::Betweenness => Measure::Betweenness,
        SizeBy::CoreNumber => Measure::Core,
        SizeBy::Hub => Measure::Hub,
        SizeBy::Authority => Measure::Authority,
        SizeBy::Degree
        | SizeBy::Followers
        | SizeBy::Interactions
        | SizeBy::FileSizes
        | SizeBy::Attribute(_) => return Arc::default(),
    };
    Arc::new((0..n).map(|i| m.value(measure, i)).collect())
}

pub struct IoscopeApp {
    pub state: AppState,
    options: LoadOptions,
    ctx: egui::Context,
    /// The panels' own widget state.
    pub panels: ui::Panels,
    /// The files being loaded, when all of them are paths.
    loading_paths: Option<Vec<std::path::PathBuf>>,
    /// What the last load was asked to open, and how (to load it again as the memory
    /// refusal offers).
    last_load: Option<(Vec<Input>, LoadOptions)>,
    /// Start laying out each dataset as soon as it is loaded (tests turn this off to
    /// keep positions still).
    pub autostart_layout: bool,
    /// Where unsaved work is autosaved (`None`: no autosave), how often, and when last.
    recovery_path: Option<std::path::PathBuf>,
    pub autosave_every: std::time::Duration,
    last_autosave: std::time::Instant,
    /// The session being opened is the recovery file.
    recovering: bool,
}

/// How often unsaved work is autosaved.
pub const AUTOSAVE_EVERY: std::time::Duration = std::time::Duration::from_secs(30);
/// The recovery file's name in the app's data folder.
pub const RECOVERY_FILE: &str = "recovery.ioscope";

impl IoscopeApp {
    /// Starts loading `inputs` (the bundled sample when empty).
    pub fn new(ctx: &egui::Context, inputs: Vec<Input>, options: LoadOptions) -> Self {
        ui::fonts::install(ctx);
        let wake = ctx.clone();
        let mut app = Self {
            state: AppState {
                derived: DerivedViews::new(move || wake.request_repaint()),
                countries: options.countries.clone(),
                ..AppState::default()
            },
            panels: ui::Panels::default(),
            loading_paths: None,
            last_load: None,
            options,
            ctx: ctx.clone(),
            autostart_layout: true,
            recovery_path: None,
            autosave_every: AUTOSAVE_EVERY,
            last_autosave: std::time::Instant::now(),
            recovering: false,
        };
        match inputs.as_slice() {
            [] => app.start_load(vec![crate::io::sample::sample_input()]),
            [Input::Path(p)] if crate::state::session::is_session_file(p) => {
                app.open_session(p.clone());
            }
            _ => app.start_load(inputs),
        }
        app
    }

    fn start_load(&mut self, inputs: Vec<Input>) {
        let options = self.options.clone();
        self.start_load_with(inputs, options);
    }

    fn start_load_with(&mut self, inputs: Vec<Input>, options: LoadOptions) {
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
        self.last_load = Some((inputs.clone(), options.clone()));
        let ctx = self.ctx.clone();
        self.state.job = Some(LoadJob::start(inputs, options, move || {
            ctx.request_repaint();
        }));
    }

    /// Autosaves unsaved work to `path`; offers the work found there, left by a
    /// session that did not close cleanly.
    pub fn with_recovery(mut self, path: std::path::PathBuf) -> Self {
        if path.exists() {
            self.state.recovery_offer = Some(path.clone());
        }
        self.recovery_path = Some(path);
        self
    }

    /// Starts from remembered settings (theme, recent files, styles).
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.ctx.set_theme(settings.theme.preference());
        self.state.settings = settings;
        self
    }

    /// Applies one command. One that would drop unsaved changes (opening another
    /// dataset, closing, quitting) first asks what to do with them.
    pub fn apply(&mut self, command: Command) {
        let drops_work = matches!(
            command,
            Command::Open(_)
                | Command::OpenRecent(_)
                | Command::OpenSample
                | Command::Close
                | Command::Quit
        );
        if drops_work && self.state.has_unsaved_changes() && !self.state.may_close {
            self.state.confirm = Some(command);
            return;
        }
        match command {
            Command::Open(paths) => match paths.as_slice() {
                [] => {}
                [p] if crate::state::session::is_session_file(p) => self.open_session(p.clone()),
                _ => {
                    self.state.pending_restore = None;
                    self.state.session_path = None;
                    self.start_load(paths.into_iter().map(Input::Path).collect());
                }
            },
            Command::SaveSession => self.save_session(),
            Command::SaveSessionAs => self.save_session_as(),
            Command::SaveSessionTo(path) => self.save_session_to(path),
            Command::ExportPlot(which, format) => self.export_plot(which, format),
            Command::ShowFigureDialog(show) => self.show_figure_dialog(show),
            Command::SetFigureSettings(settings) => self.set_figure_settings(settings),
            Command::ExportFigure => self.export_figure(),
            Command::ExportFigureTo(path) => self.export_figure_to(path),
            Command::CancelFigure => self.cancel_figure(),
            Command::CopyImage => self.copy_image(),
            Command::ExportNetwork { format, filtered } => self.export_network(format, filtered),
            Command::ExportNetworkTo {
                path,
                format,
                filtered,
            } => self.export_network_to(path, format, filtered),
            Command::SetExportNetworkWhole(whole) => self.state.export_network_whole = whole,
            Command::ConfirmSave => {
                self.state.after_save = self.state.confirm.take();
                self.save_session();
            }
            Command::ConfirmDiscard => {
                if let Some(pending) = self.state.confirm.take() {
                    // The changes are dropped: nothing is unsaved any more.
                    self.state.saved_changes = self.state.changes;
                    self.forget_recovery();
                    self.apply(pending);
                }
            }
            Command::ConfirmCancel => self.state.confirm = None,
            Command::RestoreRecovery => self.restore_recovery(),
            Command::LoadOffer(i) => self.load_offer(i),
            Command::ReadTexts(tweets) => self.read_texts(tweets),
            Command::LoadAnyway => {
                self.state.memory_refusal = None;
                if let Some((inputs, options)) = self.last_load.take() {
                    let options = LoadOptions {
                        ignore_memory: true,
                        ..options
                    };
                    self.start_load_with(inputs, options);
                }
            }
            Command::DismissMemoryRefusal => self.state.memory_refusal = None,
            Command::DiscardRecovery => self.forget_recovery(),
            Command::OpenDialog => self.open_dialog(),
            Command::OpenRecent(i) => {
                if let Some(files) = self.state.settings.recent.get(i).cloned() {
                    self.apply(Command::Open(files));
                }
            }
            Command::Close => self.state.close(),
            Command::SetTheme(theme) => {
                self.state.settings.theme = theme;
                self.ctx.set_theme(theme.preference());
            }
            Command::FocusSearch => self.panels.filters.focus = true,
            Command::OpenSample => {
                self.state.pending_restore = None;
                self.state.session_path = None;
                self.start_load(vec![crate::io::sample::sample_input()]);
            }
            Command::CancelLoad => {
                if let Some(job) = self.state.job.take() {
                    job.cancel();
                }
            }
            Command::ShowReport(show) => self.state.show_report = show,
            Command::Search(text) => self.search(&text),
            Command::Quit => {
                self.state.may_close = true;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Command::Present(_) | Command::SetActivityStrip(_) => self.apply_views_command(command),
            Command::SetCoordination(settings) => self.compute_coordination(settings),
            Command::SetCoordinationLayer(mode) => {
                self.state.coordination.layer = mode;
                self.refresh_coordination_layer();
            }
            Command::ShowEvidence(a, b) => self.show_evidence(a, b),
            Command::SetSubnetwork(which) => self.set_subnetwork(which),
            Command::SelectAccounts(accounts) => self.select_accounts(&accounts),
            Command::AddView
            | Command::UpdateView(_)
            | Command::DeleteView(_)
            | Command::RenameView(..)
            | Command::SetViewCaption(..)
            | Command::MoveView { .. }
            | Command::GoToView(_)
            | Command::NextView
            | Command::PreviousView
            | Command::SetAnnotation { .. } => {
                self.state.changes += 1;
                self.apply_views_command(command);
            }
            other => self.apply_view_command(other),
        }
    }

    /// Applies a command about the filter, the plots or the canvas.
    fn apply_view_command(&mut self, command: Command) {
        if !matches!(command, Command::SetViewport(_)) {
            // Everything here changes the work on screen.
            self.state.changes += 1;
        }
        match command {
            Command::Select { nodes, add } => self.change_selection(|v| v.select(&nodes, add)),
            Command::ToggleSelected(node) => self.change_selection(|v| v.toggle(node)),
            Command::ClearSelection => self.change_selection(|v| v.select(&[], false)),
            Command::SetFilter(spec) => {
                self.state.filter = *spec;
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
                self.refresh_plots();
            }
            Command::SetTimeZone(name) => {
                self.state.settings.time_zone = name;
                self.refresh_plots();
            }
            Command::SetStyle(style) => {
                self.state.settings.style = style;
                if let Some(view) = &mut self.state.view
                    && view.style != style
                {
                    if view.style.size_by != style.size_by
                        && let Some(m) = &self.state.metrics
                    {
                        view.centrality = centrality_for(m, style.size_by, view.node_count());
                    }
                    view.style = style;
                    self.request_derived(Changed::Style);
                }
            }
            Command::MoveNode { node, x, y } => self.with_view(|v| v.move_node(node, [x, y])),
            Command::SetCamera(camera) => {
                // The user's own move ends a flight to a view.
                self.state.flight = None;
                self.with_view(|v| v.set_camera(camera));
            }
            Command::SetViewport(rect) => self.with_view(|v| v.set_viewport(rect)),
            Command::FitAll => self.with_view(GraphView::fit_all),
            Command::ZoomToSelection => self.with_view(GraphView::zoom_to_selection),
            Command::LayoutRun => {
                self.with_view(|v| v.layout_command(LayoutCommand::Start { keep_going: false }));
            }
            Command::LayoutPause => self.with_view(|v| v.layout_command(LayoutCommand::Pause)),
            Command::LayoutReset => self.with_view(|v| {
                v.layout_command(LayoutCommand::Reset {
                    seed: LAYOUT_SEED + 1,
                });
                v.layout_command(LayoutCommand::Start { keep_going: false });
                v.auto_fit = true;
            }),
            _ => {}
        }
    }

    /// The filter changed: masks, canvas and plots are recomputed in the background.
    fn refilter(&mut self) {
        self.request_derived(Changed::Filter);
    }

    /// The plots' inputs changed (selection, bins, time zone): the filter stays.
    fn refresh_plots(&mut self) {
        self.request_derived(Changed::Plots);
    }

    /// Asks for the derived views of what changed. The filter's masks are reused
    /// when its spec is the one they were computed for.
    fn request_derived(&mut self, changed: Changed) {
        let s = &mut self.state;
        let Some(loaded) = &s.loaded else {
            return;
        };
        let known = s
            .filtered
            .as_ref()
            .filter(|_| s.filtered_spec == s.filter && changed != Changed::Filter)
            .map(Arc::clone);
        let mut selected_accounts = vec![false; loaded.dataset.accounts.len()];
        let mut canvas_style = None;
        if let Some(view) = &s.view {
            for &n in &view.selection.order {
                if let Some(&a) = view.network.account.get(n as usize)
                    && let Some(slot) = selected_accounts.get_mut(a as usize)
                {
                    *slot = true;
                }
            }
            canvas_style = (changed != Changed::Plots || known.is_none()).then(|| CanvasStyle {
                style: view.style,
                palette: view.palette,
                selected: view.selection.flags.clone(),
                community: Arc::clone(&view.community),
                centrality: Arc::clone(&view.centrality),
                layer_only: view
                    .layer
                    .as_ref()
                    .filter(|l| l.instead)
                    .map(|l| Arc::clone(&l.members)),
            });
        }
        s.derived.request(DerivedRequest {
            dataset: Arc::clone(&loaded.dataset),
            network: Arc::clone(&loaded.network),
            evidence: Arc::clone(&loaded.evidence),
            spec: s.filter.clone(),
            known,
            mode: s.settings.filter_mode,
            canvas: canvas_style,
            selected_accounts,
            bin: s.settings.activity_bin,
            stack: s.settings.activity_stack,
            time_zone: s.settings.time_zone.clone(),
        });
    }

    /// Shows derived views that arrived.
    fn show_derived(&mut self, d: Derived) {
        let s = &mut self.state;
        let fade_from = match (&s.view, &d.canvas) {
            (Some(view), Some(_)) if std::mem::take(&mut s.fade_next) => {
                Some((Arc::clone(&view.scene.nodes), Arc::clone(&view.scene.edges)))
            }
            _ => None,
        };
        if let (Some(view), Some(c)) = (&mut s.view, d.canvas) {
            if c.styled_with.style == view.style && c.styled_with.palette == view.palette {
                view.set_filter_styled(&c.node_shown, c.edge_shown, c.mode, c.styled);
            } else {
                view.set_filter(&c.node_shown, c.edge_shown, c.mode);
            }
        }
        s.filtered = Some(d.filtered);
        s.filtered_spec = d.spec;
        s.activity = Some(d.activity);
        s.hours = Some(d.hours);
        s.creation = Some(d.creation);
        if let Some(before) = fade_from {
            self.fade_to_new_style(before);
        }
    }

    /// Changes the selection; the inspector and the activity line follow.
    pub(super) fn change_selection(&mut self, change: impl FnOnce(&mut GraphView)) {
        self.with_view(change);
        self.state.inspected = match (&self.state.loaded, &self.state.view) {
            (Some(loaded), Some(view)) if view.selection.order.len() == 1 => Inspected::compute(
                &loaded.dataset,
                &view.network,
                &loaded.by_author,
                view.selection.order[0],
            ),
            _ => None,
        };
        self.refresh_plots();
    }

    /// Selects the account `text` names and zooms to it.
    fn search(&mut self, text: &str) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let found = find_account(&loaded.dataset.accounts, text);
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

    /// The file dialog runs as a job so that the UI keeps drawing.
    fn open_dialog(&mut self) {
        if self.state.dialog.is_some() {
            return;
        }
        let ctx = self.ctx.clone();
        self.state.dialog = Some(Job::spawn(
            "dialog",
            |_| {
                rfd::FileDialog::new()
                    .set_title("Open archive or network files")
                    .add_filter(
                        "Archives, networks and sessions",
                        &[
                            "csv", "gz", "zip", "ioscope", "gexf", "graphml", "gml", "net", "json",
                            "tsv", "txt", "edgelist", "edges",
                        ],
                    )
                    .add_filter("Archive files", &["csv", "gz", "zip"])
                    .add_filter("Network files", &["gexf", "graphml", "gml", "net", "json"])
                    .add_filter("All files", &["*"])
                    .pick_files()
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Collects finished background work.
    pub fn poll(&mut self) {
        if let Some(dialog) = &mut self.state.dialog
            && let JobPoll::Done(picked) = dialog.poll()
        {
            self.state.dialog = None;
            if let Ok(Some(paths)) = picked {
                self.apply(Command::Open(paths));
            }
        }
        if let Some(job) = &mut self.state.metrics_job
            && let JobPoll::Done(result) = job.poll()
        {
            self.state.metrics_job = None;
            self.state.metrics = result.ok();
            if let (Some(view), Some(m)) = (&mut self.state.view, &self.state.metrics) {
                view.set_metrics(
                    Arc::new(m.partition.membership.clone()),
                    centrality_for(m, view.style.size_by, view.node_count()),
                );
            }
        }
        self.poll_coordination();
        self.poll_texts();
        if let Some(derived) = self.state.derived.poll() {
            self.show_derived(derived);
        }
        self.poll_sessions();
        self.poll_exports();
        self.poll_thumbnails();
        let Some(job) = &mut self.state.job else {
            return;
        };
        let Some(result) = job.poll() else {
            return;
        };
        let inputs = job.inputs.clone();
        self.state.job = None;
        match result {
            Ok(loaded) => self.show_loaded(loaded, inputs),
            Err(LoadError::Cancelled) => {}
            // The current dataset stays; the user picks what to load instead.
            Err(LoadError::TooLarge(refusal)) => self.state.memory_refusal = Some(refusal),
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

    /// Reads tweets' texts from their files in the background (one reading at a time;
    /// what is asked meanwhile is read next).
    fn read_texts(&mut self, tweets: Vec<u32>) {
        let state = &mut self.state;
        for t in tweets {
            if !state.read_texts.contains_key(&t) && !state.texts_wanted.contains(&t) {
                state.texts_wanted.push(t);
            }
        }
        if state.texts_job.is_some() || state.texts_wanted.is_empty() {
            return;
        }
        let Some(loaded) = &state.loaded else {
            return;
        };
        let dataset = Arc::clone(&loaded.dataset);
        let batch = std::mem::take(&mut state.texts_wanted);
        let ctx = self.ctx.clone();
        state.texts_job = Some(crate::jobs::Job::spawn(
            "texts",
            move |_| match &dataset.text_sources {
                Some(sources) => crate::io::texts::read_texts(sources, &batch),
                None => Vec::new(),
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Collects texts read from the files, and reads what was asked meanwhile.
    fn poll_texts(&mut self) {
        let Some(job) = &mut self.state.texts_job else {
            return;
        };
        let crate::jobs::JobPoll::Done(result) = job.poll() else {
            return;
        };
        self.state.texts_job = None;
        if let Ok(texts) = result {
            self.state.read_texts.extend(texts);
        }
        let wanted = std::mem::take(&mut self.state.texts_wanted);
        self.read_texts(wanted);
    }

    /// Loads what the i-th offer of the memory refusal says: the same files without
    /// texts, or only some of them.
    fn load_offer(&mut self, i: usize) {
        use crate::io::memory::Offer;
        let Some(refusal) = self.state.memory_refusal.take() else {
            return;
        };
        let (Some(offer), Some((inputs, options))) = (refusal.offers.get(i), self.last_load.take())
        else {
            return;
        };
        match offer {
            Offer::WithoutTexts { .. } => {
                let options = LoadOptions {
                    keep_text: false,
                    ..options
                };
                self.start_load_with(inputs, options);
            }
            Offer::DateWindow { from, to, .. } => {
                let options = LoadOptions {
                    window: Some((*from, *to)),
                    ..options
                };
                self.start_load_with(inputs, options);
            }
            Offer::SomeFiles { files, .. } => {
                let kept: Vec<Input> = inputs
                    .into_iter()
                    .filter(|input| files.contains(&input.name()))
                    .collect();
                if !kept.is_empty() {
                    self.start_load_with(kept, options);
                }
            }
        }
    }

    /// A new dataset replaces the one shown (restoring a session's work when one was
    /// being opened).
    fn show_loaded(&mut self, loaded: crate::state::Loaded, inputs: Vec<String>) {
        let restore = self.state.pending_restore.take();
        let session_path = self.state.session_path.take();
        self.state.close();
        self.state.report = LoadReport {
            error: None,
            inputs,
        };
        self.state.show_report = loaded.dataset.warning_count > 0 && self.state.show_report;
        let ctx = self.ctx.clone();
        let repaint = move || ctx.request_repaint();
        let palette = Palette::for_visuals(&self.ctx.global_style().visuals);
        let (dataset, network) = (Arc::clone(&loaded.dataset), Arc::clone(&loaded.network));
        let mut view = match &restore {
            Some(r) => {
                let p = &r.positions;
                let at = (p.x.clone(), p.y.clone(), p.pinned.clone());
                GraphView::new_at(dataset, network, palette, at, repaint)
            }
            None => GraphView::new(dataset, network, palette, self.autostart_layout, repaint),
        };
        view.set_style(style_for(
            &loaded.dataset,
            self.state.settings.style,
            restore.is_none(),
        ));
        self.state.dataset_paths = self.loading_paths.clone();
        match (&session_path, self.loading_paths.take()) {
            (Some(path), _) if restore.is_some() => {
                self.state.settings.remember(vec![path.clone()]);
            }
            (_, Some(files)) => self.state.settings.remember(files),
            _ => {}
        }
        self.state.view = Some(view);
        self.state.loaded = Some(loaded);
        self.state.subnetwork = crate::analysis::subnetwork::Subnetwork::Interactions;
        self.compute_metrics();
        self.state.filter = FilterSpec::default();
        self.state.search_message = None;
        if let Some(r) = restore {
            self.state.session_path = session_path;
            self.restore(&r);
        }
        self.refilter();
    }

    /// One frame of UI: poll, draw the panels, apply the commands they returned.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        // Closing the window with unsaved changes asks first.
        if ui.ctx().input(|i| i.viewport().close_requested())
            && self.state.has_unsaved_changes()
            && !self.state.may_close
        {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.state.confirm = Some(Command::Quit);
        }
        self.poll();
        if let Some(view) = &mut self.state.view {
            // The layout moving on its own is no change of the user's (running it
            // was, when asked).
            view.poll_layout();
            view.set_palette(Palette::for_visuals(ui.visuals()));
        }
        self.animate(ui.input(|i| i.time));
        self.autosave_if_due();
        let commands = ui::window_ui(ui, &self.state, &mut self.panels);
        if self.state.is_busy() || self.state.dialog.is_some() {
            ui.ctx().request_repaint_after(POLL_INTERVAL);
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

    /// A clean exit leaves no recovery file behind.
    fn on_exit(&mut self) {
        self.forget_recovery();
    }
}

/// Key of [`Settings`] in eframe's storage.
pub const SETTINGS_KEY: &str = "ioscope settings";

/// The style a dataset opens with: the one last used where the dataset offers it; a
/// network file's own colours and sizes when it has them (unless a session's work is
/// being restored, which brings its own).
fn style_for(
    ds: &crate::model::Dataset,
    last: crate::render::Style,
    fresh: bool,
) -> crate::render::Style {
    use crate::render::{ColorBy, SizeBy};
    let mut style = last;
    let colors = ColorBy::choices(ds);
    let sizes = SizeBy::choices(ds);
    if !colors.contains(&style.color_by) {
        style.color_by = ColorBy::Country;
    }
    if !sizes.contains(&style.size_by) {
        style.size_by = SizeBy::Degree;
    }
    if fresh && colors.contains(&ColorBy::FileColors) {
        style.color_by = ColorBy::FileColors;
    }
    if fresh && sizes.contains(&SizeBy::FileSizes) {
        style.size_by = SizeBy::FileSizes;
    }
    style
}
