//! The coordination tab's state: the settings (kind, Δt, minimum weight and share, τ), the network
//! they give (computed on a job; the last result stays on screen until the next is
//! ready), its groups of coordinated accounts, and the edge whose evidence is shown.

use std::sync::Arc;

use crate::analysis::coordinated::coordinated;
use crate::analysis::coordination::{CoordinationEdge, CoordinationParams, account_groups};
use crate::jobs::Job;
use crate::model::time::Minutes;
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
    /// What the first [`SUMMARISED_GROUPS`] groups are made of.
    pub summaries: Vec<GroupSummary>,
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
    let (mut edges, suggested_window) =
        coordinated(ds, &settings, None, cancelled).map_err(|e| e.to_string())?;
    let groups = account_groups(&edges);
    if cancelled() {
        return Err("cancelled".to_owned());
    }
    let summaries = summarise(ds, &groups[..groups.len().min(SUMMARISED_GROUPS)]);
    edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then((a.from, a.to).cmp(&(b.from, b.to)))
    });
    Ok(CoordinationResult {
        settings,
        edges,
        groups,
        summaries,
        suggested_window,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Groups summarised (the tab lists as many).
pub const SUMMARISED_GROUPS: usize = 100;

/// A group of coordinated accounts: its countries, campaigns and account languages
/// (with their numbers of accounts, most first) and when its members were active
/// (their first and last tweets).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GroupSummary {
    pub countries: Vec<(String, usize)>,
    pub campaigns: Vec<(String, usize)>,
    pub languages: Vec<(String, usize)>,
    pub first: Option<Minutes>,
    pub last: Option<Minutes>,
}

/// Counts of names, most first (ties by name).
fn tally<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for n in names {
        *counts.entry(n).or_insert(0) += 1;
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().map(|(k, c)| (k.to_owned(), c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// The summaries of `groups` (one pass over the tweets for their time spans).
pub fn summarise(ds: &Dataset, groups: &[Vec<AccountIdx>]) -> Vec<GroupSummary> {
    let mut group_of: rustc_hash::FxHashMap<AccountIdx, usize> = Default::default();
    for (g, members) in groups.iter().enumerate() {
        for &a in members {
            group_of.insert(a, g);
        }
    }
    let mut out: Vec<GroupSummary> = groups
        .iter()
        .map(|members| {
            let a = &ds.accounts;
            GroupSummary {
                countries: tally(
                    members
                        .iter()
                        .map(|&m| ds.account_country(m).unwrap_or("outside")),
                ),
                campaigns: tally(members.iter().map(|&m| {
                    a.campaign(m)
                        .and_then(|c| ds.campaigns.get(usize::from(c)))
                        .map_or("outside", |c| c.name.as_str())
                })),
                languages: tally(members.iter().map(|&m| {
                    a.language
                        .get(m as usize)
                        .map_or("", |&l| ds.strings.languages.resolve(l))
                })),
                first: None,
                last: None,
            }
        })
        .collect();
    let t = &ds.tweets;
    for (i, &author) in t.author.iter().enumerate() {
        if let Some(&g) = group_of.get(&author) {
            let s = &mut out[g];
            let time = t.time[i];
            s.first = Some(s.first.map_or(time, |f| f.min(time)));
            s.last = Some(s.last.map_or(time, |l| l.max(time)));
        }
    }
    out
}

/// An edge (from, to) and its pairs of matching tweets (from's, to's).
pub type Evidence = ((AccountIdx, AccountIdx), Vec<(u32, u32)>);

/// How the network shows on the canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayerMode {
    /// Not on the canvas.
    #[default]
    Off,
    /// Its edges drawn over the interaction network.
    Over,
    /// Its accounts and edges alone, laid out by their own edges.
    Instead,
}

/// The tab's state.
#[derive(Default)]
pub struct CoordinationState {
    /// How the network shows on the canvas.
    pub layer: LayerMode,
    pub settings: CoordinationSettings,
    pub result: Option<Arc<CoordinationResult>>,
    pub error: Option<String>,
    pub job: Option<CoordinationJob>,
    /// The edge whose evidence is shown, and its pairs of matching tweets.
    pub evidence: Option<Evidence>,
}
