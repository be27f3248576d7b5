//! Every colour ioscope draws with, for the dark and the light theme: the canvas
//! background, edges, selection and hover outlines, labels, and the categorical colours
//! given to countries, campaigns, roles and languages. Nothing else picks a colour.

use egui::Color32;

/// Categorical colours, chosen to stay distinct from one another on a dark and on a
/// light background (hue steps of about 30°, alternating lightness).
const CATEGORICAL_DARK: [Color32; 12] = [
    Color32::from_rgb(0xF2, 0x6B, 0x5B), // coral red
    Color32::from_rgb(0x4F, 0xA3, 0xF7), // sky blue
    Color32::from_rgb(0xF5, 0xB9, 0x42), // amber
    Color32::from_rgb(0x5C, 0xD1, 0x8F), // green
    Color32::from_rgb(0xB3, 0x86, 0xF2), // violet
    Color32::from_rgb(0x3F, 0xD0, 0xD4), // cyan
    Color32::from_rgb(0xF0, 0x7C, 0xC4), // pink
    Color32::from_rgb(0xA8, 0xD4, 0x4E), // lime
    Color32::from_rgb(0xE8, 0x94, 0x5A), // orange
    Color32::from_rgb(0x8F, 0x9D, 0xF7), // periwinkle
    Color32::from_rgb(0xD9, 0xC9, 0x7A), // sand
    Color32::from_rgb(0x7F, 0xC8, 0xB8), // teal
];

const CATEGORICAL_LIGHT: [Color32; 12] = [
    Color32::from_rgb(0xD0, 0x3A, 0x2A),
    Color32::from_rgb(0x1F, 0x6F, 0xC8),
    Color32::from_rgb(0xC7, 0x86, 0x00),
    Color32::from_rgb(0x1E, 0x9A, 0x55),
    Color32::from_rgb(0x7B, 0x4B, 0xC9),
    Color32::from_rgb(0x00, 0x93, 0x98),
    Color32::from_rgb(0xC2, 0x3F, 0x93),
    Color32::from_rgb(0x6A, 0x9A, 0x12),
    Color32::from_rgb(0xC0, 0x5E, 0x1C),
    Color32::from_rgb(0x4A, 0x5C, 0xD6),
    Color32::from_rgb(0x9A, 0x86, 0x2E),
    Color32::from_rgb(0x2E, 0x8A, 0x78),
];

/// The colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub dark: bool,
}

impl Palette {
    pub const DARK: Self = Self { dark: true };
    pub const LIGHT: Self = Self { dark: false };

    /// The palette matching egui's current visuals.
    pub fn for_visuals(visuals: &egui::Visuals) -> Self {
        Self {
            dark: visuals.dark_mode,
        }
    }

    /// Colour of category `i` (cycling after twelve).
    pub fn categorical(self, i: usize) -> Color32 {
        let table = if self.dark {
            &CATEGORICAL_DARK
        } else {
            &CATEGORICAL_LIGHT
        };
        table[i % table.len()]
    }

    /// Colour for things outside every category (unknown, "other", outside accounts
    /// when colouring by campaign).
    pub fn neutral(self) -> Color32 {
        if self.dark {
            Color32::from_rgb(0x8A, 0x8F, 0x98)
        } else {
            Color32::from_rgb(0x80, 0x86, 0x90)
        }
    }

    /// Core accounts (the state-linked ones) and outside accounts.
    pub fn core(self) -> Color32 {
        self.categorical(0)
    }

    pub fn outside(self) -> Color32 {
        self.neutral()
    }

    pub fn canvas_background(self) -> Color32 {
        if self.dark {
            Color32::from_rgb(0x12, 0x14, 0x18)
        } else {
            Color32::from_rgb(0xFA, 0xFA, 0xF8)
        }
    }

    /// Outline of selected nodes.
    pub fn selection(self) -> Color32 {
        if self.dark {
            Color32::WHITE
        } else {
            Color32::from_rgb(0x10, 0x10, 0x10)
        }
    }

    /// Outline of the hovered node.
    pub fn hover(self) -> Color32 {
        Color32::from_rgb(0xFF, 0xD5, 0x4F)
    }

    /// Label text and the halo drawn behind it so it reads over dense edges.
    pub fn label_text(self) -> Color32 {
        if self.dark {
            Color32::from_rgb(0xEE, 0xEE, 0xEE)
        } else {
            Color32::from_rgb(0x1A, 0x1A, 0x1A)
        }
    }

    pub fn label_halo(self) -> Color32 {
        let bg = self.canvas_background();
        Color32::from_rgba_unmultiplied(bg.r(), bg.g(), bg.b(), 200)
    }

    /// Fill and stroke of the box-selection rectangle.
    pub fn box_select_fill(self) -> Color32 {
        Color32::from_rgba_unmultiplied(0x4F, 0xA3, 0xF7, 40)
    }

    pub fn box_select_stroke(self) -> Color32 {
        Color32::from_rgb(0x4F, 0xA3, 0xF7)
    }

    /// Edge colour when edges are coloured by interaction kind ([`crate::graph::EdgeKind`]
    /// order: retweet, reply, mention, quote).
    pub fn edge_kind(self, kind: crate::graph::EdgeKind) -> Color32 {
        use crate::graph::EdgeKind;
        match kind {
            EdgeKind::Retweet => self.categorical(1),
            EdgeKind::Reply => self.categorical(3),
            EdgeKind::Mention => self.categorical(2),
            EdgeKind::Quote => self.categorical(4),
            EdgeKind::Link => self.categorical(5),
        }
    }

    /// Colour of a coordination layer's edges: a hot magenta that no category or
    /// interaction kind uses, readable on both backgrounds.
    pub fn coordination(self) -> Color32 {
        if self.dark {
            Color32::from_rgb(0xFF, 0x4F, 0xC8)
        } else {
            Color32::from_rgb(0xC0, 0x1A, 0x8C)
        }
    }

    /// Edge colour on a weak → strong ramp (`t` in 0..=1).
    pub fn edge_weight(self, t: f32) -> Color32 {
        let t = t.clamp(0.0, 1.0);
        let (a, b) = if self.dark {
            ([0x3Au8, 0x4A, 0x6A], [0xFFu8, 0xC8, 0x4A])
        } else {
            ([0xA8u8, 0xB8, 0xD0], [0xC0u8, 0x30, 0x20])
        };
        let mix = |i: usize| (f32::from(a[i]) + (f32::from(b[i]) - f32::from(a[i])) * t) as u8;
        Color32::from_rgb(mix(0), mix(1), mix(2))
    }

    /// Colour of dimmed (filtered-out) nodes.
    pub fn dimmed(self) -> Color32 {
        if self.dark {
            Color32::from_rgb(0x40, 0x44, 0x4A)
        } else {
            Color32::from_rgb(0xD0, 0xD2, 0xD6)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_distinct_and_readable_on_the_background() {
        for palette in [Palette::DARK, Palette::LIGHT] {
            let bg = palette.canvas_background();
            for i in 0..12 {
                let c = palette.categorical(i);
                for j in 0..i {
                    assert_ne!(c, palette.categorical(j), "{i} and {j}");
                }
                let dist: i32 = [c.r(), c.g(), c.b()]
                    .iter()
                    .zip([bg.r(), bg.g(), bg.b()])
                    .map(|(&a, b)| (i32::from(a) - i32::from(b)).abs())
                    .sum();
                assert!(dist > 150, "category {i} too close to the background");
            }
            assert_eq!(palette.categorical(12), palette.categorical(0));
        }
    }
}
