//! What ioscope remembers between runs (through eframe's storage): the theme, the files
//! opened recently, the canvas style, what filtered accounts look like, the activity
//! plot's settings and the time zone of the hour-of-week heatmap.

use std::path::PathBuf;

use crate::analysis::activity::{Bin, StackBy};
use crate::filter::FilterMode;
use crate::render::Style;

/// Most recently opened datasets remembered.
pub const MAX_RECENT: usize = 10;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    /// Follow the system's dark or light mode.
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    pub const ALL: [Self; 3] = [Self::System, Self::Dark, Self::Light];

    pub fn label(self) -> &'static str {
        match self {
            Self::System => "System",
            Self::Dark => "Dark",
            Self::Light => "Light",
        }
    }

    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Dark => egui::ThemePreference::Dark,
            Self::Light => egui::ThemePreference::Light,
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// Datasets opened recently (each one or more files), newest first.
    pub recent: Vec<Vec<PathBuf>>,
    pub style: Style,
    pub filter_mode: FilterMode,
    /// `None`: chosen from the span.
    pub activity_bin: Option<Bin>,
    pub activity_stack: StackBy,
    /// IANA name of the heatmap's time zone.
    pub time_zone: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            recent: Vec::new(),
            style: Style::default(),
            filter_mode: FilterMode::Dim,
            activity_bin: None,
            activity_stack: StackBy::Country,
            time_zone: "UTC".to_owned(),
        }
    }
}

impl Settings {
    /// Puts a dataset first in the recent list (once), keeping at most [`MAX_RECENT`].
    pub fn remember(&mut self, files: Vec<PathBuf>) {
        if files.is_empty() {
            return;
        }
        self.recent.retain(|r| *r != files);
        self.recent.insert(0, files);
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_newest_first_without_duplicates() {
        let mut s = Settings::default();
        for i in 0..15 {
            s.remember(vec![PathBuf::from(format!("{i}.csv"))]);
        }
        s.remember(vec![PathBuf::from("12.csv")]);
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], vec![PathBuf::from("12.csv")]);
        assert_eq!(s.recent[1], vec![PathBuf::from("14.csv")]);
        assert_eq!(
            s.recent
                .iter()
                .filter(|r| r[0] == std::path::Path::new("12.csv"))
                .count(),
            1
        );
        // Settings survive a round trip through JSON (what eframe stores), and unknown
        // or missing fields fall back to defaults.
        let text = serde_json::to_string(&s).unwrap();
        let back: Settings = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s);
        let partial: Settings = serde_json::from_str(r#"{"theme":"Light"}"#).unwrap();
        assert_eq!(partial.theme, ThemeChoice::Light);
        assert_eq!(partial.time_zone, "UTC");
    }
}
