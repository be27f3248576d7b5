//! The coordination network as its parameters ask for it: computed
//! ([`super::coordination`]), each edge tested against the time-shuffled null model and
//! the insignificant ones dropped when asked ([`super::significance`]), and weighed by
//! TF-IDF cosine when asked ([`super::tfidf`]). What the window and the commands use.

use super::coordination::{
    CoordinationEdge, CoordinationError, CoordinationParams, MAX_MATCHES, Weighting, coordination,
    coordination_and_window,
};
use super::{significance, tfidf};
use crate::model::Dataset;

/// The network over the tweets `shown` keeps (all when `None`), sorted by (from, to),
/// and over every tweet the Δt the data suggests (`None` with a filter: see
/// [`super::coordination::suggested_window`]).
pub fn coordinated(
    ds: &Dataset,
    params: &CoordinationParams,
    shown: Option<&[bool]>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<(Vec<CoordinationEdge>, Option<i64>), CoordinationError> {
    let (mut edges, suggested) = match shown {
        None => coordination_and_window(ds, params, cancelled)?,
        Some(mask) => (coordination(ds, params, Some(mask), cancelled)?, None),
    };
    if params.shuffles > 0 && !edges.is_empty() {
        let p = significance::p_values(ds, params, shown, &edges, cancelled, MAX_MATCHES)?;
        for (e, p) in edges.iter_mut().zip(p) {
            e.p = Some(p);
        }
        edges.retain(|e| e.p.is_none_or(|p| f64::from(p) <= params.max_p));
    }
    if params.weighting == Weighting::TfIdf && !edges.is_empty() {
        let cosines = tfidf::cosines(tfidf::items_of(ds, params, shown)?, &edges);
        for (e, c) in edges.iter_mut().zip(cosines) {
            e.tfidf = Some(c);
        }
    }
    Ok((edges, suggested))
}
