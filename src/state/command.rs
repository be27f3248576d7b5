//! Every user intent with an app-wide effect. Panels return commands; the app applies
//! them in one place, once per frame.

use std::path::PathBuf;

use crate::analysis::activity::{Bin, StackBy};
use crate::filter::FilterMode;
use crate::filter::FilterSpec;
use crate::render::{Camera, Style};
use crate::state::figure::FigureSettings;
use crate::state::settings::ThemeChoice;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Load these files (replacing the dataset once loaded).
    Open(Vec<PathBuf>),
    /// Show the file dialog.
    OpenDialog,
    /// Save the session to its file (asking for one the first time).
    SaveSession,
    /// Save the session to a file the user picks.
    SaveSessionAs,
    /// Save the session to this file.
    SaveSessionTo(PathBuf),
    /// Show or hide the figure export dialog.
    ShowFigureDialog(bool),
    SetFigureSettings(FigureSettings),
    /// Export the figure as the dialog says (a file dialog asks where).
    ExportFigure,
    /// Export the figure as the dialog says to this file.
    ExportFigureTo(PathBuf),
    /// Stop the figure being drawn.
    CancelFigure,
    /// Export the network for other tools (a file dialog asks where): only what the
    /// filters show, or the whole network.
    ExportNetwork {
        format: crate::export::network::NetworkFormat,
        filtered: bool,
    },
    /// Export the network to this file.
    ExportNetworkTo {
        path: PathBuf,
        format: crate::export::network::NetworkFormat,
        filtered: bool,
    },
    /// Whether network exports hold the whole network (not only what the filters show).
    SetExportNetworkWhole(bool),
    /// Put a picture of the canvas (1×, full detail) on the clipboard.
    CopyImage,
    /// Save a plot as a figure or its data (a file dialog asks where).
    ExportPlot(PlotData, PlotFormat),
    /// Answers to "unsaved changes": save them first, drop them, or do nothing.
    ConfirmSave,
    ConfirmDiscard,
    ConfirmCancel,
    /// Reopen the work autosaved before the last session ended badly.
    RestoreRecovery,
    /// Delete that autosaved work.
    DiscardRecovery,
    /// Read these tweets' texts from their files (shown in the inspector when the
    /// dataset was loaded without texts).
    ReadTexts(Vec<u32>),
    /// Answers to "not enough memory": load what the i-th offer says, load anyway (the
    /// load still stops cleanly if memory runs out), or keep what is on screen.
    LoadOffer(usize),
    LoadAnyway,
    DismissMemoryRefusal,
    /// Open the i-th dataset of the recent list.
    OpenRecent(usize),
    /// Close the dataset (nothing shown).
    Close,
    SetTheme(ThemeChoice),
    /// Put the keyboard focus in the account search field.
    FocusSearch,
    /// Load the bundled sample.
    OpenSample,
    /// Stop the load in progress (the current dataset stays).
    CancelLoad,
    /// Show or hide the load report.
    ShowReport(bool),
    /// Replace the selection with these nodes, or add them to it.
    Select {
        nodes: Vec<u32>,
        add: bool,
    },
    /// Add a node to the selection or take it out.
    ToggleSelected(u32),
    ClearSelection,
    /// Put a node at a layout position and pin it there (a drag on the canvas).
    MoveNode {
        node: u32,
        x: f32,
        y: f32,
    },
    /// The canvas moved its camera (pan, zoom): auto-fit ends.
    SetCamera(Camera),
    /// The canvas's rectangle this frame (points).
    SetViewport(egui::Rect),
    FitAll,
    ZoomToSelection,
    LayoutRun,
    LayoutPause,
    /// Restart the layout from new random positions.
    LayoutReset,
    SetStyle(Style),
    /// Show what this filter keeps.
    SetFilter(Box<FilterSpec>),
    SetFilterMode(FilterMode),
    /// Set the filter's date window (days since 1970-01-01, inclusive).
    SetTimeWindow {
        from: Option<i32>,
        to: Option<i32>,
    },
    /// Find an account by screen name, display name or id, select it and go there.
    Search(String),
    SetActivity {
        bin: Option<Bin>,
        stack: StackBy,
    },
    /// Time zone (IANA name) of the posting-hours heatmap.
    SetTimeZone(String),
    Quit,
    /// Save what the canvas shows now as a new view.
    AddView,
    /// Replace the i-th view with what the canvas shows now (its name and caption stay).
    UpdateView(usize),
    DeleteView(usize),
    RenameView(usize, String),
    SetViewCaption(usize, String),
    /// Move the view at `from` to position `to`.
    MoveView {
        from: usize,
        to: usize,
    },
    /// Show the i-th view (the camera flies there, accounts fade).
    GoToView(usize),
    /// Start or stop presenting.
    Present(bool),
    NextView,
    PreviousView,
    /// The canvas's title and caption.
    SetAnnotation {
        title: String,
        caption: String,
    },
    /// Compute the coordination network of these settings (in the background).
    SetCoordination(crate::state::coordination::CoordinationSettings),
    /// Shows the coordination network on the canvas: off, over the network or instead.
    SetCoordinationLayer(crate::state::coordination::LayerMode),
    /// Find communities and centralities in this network (all interactions, one kind, or
    /// the coordination network).
    SetSubnetwork(crate::analysis::subnetwork::Subnetwork),
    /// Show the evidence of the coordination edge between two accounts.
    ShowEvidence(crate::model::AccountIdx, crate::model::AccountIdx),
    /// Select these accounts (by account, not node) and zoom to them.
    SelectAccounts(Vec<crate::model::AccountIdx>),
    /// Show the activity plot under the canvas while presenting.
    SetActivityStrip(bool),
}

/// The data behind one of the plots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotData {
    Activity,
    Hours,
    Creation,
}

impl PlotData {
    /// A file name to suggest, without its extension.
    pub fn file_stem(self) -> &'static str {
        match self {
            Self::Activity => "activity",
            Self::Hours => "posting_hours",
            Self::Creation => "account_creation",
        }
    }
}

/// What a plot is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotFormat {
    /// Its data, for a spreadsheet or a script.
    Csv,
    /// The figure in pixels (twice the size in points).
    Png,
    Svg,
}

impl PlotFormat {
    pub const ALL: [Self; 3] = [Self::Csv, Self::Png, Self::Svg];

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Png => "png",
            Self::Svg => "svg",
        }
    }
}
