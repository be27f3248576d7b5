//! The figure export dialog: format, size (the canvas × 1–8, or pixels), background,
//! how SVG and PDF hold the edges (with the estimated file sizes), the canvas's title
//! and caption; then the export's progress with Cancel.

use egui::Context;

use super::format::thousands;
use crate::state::figure::{FigureFormat, FigureSettings, FigureSize};
use crate::state::{AppState, Command};

/// Bytes as "12.3 MB" or "850 kB".
fn file_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} kB", thousands(bytes.div_ceil(1000)))
    }
}

/// The dialog, while open.
pub fn figure_window(ctx: &Context, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let (Some(dialog), Some(view)) = (&state.figure, &state.view) else {
        return out;
    };
    let mut open = true;
    let mut s: FigureSettings = dialog.settings;
    egui::Window::new("Export figure")
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label("Format");
                for f in FigureFormat::ALL {
                    ui.selectable_value(&mut s.format, f, f.label());
                }
            });
            let canvas = [view.viewport.width(), view.viewport.height()];
            ui.horizontal(|ui| {
                ui.label("Size");
                for k in [1.0, 2.0, 4.0, 8.0] {
                    ui.selectable_value(&mut s.size, FigureSize::Scale(k), format!("{k}×"));
                }
                let mut pixels = s.pixels(canvas).unwrap_or([1920, 1080]);
                let explicit = matches!(s.size, FigureSize::Pixels(_));
                if ui.selectable_label(explicit, "pixels").clicked() && !explicit {
                    s.size = FigureSize::Pixels(pixels);
                }
                if let FigureSize::Pixels(_) = s.size {
                    let w = ui.add(
                        egui::DragValue::new(&mut pixels[0])
                            .range(16..=32_768)
                            .suffix(" px"),
                    );
                    ui.label("×");
                    let h = ui.add(
                        egui::DragValue::new(&mut pixels[1])
                            .range(16..=32_768)
                            .suffix(" px"),
                    );
                    if w.changed() || h.changed() {
                        s.size = FigureSize::Pixels(pixels);
                    }
                }
            });
            match s.pixels(canvas) {
                Some([w, h]) => ui.weak(format!(
                    "{} × {} pixels; past 4096 a side it is drawn in tiles",
                    thousands(u64::from(w)),
                    thousands(u64::from(h))
                )),
                None => ui.colored_label(
                    ui.visuals().error_fg_color,
                    "Out of range: at most 32,768 pixels a side",
                ),
            };
            ui.checkbox(&mut s.transparent, "Transparent background");
            if s.format != FigureFormat::Png {
                ui.label("Edges");
                let estimate = |k: usize| {
                    dialog.estimate.map_or_else(
                        || "estimating…".to_owned(),
                        |e| format!("about {}", file_size(e[k])),
                    )
                };
                ui.radio_value(
                    &mut s.raster_edges,
                    false,
                    format!("as vector lines ({})", estimate(0)),
                );
                ui.radio_value(
                    &mut s.raster_edges,
                    true,
                    format!(
                        "as one picture under vector accounts and text ({})",
                        estimate(1)
                    ),
                );
            }
            ui.separator();
            let (mut title, mut caption) = (
                view.annotation.title.clone(),
                view.annotation.caption.clone(),
            );
            ui.horizontal(|ui| {
                ui.label("Title");
                let t = ui.text_edit_singleline(&mut title);
                if t.changed() {
                    out.push(Command::SetAnnotation {
                        title: title.clone(),
                        caption: caption.clone(),
                    });
                }
            });
            ui.horizontal(|ui| {
                ui.label("Caption");
                if ui.text_edit_singleline(&mut caption).changed() {
                    out.push(Command::SetAnnotation {
                        title: title.clone(),
                        caption: caption.clone(),
                    });
                }
            });
            ui.weak("Title and caption are drawn on the canvas, as they will be in the figure.");
            ui.separator();
            match &state.session_jobs.picture {
                Some(job) => {
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::ProgressBar::new(job.progress.fraction())
                                .show_percentage()
                                .desired_width(220.0),
                        );
                        if ui.button("Cancel").clicked() {
                            out.push(Command::CancelFigure);
                        }
                    });
                }
                None => {
                    let busy = state.session_jobs.picture_dialog.is_some();
                    if ui
                        .add_enabled(
                            !busy && s.pixels(canvas).is_some(),
                            egui::Button::new("Export…"),
                        )
                        .clicked()
                    {
                        out.push(Command::ExportFigure);
                    }
                }
            }
        });
    if s != dialog.settings {
        out.push(Command::SetFigureSettings(s));
    }
    if !open {
        out.push(Command::ShowFigureDialog(false));
    }
    out
}
