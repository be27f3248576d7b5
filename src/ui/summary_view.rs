//! The dataset summary: headline figures, campaigns with their countries, languages,
//! tweets per month and account-creation bursts.

use egui::RichText;
use egui_plot::{Bar, BarChart, Plot};

use super::format::thousands;
use crate::model::time::format_month;
use crate::state::Loaded;
use crate::state::command::Command;

fn figure(ui: &mut egui::Ui, value: u64, label: &str) {
    ui.vertical(|ui| {
        ui.label(RichText::new(thousands(value)).size(22.0).strong());
        ui.label(RichText::new(label).weak());
    });
    ui.add_space(18.0);
}

fn top_counts(map: &std::collections::BTreeMap<String, u64>, n: usize) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(n);
    v
}

pub fn summary_ui(ui: &mut egui::Ui, loaded: &Loaded) -> Vec<Command> {
    let s = &loaded.summary;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                figure(ui, s.accounts.core, "core accounts");
                figure(ui, s.accounts.outside, "outside accounts");
                figure(ui, s.tweets, "tweets");
                figure(ui, s.edges.total, "links (account pairs)");
                figure(ui, s.interactions.retweet, "retweets");
                figure(ui, s.accounts.hashed, "hashed ids");
            });
            if let (Some(a), Some(b)) = (&s.time_span.first_tweet, &s.time_span.last_tweet) {
                ui.label(format!("Tweets from {a} to {b} (UTC)"));
            }
            ui.separator();
            ui.columns(3, |cols| {
                cols[0].heading("Campaigns");
                egui::Grid::new("campaigns")
                    .striped(true)
                    .show(&mut cols[0], |ui| {
                        ui.strong("release");
                        ui.strong("country");
                        ui.strong("accounts");
                        ui.strong("tweets");
                        ui.end_row();
                        for c in &s.campaigns {
                            ui.label(&c.name);
                            ui.label(&c.country);
                            ui.label(thousands(c.accounts));
                            ui.label(thousands(c.tweets));
                            ui.end_row();
                        }
                    });
                cols[1].heading("Tweet languages");
                egui::Grid::new("tweet_languages")
                    .striped(true)
                    .show(&mut cols[1], |ui| {
                        for (lang, n) in top_counts(&s.tweet_languages, 10) {
                            ui.label(lang);
                            ui.label(thousands(n));
                            ui.end_row();
                        }
                    });
                cols[2].heading("Account creation bursts");
                egui::Grid::new("creation")
                    .striped(true)
                    .show(&mut cols[2], |ui| {
                        for (day, n) in s.creation_dates.top_days.iter().take(6) {
                            ui.label(day);
                            ui.label(format!("{} accounts", thousands(*n)));
                            ui.end_row();
                        }
                    });
            });
            ui.separator();
            ui.heading("Tweets per month");
            let bars: Vec<Bar> = s
                .month_bins
                .iter()
                .map(|&(m, n)| {
                    Bar::new(f64::from(m), n as f64)
                        .width(0.9)
                        .name(format_month(m))
                })
                .collect();
            let chart =
                BarChart::new("tweets per month", bars).color(ui.visuals().selection.bg_fill);
            Plot::new("tweets_per_month")
                .height(220.0)
                .allow_scroll(false)
                .x_axis_formatter(|mark, _range| format_month(mark.value.round() as i32))
                .show(ui, |plot| plot.bar_chart(chart));
        });
    Vec::new()
}
