//! The coordination tab's work: computing a network on a job (the previous one kept,
//! a running one cancelled when the settings change), the evidence of one edge, and
//! selecting accounts found there.

use std::sync::Arc;

use super::IoscopeApp;
use crate::jobs::{Job, JobPoll};
use crate::render::edge_layer::EdgeLayer;
use crate::state::Command;
use crate::state::coordination::{CoordinationSettings, LayerMode, compute};

impl IoscopeApp {
    /// Starts computing `settings`' coordination network.
    pub(super) fn compute_coordination(&mut self, settings: CoordinationSettings) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let c = &mut self.state.coordination;
        c.settings = settings;
        if let Some(job) = c.job.take() {
            job.cancel();
        }
        let ds = Arc::clone(&loaded.dataset);
        let ctx = self.ctx.clone();
        c.job = Some(Job::spawn(
            "coordination",
            move |progress| compute(&ds, settings, &|| progress.is_cancelled()),
            move || ctx.request_repaint(),
        ));
    }

    /// Takes a finished network (or its error).
    pub(super) fn poll_coordination(&mut self) {
        let c = &mut self.state.coordination;
        let Some(job) = &mut c.job else {
            return;
        };
        let JobPoll::Done(result) = job.poll() else {
            return;
        };
        c.job = None;
        match result.map_err(|e| e.to_string()).and_then(|r| r) {
            Ok(r) => {
                c.result = Some(Arc::new(r));
                c.error = None;
                c.evidence = None;
                self.refresh_coordination_layer();
                if self.state.subnetwork == crate::analysis::subnetwork::Subnetwork::Coordination {
                    self.compute_metrics();
                }
            }
            Err(e) if e == "cancelled" => {}
            Err(e) => c.error = Some(e),
        }
    }

    /// Puts the current network on the canvas as the tab's layer mode says (or takes it
    /// off); the canvas is restyled when what it shows changes (a layer shown instead).
    pub(super) fn refresh_coordination_layer(&mut self) {
        let c = &self.state.coordination;
        let Some(view) = &mut self.state.view else {
            return;
        };
        let layer = match (c.layer, &c.result) {
            (LayerMode::Off, _) | (_, None) => None,
            (mode, Some(r)) => Some(EdgeLayer::new(
                network_name(&r.settings),
                view.node_count(),
                // Node i is account i.
                r.edges.iter().map(|e| (e.from, e.to, e.strength())),
                mode == LayerMode::Instead,
            )),
        };
        let shown_instead = |l: &Option<EdgeLayer>| {
            l.as_ref()
                .filter(|l| l.instead)
                .map(|l| Arc::clone(&l.members))
        };
        let restyle = shown_instead(&view.layer) != shown_instead(&layer);
        view.set_layer(layer);
        if restyle {
            self.request_derived(super::Changed::Style);
        }
    }

    /// The matching tweets of the edge between `a` and `b`.
    pub(super) fn show_evidence(
        &mut self,
        a: crate::model::AccountIdx,
        b: crate::model::AccountIdx,
    ) {
        let Some(loaded) = &self.state.loaded else {
            return;
        };
        let c = &mut self.state.coordination;
        let s = c.result.as_ref().map_or(c.settings, |r| r.settings);
        let pairs = crate::analysis::coordination::evidence(&loaded.dataset, &s, a, b, |x| {
            loaded.by_author.of(x)
        });
        c.evidence = Some(((a, b), pairs));
        self.select_accounts(&[a, b]);
    }

    /// Selects the nodes of these accounts and zooms to them.
    pub(super) fn select_accounts(&mut self, accounts: &[crate::model::AccountIdx]) {
        let Some(view) = &self.state.view else {
            return;
        };
        let wanted: rustc_hash::FxHashSet<_> = accounts.iter().copied().collect();
        let nodes: Vec<u32> = view
            .network
            .account
            .iter()
            .enumerate()
            .filter(|(_, a)| wanted.contains(a))
            .map(|(i, _)| i as u32)
            .collect();
        self.apply(Command::Select { nodes, add: false });
        self.apply(Command::ZoomToSelection);
    }
}

/// A coordination network's name for people: "co-retweet within 1 min".
pub(super) fn network_name(settings: &CoordinationSettings) -> String {
    format!(
        "{} within {}",
        settings.kind.name(),
        crate::ui::format::duration(settings.window)
    )
}
