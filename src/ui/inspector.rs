//! The inspector: everything about the selected account (profile, role, campaign and
//! country, activity span, top hashtags, URLs and clients, its tweets in a virtualised
//! table, its neighbours by interaction kind, a click away), or the aggregate of several
//! selected accounts.

use std::collections::HashMap;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::thousands;
use crate::app::AppState;
use crate::command::Command;
use crate::graph::EdgeKind;
use crate::model::time::{format_days, format_minutes};
use crate::model::{AccountIdx, Dataset, TweetKind};

/// Tweets of each account, as a CSR over tweet indices (built once per dataset).
#[derive(Debug, Default)]
pub struct TweetsByAuthor {
    offsets: Vec<u32>,
    tweets: Vec<u32>,
}

impl TweetsByAuthor {
    pub fn build(ds: &Dataset) -> Self {
        let n = ds.accounts.len();
        let mut offsets = vec![0u32; n + 1];
        for &a in &ds.tweets.author {
            if let Some(o) = offsets.get_mut(a as usize + 1) {
                *o += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets[..n].to_vec();
        let mut tweets = vec![0u32; offsets[n] as usize];
        for (i, &a) in ds.tweets.author.iter().enumerate() {
            if let Some(slot) = fill.get_mut(a as usize) {
                tweets[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        Self { offsets, tweets }
    }

    pub fn of(&self, account: AccountIdx) -> &[u32] {
        let a = account as usize;
        match (self.offsets.get(a), self.offsets.get(a + 1)) {
            (Some(&s), Some(&e)) => &self.tweets[s as usize..e as usize],
            _ => &[],
        }
    }
}

fn field(ui: &mut Ui, name: &str, value: &str) {
    if !value.is_empty() {
        ui.label(RichText::new(name).weak());
        ui.label(value);
        ui.end_row();
    }
}

/// The `n` most frequent values.
fn top<'a>(values: impl Iterator<Item = &'a str>, n: usize) -> Vec<(&'a str, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in values {
        if !v.is_empty() {
            *counts.entry(v).or_default() += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(n);
    v
}

pub fn inspector_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let (Some(view), Some(index)) = (&state.view, &state.tweets_by_author) else {
        return out;
    };
    let ds = &view.dataset;
    match view.selection.as_slice() {
        [] => {
            ui.label(RichText::new("Click an account, or search for one, to inspect it.").weak());
        }
        [node] => {
            if let Some(&account) = view.network.account.get(*node as usize) {
                out.extend(account_ui(ui, state, ds, index, *node, account));
            }
        }
        nodes => {
            ui.heading(format!(
                "{} accounts selected",
                thousands(nodes.len() as u64)
            ));
            let accounts: Vec<AccountIdx> = nodes
                .iter()
                .filter_map(|&n| view.network.account.get(n as usize).copied())
                .collect();
            let tweets: usize = accounts.iter().map(|&a| index.of(a).len()).sum();
            let core = accounts
                .iter()
                .filter(|&&a| ds.accounts.campaign(a).is_some())
                .count();
            ui.label(format!(
                "{} core, {} outside · {} tweets",
                thousands(core as u64),
                thousands((accounts.len() - core) as u64),
                thousands(tweets as u64)
            ));
            ui.label(RichText::new("Their activity is the line on the activity plot.").weak());
            egui::ScrollArea::vertical().show(ui, |ui| {
                for &n in nodes.iter().take(500) {
                    if let Some(&a) = view.network.account.get(n as usize)
                        && ui.link(ds.accounts.label(a)).clicked()
                    {
                        out.push(Command::Select {
                            nodes: vec![n],
                            add: false,
                        });
                    }
                }
            });
        }
    }
    out
}

fn account_ui(
    ui: &mut Ui,
    state: &AppState,
    ds: &Dataset,
    index: &TweetsByAuthor,
    node: u32,
    account: AccountIdx,
) -> Vec<Command> {
    let mut out = Vec::new();
    let a = &ds.accounts;
    let i = account as usize;
    if i >= a.len() {
        return out;
    }
    ui.heading(a.label(account));
    egui::Grid::new("profile")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            field(ui, "display name", &a.display_name[i]);
            field(ui, "id", &a.id(account).to_string());
            match a
                .campaign(account)
                .and_then(|c| ds.campaigns.get(usize::from(c)))
            {
                Some(c) => {
                    field(ui, "role", "core (state-linked)");
                    field(ui, "campaign", &c.name);
                    field(ui, "country", &c.country);
                }
                None => field(ui, "role", "outside (interacted with the core)"),
            }
            field(ui, "language", ds.strings.languages.resolve(a.language[i]));
            field(ui, "location", &a.reported_location[i]);
            field(ui, "description", &a.description[i]);
            field(ui, "url", &a.url[i]);
            let count = |c: Option<u32>| c.map(|n| thousands(u64::from(n))).unwrap_or_default();
            field(ui, "followers", &count(a.follower_count[i]));
            field(ui, "following", &count(a.following_count[i]));
            field(
                ui,
                "created",
                &a.created_days[i].map(format_days).unwrap_or_default(),
            );
        });
    let tweets = index.of(account);
    let t = &ds.tweets;
    ui.separator();
    if tweets.is_empty() {
        ui.label("No tweets in the dataset.");
    } else {
        let (lo, hi) = tweets.iter().fold((i32::MAX, i32::MIN), |(lo, hi), &k| {
            (lo.min(t.time[k as usize]), hi.max(t.time[k as usize]))
        });
        ui.label(format!(
            "{} tweets, {} to {}",
            thousands(tweets.len() as u64),
            format_minutes(lo),
            format_minutes(hi)
        ));
        let hashtags = top(
            tweets.iter().flat_map(|&k| {
                t.lists(k as usize)
                    .hashtags
                    .iter()
                    .map(|&h| ds.strings.hashtags.resolve(h))
                    .collect::<Vec<_>>()
            }),
            5,
        );
        let urls = top(
            tweets.iter().flat_map(|&k| {
                t.lists(k as usize)
                    .urls
                    .iter()
                    .map(|&h| ds.strings.urls.resolve(h))
                    .collect::<Vec<_>>()
            }),
            3,
        );
        let clients = top(
            tweets
                .iter()
                .map(|&k| ds.strings.clients.resolve(u32::from(t.client[k as usize]))),
            3,
        );
        for (name, list) in [("hashtags", hashtags), ("urls", urls), ("clients", clients)] {
            if !list.is_empty() {
                let text: Vec<String> = list.iter().map(|(v, n)| format!("{v} ({n})")).collect();
                ui.label(format!("top {name}: {}", text.join(", ")));
            }
        }
    }
    // Neighbours by kind.
    if let Some(view) = &state.view {
        let mut by_kind: [Vec<(u32, u32)>; 4] = Default::default();
        for e in &view.network.edges {
            if e.src == node && e.dst != node {
                by_kind[e.kind as usize].push((e.dst, e.weight));
            } else if e.dst == node && e.src != node {
                by_kind[e.kind as usize].push((e.src, e.weight));
            }
        }
        egui::CollapsingHeader::new("Neighbours")
            .default_open(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("neighbours")
                    .max_height(140.0)
                    .show(ui, |ui| {
                        for kind in EdgeKind::ALL {
                            let list = &mut by_kind[kind as usize];
                            if list.is_empty() {
                                continue;
                            }
                            list.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                            ui.label(
                                RichText::new(format!("{} ({})", kind.label(), list.len()))
                                    .strong(),
                            );
                            ui.horizontal_wrapped(|ui| {
                                for &(n, w) in list.iter().take(30) {
                                    let name = view
                                        .network
                                        .account
                                        .get(n as usize)
                                        .map(|&acc| ds.accounts.label(acc))
                                        .unwrap_or_default();
                                    if ui.link(format!("{name} ×{w}")).clicked() {
                                        out.push(Command::Select {
                                            nodes: vec![n],
                                            add: false,
                                        });
                                        out.push(Command::ZoomToSelection);
                                    }
                                }
                            });
                        }
                    });
            });
    }
    ui.separator();
    let has_text = t.text_offsets.is_some();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::auto())
        .column(Column::auto())
        .column(Column::auto())
        .column(Column::remainder())
        .header(row_height, |mut h| {
            for title in ["time (UTC)", "lang", "kind", "text"] {
                h.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, tweets.len(), |mut row| {
                let k = tweets[row.index()] as usize;
                row.col(|ui| {
                    ui.label(format_minutes(t.time[k]));
                });
                row.col(|ui| {
                    ui.label(ds.strings.languages.resolve(u32::from(t.lang[k])));
                });
                row.col(|ui| {
                    ui.label(TweetKind(t.kind[k]).label());
                });
                row.col(|ui| {
                    if has_text {
                        let text = t.text(k).replace('\n', " ");
                        ui.add(egui::Label::new(text.as_str()).truncate())
                            .on_hover_text(text);
                    } else {
                        ui.label(RichText::new("(text not loaded)").weak());
                    }
                });
            });
        });
    out
}
