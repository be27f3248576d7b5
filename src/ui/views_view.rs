//! The Views tab: the canvas's title and caption, the saved views as cards in
//! presentation order (thumbnail, name, caption; go to, update from the canvas,
//! delete; drag a card onto another to reorder), and the button that presents them.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use egui::{TextureHandle, Ui};

use crate::state::views::THUMBNAIL_WIDTH;
use crate::state::{AppState, Command};

/// Width of a view's card (points).
const CARD_WIDTH: f32 = 200.0;

/// Thumbnails as textures, by a hash of their PNG bytes.
#[derive(Default)]
pub struct Thumbnails {
    textures: HashMap<u64, TextureHandle>,
}

impl Thumbnails {
    /// The texture of a thumbnail's PNG (decoded once); `None` when it is empty or
    /// cannot be decoded.
    fn texture(&mut self, ctx: &egui::Context, png: &[u8]) -> Option<TextureHandle> {
        if png.is_empty() {
            return None;
        }
        let mut hasher = rustc_hash::FxHasher::default();
        png.hash(&mut hasher);
        let key = hasher.finish();
        if let Some(t) = self.textures.get(&key) {
            return Some(t.clone());
        }
        let image = decode_png(png)?;
        let texture = ctx.load_texture(format!("view thumbnail {key}"), image, Default::default());
        self.textures.insert(key, texture.clone());
        Some(texture)
    }
}

/// A PNG's pixels, or `None` when the bytes are not a PNG egui can show.
fn decode_png(png: &[u8]) -> Option<egui::ColorImage> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    let [w, h] = [info.width as usize, info.height as usize];
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf.get(..w * h * 4)?.to_vec(),
        png::ColorType::GrayscaleAlpha => buf
            .get(..w * h * 2)?
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        _ => return None,
    };
    Some(egui::ColorImage::from_rgba_unmultiplied([w, h], &rgba))
}

/// The Views tab.
pub fn views_ui(ui: &mut Ui, state: &AppState, thumbnails: &mut Thumbnails) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(view) = &state.view else {
        return out;
    };
    ui.horizontal(|ui| {
        if ui
            .button("➕ Add view")
            .on_hover_text("Save what the canvas shows now: camera, filter, styles, selection")
            .clicked()
        {
            out.push(Command::AddView);
        }
        if ui
            .add_enabled(!state.views.is_empty(), egui::Button::new("▶ Present"))
            .on_hover_text("Full screen, one view after another (F5; → next, ← back, Esc leaves)")
            .clicked()
        {
            out.push(Command::Present(true));
        }
        ui.separator();
        let (mut title, mut caption) = (
            view.annotation.title.clone(),
            view.annotation.caption.clone(),
        );
        ui.label("Title");
        let t = ui.add(egui::TextEdit::singleline(&mut title).desired_width(160.0));
        ui.label("Caption");
        let c = ui.add(egui::TextEdit::singleline(&mut caption).desired_width(260.0));
        if t.changed() || c.changed() {
            out.push(Command::SetAnnotation { title, caption });
        }
    });
    ui.separator();
    if state.views.is_empty() {
        ui.weak("No views yet: arrange the canvas, then Add view. Views are kept in the session.");
        return out;
    }
    egui::ScrollArea::both().show(ui, |ui| {
        ui.horizontal_top(|ui| {
            for i in 0..state.views.len() {
                out.extend(card_ui(ui, state, i, thumbnails));
            }
        });
    });
    out
}

/// One view's card; a card dragged onto it moves there.
fn card_ui(ui: &mut Ui, state: &AppState, i: usize, thumbnails: &mut Thumbnails) -> Vec<Command> {
    let mut out = Vec::new();
    let v = &state.views[i];
    let current = state.current_view == Some(i);
    let frame = egui::Frame::group(ui.style()).stroke(if current {
        ui.visuals().selection.stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    });
    let (_, dropped) = ui.dnd_drop_zone::<usize, _>(frame, |ui| {
        ui.set_width(CARD_WIDTH);
        ui.vertical(|ui| {
            let id = egui::Id::unique(("view card", v.id));
            ui.dnd_drag_source(id, i, |ui| {
                ui.horizontal(|ui| {
                    ui.weak("move")
                        .on_hover_text("Drag onto another view to move it there");
                    ui.strong(format!("{}.", i + 1));
                });
            });
            let height = THUMBNAIL_WIDTH * 0.6;
            match thumbnails.texture(ui.ctx(), &v.thumbnail) {
                Some(t) => {
                    let size = t.size_vec2();
                    let scale = (CARD_WIDTH / size.x).min(height / size.y.max(1.0));
                    let image = egui::Image::new(&t).fit_to_exact_size(size * scale);
                    if ui.add(image.sense(egui::Sense::click())).clicked() {
                        out.push(Command::GoToView(i));
                    }
                }
                None => {
                    ui.allocate_ui(egui::vec2(CARD_WIDTH, height), |ui| {
                        ui.centered_and_justified(|ui| ui.weak("drawing…"));
                    });
                }
            }
            let mut name = v.name.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut name).hint_text("Name"))
                .changed()
            {
                out.push(Command::RenameView(i, name));
            }
            let mut caption = v.caption.clone();
            let edit = egui::TextEdit::multiline(&mut caption)
                .hint_text("Caption")
                .desired_rows(2);
            if ui.add(edit).changed() {
                out.push(Command::SetViewCaption(i, caption));
            }
            ui.horizontal(|ui| {
                if ui.button("Go to").clicked() {
                    out.push(Command::GoToView(i));
                }
                if ui
                    .button("Update")
                    .on_hover_text("Replace this view with what the canvas shows now")
                    .clicked()
                {
                    out.push(Command::UpdateView(i));
                }
                if ui.button("Delete").clicked() {
                    out.push(Command::DeleteView(i));
                }
            });
        });
    });
    if let Some(from) = dropped
        && *from != i
    {
        out.push(Command::MoveView { from: *from, to: i });
    }
    out
}
