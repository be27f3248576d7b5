//! Runtime state of the window, apart from what is remembered between runs
//! ([`settings`]): the loaded dataset ([`loaded`]), its view, the background jobs
//! (loading, the file dialog, the derived views of [`derived`]), the filter and what it
//! shows, the plots' series and the inspector's digest; and every user intent with an
//! app-wide effect ([`command`]). Panels read it; the app alone changes it.

pub mod command;
pub mod derived;
pub mod loaded;
pub mod session;
pub mod settings;

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::activity::{Activity, Histogram, HourOfWeek};
use crate::analysis::inspect::Inspected;
use crate::filter::{FilterSpec, Filtered};
use crate::jobs::Job;
use crate::render::GraphView;
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
}

impl AppState {
    /// Whether background work the window waits on is running (a load, or derived
    /// views not yet shown).
    pub fn is_busy(&self) -> bool {
        self.job.is_some() || self.derived.is_busy()
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
        self.filter = FilterSpec::default();
        self.filtered_spec = FilterSpec::default();
    }
}
