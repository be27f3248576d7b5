//! The Communities tab's work: computing communities and centralities on a job for the
//! network the analyst picked (all interactions, one kind, or the coordination network
//! of the Coordination tab), the previous result kept on screen until the new one is
//! ready, a running job cancelled when the choice changes.

use std::sync::Arc;

use super::IoscopeApp;
use crate::analysis::subnetwork::{Subnetwork, subnetwork_edges};
use crate::jobs::Job;
use crate::state::metrics::{MetricsInput, compute};

impl IoscopeApp {
    /// Starts computing the metrics of the chosen network (the whole interaction
    /// network when the coordination network is chosen but none has been computed).
    pub(super) fn compute_metrics(&mut self) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let coordination = self.state.coordination.result.as_ref();
        let mut which = self.state.subnetwork;
        if which == Subnetwork::Coordination && coordination.is_none() {
            which = Subnetwork::Interactions;
            self.state.subnetwork = which;
        }
        let label = match (which, coordination) {
            (Subnetwork::Coordination, Some(r)) => {
                format!(
                    "coordination: {}",
                    super::coordination::network_name(&r.settings)
                )
            }
            _ => which.label().to_owned(),
        };
        let edges = subnetwork_edges(
            &loaded.network,
            which,
            coordination.map_or(&[], |r| r.edges.as_slice()),
        );
        let input = MetricsInput {
            subnetwork: which,
            label,
            edges,
        };
        if let Some(job) = self.state.metrics_job.take() {
            job.cancel();
        }
        let (dataset, network) = (Arc::clone(&loaded.dataset), Arc::clone(&loaded.network));
        let ctx = self.ctx.clone();
        self.state.metrics_job = Some(Job::spawn(
            "metrics",
            move |_| Arc::new(compute(&dataset, &network, &input)),
            move || ctx.request_repaint(),
        ));
    }

    /// Communities and centralities on `which` from now on.
    pub(super) fn set_subnetwork(&mut self, which: Subnetwork) {
        let shown = self
            .state
            .metrics
            .as_ref()
            .is_some_and(|m| m.subnetwork == which);
        if self.state.subnetwork == which && self.state.metrics_job.is_none() && shown {
            return;
        }
        self.state.subnetwork = which;
        self.compute_metrics();
    }
}
