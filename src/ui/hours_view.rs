//! The hour-of-week heatmap: when the shown tweets were posted (rows Monday to Sunday,
//! columns hours), in a chosen time zone; office hours show as a bright block.

use egui::Ui;

use super::format::thousands;
use crate::render::Palette;
use crate::state::{AppState, Command};

/// Weekday names, Monday first.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The hour-of-week heatmap: when the shown tweets were posted, in a chosen time zone.
pub fn hours_ui(ui: &mut Ui, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    if super::activity_view::no_tweets_note(ui, state) {
        return out;
    }
    ui.horizontal_wrapped(|ui| {
        ui.strong("Posting hours");
        ui.label("in");
        let mut tz = state.settings.time_zone.clone();
        egui::ComboBox::from_id_salt("time zone")
            .selected_text(&tz)
            .show_ui(ui, |ui| {
                for name in crate::analysis::activity::TIME_ZONES {
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
            thousands(n)
        ));
    }
    out
}
