//! Exports from the window, each a dialog job then a write: a plot's data as CSV
//! (written at once, it is small) and a figure of the canvas as PNG, SVG or PDF (drawn
//! off-screen at full detail on a job of its own, with progress and Cancel, from a
//! still copy of what the canvas shows; the dialog's SVG size estimates on another).

use std::path::PathBuf;

use super::IoscopeApp;
use crate::export::network::{ExtraColumn, NetworkFormat, Visuals};
use crate::export::svg::EdgeMode;
use crate::jobs::{Job, JobPoll};
use crate::render::view::ViewParts;
use crate::state::command::{PlotData, PlotFormat};
use crate::state::figure::{FigureDialog, FigureFormat, FigureSettings};
use crate::state::session::{SessionError, SessionProblem};
use crate::ui::canvas::picture::{self, PictureOptions};

/// The network a view shows, as a network file: positions, and the colours and sizes
/// of its style (undimmed), its communities and the centrality its size shows as
/// columns; only the accounts the filters show when `filtered`.
fn network_of_view(parts: &ViewParts, filtered: bool) -> crate::model::graph_file::GraphFile {
    use crate::model::graph_file::AttrType;
    let n = parts.network.node_count();
    let styled = crate::render::style::style(
        &parts.network,
        &parts.dataset,
        parts.style,
        parts.palette,
        &crate::render::style::Marks {
            community: &parts.community,
            centrality: &parts.centrality,
            ..Default::default()
        },
    );
    let mut colors = vec![[0u8; 4]; n];
    for node in &styled.nodes {
        if let Some(c) = colors.get_mut(node.node as usize) {
            *c = node.color;
        }
    }
    let visuals = Visuals {
        positions: Some(
            parts
                .x
                .iter()
                .zip(parts.y.iter())
                .map(|(&x, &y)| [x, y])
                .collect(),
        ),
        colors: Some(colors),
        sizes: Some(styled.radius),
    };
    let mut extra = Vec::new();
    if parts.community.len() == n {
        extra.push(ExtraColumn {
            name: "community".to_owned(),
            kind: AttrType::Integer,
            values: parts
                .community
                .iter()
                .map(|c| Some((c + 1).to_string()))
                .collect(),
        });
    }
    if parts.centrality.len() == n && parts.style.size_by.is_centrality() {
        extra.push(ExtraColumn {
            name: parts.style.size_by.label().to_owned(),
            kind: AttrType::Double,
            values: parts
                .centrality
                .iter()
                .map(|v| Some(v.to_string()))
                .collect(),
        });
    }
    let shown: Option<Vec<bool>> = filtered
        .then(|| parts.filtered_out.iter().map(|out| !out).collect())
        .filter(|s: &Vec<bool>| s.len() == n);
    crate::export::network::of_network(
        &parts.dataset,
        &parts.network,
        &visuals,
        shown.as_deref(),
        &extra,
    )
}

/// How to draw `settings`' figure of a view's canvas (`None`: out of range).
fn picture_options(parts: &ViewParts, settings: &FigureSettings) -> Option<PictureOptions> {
    let canvas = [parts.viewport.width(), parts.viewport.height()];
    let (size, scale) = settings.layout(canvas)?;
    Some(PictureOptions {
        transparent: settings.transparent,
        ..PictureOptions::new(size, scale)
    })
}

impl IoscopeApp {
    /// Asks where to save a plot (its data or its figure, as it is now), then writes it.
    pub(super) fn export_plot(&mut self, which: PlotData, format: PlotFormat) {
        if self.state.session_jobs.csv_export.is_some() {
            return;
        }
        let bytes = match self.state.plot_file(which, format) {
            Some(Ok(bytes)) => bytes,
            Some(Err(e)) => {
                self.state.session_message = Some(format!("Could not draw the plot: {e}"));
                return;
            }
            None => return,
        };
        let ctx = self.ctx.clone();
        let ext = format.extension();
        let dialog = Job::spawn(
            "dialog",
            move |_| {
                rfd::FileDialog::new()
                    .set_title("Export the plot")
                    .add_filter(ext.to_uppercase(), &[ext])
                    .set_file_name(format!("{}.{ext}", which.file_stem()))
                    .save_file()
            },
            move || ctx.request_repaint(),
        );
        self.state.session_jobs.csv_export = Some((bytes, dialog));
    }

    /// Writes an exported plot's data where the dialog said.
    fn poll_csv_export(&mut self) {
        let Some((_, dialog)) = &mut self.state.session_jobs.csv_export else {
            return;
        };
        let JobPoll::Done(picked) = dialog.poll() else {
            return;
        };
        let Some((bytes, _)) = self.state.session_jobs.csv_export.take() else {
            return;
        };
        if let Ok(Some(path)) = picked {
            match crate::io::atomic::write_atomic(&path, &bytes) {
                Ok(()) => self.state.session_message = Some(format!("Exported {}", path.display())),
                Err(e) => self.report_session_error(&SessionError {
                    file: path.display().to_string(),
                    problem: SessionProblem::Io(e.to_string()),
                }),
            }
        }
    }

    /// Opens the figure dialog (with the settings last used) and estimates the SVG's
    /// sizes in the background.
    pub(super) fn show_figure_dialog(&mut self, show: bool) {
        if !show {
            self.state.figure = None;
            return;
        }
        if self.state.figure.is_none() && self.state.view.is_some() {
            self.state.figure = Some(FigureDialog {
                settings: self.state.figure_settings,
                ..FigureDialog::default()
            });
            self.estimate_figure();
        }
    }

    /// The dialog's settings changed: the estimate follows the size.
    pub(super) fn set_figure_settings(&mut self, settings: FigureSettings) {
        self.state.figure_settings = settings;
        let Some(dialog) = &mut self.state.figure else {
            return;
        };
        let resized = dialog.settings.size != settings.size;
        dialog.settings = settings;
        if resized {
            self.estimate_figure();
        }
    }

    fn estimate_figure(&mut self) {
        let (Some(view), Some(dialog)) = (&self.state.view, &mut self.state.figure) else {
            return;
        };
        let parts = view.parts();
        let Some(options) = picture_options(&parts, &dialog.settings) else {
            dialog.estimate = None;
            return;
        };
        let ctx = self.ctx.clone();
        dialog.estimating = Some(Job::spawn(
            "figure-estimate",
            move |_| picture::svg_estimate(&parts.into_view(), &options),
            move || ctx.request_repaint(),
        ));
    }

    /// Asks where to save the figure (of what the canvas shows now), then draws it in
    /// the background.
    pub(super) fn export_figure(&mut self) {
        let jobs = &self.state.session_jobs;
        if jobs.picture_dialog.is_some() || jobs.picture.is_some() {
            return;
        }
        let Some(view) = &self.state.view else {
            return;
        };
        let settings = self.state.figure_settings;
        let parts = view.parts();
        let ctx = self.ctx.clone();
        let ext = settings.format.extension();
        let dialog = Job::spawn(
            "dialog",
            move |_| {
                rfd::FileDialog::new()
                    .set_title("Export a figure of the network")
                    .add_filter(ext.to_uppercase(), &[ext])
                    .set_file_name(format!("network.{ext}"))
                    .save_file()
            },
            move || ctx.request_repaint(),
        );
        self.state.session_jobs.picture_dialog = Some((parts, settings, dialog));
    }

    /// Draws the figure of what the canvas shows now into `path`.
    pub(super) fn export_figure_to(&mut self, path: PathBuf) {
        if self.state.session_jobs.picture.is_some() {
            return;
        }
        if let Some(view) = &self.state.view {
            let parts = view.parts();
            self.draw_figure(parts, self.state.figure_settings, path);
        }
    }

    /// Draws the figure and writes it, on a job with progress (tiles) and Cancel.
    fn draw_figure(&mut self, parts: ViewParts, settings: FigureSettings, path: PathBuf) {
        let Some(options) = picture_options(&parts, &settings) else {
            self.state.session_message = Some("That figure size is out of range".into());
            return;
        };
        let ctx = self.ctx.clone();
        self.state.session_message = Some(format!("Drawing {}…", path.display()));
        self.state.session_jobs.picture = Some(Job::spawn(
            "figure",
            move |progress| {
                let view = parts.into_view();
                let edges = if settings.raster_edges {
                    EdgeMode::Raster
                } else {
                    EdgeMode::Vector
                };
                let bytes = match settings.format {
                    FigureFormat::Png => {
                        let pic = picture::render_with(&view, &options, progress)?;
                        picture::png_bytes(&pic, options.scale)?
                    }
                    FigureFormat::Svg => {
                        picture::svg(&view, &options, edges, progress)?.into_bytes()
                    }
                    FigureFormat::Pdf => picture::pdf(&view, &options, edges, progress)?,
                };
                if progress.is_cancelled() {
                    return Err("cancelled".to_owned());
                }
                crate::io::atomic::write_atomic(&path, &bytes)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok(path)
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Stops the figure being drawn (nothing is written).
    pub(super) fn cancel_figure(&mut self) {
        if let Some(job) = &self.state.session_jobs.picture {
            job.cancel();
        }
    }

    /// Draws the canvas at 1× in the background, for the clipboard.
    pub(super) fn copy_image(&mut self) {
        if self.state.session_jobs.clipboard.is_some() {
            return;
        }
        let Some(view) = &self.state.view else {
            return;
        };
        let parts = view.parts();
        let size = [parts.viewport.width(), parts.viewport.height()];
        let ctx = self.ctx.clone();
        self.state.session_jobs.clipboard = Some(Job::spawn(
            "clipboard",
            move |_| {
                let pic = picture::render(&parts.into_view(), size, 1.0)?;
                Ok(egui::ColorImage::from_rgba_premultiplied(
                    [pic.width as usize, pic.height as usize],
                    &pic.rgba,
                ))
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Starts drawing the picture once its file is chosen; reports when it is written.
    /// Asks where to write the network as `format`, then writes it.
    pub(super) fn export_network(&mut self, format: NetworkFormat, filtered: bool) {
        let jobs = &self.state.session_jobs;
        if jobs.network_dialog.is_some() || jobs.network_export.is_some() {
            return;
        }
        let ctx = self.ctx.clone();
        let ext = match format {
            NetworkFormat::Gexf => "gexf",
            NetworkFormat::GraphMl => "graphml",
            NetworkFormat::Csv => "csv",
            NetworkFormat::Graphology => "json",
            NetworkFormat::Gml => "gml",
        };
        let dialog = Job::spawn(
            "dialog",
            move |_| {
                rfd::FileDialog::new()
                    .set_title("Export the network")
                    .add_filter(format.label(), &[ext])
                    .set_file_name(format!("network.{ext}"))
                    .save_file()
            },
            move || ctx.request_repaint(),
        );
        self.state.session_jobs.network_dialog = Some((format, filtered, dialog));
    }

    /// Writes the network as on screen (positions, colours and sizes of the style
    /// shown, communities and the centrality shown as columns) in the background:
    /// what the filters show, or all of it.
    pub(super) fn export_network_to(
        &mut self,
        path: PathBuf,
        format: NetworkFormat,
        filtered: bool,
    ) {
        if self.state.session_jobs.network_export.is_some() {
            return;
        }
        let Some(view) = &self.state.view else {
            return;
        };
        let parts = view.parts();
        let ctx = self.ctx.clone();
        self.state.session_jobs.network_export = Some(Job::spawn(
            "network-export",
            move |_| {
                let g = network_of_view(&parts, filtered);
                let written = crate::export::network::write_to_path(&g, &path, format)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok((written, g.node_count(), g.edges.len()))
            },
            move || ctx.request_repaint(),
        ));
    }

    pub(super) fn poll_exports(&mut self) {
        self.poll_csv_export();
        let jobs = &mut self.state.session_jobs;
        if let Some((_, _, dialog)) = &mut jobs.network_dialog
            && let JobPoll::Done(picked) = dialog.poll()
            && let Some((format, filtered, _)) = jobs.network_dialog.take()
            && let Ok(Some(path)) = picked
        {
            self.export_network_to(path, format, filtered);
        }
        let jobs = &mut self.state.session_jobs;
        if let Some(job) = &mut jobs.network_export
            && let JobPoll::Done(result) = job.poll()
        {
            jobs.network_export = None;
            self.state.session_message =
                Some(match result.map_err(|e| e.to_string()).and_then(|r| r) {
                    Ok((files, nodes, edges)) => format!(
                        "Exported {} accounts and {} edges to {}",
                        crate::analysis::numbers::thousands(nodes as u64),
                        crate::analysis::numbers::thousands(edges as u64),
                        files
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                    Err(e) => format!("Could not export the network: {e}"),
                });
        }
        let jobs = &mut self.state.session_jobs;
        if let Some(job) = &mut jobs.clipboard
            && let JobPoll::Done(result) = job.poll()
        {
            jobs.clipboard = None;
            match result.map_err(|e| e.to_string()).and_then(|r| r) {
                Ok(image) => {
                    self.ctx.copy_image(image);
                    self.state.session_message = Some("Picture copied".into());
                }
                Err(e) => self.state.session_message = Some(format!("Could not copy: {e}")),
            }
        }
        let jobs = &mut self.state.session_jobs;
        if let Some((_, _, dialog)) = &mut jobs.picture_dialog
            && let JobPoll::Done(picked) = dialog.poll()
            && let Some((parts, settings, _)) = jobs.picture_dialog.take()
            && let Ok(Some(path)) = picked
        {
            self.draw_figure(parts, settings, path);
        }
        if let Some(dialog) = &mut self.state.figure
            && let Some(job) = &mut dialog.estimating
            && let JobPoll::Done(result) = job.poll()
        {
            dialog.estimating = None;
            dialog.estimate = result.ok().and_then(Result::ok);
        }
        let jobs = &mut self.state.session_jobs;
        if let Some(job) = &mut jobs.picture
            && let JobPoll::Done(result) = job.poll()
        {
            jobs.picture = None;
            match result.map_err(|e| e.to_string()).and_then(|r| r) {
                Ok(path) => {
                    self.state.session_message = Some(format!("Exported {}", path.display()));
                }
                Err(e) if e == "cancelled" => {
                    self.state.session_message = Some("Export cancelled".into());
                }
                Err(e) => self.report_session_error(&SessionError {
                    file: "picture".to_owned(),
                    problem: SessionProblem::Io(e),
                }),
            }
        }
    }
}
