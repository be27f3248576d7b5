//! The row above the canvas: layout control (run or pause, restart; the status bar
//! shows its progress), the canvas's styles, and fit / zoom to the selection.

use egui::Ui;

use crate::render::view::GraphView;
use crate::render::{ColorBy, EdgeColorBy, SizeBy};
use crate::state::Command;

/// The toolbar above the canvas: layout control and styles.
pub fn toolbar_ui(ui: &mut Ui, view: &GraphView) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        let running = view.layout.is_running();
        let (label, command) = if running {
            ("Pause layout", Command::LayoutPause)
        } else {
            ("Run layout", Command::LayoutRun)
        };
        if ui
            .add_enabled(view.has_layout(), egui::Button::new(label))
            .on_hover_text("Space")
            .clicked()
        {
            out.push(command);
        }
        if ui
            .add_enabled(view.has_layout(), egui::Button::new("Restart"))
            .on_hover_text("New random start positions")
            .clicked()
        {
            out.push(Command::LayoutReset);
        }
        ui.separator();
        let mut style = view.style;
        let ds = &view.dataset;
        combo(
            ui,
            "Colour",
            &mut style.color_by,
            &ColorBy::choices(ds),
            |c| c.name(ds),
        );
        combo(ui, "Size", &mut style.size_by, &SizeBy::choices(ds), |s| {
            s.name(ds)
        });
        combo(
            ui,
            "Edges",
            &mut style.edge_color_by,
            &EdgeColorBy::ALL,
            |e| e.label().to_owned(),
        );
        if style != view.style {
            out.push(Command::SetStyle(style));
        }
        ui.separator();
        if ui.button("Fit").on_hover_text("F").clicked() {
            out.push(Command::FitAll);
        }
        if ui
            .add_enabled(
                !view.selection.order.is_empty(),
                egui::Button::new("Zoom to selection"),
            )
            .on_hover_text("Z")
            .clicked()
        {
            out.push(Command::ZoomToSelection);
        }
    });
    out
}

fn combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> String,
) {
    let label_id = ui.label(label).id;
    egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &v in all {
                ui.selectable_value(value, v, name(v));
            }
        })
        .response
        .labelled_by(label_id);
}
