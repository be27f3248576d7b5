//! The filter panel: search, countries, campaigns, role, languages, date window,
//! minimum degree, isolated accounts, and what happens to filtered accounts. It edits a
//! copy of the filter and returns it as a command when something changed.

use std::collections::{BTreeMap, BTreeSet};

use egui::{RichText, Ui};

use super::format::thousands;
use crate::analysis::summary::{SpellSummary, Summary};
use crate::filter::FilterSpec;
use crate::filter::{FileTime, FilterMode};
use crate::model::time::{format_days, parse_date_days};
use crate::state::AppState;
use crate::state::command::Command;

/// Text being typed in the panel's fields, kept between frames.
#[derive(Clone, Debug, Default)]
pub struct FilterPanelText {
    pub search: String,
    pub from: String,
    pub to: String,
    /// Focus the search field on the next frame.
    pub focus: bool,
}

/// A checkbox list over `counts`; `set` is `None` when everything is ticked.
fn checklist(
    ui: &mut Ui,
    id: &str,
    counts: &BTreeMap<String, u64>,
    set: &mut Option<BTreeSet<String>>,
    max_height: f32,
) {
    let mut entries: Vec<(&String, &u64)> = counts.iter().collect();
    entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    ui.horizontal(|ui| {
        if ui.small_button("all").clicked() {
            *set = None;
        }
        if ui.small_button("none").clicked() {
            *set = Some(BTreeSet::new());
        }
    });
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(max_height)
        .show(ui, |ui| {
            for (name, count) in entries {
                let mut on = set.as_ref().is_none_or(|s| s.contains(name));
                let label = format!(
                    "{} ({})",
                    if name.is_empty() { "none" } else { name },
                    thousands(*count)
                );
                if ui.checkbox(&mut on, label).changed() {
                    let all: BTreeSet<String> = counts.keys().cloned().collect();
                    let mut s = set.take().unwrap_or_else(|| all.clone());
                    if on {
                        s.insert(name.clone());
                    } else {
                        s.remove(name);
                    }
                    *set = if s == all { None } else { Some(s) };
                }
            }
        });
}

/// Height of a checklist's scrolling area (points).
const CHECKLIST_HEIGHT: f32 = 160.0;

/// The filter panel. Edits a copy of the filter and returns it when it changed.
pub fn filters_ui(ui: &mut Ui, state: &AppState, text: &mut FilterPanelText) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(loaded) = &state.loaded else {
        return out;
    };
    let s = &loaded.summary;
    let mut spec: FilterSpec = state.filter.clone();
    ui.horizontal(|ui| {
        ui.heading("Filters");
        if ui
            .add_enabled(!spec.is_empty(), egui::Button::new("Reset"))
            .clicked()
        {
            out.push(Command::SetFilter(Box::default()));
        }
    });
    out.extend(search_ui(ui, state, text));
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        if let Some(only) = &spec.only {
            let mut clear = false;
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "Only {} ({} accounts)",
                    only.label,
                    thousands(only.accounts.len() as u64)
                ));
                clear = ui
                    .small_button("×")
                    .on_hover_text("Show every account again")
                    .clicked();
            });
            if clear {
                spec.only = None;
            }
            ui.separator();
        }
        facets_ui(ui, s, &mut spec);
        // A static network file has no time to window.
        if s.tweets > 0 || s.spells.is_some() {
            egui::CollapsingHeader::new("Time window")
                .default_open(true)
                .show(ui, |ui| {
                    time_window_ui(ui, &mut spec, text, s.spells.as_ref(), s.tweets > 0);
                });
        }
        egui::CollapsingHeader::new("Degree")
            .default_open(true)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label("at least");
                    ui.add(egui::DragValue::new(&mut spec.min_degree).range(0..=100_000))
                        .labelled_by(label.id);
                    ui.label("edges");
                });
                ui.checkbox(&mut spec.hide_isolated, "hide accounts without edges");
            });
        ui.separator();
        out.extend(mode_ui(ui, state));
        if let Some(f) = &state.filtered {
            ui.separator();
            ui.add(
                egui::Label::new(format!(
                    "Shown: {} of {} accounts, {} tweets",
                    thousands(f.shown_accounts),
                    thousands(s.accounts.total),
                    thousands(f.shown_tweets)
                ))
                .wrap(),
            );
        }
    });
    if spec != state.filter {
        out.push(Command::SetFilter(Box::new(spec)));
    }
    out
}

/// The account search field (Ctrl+F focuses it) and its outcome.
fn search_ui(ui: &mut Ui, state: &AppState, text: &mut FilterPanelText) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        let field = ui.add(
            egui::TextEdit::singleline(&mut text.search)
                .hint_text("screen name, display name or id")
                .desired_width(ui.available_width() - 50.0),
        );
        if ui.input_mut(|i| i.consume_shortcut(&super::menu::SEARCH_SHORTCUT)) || text.focus {
            text.focus = false;
            field.request_focus();
        }
        let go = ui
            .button("Find")
            .on_hover_text(ui.ctx().format_shortcut(&super::menu::SEARCH_SHORTCUT));
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (go.clicked() || entered) && !text.search.trim().is_empty() {
            out.push(Command::Search(text.search.trim().to_owned()));
        }
    });
    if let Some(message) = &state.search_message {
        ui.label(RichText::new(message).weak());
    }
    out
}

/// Countries, campaigns, role and languages, with their counts.
fn facets_ui(ui: &mut Ui, s: &Summary, spec: &mut FilterSpec) {
    egui::CollapsingHeader::new("Country")
        .default_open(true)
        .show(ui, |ui| {
            checklist(
                ui,
                "countries",
                &s.countries,
                &mut spec.countries,
                CHECKLIST_HEIGHT,
            );
        });
    let campaigns: BTreeMap<String, u64> = s
        .campaigns
        .iter()
        .map(|c| (c.name.clone(), c.accounts))
        .collect();
    egui::CollapsingHeader::new("Campaign").show(ui, |ui| {
        checklist(
            ui,
            "campaigns",
            &campaigns,
            &mut spec.campaigns,
            CHECKLIST_HEIGHT,
        );
    });
    egui::CollapsingHeader::new("Role")
        .default_open(true)
        .show(ui, |ui| {
            let mut core = !spec.hide_core;
            let mut outside = !spec.hide_outside;
            ui.checkbox(&mut core, format!("core ({})", thousands(s.accounts.core)));
            ui.checkbox(
                &mut outside,
                format!("outside ({})", thousands(s.accounts.outside)),
            );
            spec.hide_core = !core;
            spec.hide_outside = !outside;
        });
    egui::CollapsingHeader::new("Account language").show(ui, |ui| {
        checklist(
            ui,
            "account_languages",
            &s.account_languages,
            &mut spec.account_languages,
            CHECKLIST_HEIGHT,
        );
    });
    if s.tweets > 0 {
        egui::CollapsingHeader::new("Tweet language")
            .default_open(true)
            .show(ui, |ui| {
                checklist(
                    ui,
                    "tweet_languages",
                    &s.tweet_languages,
                    &mut spec.tweet_languages,
                    CHECKLIST_HEIGHT,
                );
            });
    }
    attribute_facets_ui(ui, s, spec);
    attribute_ranges_ui(ui, s, spec);
}

/// A network file's numeric attributes, each a range of values shown (both ends at the
/// attribute's lowest and highest value: no filter).
fn attribute_ranges_ui(ui: &mut Ui, s: &Summary, spec: &mut FilterSpec) {
    for (name, full) in &s.numeric_attributes {
        let (Some(lo), Some(hi)) = (full.min, full.max) else {
            continue;
        };
        egui::CollapsingHeader::new(format!("{name} (range)"))
            .id_salt(("range", name))
            .show(ui, |ui| {
                let mut range = spec.ranges.get(name).copied().unwrap_or_default();
                let mut min = range.min.unwrap_or(lo).clamp(lo, hi);
                let mut max = range.max.unwrap_or(hi).clamp(lo, hi);
                let speed = ((hi - lo) / 200.0).max(1e-6);
                let mut changed = false;
                ui.horizontal(|ui| {
                    let from = ui.label("from");
                    changed |= ui
                        .add(egui::DragValue::new(&mut min).range(lo..=max).speed(speed))
                        .labelled_by(from.id)
                        .changed();
                    let to = ui.label("to");
                    changed |= ui
                        .add(egui::DragValue::new(&mut max).range(min..=hi).speed(speed))
                        .labelled_by(to.id)
                        .changed();
                });
                ui.label(RichText::new(format!("values {lo} to {hi}")).weak());
                if changed {
                    range.min = (min > lo).then_some(min);
                    range.max = (max < hi).then_some(max);
                }
                if range.min.is_some() || range.max.is_some() {
                    if ui.button("All values").clicked() {
                        spec.ranges.remove(name);
                    } else {
                        spec.ranges.insert(name.clone(), range);
                    }
                } else {
                    spec.ranges.remove(name);
                }
            });
    }
}

/// A network file's categorical attributes, each a checklist with its counts (those
/// already shown as country, campaign, role or language are left out).
fn attribute_facets_ui(ui: &mut Ui, s: &Summary, spec: &mut FilterSpec) {
    const SHOWN_ELSEWHERE: [&str; 6] = [
        "country",
        "campaign",
        "role",
        "language",
        "lang",
        "account_language",
    ];
    for (name, counts) in &s.attributes {
        if SHOWN_ELSEWHERE.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        egui::CollapsingHeader::new(name.as_str())
            .id_salt(("facet", name))
            .default_open(true)
            .show(ui, |ui| {
                let mut set = spec.attributes.get(name).cloned();
                checklist(
                    ui,
                    &format!("facet {name}"),
                    counts,
                    &mut set,
                    CHECKLIST_HEIGHT,
                );
                match set {
                    Some(set) => {
                        spec.attributes.insert(name.clone(), set);
                    }
                    None => {
                        spec.attributes.remove(name);
                    }
                }
            });
    }
}

/// The date window, typed (YYYY-MM-DD) or cleared; for a dynamic network file, what its
/// spells span, and a window in its own numbers when it counts time so.
fn time_window_ui(
    ui: &mut Ui,
    spec: &mut FilterSpec,
    text: &mut FilterPanelText,
    spells: Option<&SpellSummary>,
    has_tweets: bool,
) {
    if let Some(sp) = spells {
        ui.label(format!(
            "Spells from {} to {} ({} nodes, {} edges have them)",
            sp.first.as_deref().unwrap_or("the start"),
            sp.last.as_deref().unwrap_or("the end"),
            thousands(sp.nodes),
            thousands(sp.edges)
        ));
        if !sp.format.is_calendar() {
            numeric_window_ui(ui, spec, text);
            return;
        }
    }
    window_fields(
        ui,
        text,
        [&mut spec.from_day, &mut spec.to_day],
        "YYYY-MM-DD",
        format_days,
        |v| parse_date_days(v.as_bytes()),
    );
    if has_tweets {
        ui.label(RichText::new("Or drag across the activity plot.").weak());
    }
}

/// A window in a network file's own time (plain numbers).
fn numeric_window_ui(ui: &mut Ui, spec: &mut FilterSpec, text: &mut FilterPanelText) {
    window_fields(
        ui,
        text,
        [&mut spec.from_time, &mut spec.to_time],
        "time",
        |t| format!("{}", t.0),
        |v| {
            v.parse::<f64>()
                .ok()
                .filter(|t| t.is_finite())
                .map(FileTime)
        },
    );
}

/// The `from` and `to` fields of a window, each committed when it loses focus (shown
/// as `show` writes the bound, read back by `parse`), and a button clearing both.
fn window_fields<T: Copy>(
    ui: &mut Ui,
    text: &mut FilterPanelText,
    bounds: [&mut Option<T>; 2],
    hint: &str,
    show: impl Fn(T) -> String,
    parse: impl Fn(&str) -> Option<T>,
) {
    let [from, to] = bounds;
    for (label, value, bound) in [
        ("from", &mut text.from, &mut *from),
        ("to", &mut text.to, &mut *to),
    ] {
        let id = egui::Id::unique(("filter", label));
        if !ui.memory(|m| m.has_focus(id)) {
            *value = bound.map(&show).unwrap_or_default();
        }
        ui.horizontal(|ui| {
            ui.label(label);
            let r = ui.add(
                egui::TextEdit::singleline(value)
                    .id(id)
                    .hint_text(hint)
                    .desired_width(100.0),
            );
            if r.lost_focus() {
                *bound = parse(value.trim());
            }
        });
    }
    if (from.is_some() || to.is_some()) && ui.button("Whole period").clicked() {
        *from = None;
        *to = None;
    }
}

/// What happens to filtered accounts.
fn mode_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    ui.label("Filtered accounts:");
    let mut mode = state.settings.filter_mode;
    ui.radio_value(&mut mode, FilterMode::Dim, "greyed out");
    ui.radio_value(
        &mut mode,
        FilterMode::Hide,
        "hidden, the rest laid out again",
    );
    if mode != state.settings.filter_mode {
        vec![Command::SetFilterMode(mode)]
    } else {
        Vec::new()
    }
}
