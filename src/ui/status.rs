//! The status bar.

use egui::RichText;

use super::format::thousands;
use crate::layout::runner::RunState;
use crate::state::{AppState, Command};

/// The status bar: load progress, what is shown of the dataset, the layout, problems.
pub fn status_bar_ui(ui: &mut egui::Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        if let Some(job) = &state.job {
            let (done, total) = job.bytes();
            ui.label(format!("Loading {}", job.inputs.join(", ")));
            ui.add(
                egui::ProgressBar::new(job.fraction())
                    .desired_width(240.0)
                    .text(format!(
                        "{:.1} / {:.1} MB",
                        done as f64 / 1e6,
                        total as f64 / 1e6
                    )),
            );
            if ui.button("Cancel").clicked() {
                out.push(Command::CancelLoad);
            }
        } else if let Some(loaded) = &state.loaded {
            let s = &loaded.summary;
            match state.filtered.as_ref().filter(|_| !state.filter.is_empty()) {
                Some(f) => ui.label(format!(
                    "{} of {} accounts · {} of {} edges · {} of {} tweets shown",
                    thousands(f.shown_accounts),
                    thousands(s.accounts.total),
                    thousands(f.stats.distinct_pairs),
                    thousands(s.edges.total),
                    thousands(f.shown_tweets),
                    thousands(s.tweets),
                )),
                None => ui.label(format!(
                    "{} accounts · {} edges · {} tweets · loaded in {:.2} s",
                    thousands(s.accounts.total),
                    thousands(s.edges.total),
                    thousands(s.tweets),
                    loaded.seconds
                )),
            };
            if let Some(layout) = state.view.as_ref().and_then(|v| v.layout.status.as_ref()) {
                ui.separator();
                let device = if layout.gpu.is_some() {
                    " on the GPU"
                } else {
                    ""
                };
                let label = ui.label(match layout.state {
                    RunState::Running => format!(
                        "layout {:.0} iterations/s{device}",
                        layout.iterations_per_second
                    ),
                    RunState::Paused => {
                        format!("layout paused at iteration {}{device}", layout.iteration)
                    }
                    RunState::Converged => {
                        format!(
                            "layout settled after {} iterations{device}",
                            layout.iteration
                        )
                    }
                });
                label.on_hover_text(match &layout.gpu {
                    Some(gpu) => format!("ForceAtlas2's forces are computed on {gpu}"),
                    None => format!(
                        "ForceAtlas2 runs on the CPU ({} threads)",
                        rayon::current_num_threads()
                    ),
                });
            }
        }
        if let Some(message) = &state.session_message {
            ui.separator();
            ui.label(RichText::new(message).weak());
        }
        if let Some(err) = &state.report.error {
            ui.separator();
            if ui
                .link(RichText::new(format!("Error: {err}")).color(ui.visuals().error_fg_color))
                .clicked()
            {
                out.push(Command::ShowReport(true));
            }
        } else if let Some(loaded) = &state.loaded
            && loaded.dataset.warning_count > 0
        {
            ui.separator();
            let n = loaded.dataset.warning_count;
            let text = format!("{} warning{}", thousands(n), if n == 1 { "" } else { "s" });
            if ui
                .link(RichText::new(text).color(ui.visuals().warn_fg_color))
                .clicked()
            {
                out.push(Command::ShowReport(true));
            }
        }
    });
    out
}
