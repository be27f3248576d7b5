//! The views derived from a filter, computed off the UI thread: a filter change, a
//! selection change or a plot setting becomes a [`DerivedRequest`]; a [`Job`] named
//! `derive` computes the masks, the canvas's style for them, the activity series, the
//! posting hours and the creation histogram ([`Derived`]); the UI keeps drawing the
//! previous result until the new one arrives. At most one job runs; a request made
//! meanwhile waits, and only the newest waiting one is started (latest wins).

use std::sync::Arc;

use crate::analysis::activity::{self, Activity, Bin, Histogram, HourOfWeek, StackBy};
use crate::filter::{self, FilterMode, FilterSpec, Filtered};
use crate::graph::{Evidence, Network};
use crate::jobs::{Job, JobPoll};
use crate::model::Dataset;
use crate::render::Palette;
use crate::render::style::{Marks, Style, Styled, style};

/// Everything the derived views are computed from.
#[derive(Clone)]
pub struct DerivedRequest {
    pub dataset: Arc<Dataset>,
    pub network: Arc<Network>,
    pub evidence: Arc<Evidence>,
    pub spec: FilterSpec,
    /// The filter's result for `spec` when already known (only the plots change).
    pub known: Option<Arc<Filtered>>,
    pub mode: FilterMode,
    /// The canvas's style inputs (`None`: no canvas to restyle).
    pub canvas: Option<CanvasStyle>,
    /// Accounts whose tweets make the activity's selection line.
    pub selected_accounts: Vec<bool>,
    pub bin: Option<Bin>,
    pub stack: StackBy,
    /// IANA name of the heatmap's time zone.
    pub time_zone: String,
}

/// The canvas's style and marks a filter's style is computed with.
#[derive(Clone, Debug, PartialEq)]
pub struct CanvasStyle {
    pub style: Style,
    pub palette: Palette,
    /// Selection flag per node.
    pub selected: Vec<bool>,
    /// Communities and PageRank per node (empty until computed).
    pub community: Arc<Vec<u32>>,
    pub centrality: Arc<Vec<f64>>,
    /// When a coordination layer is shown instead of the network: its accounts (the
    /// canvas shows only those, without the interaction edges).
    pub layer_only: Option<Arc<Vec<bool>>>,
}

/// The canvas's side of a filter: its masks and the style computed for them.
pub struct CanvasFilter {
    /// Node and edge masks (empty: all shown).
    pub node_shown: Vec<bool>,
    pub edge_shown: Vec<bool>,
    pub mode: FilterMode,
    /// What it was styled with, and the result.
    pub styled_with: CanvasStyle,
    pub styled: Styled,
}

/// What a request computes.
pub struct Derived {
    pub spec: FilterSpec,
    pub filtered: Arc<Filtered>,
    /// `None` when only the plots changed (the filter was known).
    pub canvas: Option<CanvasFilter>,
    pub activity: Activity,
    pub hours: HourOfWeek,
    pub creation: Histogram,
}

/// Computes the derived views of a request (the job's work; headless too).
pub fn derive(request: DerivedRequest) -> Derived {
    let DerivedRequest {
        dataset: ds,
        network,
        evidence,
        spec,
        known,
        mode,
        canvas,
        selected_accounts,
        bin,
        stack,
        time_zone,
    } = request;
    let filtered =
        known.unwrap_or_else(|| Arc::new(filter::apply(&ds, &network, &evidence, &spec)));
    // A style change with the filter known still restyles: the request only carries a
    // canvas when it must be restyled.
    let canvas = canvas.map(|with| {
        let (mut node_shown, mut edge_shown) = if spec.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            (filtered.node_mask(&network), filtered.edge_mask())
        };
        let mut mode = mode;
        if let Some(members) = &with.layer_only {
            if node_shown.is_empty() {
                node_shown = vec![true; network.node_count()];
            }
            for (shown, &member) in node_shown.iter_mut().zip(members.iter()) {
                *shown &= member;
            }
            edge_shown = vec![false; network.edges.len()];
            mode = FilterMode::Hide;
        }
        let filtered_out: Vec<bool> = node_shown.iter().map(|&s| !s).collect();
        let styled = style(
            &network,
            &ds,
            with.style,
            with.palette,
            &Marks {
                selected: &with.selected,
                filtered_out: &filtered_out,
                hide: mode == FilterMode::Hide,
                edge_shown: &edge_shown,
                community: &with.community,
                centrality: &with.centrality,
            },
        );
        CanvasFilter {
            node_shown,
            edge_shown,
            mode,
            styled_with: with,
            styled,
        }
    });
    let tz = jiff::tz::TimeZone::get(&time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let tweets = Some(filtered.tweets.as_slice());
    Derived {
        activity: activity::compute(&ds, tweets, bin, stack, &selected_accounts),
        hours: activity::hour_of_week(&ds, tweets, &tz),
        creation: activity::creation_histogram(&ds, Some(&filtered.accounts), None),
        spec,
        filtered,
        canvas,
    }
}

/// The derived views in the background: one job at a time, the newest request next.
#[derive(Default)]
pub struct DerivedViews {
    running: Option<Job<Derived>>,
    waiting: Option<DerivedRequest>,
    /// Called when a job finishes (a repaint request).
    wake: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl DerivedViews {
    pub fn new(wake: impl Fn() + Send + Sync + 'static) -> Self {
        Self {
            wake: Some(Arc::new(wake)),
            ..Self::default()
        }
    }

    /// Asks for the views of `request`; it replaces any request not yet started.
    pub fn request(&mut self, request: DerivedRequest) {
        self.waiting = Some(request);
        if self.running.is_none() {
            self.start_waiting();
        }
    }

    fn start_waiting(&mut self) {
        if let Some(request) = self.waiting.take() {
            let wake = self.wake.clone();
            self.running = Some(Job::spawn(
                "derive",
                move |_| derive(request),
                move || {
                    if let Some(wake) = wake {
                        wake();
                    }
                },
            ));
        }
    }

    /// The finished result, if any; starts the waiting request. A result superseded
    /// by a waiting request is still returned (it is newer than what is shown).
    pub fn poll(&mut self) -> Option<Derived> {
        let job = self.running.as_mut()?;
        let result = match job.poll() {
            JobPoll::Running => return None,
            JobPoll::Done(result) => result.ok(),
        };
        self.running = None;
        self.start_waiting();
        result
    }

    /// Whether work is running or waiting.
    pub fn is_busy(&self) -> bool {
        self.running.is_some() || self.waiting.is_some()
    }

    /// Drops what is waiting and forgets what runs (its result is not wanted).
    pub fn clear(&mut self) {
        self.waiting = None;
        self.running = None;
    }
}
