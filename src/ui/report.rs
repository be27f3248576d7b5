//! Windows over the others: the load report (the error that stopped the last load and
//! the warnings of the dataset shown), the offer to restore autosaved work, and the
//! question about unsaved changes.

use egui::Context;

use crate::state::{AppState, Command};

/// The load report: the error that stopped the last load, and the warnings of the
/// dataset shown (file, line, reason), selectable for copying.
pub fn report_window(ctx: &Context, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    if !state.show_report {
        return out;
    }
    let mut open = true;
    egui::Window::new("Load report")
        .open(&mut open)
        .default_size([640.0, 360.0])
        .show(ctx, |ui| {
            let mut text = String::new();
            if let Some(err) = &state.report.error {
                text.push_str(&format!(
                    "Could not open {}:\n{err}\n",
                    state.report.inputs.join(", ")
                ));
                if state.loaded.is_some() {
                    text.push_str("The dataset shown before is still open.\n");
                }
                text.push('\n');
            }
            if let Some(loaded) = &state.loaded {
                let ds = &loaded.dataset;
                text.push_str(&format!(
                    "{}: {} warnings",
                    loaded.inputs.join(", "),
                    ds.warning_count
                ));
                if ds.warning_count as usize > ds.warnings.len() {
                    text.push_str(&format!(" (the first {} shown)", ds.warnings.len()));
                }
                text.push('\n');
                for w in &ds.warnings {
                    text.push_str(&format!("{w}\n"));
                }
            }
            if ui.button("Copy").clicked() {
                ui.ctx().copy_text(text.clone());
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut text.as_str())
                        .code_editor()
                        .desired_width(f32::INFINITY),
                );
            });
        });
    if !open {
        out.push(Command::ShowReport(false));
    }
    out
}

/// A fixed window in the middle of the screen that asks a question.
fn modal(title: &str) -> egui::Window<'_> {
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
}

/// The offer to restore work autosaved before the last session ended badly.
pub fn recovery_window(ctx: &Context, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(path) = &state.recovery_offer else {
        return out;
    };
    modal("Unsaved work found").show(ctx, |ui| {
        ui.label("ioscope did not close properly last time. Its unsaved work was kept:");
        ui.label(egui::RichText::new(path.display().to_string()).weak());
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                out.push(Command::RestoreRecovery);
            }
            if ui.button("Discard").clicked() {
                out.push(Command::DiscardRecovery);
            }
        });
    });
    out
}

/// A load refused for want of memory: the reason, and buttons for what would fit.
pub fn memory_window(ctx: &Context, state: &AppState) -> Vec<Command> {
    use crate::io::memory::Offer;
    let mut out = Vec::new();
    let Some(refusal) = &state.memory_refusal else {
        return out;
    };
    modal("Not enough memory").show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label(refusal.headline());
        if refusal.offers.is_empty() {
            ui.label("Close other programs, or open fewer or smaller files.");
        } else {
            ui.label("What fits:");
            for offer in &refusal.offers {
                ui.label(format!("• {offer}"));
            }
        }
        if state.view.is_some() {
            ui.label(egui::RichText::new("The dataset on screen stays open.").weak());
        }
        ui.horizontal_wrapped(|ui| {
            for (i, offer) in refusal.offers.iter().enumerate() {
                let label = match offer {
                    Offer::WithoutTexts { .. } => "Load without texts".to_owned(),
                    Offer::SomeFiles { files, .. } => format!("Load {} files", files.len()),
                    Offer::DateWindow { from, .. } => format!(
                        "Load from {}",
                        crate::model::time::format_days(from.div_euclid(24 * 60))
                    ),
                };
                if ui.button(label).on_hover_text(offer.to_string()).clicked() {
                    out.push(Command::LoadOffer(i));
                }
            }
            if ui
                .button("Load anyway")
                .on_hover_text("Loading stops cleanly if memory runs out")
                .clicked()
            {
                out.push(Command::LoadAnyway);
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::DismissMemoryRefusal);
            }
        });
    });
    out
}

/// What to do with unsaved changes before a command that would drop them.
pub fn confirm_window(ctx: &Context, state: &AppState) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(pending) = &state.confirm else {
        return out;
    };
    let what = match pending {
        Command::Quit => "Quit",
        Command::Close => "Close the dataset",
        _ => "Open another dataset",
    };
    modal("Unsaved changes").show(ctx, |ui| {
        ui.label(format!(
            "{what}? The work on screen has changes that are not saved in a session."
        ));
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                out.push(Command::ConfirmSave);
            }
            if ui.button("Don't save").clicked() {
                out.push(Command::ConfirmDiscard);
            }
            if ui.button("Cancel").clicked() {
                out.push(Command::ConfirmCancel);
            }
        });
    });
    out
}
