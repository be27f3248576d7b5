//! Fonts: egui's defaults (Latin with Turkish, Cyrillic, Greek, emoji) plus bundled
//! fallbacks for Chinese (a GB 2312 subset of Noto Sans CJK SC) and Arabic/Persian (Noto
//! Sans Arabic) and emoji (Noto Emoji, monochrome), after the system's own fallback, which eframe consults for anything
//! else. See `assets/fonts/README.md`.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

use crate::render::fonts::FALLBACKS;

/// Adds the bundled fallback fonts to `ctx` (after egui's own).
pub fn install(ctx: &egui::Context) {
    for (name, bytes) in FALLBACKS {
        ctx.add_font(FontInsert {
            name: name.to_owned(),
            data: FontData::from_static(bytes),
            families: [FontFamily::Proportional, FontFamily::Monospace]
                .into_iter()
                .map(|family| InsertFontFamily {
                    family,
                    priority: FontPriority::Lowest,
                })
                .collect(),
        });
    }
}
