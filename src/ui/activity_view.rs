//! The activity plot: tweets per day, week or month for what the filter shows, stacked
//! by country or tweet language, retweets in a lighter shade of their series, and the
//! selected accounts' tweets as a line. Dragging across the plot sets the time window.

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, HoverPosition, Line, Plot, PlotPoints, Polygon};

use super::format::thousands;
use crate::analysis::activity::{Activity, Bin, StackBy};
use crate::export::plot_svg::lighter;
use crate::model::time::format_days;
use crate::render::Palette;
use crate::state::{AppState, Command};

/// Where the plot was last drawn (screen points), kept in egui's memory under this id
/// for tests and tools that drive the brush.
pub fn plot_rect_id() -> egui::Id {
    egui::Id::unique("ioscope activity plot rect")
}

pub fn activity_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(activity) = &state.activity else {
        ui.label("No tweets.");
        return out;
    };
    if no_tweets_note(ui, state) {
        return out;
    }
    let palette = Palette::for_visuals(ui.visuals());
    ui.horizontal_wrapped(|ui| {
        ui.strong("Posting activity");
        ui.label(format!("{} tweets", thousands(activity.total)));
        ui.separator();
        let mut bin = state.settings.activity_bin;
        ui.label("per");
        ui.selectable_value(&mut bin, None, "auto");
        for b in Bin::ALL {
            ui.selectable_value(&mut bin, Some(b), b.label());
        }
        ui.separator();
        let mut stack = state.settings.activity_stack;
        ui.label("stacked by");
        ui.selectable_value(&mut stack, StackBy::Country, "country");
        ui.selectable_value(&mut stack, StackBy::TweetLanguage, "tweet language");
        if bin != state.settings.activity_bin || stack != state.settings.activity_stack {
            out.push(Command::SetActivity { bin, stack });
        }
    });
    // Countries keep the colours the network gives them.
    let colors = state.activity_colors(palette);
    legend_row(ui, activity, &colors, palette);
    out.extend(plot(ui, activity, &colors, palette));
    out
}

/// Says so, and returns true, when the dataset holds no tweets at all (a network file:
/// nodes and edges, no posting times), instead of an empty plot at 1970.
pub fn no_tweets_note(ui: &mut Ui, state: &AppState) -> bool {
    let Some(loaded) = &state.loaded else {
        return false;
    };
    if !loaded.dataset.tweets.is_empty() {
        return false;
    }
    ui.label(if loaded.dataset.graph_file.is_some() {
        "This network file has accounts and edges but no tweets: there is no posting \
         activity to plot."
    } else {
        "This dataset has no tweets: there is no posting activity to plot."
    });
    true
}

/// The plot's legend, above it so that it hides no bar: each series' colour, and how
/// retweets and the selection are drawn.
fn legend_row(ui: &mut Ui, a: &Activity, colors: &[Color32], palette: Palette) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        for (s, &color) in a.series.iter().zip(colors) {
            swatch(ui, color);
            ui.label(egui::RichText::new(&s.label).small());
        }
        ui.separator();
        ui.label(egui::RichText::new("lighter: retweets").small().weak());
        if a.selection.iter().any(|&n| n > 0) {
            swatch(ui, palette.selection());
            ui.label(egui::RichText::new("selected accounts").small());
        }
        ui.separator();
        ui.label(
            egui::RichText::new("drag across the plot to set the time window")
                .small()
                .weak(),
        );
    });
}

fn swatch(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
}

fn plot(ui: &mut Ui, a: &Activity, colors: &[Color32], palette: Palette) -> Vec<Command> {
    let mut out = Vec::new();
    let bins = a.edges.len().saturating_sub(1);
    let center = |b: usize| f64::from(a.edges[b] + a.edges[b + 1]) / 2.0;
    let width = |b: usize| f64::from(a.edges[b + 1] - a.edges[b]) * 0.9;
    let plot = Plot::new("activity")
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| format_days(mark.value.round() as i32))
        .label_formatter(|hover| {
            Some(match hover {
                HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => format!(
                    "{plot_name}\n{}: {:.0}",
                    format_days(position.x.floor() as i32),
                    position.y
                ),
                HoverPosition::Elsewhere { position } => format_days(position.x.floor() as i32),
            })
        });
    let response = plot.show(ui, |plot_ui| {
        let mut below: Vec<BarChart> = Vec::new();
        for (s, &color) in a.series.iter().zip(colors) {
            for (part, counts, fill) in [
                ("", &s.originals, color),
                (" retweets", &s.retweets, lighter(color)),
            ] {
                let bars: Vec<Bar> = (0..bins)
                    .map(|b| {
                        Bar::new(center(b), counts[b] as f64)
                            .width(width(b))
                            .fill(fill)
                    })
                    .collect();
                let refs: Vec<&BarChart> = below.iter().collect();
                let chart = BarChart::new(format!("{}{part}", s.label), bars)
                    .color(fill)
                    .stack_on(&refs);
                below.push(chart);
            }
        }
        for chart in below {
            plot_ui.bar_chart(chart);
        }
        if a.selection.iter().any(|&n| n > 0) {
            let points: PlotPoints = (0..bins)
                .map(|b| [center(b), a.selection[b] as f64])
                .collect();
            plot_ui.line(
                Line::new("selected accounts", points)
                    .color(palette.selection())
                    .width(2.0),
            );
        }
        brush(plot_ui, palette)
    });
    ui.ctx()
        .data_mut(|d| d.insert_temp(plot_rect_id(), response.response.rect));
    if let Some((x0, x1)) = response.inner {
        let (lo, hi) = (x0.min(x1), x0.max(x1));
        if hi - lo >= 0.5 {
            out.push(Command::SetTimeWindow {
                from: Some(lo.floor() as i32),
                to: Some(hi.floor() as i32),
            });
        }
    }
    out
}

/// Brushing: the drag's start and current x, drawn as a band; the band once the drag
/// ends.
fn brush(plot_ui: &mut egui_plot::PlotUi<'_>, palette: Palette) -> Option<(f64, f64)> {
    let brush_id = egui::Id::unique("activity brush");
    let resp = plot_ui.response().clone();
    let pointer = plot_ui.pointer_coordinate();
    let mut brush: Option<(f64, f64)> = plot_ui.ctx().data(|d| d.get_temp(brush_id));
    if resp.drag_started()
        && let Some(p) = pointer
    {
        brush = Some((p.x, p.x));
    }
    if let (Some((start, _)), Some(p)) = (brush, pointer)
        && resp.dragged()
    {
        brush = Some((start, p.x));
    }
    if let Some((x0, x1)) = brush {
        let bounds = plot_ui.plot_bounds();
        let (lo, hi) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (bounds.min()[1], bounds.max()[1]);
        plot_ui.polygon(
            Polygon::new(
                "",
                PlotPoints::new(vec![[lo, y0], [hi, y0], [hi, y1], [lo, y1]]),
            )
            .fill_color(palette.box_select_fill())
            .stroke(egui::Stroke::new(1.0, palette.box_select_stroke())),
        );
    }
    let stopped = resp.drag_stopped();
    plot_ui.ctx().data_mut(|d| {
        if stopped {
            d.remove::<(f64, f64)>(brush_id);
        } else if let Some(b) = brush {
            d.insert_temp(brush_id, b);
        }
    });
    if stopped { brush } else { None }
}
