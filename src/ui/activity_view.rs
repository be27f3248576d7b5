//! The activity plot: tweets per day, week or month for what the filter shows, stacked
//! by country or tweet language, retweets in a lighter shade of their series, and the
//! selected accounts' tweets as a line. Dragging across the plot sets the time window.

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, HoverPosition, Line, Plot, PlotPoints, Polygon};

use crate::activity::{Activity, Bin, StackBy};
use crate::app::AppState;
use crate::command::Command;
use crate::model::time::format_days;
use crate::render::{ColorBy, Palette};

/// Where the plot was last drawn (screen points), kept in egui's memory under this id
/// for tests and tools that drive the brush.
pub fn plot_rect_id() -> egui::Id {
    egui::Id::unique("ioscope activity plot rect")
}

/// Lighter shade of a series colour, for its retweets.
fn lighter(c: Color32) -> Color32 {
    let mix = |v: u8| (u16::from(v) + (255 - u16::from(v)) / 2) as u8;
    Color32::from_rgb(mix(c.r()), mix(c.g()), mix(c.b()))
}

pub fn activity_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(activity) = &state.activity else {
        ui.label("No tweets.");
        return out;
    };
    let palette = Palette::for_visuals(ui.visuals());
    ui.horizontal(|ui| {
        ui.strong("Posting activity");
        ui.label(format!("{} tweets", super::thousands(activity.total)));
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
        ui.separator();
        ui.label(egui::RichText::new("drag across the plot to set the time window").weak());
    });
    // Countries keep the colours the network gives them.
    let legend: Vec<(String, Color32)> = match &state.view {
        Some(v)
            if v.style.color_by == ColorBy::Country
                && state.settings.activity_stack == StackBy::Country =>
        {
            v.legend
                .iter()
                .map(|e| (e.label.clone(), e.color))
                .collect()
        }
        _ => Vec::new(),
    };
    out.extend(plot(ui, activity, palette, &legend));
    out
}

fn plot(ui: &mut Ui, a: &Activity, palette: Palette, legend: &[(String, Color32)]) -> Vec<Command> {
    let mut out = Vec::new();
    let bins = a.edges.len().saturating_sub(1);
    let center = |b: usize| f64::from(a.edges[b] + a.edges[b + 1]) / 2.0;
    let width = |b: usize| f64::from(a.edges[b + 1] - a.edges[b]) * 0.9;
    let brush_id = egui::Id::unique("activity brush");
    let plot = Plot::new("activity")
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .legend(egui_plot::Legend::default())
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
        for (i, s) in a.series.iter().enumerate() {
            let color = legend
                .iter()
                .find(|(label, _)| *label == s.label)
                .map_or_else(|| palette.categorical(i), |(_, c)| *c);
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
        // Brushing: the drag's start and current x, drawn as a band.
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

/// Weekday names, Monday first.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The hour-of-week heatmap: when the shown tweets were posted, in a chosen time zone.
pub fn hours_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.strong("Posting hours");
        ui.label("in");
        let mut tz = state.settings.time_zone.clone();
        egui::ComboBox::from_id_salt("time zone")
            .selected_text(&tz)
            .show_ui(ui, |ui| {
                for name in crate::activity::TIME_ZONES {
                    ui.selectable_value(&mut tz, name.to_owned(), name);
                }
            });
        if tz != state.settings.time_zone {
            out.push(Command::SetTimeZone(tz));
        }
        ui.label(egui::RichText::new("office hours show as a bright block on weekdays").weak());
    });
    let Some(hours) = &state.hours else {
        return out;
    };
    let max = hours.iter().flatten().copied().max().unwrap_or(0).max(1);
    let palette = Palette::for_visuals(ui.visuals());
    let avail = ui.available_rect_before_wrap();
    let label_w = 36.0;
    let top = 16.0;
    let cell = egui::vec2(
        ((avail.width() - label_w) / 24.0).max(4.0),
        ((avail.height() - top) / 7.0).clamp(4.0, 28.0),
    );
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(label_w + cell.x * 24.0, top + cell.y * 7.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let text_color = ui.visuals().text_color();
    let font = egui::FontId::proportional(11.0);
    let hot = palette.hover();
    let cold = palette.canvas_background();
    for h in (0..24).step_by(3) {
        painter.text(
            rect.min + egui::vec2(label_w + cell.x * (h as f32 + 0.5), top / 2.0),
            egui::Align2::CENTER_CENTER,
            format!("{h:02}"),
            font.clone(),
            text_color,
        );
    }
    let mut hovered = None;
    for (d, row) in hours.iter().enumerate() {
        painter.text(
            rect.min + egui::vec2(2.0, top + cell.y * (d as f32 + 0.5)),
            egui::Align2::LEFT_CENTER,
            WEEKDAYS[d],
            font.clone(),
            text_color,
        );
        for (h, &n) in row.iter().enumerate() {
            let min = rect.min + egui::vec2(label_w + cell.x * h as f32, top + cell.y * d as f32);
            let r = egui::Rect::from_min_size(min, cell).shrink(0.5);
            let t = (n as f32 / max as f32).sqrt();
            painter.rect_filled(r, 1.0, cold.lerp_to_gamma(hot, t));
            if response.hover_pos().is_some_and(|p| r.contains(p)) {
                hovered = Some((d, h, n));
            }
        }
    }
    if let Some((d, h, n)) = hovered {
        response.on_hover_text(format!(
            "{} {h:02}:00–{h:02}:59: {} tweets",
            WEEKDAYS[d],
            super::thousands(n)
        ));
    }
    out
}

/// Accounts created per day, week or month (the shown ones): creation bursts stand out.
pub fn creation_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let Some(h) = &state.creation else {
        ui.label("No creation dates.");
        return Vec::new();
    };
    ui.horizontal(|ui| {
        ui.strong("Account creation");
        ui.label(format!(
            "{} accounts, per {}",
            super::thousands(h.counts.iter().sum()),
            h.bin.map_or("day", Bin::label)
        ));
    });
    let palette = Palette::for_visuals(ui.visuals());
    let bars: Vec<Bar> = h
        .counts
        .iter()
        .enumerate()
        .map(|(b, &n)| {
            let (a, z) = (h.edges[b], h.edges[b + 1]);
            Bar::new(f64::from(a + z) / 2.0, n as f64)
                .width(f64::from(z - a) * 0.9)
                .name(format_days(a))
        })
        .collect();
    Plot::new("creation")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| format_days(mark.value.round() as i32))
        .show(ui, |plot_ui| {
            plot_ui
                .bar_chart(BarChart::new("accounts created", bars).color(palette.categorical(1)));
        });
    Vec::new()
}
