//! Exports from the window, each a dialog job then a write: a plot's data as CSV
//! (written at once, it is small) and a picture of the canvas (drawn off-screen at full
//! detail on a job of its own, from a still copy of what the canvas shows).

use super::IoscopeApp;
use crate::jobs::{Job, JobPoll};
use crate::state::command::PlotData;
use crate::state::session::{SessionError, SessionProblem};
use crate::ui::canvas::picture;

impl IoscopeApp {
    /// Asks where to save a plot's data, then writes it (the data as it is now).
    pub(super) fn export_plot_csv(&mut self, which: PlotData) {
        if self.state.session_jobs.csv_export.is_some() {
            return;
        }
        let Some(bytes) = self.state.plot_csv(which) else {
            return;
        };
        let ctx = self.ctx.clone();
        let dialog = Job::spawn(
            "dialog",
            move |_| {
                rfd::FileDialog::new()
                    .set_title("Export the plot's data")
                    .add_filter("CSV", &["csv"])
                    .set_file_name(which.file_name())
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

    /// Asks where to save a picture of the canvas at `scale` pixels per point (of what
    /// it shows now), then draws it in the background.
    pub(super) fn export_picture(&mut self, scale: f32) {
        let jobs = &self.state.session_jobs;
        if jobs.picture_dialog.is_some() || jobs.picture.is_some() {
            return;
        }
        let Some(view) = &self.state.view else {
            return;
        };
        let parts = view.parts();
        let ctx = self.ctx.clone();
        let dialog = Job::spawn(
            "dialog",
            |_| {
                rfd::FileDialog::new()
                    .set_title("Export a picture of the network")
                    .add_filter("PNG", &["png"])
                    .set_file_name("network.png")
                    .save_file()
            },
            move || ctx.request_repaint(),
        );
        self.state.session_jobs.picture_dialog = Some((parts, scale, dialog));
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
                Ok(egui::ColorImage::from_rgba_unmultiplied(
                    [pic.width as usize, pic.height as usize],
                    &pic.rgba,
                ))
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Starts drawing the picture once its file is chosen; reports when it is written.
    pub(super) fn poll_exports(&mut self) {
        self.poll_csv_export();
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
            && let Some((parts, scale, _)) = jobs.picture_dialog.take()
            && let Ok(Some(path)) = picked
        {
            let size = [parts.viewport.width(), parts.viewport.height()];
            let ctx = self.ctx.clone();
            self.state.session_message = Some(format!("Drawing {}…", path.display()));
            self.state.session_jobs.picture = Some(Job::spawn(
                "picture",
                move |_| {
                    let view = parts.into_view();
                    let pic = picture::render(&view, size, scale)?;
                    let bytes = picture::png_bytes(&pic, scale)?;
                    crate::io::atomic::write_atomic(&path, &bytes)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    Ok(path)
                },
                move || ctx.request_repaint(),
            ));
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
                Err(e) => self.report_session_error(&SessionError {
                    file: "picture".to_owned(),
                    problem: SessionProblem::Io(e),
                }),
            }
        }
    }
}
