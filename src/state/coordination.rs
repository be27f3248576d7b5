//! The coordination tab's state: the settings (kind, Δt, minimum weight), the network
//! they give (computed on a job; the last result stays on screen until the next is
//! ready), its groups of coordinated accounts, and the edge whose evidence is shown.

use std::sync::Arc;

use crate::analysis::coordination::{
    CoordinationEdge, CoordinationKind, account_groups, coordination,
};
use crate::jobs::Job;
use crate::model::{AccountIdx, Dataset};

/// What to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoordinationSettings {
    pub kind: CoordinationKind,
    /// Δt in seconds.
    pub window: i64,
    pub min_weight: u32,
}

impl Default for CoordinationSettings {
    fn default() -> Self {
        Self {
            kind: CoordinationKind::CoRetweet,
            window: 60,
            min_weight: 2,
        }
    }
}

/// A computed coordination network.
#[derive(Clone, Debug, PartialEq)]
pub struct CoordinationResult {
    pub settings: CoordinationSettings,
    /// Directed edges, strongest first.
    pub edges: Vec<CoordinationEdge>,
    /// Groups of accounts the edges join, largest first.
    pub groups: Vec<Vec<AccountIdx>>,
    pub seconds: f64,
}

/// The network, or why there is none.
pub type CoordinationJob = Job<Result<CoordinationResult, String>>;

/// Computes `settings`' network of `ds` (the job's work), stopping when cancelled.
pub fn compute(
    ds: &Dataset,
    settings: CoordinationSettings,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<CoordinationResult, String> {
    let start = std::time::Instant::now();
    let mut edges = coordination(
        ds,
        settings.kind,
        settings.window,
        settings.min_weight,
        None,
        cancelled,
    )
    .map_err(|e| e.to_string())?;
    let groups = account_groups(&edges);
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then((a.from, a.to).cmp(&(b.from, b.to)))
    });
    Ok(CoordinationResult {
        settings,
        edges,
        groups,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// An edge (from, to) and its pairs of matching tweets (from's, to's).
pub type Evidence = ((AccountIdx, AccountIdx), Vec<(u32, u32)>);

/// The tab's state.
#[derive(Default)]
pub struct CoordinationState {
    pub settings: CoordinationSettings,
    pub result: Option<Arc<CoordinationResult>>,
    pub error: Option<String>,
    pub job: Option<CoordinationJob>,
    /// The edge whose evidence is shown, and its pairs of matching tweets.
    pub evidence: Option<Evidence>,
}
