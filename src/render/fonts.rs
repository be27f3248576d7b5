//! The fonts the canvas draws with, as bytes: egui's own (Ubuntu Light: Latin,
//! Cyrillic, Greek, Turkish) and the bundled fallbacks for Chinese (a GB 2312 subset of
//! Noto Sans CJK SC), Arabic and Persian (Noto Sans Arabic) and emoji (Noto Emoji,
//! monochrome). The window installs the fallbacks; SVG files name them and PDF files
//! embed them, so that text in a figure is the canvas's text. See
//! `assets/fonts/README.md`.

/// egui's proportional font.
pub const UBUNTU_LIGHT: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;
pub const CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");
pub const ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");
pub const EMOJI: &[u8] = include_bytes!("../../assets/fonts/NotoEmoji-Regular.ttf");

/// The fallbacks the window adds after egui's fonts: (name, bytes).
pub const FALLBACKS: [(&str, &[u8]); 3] = [
    ("noto-sans-sc-subset", CJK),
    ("noto-sans-arabic", ARABIC),
    ("noto-emoji", EMOJI),
];

/// Every font of the canvas's text, egui's first.
pub const ALL: [&[u8]; 4] = [UBUNTU_LIGHT, CJK, ARABIC, EMOJI];

/// The `font-family` of text in SVG files: these fonts by their family names, then
/// whatever the reader's system has.
pub const SVG_FONT_FAMILY: &str =
    "Ubuntu, 'Ubuntu Light', 'Noto Sans CJK SC', 'Noto Sans Arabic', 'Noto Emoji', sans-serif";
