//! The inspector: everything about the selected account (profile, role, campaign and
//! country, activity span, top hashtags, URLs and clients, its tweets in a virtualised
//! table, its neighbours by interaction kind, a click away), or the aggregate of several
//! selected accounts.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::format::thousands;
use crate::analysis::inspect::Inspected;
use crate::graph::EdgeKind;
use crate::model::time::{format_days, format_minutes};
use crate::model::{AccountIdx, Dataset, TweetKind, TweetsByAuthor};
use crate::render::GraphView;
use crate::state::{AppState, Command};

fn field(ui: &mut Ui, name: &str, value: &str) {
    if !value.is_empty() {
        ui.label(RichText::new(name).weak());
        ui.label(value);
        ui.end_row();
    }
}

pub fn inspector_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let (Some(view), Some(loaded)) = (&state.view, &state.loaded) else {
        return out;
    };
    let index = &loaded.by_author;
    let ds = &view.dataset;
    match view.selection.order.as_slice() {
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
            super::coordination_view::evidence_list_ui(ui, state, &accounts);
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

/// One account: its profile, activity digest, neighbours and tweets.
fn account_ui(
    ui: &mut Ui,
    state: &AppState,
    ds: &Dataset,
    index: &TweetsByAuthor,
    node: u32,
    account: AccountIdx,
) -> Vec<Command> {
    let mut out = Vec::new();
    if account as usize >= ds.accounts.len() {
        return out;
    }
    profile_ui(ui, ds, account);
    let tweets = index.of(account);
    ui.separator();
    let digest = state.inspected.as_ref().filter(|d| d.node == node);
    digest_ui(ui, digest, tweets.len());
    if let (Some(view), Some(digest)) = (&state.view, digest) {
        out.extend(neighbours_ui(ui, view, ds, digest));
    }
    ui.separator();
    out.extend(tweets_ui(ui, state, ds, tweets));
    out
}

/// The account's profile as a two-column grid.
fn profile_ui(ui: &mut Ui, ds: &Dataset, account: AccountIdx) {
    let a = &ds.accounts;
    let i = account as usize;
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
}

/// The activity span and the most frequent hashtags, URLs and clients.
fn digest_ui(ui: &mut Ui, digest: Option<&Inspected>, tweet_count: usize) {
    match (digest.and_then(|d| d.span), tweet_count == 0) {
        (_, true) => {
            ui.label("No tweets in the dataset.");
        }
        (Some((lo, hi)), false) => {
            ui.label(format!(
                "{} tweets, {} to {}",
                thousands(tweet_count as u64),
                format_minutes(lo),
                format_minutes(hi)
            ));
        }
        (None, false) => {}
    }
    for (name, list) in digest.iter().flat_map(|d| &d.tops) {
        if !list.is_empty() {
            let text: Vec<String> = list.iter().map(|(v, n)| format!("{v} ({n})")).collect();
            ui.label(format!("top {name}: {}", text.join(", ")));
        }
    }
}

/// Neighbours by interaction kind, strongest first; a click goes there.
fn neighbours_ui(ui: &mut Ui, view: &GraphView, ds: &Dataset, digest: &Inspected) -> Vec<Command> {
    let mut out = Vec::new();
    let by_kind = &digest.neighbours;
    egui::CollapsingHeader::new("Neighbours")
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("neighbours")
                .max_height(140.0)
                .show(ui, |ui| {
                    for kind in EdgeKind::ALL {
                        let list = &by_kind[kind as usize];
                        if list.is_empty() {
                            continue;
                        }
                        ui.label(
                            RichText::new(format!("{} ({})", kind.label(), list.len())).strong(),
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
    out
}

/// The account's tweets in a virtualised table. Without texts in memory, the rows in
/// view have theirs read from the files (asked for with [`Command::ReadTexts`]).
fn tweets_ui(ui: &mut Ui, state: &AppState, ds: &Dataset, tweets: &[u32]) -> Vec<Command> {
    let t = &ds.tweets;
    let has_text = t.text_offsets.is_some();
    let readable = !has_text
        && ds
            .text_sources
            .as_ref()
            .is_some_and(|s| s.files.iter().any(|f| f.path.is_some()));
    let mut wanted = Vec::new();
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
                    let read = state.read_texts.get(&(k as u32));
                    if has_text {
                        let text = t.text(k).replace('\n', " ");
                        ui.add(egui::Label::new(text.as_str()).truncate())
                            .on_hover_text(text);
                    } else if let Some(Ok(text)) = read {
                        let text = text.replace('\n', " ");
                        ui.add(egui::Label::new(text.as_str()).truncate())
                            .on_hover_text(text);
                    } else if let Some(Err(why)) = read {
                        ui.label(RichText::new("(text not readable)").weak())
                            .on_hover_text(why.as_str());
                    } else if readable {
                        wanted.push(k as u32);
                        ui.label(RichText::new("reading…").weak());
                    } else {
                        ui.label(RichText::new("(text not loaded)").weak());
                    }
                });
            });
        });
    if wanted.is_empty() {
        Vec::new()
    } else {
        vec![Command::ReadTexts(wanted)]
    }
}
