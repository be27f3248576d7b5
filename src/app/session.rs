//! Saving and reopening sessions, the app's side: the save runs as a job (the dataset's
//! files are fingerprinted, then the session written atomically), "Save as" asks for a
//! file in a dialog job, and opening reads the session and checks its files in a job.
//! A moved file is asked for (a dialog per file), a changed one is reported and opened
//! anyway; once the dataset has loaded, the work is restored as it was saved.

use std::path::PathBuf;

use super::IoscopeApp;
use crate::io::{Input, LoadOptions};
use crate::jobs::{Job, JobPoll};
use crate::render::Camera;
use crate::state::session::{
    self, EXTENSION, InputState, SavedInput, Session, SessionError, SessionProblem, fingerprint,
};
use crate::state::{LoadReport, Locating, OpenedSession};

/// Size and CRC-32 of each input: those already known, or computed now.
fn fingerprints(
    inputs: &[SavedInput],
    known: Option<Vec<SavedInput>>,
) -> Result<Vec<SavedInput>, SessionError> {
    if let Some(known) = known
        && known.len() == inputs.len()
        && known.iter().zip(inputs).all(|(k, i)| k.path == i.path)
    {
        return Ok(known);
    }
    inputs
        .iter()
        .map(|input| {
            fingerprint(&input.path).map_err(|e| SessionError {
                file: input.path.display().to_string(),
                problem: SessionProblem::Io(format!(
                    "the dataset file cannot be read to save the session: {e}"
                )),
            })
        })
        .collect()
}

/// The file name of a path, for messages.
fn name_of(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl IoscopeApp {
    /// Saves to the session's file, or asks for one.
    pub(super) fn save_session(&mut self) {
        match self.state.session_path.clone() {
            Some(path) => self.save_session_to(path),
            None => self.save_session_as(),
        }
    }

    /// Asks where to save the session (a dialog on its own thread).
    pub(super) fn save_session_as(&mut self) {
        if self.state.session_jobs.save_dialog.is_some() || self.state.loaded.is_none() {
            return;
        }
        let ctx = self.ctx.clone();
        self.state.session_jobs.save_dialog = Some(Job::spawn(
            "dialog",
            |_| {
                rfd::FileDialog::new()
                    .set_title("Save session")
                    .add_filter("ioscope session", &[EXTENSION])
                    .set_file_name(format!("analysis.{EXTENSION}"))
                    .save_file()
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Saves the session to `path` (given the `.ioscope` extension when it has none),
    /// in the background.
    pub(super) fn save_session_to(&mut self, path: PathBuf) {
        let Some(mut snapshot) = self.state.session() else {
            self.state.session_message = Some("Nothing to save: no dataset is open.".into());
            return;
        };
        if self.state.session_jobs.saving.is_some() {
            self.state.session_message = Some("A save is still running.".into());
            return;
        }
        let path = if path.extension().is_none() {
            path.with_extension(EXTENSION)
        } else {
            path
        };
        self.state.session_message = Some(format!("Saving {}…", name_of(&path)));
        let known = self.state.fingerprints.clone();
        let ctx = self.ctx.clone();
        self.state.saving_changes = self.state.changes;
        self.state.session_jobs.saving = Some(Job::spawn(
            "save",
            move |_| {
                snapshot.inputs = fingerprints(&snapshot.inputs, known)?;
                session::save(&path, &snapshot).map(|()| (path, snapshot.inputs))
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Autosaves the work to the recovery file when it changed since the last
    /// autosave and the interval has passed (in the background).
    pub(super) fn autosave_if_due(&mut self) {
        let Some(path) = self.recovery_path.clone() else {
            return;
        };
        let state = &self.state;
        if state.changes == state.autosaved_changes
            || !state.has_unsaved_changes()
            || state.session_jobs.autosaving.is_some()
            || self.last_autosave.elapsed() < self.autosave_every
        {
            return;
        }
        let Some(mut snapshot) = state.session() else {
            return;
        };
        let known = state.fingerprints.clone();
        self.last_autosave = std::time::Instant::now();
        self.state.autosaved_changes = self.state.changes;
        let ctx = self.ctx.clone();
        self.state.session_jobs.autosaving = Some(Job::spawn(
            "autosave",
            move |_| {
                if let Some(dir) = path.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                snapshot.inputs = fingerprints(&snapshot.inputs, known)?;
                session::save(&path, &snapshot).map(|()| snapshot.inputs)
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Removes the recovery file (the work was saved, discarded or closed cleanly).
    pub(super) fn forget_recovery(&mut self) {
        if let Some(path) = &self.recovery_path {
            let _ = std::fs::remove_file(path);
        }
        self.state.recovery_offer = None;
    }

    /// Reopens the autosaved work: it is unsaved work again, in no file of its own.
    pub(super) fn restore_recovery(&mut self) {
        if let Some(path) = self.state.recovery_offer.take() {
            self.recovering = true;
            self.open_session(path);
        }
    }

    /// Reads a session file and checks its dataset's files, in the background.
    pub(super) fn open_session(&mut self, path: PathBuf) {
        let ctx = self.ctx.clone();
        self.state.session_jobs.opening = Some(Job::spawn(
            "open-session",
            move |_| {
                let session = session::open(&path)?;
                let inputs = session::check_inputs(&session);
                Ok(OpenedSession {
                    path,
                    session,
                    inputs,
                })
            },
            move || ctx.request_repaint(),
        ));
    }

    /// Reports a session error in the load report; what is on screen stays.
    pub(super) fn report_session_error(&mut self, error: &SessionError) {
        self.state.report = LoadReport {
            error: Some(error.to_string()),
            inputs: vec![error.file.clone()],
        };
        self.state.show_report = true;
        self.state.session_message = None;
    }

    /// Collects finished session work.
    pub(super) fn poll_sessions(&mut self) {
        let jobs = &mut self.state.session_jobs;
        if let Some(job) = &mut jobs.saving
            && let JobPoll::Done(result) = job.poll()
        {
            jobs.saving = None;
            match result.unwrap_or_else(|e| {
                Err(SessionError {
                    file: String::new(),
                    problem: SessionProblem::Io(e.to_string()),
                })
            }) {
                Ok((path, inputs)) => {
                    self.state.session_message = Some(format!("Saved {}", path.display()));
                    self.state.session_path = Some(path);
                    self.state.fingerprints = Some(inputs);
                    self.state.saved_changes = self.state.saving_changes;
                    self.forget_recovery();
                    if let Some(next) = self.state.after_save.take() {
                        self.apply(next);
                    }
                }
                Err(e) => {
                    // The work stays: what was to follow the save does not happen.
                    self.state.after_save = None;
                    self.report_session_error(&e);
                }
            }
        }
        let jobs = &mut self.state.session_jobs;
        if let Some(job) = &mut jobs.autosaving
            && let JobPoll::Done(result) = job.poll()
        {
            jobs.autosaving = None;
            match result {
                Ok(Ok(inputs)) => self.state.fingerprints = Some(inputs),
                // A failed autosave is said, not shown as a load error.
                Ok(Err(e)) => self.state.session_message = Some(format!("Autosave failed: {e}")),
                Err(e) => self.state.session_message = Some(format!("Autosave failed: {e}")),
            }
        }
        let jobs = &mut self.state.session_jobs;
        if let Some(job) = &mut jobs.save_dialog
            && let JobPoll::Done(picked) = job.poll()
        {
            jobs.save_dialog = None;
            match picked {
                Ok(Some(path)) => self.save_session_to(path),
                _ => self.state.after_save = None,
            }
        }
        let jobs = &mut self.state.session_jobs;
        if let Some(job) = &mut jobs.opening
            && let JobPoll::Done(result) = job.poll()
        {
            jobs.opening = None;
            match result {
                Ok(Ok(opened)) => self.continue_opening(opened),
                Ok(Err(e)) => self.report_session_error(&e),
                Err(e) => self.report_session_error(&SessionError {
                    file: String::new(),
                    problem: SessionProblem::Io(e.to_string()),
                }),
            }
        }
        self.poll_locating();
    }

    /// A moved file was located (or not).
    fn poll_locating(&mut self) {
        let Some(locating) = &mut self.state.session_jobs.locating else {
            return;
        };
        let JobPoll::Done(picked) = locating.dialog.poll() else {
            return;
        };
        let Some(Locating {
            mut opened, index, ..
        }) = self.state.session_jobs.locating.take()
        else {
            return;
        };
        match picked {
            Ok(Some(path)) => {
                let state = match fingerprint(&path) {
                    Ok(now)
                        if opened.session.inputs.get(index).is_some_and(|saved| {
                            saved.bytes == now.bytes && saved.crc32 == now.crc32
                        }) =>
                    {
                        InputState::Same
                    }
                    Ok(_) => InputState::Changed,
                    Err(_) => InputState::Missing,
                };
                if let Some(saved) = opened.session.inputs.get_mut(index) {
                    saved.path = path.clone();
                }
                if let Some(slot) = opened.inputs.get_mut(index) {
                    *slot = (path, state);
                }
                self.continue_opening(opened);
            }
            _ => {
                let missing = opened
                    .inputs
                    .get(index)
                    .map(|(p, _)| p.display().to_string())
                    .unwrap_or_default();
                self.report_session_error(&SessionError {
                    file: opened.path.display().to_string(),
                    problem: SessionProblem::Io(format!(
                        "not opened: its dataset file {missing} was not found"
                    )),
                });
            }
        }
    }

    /// Asks for the first moved file, or loads the session's dataset.
    fn continue_opening(&mut self, opened: OpenedSession) {
        if let Some(index) = opened
            .inputs
            .iter()
            .position(|(_, s)| *s == InputState::Missing)
        {
            let name = opened
                .inputs
                .get(index)
                .map(|(p, _)| name_of(p))
                .unwrap_or_default();
            let ctx = self.ctx.clone();
            let title = format!(
                "Where is {name} now? (the session {} uses it)",
                name_of(&opened.path)
            );
            self.state.session_message = Some(format!("{name} has moved: locate it"));
            let dialog = Job::spawn(
                "dialog",
                move |_| {
                    rfd::FileDialog::new()
                        .set_title(title)
                        .set_file_name(name)
                        .pick_file()
                },
                move || ctx.request_repaint(),
            );
            self.state.session_jobs.locating = Some(Locating {
                opened,
                index,
                dialog,
            });
            return;
        }
        let changed: Vec<String> = opened
            .inputs
            .iter()
            .filter(|(_, s)| *s == InputState::Changed)
            .map(|(p, _)| name_of(p))
            .collect();
        self.state.session_message = Some(if changed.is_empty() {
            format!("Opening {}", name_of(&opened.path))
        } else {
            format!(
                "{} changed since the session was saved; opened anyway",
                changed.join(", ")
            )
        });
        let OpenedSession { path, session, .. } = opened;
        let inputs: Vec<Input> = if session.bundled_sample {
            vec![crate::io::sample::sample_input()]
        } else {
            session
                .inputs
                .iter()
                .map(|i| Input::Path(i.path.clone()))
                .collect()
        };
        let options = LoadOptions {
            keep_text: true,
            countries: session.countries.clone(),
            ..self.options.clone()
        };
        self.state.countries = session.countries.clone();
        self.state.pending_restore = Some(session);
        self.state.session_path = Some(path);
        self.start_load_with(inputs, options);
    }

    /// Puts a session's work on screen (the dataset has just loaded).
    pub(super) fn restore(&mut self, s: &Session) {
        let settings = &mut self.state.settings;
        settings.filter_mode = s.filter_mode;
        settings.activity_bin = s.activity_bin;
        settings.activity_stack = s.activity_stack;
        if !s.time_zone.is_empty() {
            settings.time_zone = s.time_zone.clone();
        }
        settings.style = s.style;
        self.state.filter = s.filter.clone();
        self.state.views = s.views.clone();
        if let Some(view) = &mut self.state.view {
            view.set_style(s.style);
            view.annotation.title = s.title.clone();
            view.annotation.caption = s.caption.clone();
            if let Some(c) = s.camera {
                view.set_camera(Camera {
                    center: c.center,
                    scale: c.scale,
                });
            }
        }
        self.change_selection(|v| v.select(&s.selection, false));
        if self.recovering {
            // Autosaved work: unsaved again, and in no file of the user's.
            self.recovering = false;
            self.state.session_path = None;
            self.state.changes += 1;
            self.state.session_message = Some("Unsaved work restored: save it to keep it".into());
        } else {
            self.state.saved_changes = self.state.changes;
            self.state.autosaved_changes = self.state.changes;
            self.state.session_message = Some("Session restored".into());
        }
    }
}
