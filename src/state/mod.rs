//! Runtime state of the window, apart from what is remembered between runs
//! ([`settings`]): the loaded dataset ([`loaded`]), its view, the background jobs
//! (loading, the file dialog, the derived views of [`derived`]), the filter and what it
//! shows, the plots' series and the inspector's digest; and every user intent with an
//! app-wide effect ([`command`]); the saved views and the presentation ([`views`]); the
//! network's communities and centralities ([`metrics`]); coordination ([`coordination`]). Panels read it; the app alone changes it.

pub mod command;
pub mod coordination;
pub mod derived;
pub mod figure;
pub mod loaded;
pub mod metrics;
pub mod session;
pub mod settings;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::activity::{Activity, Histogram, HourOfWeek};
use crate::analysis::inspect::Inspected;
use crate::filter::{FilterSpec, Filtered};
use crate::jobs::Job;
use crate::render::{GraphView, Palette};
pub use command::Command;
pub use derived::DerivedViews;
pub use loaded::{LoadJob, Loaded, load_all};
pub use settings::Settings;

/// Problems of the last load, for the report window.
#[derive(Default)]
pub struct LoadReport {
    /// The error that stopped the last load, if it failed.
    pub error: Option<String>,
    /// What was being opened.
    pub inputs: Vec<String>,
}

/// A view's thumbnail being drawn: its PNG bytes.
pub type ThumbnailJob = Job<Result<Vec<u8>, String>>;

/// Runtime state the panels read.
#[derive(Default)]
pub struct AppState {
    pub loaded: Option<Loaded>,
    /// The network view of the loaded dataset.
    pub view: Option<GraphView>,
    /// The load in progress.
    pub job: Option<LoadJob>,
    /// The file dialog, open on its own thread.
    pub dialog: Option<Job<Option<Vec<PathBuf>>>>,
    pub report: LoadReport,
    pub show_report: bool,
    pub filter: FilterSpec,
    /// What the filter shows of the loaded dataset (for `filtered_spec`, which is
    /// `filter` once the derived views have caught up).
    pub filtered: Option<Arc<Filtered>>,
    pub filtered_spec: FilterSpec,
    /// The filter's derived views, computed in the background.
    pub derived: DerivedViews,
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
    /// Campaign → country overrides the dataset was loaded with.
    pub countries: std::collections::BTreeMap<String, String>,
    /// The files of the loaded dataset (`None`: the bundled sample).
    pub dataset_paths: Option<Vec<PathBuf>>,
    /// The session file this work was opened from or saved to.
    pub session_path: Option<PathBuf>,
    /// Session work in the background: saving, its dialog, opening one.
    pub session_jobs: SessionJobs,
    /// A session waiting for its dataset to load, to be restored then.
    pub pending_restore: Option<session::Session>,
    /// What the last session action did (for the status bar).
    pub session_message: Option<String>,
    /// Network exports hold the whole network (not only what the filters show).
    pub export_network_whole: bool,
    /// Changes made to the work on screen (a count), and the count when it was last
    /// saved by the user and last autosaved.
    pub changes: u64,
    pub saved_changes: u64,
    pub autosaved_changes: u64,
    /// The change count a save in progress saves.
    pub saving_changes: u64,
    /// Size and CRC-32 of the dataset's files, once computed (a save needs them).
    pub fingerprints: Option<Vec<session::SavedInput>>,
    /// Work autosaved before a crash, offered for restoring.
    pub recovery_offer: Option<PathBuf>,
    /// Texts read back from the files (datasets loaded without texts), by tweet.
    pub read_texts: std::collections::HashMap<u32, Result<String, String>>,
    /// Reading texts in the background, and the tweets asked for meanwhile.
    pub texts_job: Option<crate::jobs::Job<crate::io::texts::ReadTexts>>,
    pub texts_wanted: Vec<u32>,
    /// A load refused for want of memory: why, and what would fit.
    pub memory_refusal: Option<crate::io::memory::TooLarge>,
    /// A command that would drop unsaved changes, waiting for the user's answer.
    pub confirm: Option<Command>,
    /// A command to run once the save in progress has succeeded.
    pub after_save: Option<Command>,
    /// The window may close (its unsaved changes were saved or dropped).
    pub may_close: bool,
    /// The coordination tab: settings, network, evidence.
    pub coordination: coordination::CoordinationState,
    /// The network's communities and centralities, and their job.
    pub metrics: Option<Arc<metrics::NetworkMetrics>>,
    pub metrics_job: Option<metrics::MetricsJob>,
    /// The network the metrics are (being) computed on.
    pub subnetwork: crate::analysis::subnetwork::Subnetwork,
    /// The figure export dialog, when open.
    pub figure: Option<figure::FigureDialog>,
    /// The figure settings last used.
    pub figure_settings: figure::FigureSettings,
    /// Saved views, in presentation order.
    pub views: Vec<views::SavedView>,
    /// The view last gone to (the presentation starts there).
    pub current_view: Option<usize>,
    /// Presenting (full screen, panels hidden).
    pub presenting: Option<views::Presenting>,
    /// The camera flying to a view, and accounts fading between two filters.
    pub flight: Option<views::Flight>,
    pub fade: Option<views::Fade>,
    /// The next filter result fades in (it was asked for by going to a view).
    pub fade_next: bool,
    /// Thumbnails being drawn, by the id of their view.
    pub thumbnails: Vec<(u64, ThumbnailJob)>,
}

/// A session written: its file and the dataset's fingerprints.
pub type Saved = (PathBuf, Vec<session::SavedInput>);

/// Background work on session files.
#[derive(Default)]
pub struct SessionJobs {
    /// Writing a session (the input files are fingerprinted first): the file and
    /// the fingerprints.
    pub saving: Option<Job<Result<Saved, session::SessionError>>>,
    /// Writing the recovery file.
    pub autosaving: Option<Job<Result<Vec<session::SavedInput>, session::SessionError>>>,
    /// The "Save session as" dialog.
    pub save_dialog: Option<Job<Option<PathBuf>>>,
    /// Reading a session and checking its input files.
    pub opening: Option<Job<Result<OpenedSession, session::SessionError>>>,
    /// Asking where a moved input file is now.
    pub locating: Option<Locating>,
    /// Asking where to write a plot's data (the CSV is ready).
    pub csv_export: Option<(Vec<u8>, Job<Option<PathBuf>>)>,
    /// Asking where to write a picture of the canvas (what it shows, and the scale).
    pub picture_dialog: Option<(
        crate::render::view::ViewParts,
        figure::FigureSettings,
        Job<Option<PathBuf>>,
    )>,
    /// Drawing and writing that picture.
    pub picture: Option<Job<Result<PathBuf, String>>>,
    /// Drawing a picture for the clipboard.
    pub clipboard: Option<Job<Result<egui::ColorImage, String>>>,
    /// Asking where to write the network (its format, and whether filtered).
    pub network_dialog: Option<(
        crate::export::network::NetworkFormat,
        bool,
        Job<Option<PathBuf>>,
    )>,
    /// Writing the network.
    pub network_export: Option<Job<Result<NetworkWritten, String>>>,
}

/// A network written: the files, and its nodes and edges.
pub type NetworkWritten = (Vec<PathBuf>, usize, usize);

impl SessionJobs {
    pub fn is_busy(&self) -> bool {
        self.saving.is_some()
            || self.autosaving.is_some()
            || self.save_dialog.is_some()
            || self.opening.is_some()
            || self.locating.is_some()
            || self.csv_export.is_some()
            || self.picture_dialog.is_some()
            || self.picture.is_some()
            || self.clipboard.is_some()
            || self.network_dialog.is_some()
            || self.network_export.is_some()
    }
}

/// A session read from disk, with the state of each of its input files.
pub struct OpenedSession {
    pub path: PathBuf,
    pub session: session::Session,
    pub inputs: Vec<(PathBuf, session::InputState)>,
}

/// A session whose input `index` moved: a dialog asks where it is now.
pub struct Locating {
    pub opened: OpenedSession,
    pub index: usize,
    pub dialog: Job<Option<PathBuf>>,
}

impl AppState {
    /// Whether background work the window waits on is running (a load, derived views
    /// not yet shown, session work).
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
            || self.derived.is_busy()
            || self.session_jobs.is_busy()
            || self.metrics_job.is_some()
            || self.coordination.job.is_some()
    }

    /// The session of the work on screen (input files not yet fingerprinted), or
    /// `None` when nothing is open.
    pub fn session(&self) -> Option<session::Session> {
        let view = self.view.as_ref()?;
        let loaded = self.loaded.as_ref()?;
        let s = &self.settings;
        Some(session::Session {
            inputs: self
                .dataset_paths
                .iter()
                .flatten()
                .map(|p| session::SavedInput {
                    path: p.clone(),
                    ..session::SavedInput::default()
                })
                .collect(),
            bundled_sample: self.dataset_paths.is_none(),
            keep_text: loaded.dataset.tweets.text_offsets.is_some(),
            countries: self.countries.clone(),
            filter: self.filter.clone(),
            filter_mode: s.filter_mode,
            style: view.style,
            layout: crate::layout::handle::params_for(view.node_count()),
            camera: (!view.auto_fit).then_some(session::SavedCamera {
                center: view.camera.center,
                scale: view.camera.scale,
            }),
            selection: view.selection.order.clone(),
            activity_bin: s.activity_bin,
            activity_stack: s.activity_stack,
            time_zone: s.time_zone.clone(),
            views: self.views.clone(),
            title: view.annotation.title.clone(),
            caption: view.annotation.caption.clone(),
            positions: session::Positions {
                x: view.x.as_ref().clone(),
                y: view.y.as_ref().clone(),
                pinned: view.pinned.clone(),
            },
        })
    }

    /// Forgets the dataset and everything derived from it.
    pub fn close(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
        }
        self.derived.clear();
        self.view = None;
        self.loaded = None;
        self.filtered = None;
        self.activity = None;
        self.hours = None;
        self.creation = None;
        self.inspected = None;
        self.read_texts.clear();
        self.texts_job = None;
        self.texts_wanted.clear();
        self.filter = FilterSpec::default();
        self.filtered_spec = FilterSpec::default();
        self.dataset_paths = None;
        self.session_path = None;
        self.fingerprints = None;
        self.views.clear();
        self.current_view = None;
        self.metrics = None;
        self.subnetwork = crate::analysis::subnetwork::Subnetwork::Interactions;
        if let Some(job) = self.coordination.job.take() {
            job.cancel();
        }
        self.coordination = coordination::CoordinationState::default();
        if let Some(job) = self.metrics_job.take() {
            job.cancel();
        }
        self.presenting = None;
        self.flight = None;
        self.fade = None;
        self.fade_next = false;
        self.thumbnails.clear();
        self.saved_changes = self.changes;
        self.autosaved_changes = self.changes;
    }

    /// A plot's data as CSV, if the plot has been computed.
    pub fn plot_csv(&self, which: command::PlotData) -> Option<Vec<u8>> {
        use crate::export::plots;
        match which {
            command::PlotData::Activity => self.activity.as_ref().map(plots::activity_csv),
            command::PlotData::Hours => self
                .hours
                .as_ref()
                .map(|h| plots::hours_csv(h, &self.settings.time_zone)),
            command::PlotData::Creation => self.creation.as_ref().map(plots::creation_csv),
        }
    }

    /// The activity series' colours: the network's colour of each country when both
    /// colour and stack by country, the palette's otherwise.
    pub fn activity_colors(&self, palette: Palette) -> Vec<egui::Color32> {
        use crate::analysis::activity::StackBy;
        let Some(activity) = &self.activity else {
            return Vec::new();
        };
        let legend: Vec<(String, egui::Color32)> = match &self.view {
            Some(v)
                if v.style.color_by == crate::render::ColorBy::Country
                    && self.settings.activity_stack == StackBy::Country =>
            {
                v.legend
                    .iter()
                    .map(|e| (e.label.clone(), e.color))
                    .collect()
            }
            _ => Vec::new(),
        };
        crate::export::plot_svg::series_colors(activity, palette, &legend)
    }

    /// A plot as a file's bytes: its data (CSV) or its figure (SVG, or PNG at twice its
    /// size in points), in the canvas's palette; `None` until the plot is computed.
    pub fn plot_file(
        &self,
        which: command::PlotData,
        format: command::PlotFormat,
    ) -> Option<Result<Vec<u8>, String>> {
        use crate::export::plot_svg;
        use command::{PlotData, PlotFormat};
        let palette = self.view.as_ref().map_or(Palette::DARK, |v| v.palette);
        let scale = if format == PlotFormat::Png { 2.0 } else { 1.0 };
        let svg = match (format, which) {
            (PlotFormat::Csv, _) => return self.plot_csv(which).map(Ok),
            (_, PlotData::Activity) => {
                let colors = self.activity_colors(palette);
                plot_svg::activity_svg(self.activity.as_ref()?, &colors, palette, scale)
            }
            (_, PlotData::Hours) => plot_svg::hours_svg(
                self.hours.as_ref()?,
                &self.settings.time_zone,
                palette,
                scale,
            ),
            (_, PlotData::Creation) => {
                plot_svg::creation_svg(self.creation.as_ref()?, palette, scale)
            }
        };
        Some(match format {
            PlotFormat::Png => crate::export::pdf::rasterise(&svg)
                .and_then(|(w, h, rgba)| crate::export::pdf::png(w, h, &rgba)),
            _ => Ok(svg.into_bytes()),
        })
    }

    /// Whether the work on screen has changes not saved by the user.
    pub fn has_unsaved_changes(&self) -> bool {
        self.loaded.is_some() && self.changes != self.saved_changes
    }
}
