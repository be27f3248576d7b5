//! The Coordination tab: which accounts act together. Choose the kind (co-retweet,
//! co-tweet, near-duplicate, co-link, co-hashtag, co-reply, synchronised), Δt (or the
//! Δt the data suggests), the minimum weight and share, and τ for the kinds that compare
//! texts or schedules; the network is computed in
//! the background (the last one stays until the next is ready). Its groups of
//! coordinated accounts (Select selects a group) beside its strongest edges; click an
//! edge to see its evidence: the matching tweets of both accounts, with their times and
//! the gap between them (the inspector shows it too, while the edge's two accounts are
//! selected).

use egui::Ui;

use super::format::thousands;
use crate::analysis::coordination::{CoordinationKind, Weighting};
use crate::analysis::significance::DEFAULT_SHUFFLES;
use crate::model::time::format_minutes;
use crate::state::coordination::{CoordinationSettings, LayerMode};
use crate::state::{AppState, Command};

/// Rows of each table.
const LISTED: usize = 100;
/// Δt presets (seconds, label).
const WINDOWS: [(i64, &str); 5] = [
    (0, "same minute"),
    (60, "1 min"),
    (300, "5 min"),
    (3600, "1 h"),
    (86_400, "1 day"),
];

fn account_label(state: &AppState, a: u32) -> String {
    state.loaded.as_ref().map_or_else(
        || a.to_string(),
        |l| crate::render::labels::label_text(&l.dataset.accounts.label(a)),
    )
}

/// A tweet's first `chars` characters (its id when its text was not loaded).
fn tweet_text(t: &crate::model::Tweets, i: usize, chars: usize) -> String {
    let body = t.text(i);
    if body.is_empty() {
        format!("tweet {}", t.id[i])
    } else {
        body.chars().take(chars).collect()
    }
}

/// The evidence of the chosen coordination edge as a narrow list (the inspector's):
/// each pair's two times and gap, then both texts. Shown when the selection is the
/// edge's two accounts.
pub fn evidence_list_ui(ui: &mut Ui, state: &AppState, selected: &[u32]) {
    let c = &state.coordination;
    let (Some(((a, b), pairs)), Some(loaded), Some(r)) = (&c.evidence, &state.loaded, &c.result)
    else {
        return;
    };
    let mut wanted = [*a, *b];
    let mut have: Vec<u32> = selected.to_vec();
    wanted.sort_unstable();
    have.sort_unstable();
    if have != wanted {
        return;
    }
    ui.separator();
    ui.strong(format!(
        "Coordinated: {} within {}, {} pairs of tweets",
        r.settings.kind.name(),
        crate::ui::format::duration(r.settings.window),
        thousands(pairs.len() as u64)
    ));
    let t = &loaded.dataset.tweets;
    let text = |i: usize| tweet_text(t, i, 120);
    egui::ScrollArea::vertical()
        .id_salt("inspector evidence")
        .max_height(ui.available_height() * 0.6)
        .show(ui, |ui| {
            for &(x, y) in pairs.iter().take(LISTED) {
                let (x, y) = (x as usize, y as usize);
                let gap = (i64::from(t.time[y]) - i64::from(t.time[x])).abs();
                ui.label(format!(
                    "{} · {} · {gap} min apart",
                    format_minutes(t.time[x]),
                    format_minutes(t.time[y])
                ));
                ui.label(
                    egui::RichText::new(format!("{}: {}", account_label(state, *a), text(x)))
                        .weak(),
                );
                ui.label(
                    egui::RichText::new(format!("{}: {}", account_label(state, *b), text(y)))
                        .weak(),
                );
                ui.add_space(4.0);
            }
        });
}

/// "China 12, Turkey 2" (the first three).
fn counts_text(counts: &[(String, usize)]) -> String {
    let mut parts: Vec<String> = counts
        .iter()
        .take(3)
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    if counts.len() > 3 {
        parts.push("…".to_owned());
    }
    parts.join(", ")
}

pub fn coordination_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let c = &state.coordination;
    let mut s: CoordinationSettings = c.settings;
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt("coordination kind")
            .selected_text(s.kind.name())
            .show_ui(ui, |ui| {
                for k in CoordinationKind::ALL {
                    ui.selectable_value(&mut s.kind, k, k.name());
                }
            });
        ui.label("within");
        for (w, label) in WINDOWS {
            ui.selectable_value(&mut s.window, w, label);
        }
        ui.label("at least");
        ui.add(egui::DragValue::new(&mut s.min_weight).range(1..=1000));
        ui.label(if s.kind == CoordinationKind::Synchronised {
            "shared bins"
        } else {
            "shared items"
        });
        if !s.kind.uses_similarity() {
            ui.label("share ≥")
                .on_hover_text("Of the items both accounts shared, the share they shared within Δt (0 keeps every edge, as the coordination-network-toolkit does)");
            ui.add(egui::DragValue::new(&mut s.min_share).range(0.0..=1.0).speed(0.01).fixed_decimals(2));
        } else {
            ui.label("τ ≥").on_hover_text(
                "Least Jaccard similarity: of word sets (near-duplicate) or of active time bins (synchronised)",
            );
            ui.add(egui::DragValue::new(&mut s.similarity).range(0.05..=1.0).speed(0.01).fixed_decimals(2));
        }
        ui.label("strength:");
        egui::ComboBox::from_id_salt("coordination weighting")
            .selected_text(match s.weighting {
                Weighting::Count => "matches",
                Weighting::TfIdf => "TF-IDF cosine",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut s.weighting, Weighting::Count, "matches")
                    .on_hover_text("The number of matching tweets");
                ui.selectable_value(&mut s.weighting, Weighting::TfIdf, "TF-IDF cosine")
                    .on_hover_text("The cosine similarity of the two accounts' shared items, each weighed by its rarity (Pacheco et al. 2021)");
            });
        let mut tested = s.shuffles > 0;
        ui.checkbox(&mut tested, format!("significant (p ≤ {:.2})", s.max_p))
            .on_hover_text(format!(
                "Test each edge against {DEFAULT_SHUFFLES} time-shuffled copies of the data and keep the edges whose weight few copies reach: each item's times permuted among its shares (near-duplicate, synchronised: each account's timeline shifted by whole weeks). {DEFAULT_SHUFFLES} times the work."
            ));
        s.shuffles = if tested { DEFAULT_SHUFFLES } else { 0 };
        if c.job.is_some() {
            ui.spinner();
        }
    });
    ui.horizontal(|ui| {
        ui.label("On the canvas:");
        for (mode, label) in [
            (LayerMode::Off, "off"),
            (LayerMode::Over, "over the network"),
            (LayerMode::Instead, "instead of it"),
        ] {
            if ui.selectable_label(c.layer == mode, label).clicked() && c.layer != mode {
                out.push(Command::SetCoordinationLayer(mode));
            }
        }
    });
    if let Some(r) = &c.result
        && r.settings.kind == s.kind
        && let Some(w) = r.suggested_window
    {
        ui.horizontal(|ui| {
            ui.label(format!(
                "The data suggests Δt ≈ {} (the fastest tenth of shared items reach half their shares in that time).",
                crate::ui::format::duration(w)
            ));
            if w != s.window && ui.small_button("Use").clicked() {
                s.window = w;
            }
        });
    }
    if s != c.settings || (c.result.is_none() && c.job.is_none() && c.error.is_none()) {
        out.push(Command::SetCoordination(s));
    }
    if let Some(e) = &c.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let Some(r) = &c.result else {
        return out;
    };
    ui.label(format!(
        "{}: {} edges, {} coordinated accounts in {} group{}{} ({:.2} s)",
        r.settings.kind.name(),
        thousands(r.edges.len() as u64),
        thousands(r.groups.iter().map(|g| g.len() as u64).sum()),
        thousands(r.groups.len() as u64),
        if r.groups.len() == 1 { "" } else { "s" },
        if r.settings.shuffles > 0 {
            format!(
                ", each edge significant at p ≤ {:.2} against {} time-shuffled copies",
                r.settings.max_p, r.settings.shuffles
            )
        } else {
            String::new()
        },
        r.seconds
    ));
    // The tables take half the height while evidence shows under them.
    let tables_height = if c.evidence.is_some() {
        ui.available_height() * 0.45
    } else {
        ui.available_height()
    };
    let width = ui.available_width();
    ui.allocate_ui(egui::vec2(width, tables_height), |ui| {
        ui.columns(2, |cols| {
            egui::ScrollArea::both()
                .id_salt("coordination groups")
                .min_scrolled_height(0.0)
                .max_height(tables_height)
                .auto_shrink([false, false])
                .show(&mut cols[0], |ui| {
                    egui::Grid::new("groups grid").striped(true).show(ui, |ui| {
                        ui.strong("");
                        ui.strong("accounts");
                        ui.strong("countries");
                        ui.strong("campaigns");
                        ui.strong("languages");
                        ui.strong("active");
                        ui.strong("members");
                        ui.end_row();
                        for (i, g) in r.groups.iter().take(LISTED).enumerate() {
                            if ui.button(format!("Select group {}", i + 1)).clicked() {
                                out.push(Command::SelectAccounts(g.clone()));
                            }
                            ui.label(thousands(g.len() as u64));
                            let summary = r.summaries.get(i).cloned().unwrap_or_default();
                            ui.label(counts_text(&summary.countries));
                            ui.label(counts_text(&summary.campaigns));
                            ui.label(counts_text(&summary.languages));
                            ui.label(match (summary.first, summary.last) {
                                (Some(f), Some(l)) => {
                                    let day = |m| {
                                        let t = format_minutes(m);
                                        t.get(..10).unwrap_or(&t).to_owned()
                                    };
                                    format!("{} – {}", day(f), day(l))
                                }
                                _ => String::new(),
                            });
                            let names: Vec<String> =
                                g.iter().take(4).map(|&a| account_label(state, a)).collect();
                            ui.label(names.join(", "));
                            ui.end_row();
                        }
                    });
                });
            egui::ScrollArea::both()
                .id_salt("coordination edges")
                .min_scrolled_height(0.0)
                .max_height(tables_height)
                .auto_shrink([false, false])
                .show(&mut cols[1], |ui| {
                    egui::Grid::new("edges grid").striped(true).show(ui, |ui| {
                        ui.strong("account");
                        ui.strong("matched by");
                        ui.strong("weight");
                        if r.settings.weighting == Weighting::TfIdf {
                            ui.strong("TF-IDF");
                        }
                        if r.settings.shuffles > 0 {
                            ui.strong("p");
                        }
                        ui.end_row();
                        for e in r.edges.iter().take(LISTED) {
                            let shown = c
                                .evidence
                                .as_ref()
                                .is_some_and(|(p, _)| *p == (e.from, e.to));
                            if ui
                                .selectable_label(shown, account_label(state, e.from))
                                .clicked()
                            {
                                out.push(Command::ShowEvidence(e.from, e.to));
                            }
                            ui.label(account_label(state, e.to));
                            ui.label(thousands(u64::from(e.weight)));
                            if let Some(c) = e.tfidf {
                                ui.label(format!("{c:.3}"));
                            }
                            if let Some(p) = e.p {
                                ui.label(format!("{p:.2}"));
                            }
                            ui.end_row();
                        }
                    });
                });
        });
    });
    if let (Some(((a, b), pairs)), Some(loaded)) = (&c.evidence, &state.loaded) {
        ui.separator();
        ui.strong(format!(
            "Evidence: {} and {} ({} matching pairs)",
            account_label(state, *a),
            account_label(state, *b),
            thousands(pairs.len() as u64)
        ));
        let t = &loaded.dataset.tweets;
        egui::ScrollArea::both()
            .id_salt("evidence")
            .min_scrolled_height(0.0)
            .max_height(ui.available_height().max(0.0))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("evidence grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["time", "tweet", "time", "tweet", "gap"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for &(x, y) in pairs.iter().take(LISTED) {
                            let (x, y) = (x as usize, y as usize);
                            let text = |i: usize| tweet_text(t, i, 60);
                            ui.label(format_minutes(t.time[x]));
                            ui.label(text(x));
                            ui.label(format_minutes(t.time[y]));
                            ui.label(text(y));
                            let gap = (i64::from(t.time[y]) - i64::from(t.time[x])).abs();
                            ui.label(format!("{gap} min"));
                            ui.end_row();
                        }
                    });
            });
    }
    out
}
