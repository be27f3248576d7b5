//! The coordination tab's state: the settings (kind, Δt, minimum weight and share, τ), the network
//! they give (computed on a job; the last result stays on screen until the next is
//! ready), its groups of coordinated accounts, and the edge whose evidence is shown.

use std::sync::Arc;

use crate::analysis::coordination::{
    CoordinationEdge, CoordinationParams, account_groups, coordination, suggested_window,
};
use crate::jobs::Job;
use crate::model::{AccountIdx, Dataset};

/// What to compute: kind, Δt, minimum weight and share, τ.
pub type CoordinationSettings = CoordinationParams;

/// A computed coordination network.
#[derive(Clone, Debug, PartialEq)]
pub struct CoordinationResult {
    pub settings: CoordinationSettings,
    /// Directed edges, strongest first.
    pub edges: Vec<CoordinationEdge>,
    /// Groups of accounts the edges join, largest first.
    pub groups: Vec<Vec<AccountIdx>>,
    /// The Δt the data suggests for this kind (seconds), when it has shared items.
    pub suggested_window: Option<i64>,
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
    let mut edges = coordination(ds, &settings, None, cancelled).map_err(|e| e.to_string())?;
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
        suggested_window: suggested_window(ds, settings.kind),
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
