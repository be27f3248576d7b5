//! A loaded dataset with everything derived from it once (the network, the evidence
//! index, the tweets by author, the summary), the whole pipeline from files to
//! [`Loaded`] ([`load_all`], headless), and the [`LoadJob`] that runs it in the
//! background for the window.

use std::sync::Arc;
use std::time::Instant;

use crate::analysis::summary::Summary;
use crate::graph::{Evidence, Network};
use crate::io::{self, Input, LoadError, LoadOptions, Progress};
use crate::jobs::{Job, JobPoll};
use crate::model::{Dataset, TweetsByAuthor};

/// A dataset with everything derived from it that the views need.
pub struct Loaded {
    pub dataset: Arc<Dataset>,
    /// The account network (edges in level-of-detail order).
    pub network: Arc<Network>,
    /// The tweets behind each network edge, for filters.
    pub evidence: Arc<Evidence>,
    /// The tweets of each account, for the inspector.
    pub by_author: Arc<TweetsByAuthor>,
    pub summary: Summary,
    /// What was opened, for the title and the report.
    pub inputs: Vec<String>,
    pub seconds: f64,
    /// Of which deriving the network, evidence, tweets by author and summary from the
    /// read dataset.
    pub derive_seconds: f64,
}

/// Loads inputs and derives the network and summary: the whole pipeline, headless.
pub fn load_all(
    inputs: &[Input],
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Loaded, LoadError> {
    let start = Instant::now();
    let dataset = io::load(inputs, options, progress)?;
    if progress.is_cancelled() {
        return Err(LoadError::Cancelled);
    }
    let derive_start = Instant::now();
    // The tweets by author and most of the summary need only the dataset: made beside
    // the network.
    let ((network, evidence), (by_author, summary)) = rayon::join(
        || Evidence::with_network(&dataset),
        || {
            (
                TweetsByAuthor::build(&dataset),
                Summary::of_dataset(&dataset),
            )
        },
    );
    let summary = summary.with_network(&network);
    Ok(Loaded {
        dataset: Arc::new(dataset),
        network: Arc::new(network),
        evidence: Arc::new(evidence),
        by_author: Arc::new(by_author),
        summary,
        inputs: inputs.iter().map(Input::name).collect(),
        seconds: start.elapsed().as_secs_f64(),
        derive_seconds: derive_start.elapsed().as_secs_f64(),
    })
}

/// A load running in the background (a [`Job`] named `load`).
pub struct LoadJob {
    /// What is being opened.
    pub inputs: Vec<String>,
    job: Job<Result<Loaded, LoadError>>,
}

impl LoadJob {
    /// Starts loading; `on_done` runs when it finishes (the app passes a repaint
    /// request).
    pub fn start(
        inputs: Vec<Input>,
        options: LoadOptions,
        on_done: impl FnOnce() + Send + 'static,
    ) -> Self {
        let names = inputs.iter().map(Input::name).collect();
        let job = Job::spawn(
            "load",
            move |progress| load_all(&inputs, &options, progress),
            on_done,
        );
        Self { inputs: names, job }
    }

    /// (bytes done, bytes total) of the files being read.
    pub fn bytes(&self) -> (u64, u64) {
        self.job.progress.bytes()
    }

    pub fn fraction(&self) -> f32 {
        self.job.progress.fraction()
    }

    /// The outcome once the load is over; a thread that failed is an I/O error.
    pub fn poll(&mut self) -> Option<Result<Loaded, LoadError>> {
        match self.job.poll() {
            JobPoll::Running => None,
            JobPoll::Done(Ok(result)) => Some(result),
            JobPoll::Done(Err(failed)) => Some(Err(LoadError::Io {
                file: String::new(),
                reason: failed.to_string(),
            })),
        }
    }

    pub fn cancel(&self) {
        self.job.cancel();
    }
}
