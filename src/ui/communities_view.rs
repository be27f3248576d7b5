//! The Communities tab: the network's Leiden communities (size, share of the modularity,
//! countries, languages, most central accounts; Select selects every member) beside a
//! ranking of accounts by a centrality measure (click an account to select it and go
//! there).

use egui::Ui;

use super::format::thousands;
use crate::state::metrics::{Measure, NetworkMetrics};
use crate::state::{AppState, Command};

/// Communities listed (the largest).
const LISTED: usize = 50;

/// An account's label, from its network node.
fn label(state: &AppState, node: u32) -> String {
    let Some(loaded) = &state.loaded else {
        return node.to_string();
    };
    loaded.network.account.get(node as usize).map_or_else(
        || node.to_string(),
        |&a| crate::render::labels::label_text(&loaded.dataset.accounts.label(a)),
    )
}

fn counts(values: &[(String, u64)]) -> String {
    values
        .iter()
        .map(|(v, n)| format!("{v} {}", thousands(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn communities_ui(ui: &mut Ui, state: &AppState, measure: &mut Measure) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(m) = &state.metrics else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Finding communities and central accounts…");
        });
        return out;
    };
    ui.horizontal(|ui| {
        ui.strong(format!(
            "{} communities",
            thousands(m.partition.count as u64)
        ));
        ui.label(format!("modularity {:.3} (Leiden)", m.partition.modularity));
        ui.weak(format!("computed in {:.1} s", m.seconds));
    });
    ui.columns(2, |cols| {
        out.extend(communities_table(&mut cols[0], state, m));
        out.extend(ranking_table(&mut cols[1], state, m, measure));
    });
    out
}

fn communities_table(ui: &mut Ui, state: &AppState, m: &NetworkMetrics) -> Vec<Command> {
    let mut out = Vec::new();
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .id_salt("communities")
        .show(ui, |ui| {
            egui::Grid::new("communities grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in [
                        "",
                        "accounts",
                        "modularity",
                        "countries",
                        "languages",
                        "central accounts",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for row in m.communities.iter().take(LISTED) {
                        if ui
                            .button(format!("Select {}", row.id + 1))
                            .on_hover_text("Select every account of this community")
                            .clicked()
                        {
                            out.push(Command::Select {
                                nodes: row.members.clone(),
                                add: false,
                            });
                        }
                        ui.label(thousands(row.size as u64));
                        ui.label(format!("{:.3}", row.modularity));
                        ui.label(counts(&row.countries));
                        ui.label(counts(&row.languages));
                        let names: Vec<String> =
                            row.top.iter().take(3).map(|&n| label(state, n)).collect();
                        ui.label(names.join(", "));
                        ui.end_row();
                    }
                });
        });
    out
}

fn ranking_table(
    ui: &mut Ui,
    state: &AppState,
    m: &NetworkMetrics,
    measure: &mut Measure,
) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label("Rank accounts by");
        egui::ComboBox::from_id_salt("ranking measure")
            .selected_text(measure.label())
            .show_ui(ui, |ui| {
                for k in Measure::ALL {
                    ui.selectable_value(measure, k, k.label());
                }
            });
        if *measure == Measure::Betweenness && m.betweenness_sampled {
            ui.weak("(sampled)");
        }
    });
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .id_salt("ranking")
        .show(ui, |ui| {
            egui::Grid::new("ranking grid")
                .striped(true)
                .show(ui, |ui| {
                    for h in ["#", "account", measure.label(), "community"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (rank, &node) in m.top_by(*measure).iter().enumerate() {
                        ui.label(format!("{}", rank + 1));
                        let selected = state
                            .view
                            .as_ref()
                            .is_some_and(|v| v.selection.order.contains(&node));
                        if ui.selectable_label(selected, label(state, node)).clicked() {
                            out.push(Command::Select {
                                nodes: vec![node],
                                add: false,
                            });
                            out.push(Command::ZoomToSelection);
                        }
                        let v = m.value(*measure, node as usize);
                        ui.label(
                            if *measure == Measure::Core || *measure == Measure::InWeight {
                                thousands(v as u64)
                            } else {
                                format!("{v:.5}")
                            },
                        );
                        let c = m
                            .partition
                            .membership
                            .get(node as usize)
                            .copied()
                            .unwrap_or(0);
                        ui.label(format!("{}", c + 1));
                        ui.end_row();
                    }
                });
        });
    out
}
