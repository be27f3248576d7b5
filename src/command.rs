//! Every user intent with an app-wide effect. Panels return commands; the app applies
//! them in one place, once per frame.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Load these files (replacing the dataset once loaded).
    Open(Vec<PathBuf>),
    /// Show the file dialog.
    OpenDialog,
    /// Load the bundled sample.
    OpenSample,
    /// Stop the load in progress (the current dataset stays).
    CancelLoad,
    /// Show or hide the load report.
    ShowReport(bool),
    Quit,
}
