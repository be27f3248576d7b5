//! Background jobs, the one way long work leaves the UI thread: a [`Job`] runs a
//! function on a named thread, shares a [`Progress`] (bytes done of a total, and a
//! cancel flag the work checks) and hands its result over a channel; the UI thread only
//! polls. Loading, the file dialog and the filter's derived views all run as jobs. (The
//! layout runner is a long-lived thread with a command queue: `layout::runner`.)
//!
//! This module is the bottom layer: it knows nothing of the data.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crossbeam_channel::{Receiver, TryRecvError};

/// Progress of a job, shared with the thread that shows it; also carries cancellation.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    plain: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
}

impl Progress {
    pub fn add_done(&self, bytes: u64) {
        self.done.fetch_add(bytes, Ordering::Relaxed);
    }
    pub fn set_done(&self, bytes: u64) {
        self.done.store(bytes, Ordering::Relaxed);
    }
    pub fn set_total(&self, bytes: u64) {
        self.total.store(bytes, Ordering::Relaxed);
    }
    /// Counts uncompressed bytes parsed.
    pub fn add_plain(&self, bytes: u64) {
        self.plain.fetch_add(bytes, Ordering::Relaxed);
    }
    /// (bytes done, bytes total), on-disk bytes.
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
    /// Fraction done in 0..=1.
    pub fn fraction(&self) -> f32 {
        let (d, t) = self.bytes();
        if t == 0 {
            0.0
        } else {
            (d as f64 / t as f64).clamp(0.0, 1.0) as f32
        }
    }
    /// Uncompressed bytes parsed so far.
    pub fn plain_bytes(&self) -> u64 {
        self.plain.load(Ordering::Relaxed)
    }
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Why a job gave no result.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JobFailed {
    #[error("could not start the {name} thread: {reason}")]
    NotStarted { name: String, reason: String },
    #[error("the {name} thread stopped unexpectedly")]
    Stopped { name: String },
}

/// What polling a job found.
#[derive(Debug)]
pub enum JobPoll<T> {
    Running,
    Done(Result<T, JobFailed>),
}

/// Work running on a named thread.
pub struct Job<T> {
    name: String,
    pub progress: Arc<Progress>,
    result: Receiver<T>,
    failed: Option<JobFailed>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread named `ioscope-{name}`; `on_done` runs on that thread
    /// once the result is sent (the app passes a repaint request).
    pub fn spawn(
        name: &str,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
        on_done: impl FnOnce() + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = crossbeam_channel::bounded(1);
        let shared = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name(format!("ioscope-{name}"))
            .spawn(move || {
                let result = work(&shared);
                let _ = tx.send(result);
                on_done();
            });
        let failed = spawned.err().map(|e| JobFailed::NotStarted {
            name: name.to_owned(),
            reason: e.to_string(),
        });
        Self {
            name: name.to_owned(),
            progress,
            result: rx,
            failed,
        }
    }

    /// The result once the work is done. A job is done once: later polls say it
    /// stopped.
    pub fn poll(&mut self) -> JobPoll<T> {
        if let Some(failed) = self.failed.take() {
            return JobPoll::Done(Err(failed));
        }
        match self.result.try_recv() {
            Ok(r) => JobPoll::Done(Ok(r)),
            Err(TryRecvError::Empty) => JobPoll::Running,
            Err(TryRecvError::Disconnected) => JobPoll::Done(Err(JobFailed::Stopped {
                name: self.name.clone(),
            })),
        }
    }

    /// Waits for the result (headless use and tests).
    pub fn wait(mut self) -> Result<T, JobFailed> {
        if let Some(failed) = self.failed.take() {
            return Err(failed);
        }
        self.result
            .recv()
            .map_err(|_| JobFailed::Stopped { name: self.name })
    }

    /// Asks the work to stop (it checks [`Progress::is_cancelled`]).
    pub fn cancel(&self) {
        self.progress.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_runs_on_its_named_thread_and_reports_once() {
        let mut job = Job::spawn(
            "test",
            |p: &Progress| {
                p.set_total(4);
                p.add_done(4);
                std::thread::current().name().map(str::to_owned)
            },
            || {},
        );
        let result = loop {
            match job.poll() {
                JobPoll::Running => std::thread::yield_now(),
                JobPoll::Done(r) => break r,
            }
        };
        assert_eq!(result, Ok(Some("ioscope-test".to_owned())));
        assert!((job.progress.fraction() - 1.0).abs() < 1e-6);
        assert!(matches!(
            job.poll(),
            JobPoll::Done(Err(JobFailed::Stopped { .. }))
        ));
    }

    #[test]
    fn cancel_reaches_the_work() {
        let job = Job::spawn(
            "cancel",
            |p: &Progress| {
                while !p.is_cancelled() {
                    std::thread::yield_now();
                }
                7
            },
            || {},
        );
        job.cancel();
        assert_eq!(job.wait(), Ok(7));
    }
}
