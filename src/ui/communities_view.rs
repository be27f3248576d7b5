//! The Communities tab: the network's Leiden communities (size, share of the modularity,
//! countries, languages, most central accounts; Select selects every member) beside a
//! ranking of accounts by a centrality measure (click an account to select it and go
//! there). The communities sort by size or by modularity share; "Only" filters to one
//! community, and a range of the ranking's measure filters to the accounts in it.

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

/// The command that filters to these network nodes' accounts.
fn only(state: &AppState, label: String, nodes: impl Iterator<Item = u32>) -> Command {
    let accounts: Vec<u32> = state.loaded.as_ref().map_or_else(Vec::new, |l| {
        nodes
            .filter_map(|n| l.network.account.get(n as usize).copied())
            .collect()
    });
    Command::SetFilter(Box::new(crate::filter::FilterSpec {
        only: Some(crate::filter::AccountSubset::new(label, accounts)),
        ..state.filter.clone()
    }))
}

/// A measure's value, short.
fn short(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e9 {
        format!("{v:.0}")
    } else {
        format!("{v:.4}")
    }
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
    out.extend(subnetwork_picker(ui, state, m));
    ui.horizontal(|ui| {
        let grouped = m.communities.iter().filter(|c| c.size > 1).count();
        ui.strong(format!("{} communities", thousands(grouped as u64)));
        ui.label(format!("modularity {:.3} (Leiden)", m.partition.modularity));
        ui.weak(format!("computed in {:.1} s", m.seconds));
        let alone = m.partition.membership.len().saturating_sub(m.connected);
        if alone > 0 {
            ui.weak(format!(
                "· {} accounts with no edge in this network",
                thousands(alone as u64)
            ));
        }
    });
    ui.columns(2, |cols| {
        out.extend(communities_table(&mut cols[0], state, m));
        out.extend(ranking_table(&mut cols[1], state, m, measure));
    });
    out
}

/// The network the tab works on: all interactions, one kind, or the coordination
/// network (once the Coordination tab has one); a spinner while it is recomputed (the
/// tables keep the previous result until then).
fn subnetwork_picker(ui: &mut Ui, state: &AppState, m: &NetworkMetrics) -> Vec<Command> {
    use crate::analysis::subnetwork::Subnetwork;
    use crate::graph::EdgeKind;
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label("Network:");
        let mut which = state.subnetwork;
        let coordination = state.coordination.result.is_some();
        egui::ComboBox::from_id_salt("subnetwork")
            .selected_text(if which == m.subnetwork {
                m.subnetwork_label.clone()
            } else {
                which.label().to_owned()
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut which, Subnetwork::Interactions, "all interactions");
                for kind in EdgeKind::ALL {
                    let choice = Subnetwork::Kind(kind);
                    ui.selectable_value(&mut which, choice, choice.label());
                }
                ui.add_enabled_ui(coordination, |ui| {
                    ui.selectable_value(&mut which, Subnetwork::Coordination, "coordination")
                        .on_disabled_hover_text("Compute a network in the Coordination tab first");
                });
            });
        if which != state.subnetwork {
            out.push(Command::SetSubnetwork(which));
        }
        if state.metrics_job.is_some() {
            ui.spinner();
            ui.weak(format!("computing on {}…", state.subnetwork.label()));
        }
    });
    out
}

fn communities_table(ui: &mut Ui, state: &AppState, m: &NetworkMetrics) -> Vec<Command> {
    let mut out = Vec::new();
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .id_salt("communities")
        .show(ui, |ui| {
            let sort_id = egui::Id::unique("communities sort");
            let mut by_modularity: bool = ui.data(|d| d.get_temp(sort_id).unwrap_or(false));
            egui::Grid::new("communities grid")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong("");
                    // The sortable columns: a click sorts by it (largest first).
                    for (label, modularity) in [("accounts", false), ("modularity", true)] {
                        let text = if by_modularity == modularity {
                            format!("{label} ↓")
                        } else {
                            label.to_owned()
                        };
                        if ui
                            .add(egui::Button::new(egui::RichText::new(text).strong()).frame(false))
                            .on_hover_text(format!("Sort by {label}"))
                            .clicked()
                        {
                            by_modularity = modularity;
                        }
                    }
                    for h in ["countries", "languages", "central accounts"] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    // Accounts alone (no edge in this network) are not communities to list.
                    let mut rows: Vec<&crate::state::metrics::CommunityRow> =
                        m.communities.iter().filter(|c| c.size > 1).collect();
                    if by_modularity {
                        rows.sort_by(|a, b| {
                            b.modularity.total_cmp(&a.modularity).then(a.id.cmp(&b.id))
                        });
                    }
                    for row in rows.into_iter().take(LISTED) {
                        ui.horizontal(|ui| {
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
                            if ui
                                .button(format!("Only {}", row.id + 1))
                                .on_hover_text("Filter: show only this community")
                                .clicked()
                            {
                                out.push(only(
                                    state,
                                    format!("community {}", row.id + 1),
                                    row.members.iter().copied(),
                                ));
                            }
                        });
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
            ui.data_mut(|d| d.insert_temp(sort_id, by_modularity));
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
    // A range of the measure to filter to (kept per measure and network while the window
    // lives; another network starts from its own top accounts' range).
    let range_id = egui::Id::unique((
        "centrality range",
        measure.label(),
        m.subnetwork_label.as_str(),
    ));
    let n = state.loaded.as_ref().map_or(0, |l| l.network.node_count());
    let top = m.top_by(*measure);
    let default_low = top
        .get(top.len().min(100).saturating_sub(1))
        .map_or(0.0, |&i| m.value(*measure, i as usize));
    let default_high = top.first().map_or(0.0, |&i| m.value(*measure, i as usize));
    let (mut low, mut high): (f64, f64) =
        ui.data(|d| d.get_temp(range_id).unwrap_or((default_low, default_high)));
    ui.horizontal_wrapped(|ui| {
        ui.label("Only accounts from");
        let speed = (default_high - default_low).abs().max(1e-6) / 200.0;
        ui.add(egui::DragValue::new(&mut low).speed(speed).max_decimals(6));
        ui.label("to");
        ui.add(egui::DragValue::new(&mut high).speed(speed).max_decimals(6));
        if ui.button("Filter").clicked() {
            let (lo, hi) = (low.min(high), low.max(high));
            let nodes =
                (0..n as u32).filter(|&i| (lo..=hi).contains(&m.value(*measure, i as usize)));
            out.push(only(
                state,
                format!("{} {} to {}", measure.label(), short(lo), short(hi)),
                nodes,
            ));
        }
    });
    ui.data_mut(|d| d.insert_temp(range_id, (low, high)));
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
